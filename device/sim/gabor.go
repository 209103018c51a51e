package sim

import (
	"math"
	"sync"
)

// masterScale is how many output pixels one master grid unit spans: masters are grown
// at half resolution (250 ppi, a ridge period of about 4.5 units), which cuts the cost
// of every Gabor pass by four; impressions resample them smoothly.
const masterScale = 2

// The Gabor filter bank: gaborOrients orientations by gaborPeriods periods, each a
// circular kernel of radius gaborRadius.
const (
	gaborRadius    = 4
	gaborOrients   = 24
	gaborPeriods   = 8
	gaborMinPeriod = 7.0 / masterScale
	gaborMaxPeriod = 12.0 / masterScale
)

// filterBank holds zero-mean even Gabor kernels, each stored row by row over the same
// circular support.
type filterBank struct {
	rowDY, rowDX0, rowLen []int // support: for each row, its dy, first dx and length
	taps                  int
	kernels               [gaborOrients * gaborPeriods][]float32
}

// gaborBank returns the shared filter bank, built on first use.
var gaborBank = sync.OnceValue(newFilterBank)

// newFilterBank computes the kernels.
func newFilterBank() *filterBank {
	b := &filterBank{}
	for dy := -gaborRadius; dy <= gaborRadius; dy++ {
		s := int(math.Sqrt(float64(gaborRadius*gaborRadius - dy*dy)))
		b.rowDY = append(b.rowDY, dy)
		b.rowDX0 = append(b.rowDX0, -s)
		b.rowLen = append(b.rowLen, 2*s+1)
		b.taps += 2*s + 1
	}
	for o := 0; o < gaborOrients; o++ {
		th := math.Pi * float64(o) / gaborOrients
		nx, ny := -math.Sin(th), math.Cos(th) // across the ridges
		for f := 0; f < gaborPeriods; f++ {
			period := bankPeriod(f)
			sigma := 0.5 * period
			k := make([]float32, 0, b.taps)
			w := make([]float64, 0, b.taps)
			var sum, wsum float64
			for r, dy := range b.rowDY {
				for dx := b.rowDX0[r]; dx < b.rowDX0[r]+b.rowLen[r]; dx++ {
					g := math.Exp(-float64(dx*dx+dy*dy) / (2 * sigma * sigma))
					c := math.Cos(2 * math.Pi * (float64(dx)*nx + float64(dy)*ny) / period)
					w = append(w, g)
					k = append(k, float32(g*c))
					sum += g * c
					wsum += g
				}
			}
			// Remove the DC response so that flat areas filter to zero.
			var energy float64
			for i := range k {
				k[i] -= float32(sum / wsum * w[i])
				energy += float64(k[i]) * float64(k[i])
			}
			norm := float32(1 / math.Sqrt(energy))
			for i := range k {
				k[i] *= norm
			}
			b.kernels[o*gaborPeriods+f] = k
		}
	}
	return b
}

// bankPeriod returns the period of the bank's f-th period level.
func bankPeriod(f int) float64 {
	return gaborMinPeriod + (gaborMaxPeriod-gaborMinPeriod)*float64(f)/(gaborPeriods-1)
}

// kernelIndex returns the kernel nearest to orientation th and period.
func kernelIndex(th, period float64) uint16 {
	o := int(math.Round(th/math.Pi*gaborOrients)) % gaborOrients
	if o < 0 {
		o += gaborOrients
	}
	f := int(math.Round((period - gaborMinPeriod) / (gaborMaxPeriod - gaborMinPeriod) * (gaborPeriods - 1)))
	f = min(max(f, 0), gaborPeriods-1)
	return uint16(o*gaborPeriods + f)
}

// filterAt convolves the padded image src (row stride stride) with kernel k at the
// flat index i.
func (b *filterBank) filterAt(src []float32, stride, i int, k []float32) float32 {
	var s float32
	t := 0
	for r, dy := range b.rowDY {
		n := b.rowLen[r]
		base := i + dy*stride + b.rowDX0[r]
		row := src[base : base+n : base+n]
		w := k[t : t+n : t+n]
		// Two accumulators let the multiplications overlap.
		var s0, s1 float32
		j := 0
		for ; j+1 < len(row) && j+1 < len(w); j += 2 {
			s0 += row[j] * w[j]
			s1 += row[j+1] * w[j+1]
		}
		if j < len(row) && j < len(w) {
			s0 += row[j] * w[j]
		}
		s += s0 + s1
		t += n
	}
	return s
}
