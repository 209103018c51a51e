package finger

import (
	"math"
	"sync"
)

// The Gabor filter of Hong, Wan & Jain is a Gaussian along the ridge times a cosine-
// modulated Gaussian across it. In the filter's own frame it is separable, so it is
// applied as two oriented one-dimensional passes over pixels sampled along and across
// the local orientation: about 34 multiplications per pixel instead of 400. The pass
// along the ridge is long (σ = 6 px over ±10 px, where Hong, Wan & Jain use 4) so that
// it joins the dotted ridges of dry prints into lines; longer still blurs curved ridges.
const (
	nAngles      = 32 // orientation quantisation over [0, π)
	alongRadius  = 10
	acrossRadius = 6
	pad          = max(alongRadius, acrossRadius) // border so that no sample needs a bounds check
	periodSteps  = 2                              // period bins per pixel
	nPeriods     = (maxPeriod-minPeriod)*periodSteps + 1
)

type gaborBank struct {
	// along[a][k] and across[a][k] are linear offsets in the padded image.
	along  [nAngles][2*alongRadius + 1]int
	across [nAngles][2*acrossRadius + 1]int
	wAlong [2*alongRadius + 1]float32
	// wAcross[p] is the zero-mean cosine-Gaussian for period bin p.
	wAcross [nPeriods][2*acrossRadius + 1]float32
}

var (
	banksMu sync.Mutex
	banks   = map[int]*gaborBank{}
)

// bankFor returns the filter bank for a padded row stride.
func bankFor(stride int) *gaborBank {
	banksMu.Lock()
	defer banksMu.Unlock()
	if b, ok := banks[stride]; ok {
		return b
	}
	b := &gaborBank{}
	for a := range nAngles {
		th := float64(a) * math.Pi / nAngles
		ux, uy := math.Cos(th), math.Sin(th)
		for k := -alongRadius; k <= alongRadius; k++ {
			b.along[a][k+alongRadius] = int(math.Round(float64(k)*uy))*stride + int(math.Round(float64(k)*ux))
		}
		for k := -acrossRadius; k <= acrossRadius; k++ {
			b.across[a][k+acrossRadius] = int(math.Round(float64(k)*ux))*stride + int(math.Round(-float64(k)*uy))
		}
	}
	for k := -alongRadius; k <= alongRadius; k++ {
		b.wAlong[k+alongRadius] = float32(math.Exp(-float64(k*k) / (2 * 6.0 * 6.0)))
	}
	for p := range nPeriods {
		period := minPeriod + float64(p)/periodSteps
		sigma := 0.45 * period
		var w [2*acrossRadius + 1]float64
		var sum, wsum float64
		for k := -acrossRadius; k <= acrossRadius; k++ {
			g := math.Exp(-float64(k*k) / (2 * sigma * sigma))
			w[k+acrossRadius] = g * math.Cos(2*math.Pi*float64(k)/period)
			sum += w[k+acrossRadius]
			wsum += g
		}
		for k := range w {
			g := math.Exp(-float64((k-acrossRadius)*(k-acrossRadius)) / (2 * sigma * sigma))
			b.wAcross[p][k] = float32(w[k] - sum*g/wsum)
		}
	}
	banks[stride] = b
	return b
}

// enhance filters the foreground and returns the binary ridge map (true = ridge),
// w×h, unpadded.
func (f *field) enhance() []bool {
	pw, ph := f.w+2*pad, f.h+2*pad
	norm := make([]float32, pw*ph)
	for y := range f.h {
		for x := range f.w {
			i := f.at(x, y)
			if !f.fg[i] {
				continue
			}
			s := max(f.std[i], 1)
			norm[(y+pad)*pw+x+pad] = (f.ink[y*f.w+x] - f.mean[i]) / s
		}
	}
	bank := bankFor(pw)
	// Per-pixel orientation and period bins, interpolated from the block grid.
	ang := make([]uint8, pw*ph)
	per := make([]uint8, pw*ph)
	for y := range f.h {
		fy := (float64(y)+0.5)/blk - 0.5
		y0 := min(max(int(math.Floor(fy)), 0), f.bh-1)
		y1 := min(y0+1, f.bh-1)
		ty := float32(min(max(fy-float64(y0), 0), 1))
		for x := range f.w {
			if !f.fg[(y/blk)*f.bw+x/blk] {
				continue
			}
			fx := (float64(x)+0.5)/blk - 0.5
			x0 := min(max(int(math.Floor(fx)), 0), f.bw-1)
			x1 := min(x0+1, f.bw-1)
			tx := float32(min(max(fx-float64(x0), 0), 1))
			i00, i01, i10, i11 := y0*f.bw+x0, y0*f.bw+x1, y1*f.bw+x0, y1*f.bw+x1
			c := (1-ty)*((1-tx)*f.cos2[i00]+tx*f.cos2[i01]) + ty*((1-tx)*f.cos2[i10]+tx*f.cos2[i11])
			s := (1-ty)*((1-tx)*f.sin2[i00]+tx*f.sin2[i01]) + ty*((1-tx)*f.sin2[i10]+tx*f.sin2[i11])
			a := 0.5 * math.Atan2(float64(s), float64(c))
			if a < 0 {
				a += math.Pi
			}
			q := int(math.Round(a*nAngles/math.Pi)) % nAngles
			j := (y+pad)*pw + x + pad
			ang[j] = uint8(q)
			p := int(math.Round((float64(f.period[(y/blk)*f.bw+x/blk]) - minPeriod) * periodSteps))
			per[j] = uint8(min(max(p, 0), nPeriods-1))
		}
	}
	fg := func(x, y int) bool { return f.fg[(y/blk)*f.bw+x/blk] }
	smooth := make([]float32, pw*ph)
	for y := range f.h {
		for x := range f.w {
			if !fg(x, y) {
				continue
			}
			j := (y+pad)*pw + x + pad
			off := &bank.along[ang[j]]
			var s float32
			for k, o := range off {
				s += bank.wAlong[k] * norm[j+o]
			}
			smooth[j] = s
		}
	}
	ridge := make([]bool, f.w*f.h)
	for y := range f.h {
		for x := range f.w {
			if !fg(x, y) {
				continue
			}
			j := (y+pad)*pw + x + pad
			off := &bank.across[ang[j]]
			w := &bank.wAcross[per[j]]
			var s float32
			for k, o := range off {
				s += w[k] * smooth[j+o]
			}
			ridge[y*f.w+x] = s > 0
		}
	}
	return ridge
}
