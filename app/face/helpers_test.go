package face

import (
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/rekam-id/rekam/app/refdata"
)

// mugshot decodes the NIST 768×1024 mugshot, or skips when the reference data is absent.
func mugshot(tb testing.TB) image.Image {
	tb.Helper()
	path := refdata.Path(tb, "face/nist-mugshot.jpg")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("open mugshot: %v", err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		tb.Fatalf("decode mugshot: %v", err)
	}
	return img
}

// resize scales src to w×h by averaging the source pixels under each target pixel.
func resize(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0 := b.Min.Y + y*b.Dy()/h
		y1 := max(y0+1, b.Min.Y+(y+1)*b.Dy()/h)
		for x := 0; x < w; x++ {
			x0 := b.Min.X + x*b.Dx()/w
			x1 := max(x0+1, b.Min.X+(x+1)*b.Dx()/w)
			var r, g, bl, n uint32
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, _ := src.At(sx, sy).RGBA()
					r, g, bl, n = r+cr>>8, g+cg>>8, bl+cb>>8, n+1
				}
			}
			dst.SetRGBA(x, y, color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 255})
		}
	}
	return dst
}

// sideBySide places a and b next to each other on a canvas of the given colour.
func sideBySide(a, b image.Image, bg color.Color) *image.RGBA {
	ab, bb := a.Bounds(), b.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, ab.Dx()+bb.Dx(), max(ab.Dy(), bb.Dy())))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	draw.Draw(dst, ab.Sub(ab.Min), a, ab.Min, draw.Src)
	draw.Draw(dst, bb.Sub(bb.Min).Add(image.Pt(ab.Dx(), 0)), b, bb.Min, draw.Src)
	return dst
}

// gradient is a smooth diagonal colour ramp with no face in it.
func gradient(w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dst.SetRGBA(x, y, color.RGBA{uint8(255 * x / w), uint8(255 * y / h), uint8(255 * (x + y) / (w + h)), 255})
		}
	}
	return dst
}

// noise is uniform random gray noise from a fixed seed.
func noise(w, h int, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	dst := image.NewGray(image.Rect(0, 0, w, h))
	for i := range dst.Pix {
		dst.Pix[i] = uint8(rng.UintN(256))
	}
	return dst
}

// onBackdrop pastes the head and shoulders of f in src (the face box widened by a tenth of
// its side and raised by a third, down to the bottom of the image) onto a canvas of colour
// bg of the same size: a portrait photographed against that backdrop.
func onBackdrop(src image.Image, f Face, bg color.Color) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.NewUniform(bg), image.Point{}, draw.Src)
	s := f.Box.Dx()
	head := image.Rect(f.Box.Min.X-s/10, f.Box.Min.Y-s/3, f.Box.Max.X+s/10, b.Max.Y).Intersect(b)
	draw.Draw(dst, head, src, head.Min, draw.Src)
	return dst
}

// blur applies three passes of a horizontal and vertical box filter of the given radius (close
// to a Gaussian of sigma ≈ radius) to src.
func blur(src image.Image, radius int) *image.RGBA {
	b := src.Bounds()
	cur := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(cur, cur.Bounds(), src, b.Min, draw.Src)
	tmp := image.NewRGBA(cur.Bounds())
	w, h := b.Dx(), b.Dy()
	pass := func(dst, s *image.RGBA, dx, dy int) {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var acc [3]int
				n := 0
				for k := -radius; k <= radius; k++ {
					sx, sy := x+k*dx, y+k*dy
					if sx < 0 || sy < 0 || sx >= w || sy >= h {
						continue
					}
					i := s.PixOffset(sx, sy)
					acc[0], acc[1], acc[2] = acc[0]+int(s.Pix[i]), acc[1]+int(s.Pix[i+1]), acc[2]+int(s.Pix[i+2])
					n++
				}
				i := dst.PixOffset(x, y)
				dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = uint8(acc[0]/n), uint8(acc[1]/n), uint8(acc[2]/n), 255
			}
		}
	}
	for range 3 {
		pass(tmp, cur, 1, 0)
		pass(cur, tmp, 0, 1)
	}
	return cur
}

// scaleLight multiplies every colour channel of src by f, clamping at 255.
func scaleLight(src image.Image, f float64) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	for i := range dst.Pix {
		if i%4 != 3 {
			dst.Pix[i] = uint8(min(255, float64(dst.Pix[i])*f))
		}
	}
	return dst
}

// rotate turns src by deg degrees clockwise about its centre (nearest neighbour), filling
// the uncovered corners with the colour of the top-left pixel.
func rotate(src image.Image, deg float64) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	fill := src.At(b.Min.X, b.Min.Y)
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := int(math.Round(cx + dx*cos + dy*sin))
			sy := int(math.Round(cy - dx*sin + dy*cos))
			if sx < 0 || sy < 0 || sx >= b.Dx() || sy >= b.Dy() {
				dst.Set(x, y, fill)
				continue
			}
			dst.Set(x, y, src.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return dst
}

// subImage cuts r out of src, keeping src's coordinates.
func subImage(tb testing.TB, src image.Image, r image.Rectangle) image.Image {
	tb.Helper()
	s, ok := src.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		tb.Fatalf("%T has no SubImage", src)
	}
	return s.SubImage(r)
}

// keyedBackdrop repaints the mugshot's wall in colour bg, as if the subject had sat in
// front of that backdrop: above the shoulders, every pixel outside the face's skin area
// whose chromaticity (r and g over r+g+b) is within 0.03 of the wall's, sampled in the
// top-left corner, and that is not dark, takes the new colour. So the backdrop reaches the
// outline of the hair and ears, as in a real photo.
func keyedBackdrop(src image.Image, f Face, bg color.RGBA) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, src, b.Min, draw.Src)
	chroma := func(c color.RGBA) (float64, float64, int) {
		sum := int(c.R) + int(c.G) + int(c.B)
		if sum == 0 {
			return 0, 0, 0
		}
		return float64(c.R) / float64(sum), float64(c.G) / float64(sum), sum
	}
	var wr, wg float64
	for y := 0; y < 40; y++ {
		for x := 0; x < 40; x++ {
			r, g, _ := chroma(dst.RGBAAt(b.Min.X+x, b.Min.Y+y))
			wr, wg = wr+r/1600, wg+g/1600
		}
	}
	shoulders := f.Box.Max.Y + f.Box.Dy()/4
	for y := b.Min.Y; y < shoulders; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if image.Pt(x, y).In(f.Box) {
				continue
			}
			r, g, sum := chroma(dst.RGBAAt(x, y))
			if sum > 200 && math.Abs(r-wr) < 0.03 && math.Abs(g-wg) < 0.03 {
				dst.SetRGBA(x, y, bg)
			}
		}
	}
	return dst
}
