package wsq

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The analysis followed by the synthesis must give back the input (perfect
// reconstruction), for every size including odd, tiny and one-pixel lines.
func TestTransformPerfectReconstruction(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fb := defaultFilters()
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {5, 7}, {17, 9}, {32, 32}, {33, 65}, {388, 374}, {296, 560}} {
		w, h := sz[0], sz[1]
		l := newLayout(w, h)
		orig := make([]float32, w*h)
		for i := range orig {
			orig[i] = float32(rng.IntN(256)-128) / 128
		}
		data := append([]float32(nil), orig...)
		tmp := make([]float32, w*h)
		l.forward(data, tmp, fb)
		l.inverse(data, tmp, fb)
		var worst float64
		for i := range data {
			worst = math.Max(worst, math.Abs(float64(data[i]-orig[i])))
		}
		if worst > 1e-4 {
			t.Errorf("%dx%d: max reconstruction error %g", w, h, worst)
		}
	}
}

// Every pixel belongs to exactly one subband or to the discarded quadrant.
func TestLayoutCoversImage(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {7, 3}, {388, 374}, {1600, 976}, {545, 622}} {
		l := newLayout(sz[0], sz[1])
		seen := make([]int, sz[0]*sz[1])
		mark := func(r rect) {
			for y := r.y; y < r.y+r.h; y++ {
				for x := r.x; x < r.x+r.w; x++ {
					seen[y*sz[0]+x]++
				}
			}
		}
		for _, r := range l.subbands {
			mark(r)
		}
		q := l.nodes[0].quadrants()
		mark(q[3])
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("%v: pixel %d covered %d times", sz, i, c)
			}
		}
	}
}
