package face

import (
	"image"
	"image/color"
)

// plane is an 8-bit luma image with origin (0, 0): pixel (x, y) is pix[y*stride+x].
type plane struct {
	pix        []uint8
	w, h       int
	stride     int
	fromSource bool // pix aliases the caller's image and must not be written
}

func (p plane) at(x, y int) uint8 { return p.pix[y*p.stride+x] }

// lumaOf returns the luma (Rec. 601 weights, as JPEG's Y) of img, with img.Bounds().Min
// moved to (0, 0). JPEG decodes to *image.YCbCr, whose Y plane is used in place.
func lumaOf(img image.Image) plane {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.YCbCr:
		return plane{pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], w: w, h: h, stride: m.YStride, fromSource: true}
	case *image.Gray:
		return plane{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], w: w, h: h, stride: m.Stride, fromSource: true}
	}
	out := plane{pix: make([]uint8, w*h), w: w, h: h, stride: w}
	switch m := img.(type) {
	case *image.RGBA:
		rgbLuma(out, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride)
	case *image.NRGBA:
		// Alpha is ignored: a capture is opaque.
		rgbLuma(out, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride)
	default:
		for y := 0; y < h; y++ {
			row := out.pix[y*w : y*w+w]
			for x := range row {
				row[x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
			}
		}
	}
	return out
}

// rgbLuma fills dst from 4-byte-per-pixel R, G, B, A rows.
func rgbLuma(dst plane, src []uint8, stride int) {
	for y := 0; y < dst.h; y++ {
		s := src[y*stride:]
		row := dst.pix[y*dst.stride : y*dst.stride+dst.w]
		for x := range row {
			i := 4 * x
			r, g, b := uint32(s[i]), uint32(s[i+1]), uint32(s[i+2])
			row[x] = uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
		}
	}
}

// shrink box-filters p by the integer factor k (k ≥ 1); the remainder rows and columns are
// dropped.
func shrink(p plane, k int) plane {
	if k <= 1 {
		return p
	}
	w, h := p.w/k, p.h/k
	out := plane{pix: make([]uint8, w*h), w: w, h: h, stride: w}
	sums := make([]uint32, w)
	area := uint32(k * k)
	for y := 0; y < h; y++ {
		clear(sums)
		for j := 0; j < k; j++ {
			src := p.pix[(y*k+j)*p.stride:]
			for x := 0; x < w; x++ {
				var s uint32
				for _, v := range src[x*k : x*k+k] {
					s += uint32(v)
				}
				sums[x] += s
			}
		}
		row := out.pix[y*w : y*w+w]
		for x := range row {
			row[x] = uint8((sums[x] + area/2) / area)
		}
	}
	return out
}

// region copies the part of p inside r (in p's coordinates, clipped) into a new plane.
func (p plane) region(r image.Rectangle) plane {
	r = r.Intersect(image.Rect(0, 0, p.w, p.h))
	out := plane{pix: make([]uint8, r.Dx()*r.Dy()), w: r.Dx(), h: r.Dy(), stride: r.Dx()}
	for y := 0; y < out.h; y++ {
		copy(out.pix[y*out.w:(y+1)*out.w], p.pix[(r.Min.Y+y)*p.stride+r.Min.X:])
	}
	return out
}
