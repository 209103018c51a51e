package sim

import (
	"image"
	"image/color"
)

// glyphs is a 5×7 pixel font for the letters of the placeholder's marking, so that the
// simulator needs no font files. Each row is 5 bits, the leftmost pixel in the high bit.
var glyphs = map[rune][7]uint8{
	'S': {0b01110, 0b10001, 0b10000, 0b01110, 0b00001, 0b10001, 0b01110},
	'I': {0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110},
	'M': {0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001},
	'U': {0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110},
	'L': {0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111},
	'A': {0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001},
	'T': {0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100},
	'E': {0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111},
	'D': {0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110},
	'/': {0b00001, 0b00010, 0b00010, 0b00100, 0b01000, 0b01000, 0b10000},
	' ': {},
}

// drawText draws s with the block font, each font pixel scale×scale, centred on cx with
// its top at y.
func drawText(img *image.RGBA, s string, cx, y, scale int, c color.RGBA) {
	runes := []rune(s)
	x := cx - (len(runes)*6-1)*scale/2
	for _, r := range runes {
		g := glyphs[r]
		for row, bits := range g {
			for col := 0; col < 5; col++ {
				if bits&(1<<(4-col)) != 0 {
					fillRect(img, image.Rect(x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale), c)
				}
			}
		}
		x += 6 * scale
	}
}

// fillRect paints r (clipped to img) with c.
func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// fillEllipse paints the ellipse centred on (cx, cy) with half axes rx, ry, with a
// one-pixel soft edge.
func fillEllipse(img *image.RGBA, cx, cy, rx, ry float64, c color.RGBA) {
	r := image.Rect(int(cx-rx-1), int(cy-ry-1), int(cx+rx+2), int(cy+ry+2)).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			u, v := (float64(x)+0.5-cx)/rx, (float64(y)+0.5-cy)/ry
			d := u*u + v*v
			// Coverage falls from 1 to 0 across about a pixel at the rim.
			a := 1 - smoothstep(1-2/min(rx, ry), 1, d)
			if a <= 0 {
				continue
			}
			o := img.PixOffset(x, y)
			old := img.Pix[o+3]
			na := uint8(a * 255)
			if na > old {
				img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] =
					uint8(float64(c.R)*a), uint8(float64(c.G)*a), uint8(float64(c.B)*a), na
			}
		}
	}
}

// placeholder draws the stand-in for a person when no face photo is given: a head and
// shoulders silhouette in a darker shade of the backdrop, marked SIMULASI / SIMULATED.
// Pixels outside the drawing are transparent.
func placeholder(w, h int, bg color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fw, fh := float64(w), float64(h)
	body := color.RGBA{R: bg.R / 3, G: bg.G / 3, B: bg.B / 3, A: 0xff}
	fillEllipse(img, fw/2, fh*1.02, 0.3*fw, 0.3*fh, body)   // shoulders
	fillEllipse(img, fw/2, 0.72*fh, 0.06*fw, 0.12*fh, body) // neck
	fillEllipse(img, fw/2, 0.44*fh, 0.11*fw, 0.2*fh, body)  // head
	scale := max(h/96, 1)
	white := color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	drawText(img, "SIMULASI", w/2, h/30, scale, white)
	drawText(img, "SIMULATED", w/2, h/30+9*scale, max(scale*3/5, 1), white)
	return img
}

// keyBackdrop makes the photo's own backdrop transparent, so that the camera's backdrop
// colour shows instead. It grows a region from the top, left and right edges over
// pixels that differ from their neighbour by at most step and from the colour of the
// top corners by at most tol, per channel: the backdrop's gentle shading is followed,
// the sharper edge of hair, skin and clothes stops it.
func keyBackdrop(img *image.RGBA, step, tol int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 8 || h < 8 {
		return
	}
	var ref [3]int
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			for _, o := range []int{img.PixOffset(x, y), img.PixOffset(w-1-x, y)} {
				for c := range ref {
					ref[c] += int(img.Pix[o+c])
				}
			}
		}
	}
	for c := range ref {
		ref[c] /= 32
	}
	keyed := make([]bool, w*h)
	near := func(o int, to [3]int, d int) bool {
		for c := range to {
			if v := int(img.Pix[o+c]) - to[c]; v > d || v < -d {
				return false
			}
		}
		return true
	}
	var stack []image.Point
	push := func(x, y int, from [3]int, d int) {
		if x < 0 || y < 0 || x >= w || y >= h || keyed[y*w+x] {
			return
		}
		o := img.PixOffset(x, y)
		if near(o, from, d) && near(o, ref, tol) {
			keyed[y*w+x] = true
			stack = append(stack, image.Pt(x, y))
		}
	}
	for x := 0; x < w; x++ {
		push(x, 0, ref, tol)
	}
	for y := 0; y < h; y++ {
		push(0, y, ref, tol)
		push(w-1, y, ref, tol)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		o := img.PixOffset(p.X, p.Y)
		from := [3]int{int(img.Pix[o]), int(img.Pix[o+1]), int(img.Pix[o+2])}
		push(p.X+1, p.Y, from, step)
		push(p.X-1, p.Y, from, step)
		push(p.X, p.Y+1, from, step)
		push(p.X, p.Y-1, from, step)
	}
	// Specks of sensor noise left inside the keyed area go too.
	for pass := 0; pass < 3; pass++ {
		for y := 1; y < h-1; y++ {
			for x := 1; x < w-1; x++ {
				if keyed[y*w+x] || !near(img.PixOffset(x, y), ref, 2*tol) {
					continue
				}
				n := 0
				for _, d := range [8][2]int{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}} {
					if keyed[(y+d[1])*w+x+d[0]] {
						n++
					}
				}
				keyed[y*w+x] = n >= 5
			}
		}
	}
	for i, k := range keyed {
		if k {
			copy(img.Pix[4*i:4*i+4], []uint8{0, 0, 0, 0})
		}
	}
}
