package face

import "image"

// sharpnessSide is the face width, in pixels, at which sharpness is measured: the face
// region is box-filtered down to about this size first, so the measure does not depend on
// the camera's resolution and JPEG block noise is averaged away.
const sharpnessSide = 128

// innerFace returns the skin area of a face box: the middle 60 % of its width, from 20 % to
// 90 % of its height (forehead to chin, clear of hair and background).
func innerFace(box image.Rectangle) image.Rectangle {
	w, h := box.Dx(), box.Dy()
	return image.Rect(box.Min.X+w/5, box.Min.Y+h/5, box.Max.X-w/5, box.Min.Y+9*h/10)
}

// meanLuma returns the mean luma (0–255) of p inside r, or 0 if r holds no pixel of p.
func meanLuma(p plane, r image.Rectangle) float64 {
	r = r.Intersect(image.Rect(0, 0, p.w, p.h))
	if r.Empty() {
		return 0
	}
	var sum uint64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range p.pix[y*p.stride+r.Min.X : y*p.stride+r.Max.X] {
			sum += uint64(v)
		}
	}
	return float64(sum) / float64(r.Dx()*r.Dy())
}

// sharpness returns the variance of the 4-neighbour Laplacian of p inside r, measured after
// reducing r to about sharpnessSide pixels wide. Sharp faces score in the hundreds; a
// defocused or motion-blurred face scores an order of magnitude less.
func sharpness(p plane, r image.Rectangle) float64 {
	reg := p.region(r)
	reg = shrink(reg, max(1, reg.w/sharpnessSide))
	if reg.w < 3 || reg.h < 3 {
		return 0
	}
	var sum, sumSq float64
	n := 0
	for y := 1; y < reg.h-1; y++ {
		for x := 1; x < reg.w-1; x++ {
			lap := 4*int(reg.at(x, y)) - int(reg.at(x-1, y)) - int(reg.at(x+1, y)) -
				int(reg.at(x, y-1)) - int(reg.at(x, y+1))
			v := float64(lap)
			sum += v
			sumSq += v * v
			n++
		}
	}
	mean := sum / float64(n)
	return sumSq/float64(n) - mean*mean
}
