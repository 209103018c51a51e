package finger

import (
	"math"
	"sort"
)

// Ridge period limits at 500 ppi, in pixels (Hong, Wan & Jain use 3–25; real fingers
// at 500 ppi sit between about 6 and 14).
const (
	minPeriod     = 5
	maxPeriod     = 15
	defaultPeriod = 9
)

// frequency estimates the ridge period of every foreground block from an oriented
// signature (Hong, Wan & Jain 1998): grey levels across the ridges, each averaged along
// the ridge, whose autocorrelation peaks at one period. Where the peak is weak the
// period is interpolated from the neighbours.
func (f *field) frequency() {
	n := f.bw * f.bh
	f.period = make([]float32, n)
	f.clarity = make([]float32, n)
	const half = 16 // samples each side across the ridges
	const along = 4 // samples each side along the ridge
	var sig [2 * half]float64
	valid := make([]bool, n)
	var good []float64
	for by := range f.bh {
		for bx := range f.bw {
			i := by*f.bw + bx
			if !f.fg[i] {
				continue
			}
			th := f.angleAt(i)
			ux, uy := math.Cos(th), math.Sin(th)
			cx, cy := float64(bx*blk)+blk/2, float64(by*blk)+blk/2
			var mean float64
			for k := -half; k < half; k++ {
				var s float64
				c := 0
				for j := -along; j <= along; j++ {
					x := int(math.Round(cx - float64(k)*uy + float64(j)*ux))
					y := int(math.Round(cy + float64(k)*ux + float64(j)*uy))
					if x < 0 || y < 0 || x >= f.w || y >= f.h {
						continue
					}
					s += float64(f.ink[y*f.w+x])
					c++
				}
				if c > 0 {
					s /= float64(c)
				}
				sig[k+half] = s
				mean += s
			}
			mean /= 2 * half
			var e0 float64
			for k := range sig {
				sig[k] -= mean
				e0 += sig[k] * sig[k]
			}
			if e0 == 0 {
				continue
			}
			var ac [maxPeriod + 2]float64
			for lag := minPeriod - 1; lag <= maxPeriod+1; lag++ {
				var s float64
				for k := 0; k+lag < len(sig); k++ {
					s += sig[k] * sig[k+lag]
				}
				ac[lag] = s / e0 * float64(len(sig)) / float64(len(sig)-lag)
			}
			best := 0
			for lag := minPeriod; lag <= maxPeriod; lag++ {
				if ac[lag] > ac[lag-1] && ac[lag] >= ac[lag+1] && (best == 0 || ac[lag] > ac[best]) {
					best = lag
				}
			}
			if best == 0 {
				continue
			}
			// Parabolic refinement of the peak.
			p := float64(best)
			if d := ac[best-1] - 2*ac[best] + ac[best+1]; d < 0 {
				p += 0.5 * (ac[best-1] - ac[best+1]) / d
			}
			f.clarity[i] = float32(ac[best])
			if ac[best] > 0.25 {
				f.period[i] = float32(p)
				valid[i] = true
				good = append(good, p)
			}
		}
	}
	med := float64(defaultPeriod)
	if len(good) > 0 {
		sort.Float64s(good)
		med = good[len(good)/2]
	}
	// Fill and smooth: average valid periods over 5×5 blocks, fall back to the median.
	out := make([]float32, n)
	for by := range f.bh {
		for bx := range f.bw {
			var s, c float64
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					x, y := bx+dx, by+dy
					if x < 0 || y < 0 || x >= f.bw || y >= f.bh || !valid[y*f.bw+x] {
						continue
					}
					s += float64(f.period[y*f.bw+x])
					c++
				}
			}
			v := med
			if c >= 3 {
				v = s / c
			}
			out[by*f.bw+bx] = float32(min(max(v, minPeriod), maxPeriod))
		}
	}
	f.period = out
}
