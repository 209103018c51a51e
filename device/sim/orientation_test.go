package sim

import (
	"image"
	"math"
)

// This file holds an orientation-field comparison written for the generator's tests,
// independent of how the generator works: block orientations from image gradients,
// compared after a search for the best rigid alignment.

// orientField is the ridge orientation of an image in square blocks, as doubled-angle
// unit vectors weighted by their coherence (zero where there is no print).
type orientField struct {
	block, bw, bh int
	c, s, w       []float64
}

// blockOrientation computes the orientation field of img in blocks of size block.
func blockOrientation(img *image.Gray, block int) orientField {
	r := img.Bounds()
	f := orientField{block: block, bw: r.Dx() / block, bh: r.Dy() / block}
	n := f.bw * f.bh
	f.c, f.s, f.w = make([]float64, n), make([]float64, n), make([]float64, n)
	at := func(x, y int) float64 {
		x = min(max(x, 0), r.Dx()-1)
		y = min(max(y, 0), r.Dy()-1)
		return float64(img.Pix[y*img.Stride+x])
	}
	for by := 0; by < f.bh; by++ {
		for bx := 0; bx < f.bw; bx++ {
			var gxx, gyy, gxy, sum, sq float64
			for y := by * block; y < (by+1)*block; y++ {
				for x := bx * block; x < (bx+1)*block; x++ {
					gx := at(x+1, y) - at(x-1, y)
					gy := at(x, y+1) - at(x, y-1)
					gxx += gx * gx
					gyy += gy * gy
					gxy += gx * gy
					v := at(x, y)
					sum += v
					sq += v * v
				}
			}
			m := float64(block * block)
			sd := math.Sqrt(max(sq/m-sum*sum/m/m, 0))
			norm := math.Hypot(gxx-gyy, 2*gxy)
			i := by*f.bw + bx
			if sd < 20 || norm == 0 {
				continue
			}
			// The gradient's doubled angle; ridges run across it, which for a comparison
			// of two fields changes nothing.
			f.c[i], f.s[i] = (gxx-gyy)/norm, 2*gxy/norm
			f.w[i] = norm / (gxx + gyy)
		}
	}
	return f
}

// similarity returns the best, over rotations of up to maxRot radians in steps of
// rotStep and translations of up to maxShift pixels in steps of shiftStep, of the
// weighted agreement of a's orientations with b's after moving a onto b: the sum over
// overlapping blocks of wa·wb·cos(2Δθ), divided by the norms of both weight fields, so
// that a small overlap scores low. 1 means identical fields.
func similarity(a, b orientField, maxRot, rotStep float64, maxShift, shiftStep int) float64 {
	var na, nb float64
	for i := range a.w {
		na += a.w[i] * a.w[i]
	}
	for i := range b.w {
		nb += b.w[i] * b.w[i]
	}
	if na == 0 || nb == 0 {
		return 0
	}
	norm := math.Sqrt(na * nb)
	cx, cy := float64(a.bw*a.block)/2, float64(a.bh*a.block)/2
	// a's blocks that hold print: turned once per rotation, then shifted.
	type blk struct{ x, y, c, s, w float64 }
	var blocks []blk
	for by := 0; by < a.bh; by++ {
		for bx := 0; bx < a.bw; bx++ {
			if i := by*a.bw + bx; a.w[i] > 0 {
				blocks = append(blocks, blk{(float64(bx)+0.5)*float64(a.block) - cx,
					(float64(by)+0.5)*float64(a.block) - cy, a.c[i], a.s[i], a.w[i]})
			}
		}
	}
	turned := make([]blk, len(blocks))
	bs := float64(b.block)
	best := -1.0
	for rot := -maxRot; rot <= maxRot+1e-9; rot += rotStep {
		cr, sr := math.Cos(rot), math.Sin(rot)
		c2, s2 := math.Cos(2*rot), math.Sin(2*rot)
		for k, p := range blocks {
			// Position in b's block units and a's doubled angle turned by 2·rot.
			turned[k] = blk{(cr*p.x - sr*p.y + cx) / bs, (sr*p.x + cr*p.y + cy) / bs,
				p.c*c2 - p.s*s2, p.s*c2 + p.c*s2, p.w}
		}
		for ty := -maxShift; ty <= maxShift; ty += shiftStep {
			for tx := -maxShift; tx <= maxShift; tx += shiftStep {
				dx, dy := float64(tx)/bs, float64(ty)/bs
				var sum float64
				for _, p := range turned {
					qx, qy := p.x+dx, p.y+dy
					if qx < 0 || qy < 0 || qx >= float64(b.bw) || qy >= float64(b.bh) {
						continue
					}
					j := int(qy)*b.bw + int(qx)
					sum += p.w * b.w[j] * (p.c*b.c[j] + p.s*b.s[j])
				}
				best = max(best, sum/norm)
			}
		}
	}
	return best
}
