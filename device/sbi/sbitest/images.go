package sbitest

import (
	"hash/fnv"
	"image"
	"image/color"
	"math"
)

// ImageFunc returns the picture the service captures for a bioSubType: a finger name
// ("Left IndexFinger"), an iris ("Left", "Right") or "Face". It must be deterministic
// if the service's responses are to be; device/sim's fingerprint generator plugs in
// here.
type ImageFunc func(bioSubType string) image.Image

// Procedural is the default ImageFunc: a drawn ridge pattern for fingers (a whorl whose
// core, ridge period and tilt depend on the finger), a ringed iris and a plain face
// drawing. It is deterministic.
func Procedural(bioSubType string) image.Image {
	switch bioSubType {
	case "Face":
		return drawFace(480, 640)
	case "Left", "Right", "UNKNOWN":
		return drawIris(640, 480, bioSubType == "Right")
	}
	return drawFinger(320, 400, bioSubType)
}

// drawFinger draws a whorl of sinusoidal ridges inside an elliptical fingertip on a
// white background.
func drawFinger(w, h int, name string) *image.Gray {
	f := fnv.New32a()
	f.Write([]byte(name))
	seed := f.Sum32()
	cx := float64(w)*0.5 + float64(int(seed%41)-20)
	cy := float64(h)*0.45 + float64(int(seed>>8%41)-20)
	period := 8.0 + float64(seed>>16%4)   // pixels per ridge at 500 ppi
	tilt := float64(seed>>20%30-15) / 100 // ellipse stretch of the whorl
	img := image.NewGray(image.Rect(0, 0, w, h))
	ax, ay := float64(w)*0.42, float64(h)*0.46
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			ex, ey := (float64(x)-float64(w)/2)/ax, (float64(y)-float64(h)*0.52)/ay
			e := ex*ex + ey*ey
			if e > 1 {
				img.Pix[y*img.Stride+x] = 255
				continue
			}
			dx, dy := float64(x)-cx, (float64(y)-cy)*(1+tilt)
			r := math.Hypot(dx, dy)
			a := math.Atan2(dy, dx)
			v := math.Cos(2*math.Pi*r/period + 0.6*math.Sin(2*a))
			// Ridges fade towards the edge of the fingertip, as on a live-scan.
			contrast := 110 * (1 - e*e)
			img.Pix[y*img.Stride+x] = uint8(150 + contrast*v*0.9)
		}
	}
	return img
}

// drawIris draws a dark pupil, a radially textured iris and a light sclera.
func drawIris(w, h int, right bool) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)/2
	shift := 0.0
	if right {
		shift = 1.3
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			r, a := math.Hypot(dx, dy), math.Atan2(dy, dx)
			var v float64
			switch {
			case r < 45:
				v = 20
			case r < 130:
				v = 95 + 35*math.Sin(23*a+shift+r/9)*math.Cos(r/6)
			default:
				v = 200 - 20*math.Exp(-(r-130)/40)
			}
			img.Pix[y*img.Stride+x] = uint8(v)
		}
	}
	return img
}

// drawFace draws a frontal face: skin-coloured oval, eyes, mouth, plain background.
func drawFace(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{200, 215, 235, 255}
	skin := color.RGBA{205, 160, 130, 255}
	dark := color.RGBA{40, 30, 30, 255}
	lips := color.RGBA{150, 70, 70, 255}
	inEllipse := func(x, y, cx, cy, rx, ry float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	}
	fw, fh := float64(w), float64(h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			px, py := float64(x), float64(y)
			c := bg
			switch {
			case inEllipse(px, py, fw*0.37, fh*0.42, fw*0.045, fh*0.018),
				inEllipse(px, py, fw*0.63, fh*0.42, fw*0.045, fh*0.018):
				c = dark
			case inEllipse(px, py, fw*0.5, fh*0.62, fw*0.1, fh*0.02):
				c = lips
			case inEllipse(px, py, fw*0.5, fh*0.47, fw*0.26, fh*0.25):
				c = skin
			case inEllipse(px, py, fw*0.5, fh*1.05, fw*0.45, fh*0.3):
				c = color.RGBA{60, 70, 110, 255} // shoulders
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}
