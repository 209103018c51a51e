package sim

import (
	"image"
	"math"
)

// qualityBlock is the block size of the simple quality measure, about 1.7 ridge periods.
const qualityBlock = 16

// SimpleQuality scores a fingerprint image from 0 to 100 by local contrast and ridge
// orientation coherence: each 16×16 block that holds a print scores its gradient
// coherence times its contrast (saturating at a grey-level deviation of 40), and the
// score is the mean over those blocks, reduced when the print covers less than a fifth
// of the image. It is a stand-in for a real NFIQ 2 scorer, cheap enough to run on every
// preview frame.
func SimpleQuality(img *image.Gray) int {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 3*qualityBlock || h < 3*qualityBlock {
		return 0
	}
	pix := func(x, y int) float64 { return float64(img.Pix[(y)*img.Stride+x]) }
	var sum float64
	var blocks, fg int
	for by := 1; by+qualityBlock < h-1; by += qualityBlock {
		for bx := 1; bx+qualityBlock < w-1; bx += qualityBlock {
			blocks++
			var s, ss, gxx, gyy, gxy float64
			for y := by; y < by+qualityBlock; y++ {
				for x := bx; x < bx+qualityBlock; x++ {
					v := pix(x, y)
					s += v
					ss += v * v
					gx := pix(x+1, y) - pix(x-1, y)
					gy := pix(x, y+1) - pix(x, y-1)
					gxx += gx * gx
					gyy += gy * gy
					gxy += gx * gy
				}
			}
			n := float64(qualityBlock * qualityBlock)
			sd := math.Sqrt(max(ss/n-(s/n)*(s/n), 0))
			if sd < 12 {
				continue // background
			}
			fg++
			coh := 0.0
			if gxx+gyy > 0 {
				coh = math.Sqrt((gxx-gyy)*(gxx-gyy)+4*gxy*gxy) / (gxx + gyy)
			}
			sum += coh * min(sd/40, 1)
		}
	}
	if fg == 0 {
		return 0
	}
	cover := min(float64(fg)/(0.2*float64(blocks)), 1)
	q := 100 * sum / float64(fg) * cover
	return int(math.Round(min(max(q, 0), 100)))
}
