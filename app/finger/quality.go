package finger

import (
	"image"
	"math"
)

// Quality scores a fingerprint image 0–100 in the spirit of NFIQ 2: higher means the
// image is more likely to match. It combines the foreground area, the orientation
// certainty and the ridge–valley clarity (periodicity at the local ridge period) of the
// foreground blocks. A 500 ppi image is assumed. It is cheap enough for every frame
// of a live preview.
func Quality(img *image.Gray) int {
	if img == nil || img.Bounds().Dx() < 4*blk || img.Bounds().Dy() < 4*blk {
		return 0
	}
	return newField(img).score(-1)
}

// score combines the block features; minutiae < 0 means not counted.
func (f *field) score(minutiae int) int {
	var n, coh, clar float64
	for i, fg := range f.fg {
		if !fg {
			continue
		}
		n++
		coh += clamp01(float64(f.coh[i]) / 0.7)
		clar += clamp01(float64(f.clarity[i]) / 0.7)
	}
	if n == 0 {
		return 0
	}
	coh /= n
	clar /= n
	// Area in mm²: 500 ppi → 0.0508 mm per pixel. A good plain impression covers
	// about 150 mm² of the platen.
	area := n * blk * blk * 0.0508 * 0.0508
	areaF := 1 - math.Exp(-area/60)
	q := 100 * areaF * math.Sqrt(coh*clar)
	return int(math.Round(min(max(q, 0), 100)))
}
