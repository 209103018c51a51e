package sim

import (
	"math"
	"sync"
)

// The skin texture: tiles that give the ridges of every impression pores, grain and
// ragged edges, cheaply (a lookup per pixel, at an offset drawn per impression).
const (
	skinSize = 128
	skinMask = skinSize - 1
)

// skinTiles holds the texture tiles, skinSize×skinSize each.
type skinTiles struct {
	ink  []float32 // 1 for full ink, less on grain and pores
	edge []float32 // smooth noise of unit spread, a few pixels across, that frays ridge edges
}

var skinTexture = sync.OnceValue(func() *skinTiles {
	r := newRand("skin")
	n := skinSize * skinSize
	t := &skinTiles{ink: make([]float32, n), edge: make([]float32, n)}
	for i := range t.ink {
		t.ink[i] = float32(uniform(r, 0.82, 1))
	}
	// Pores: small pale discs, about two ridge periods apart.
	for k := 0; k < n/300; k++ {
		cx, cy := r.IntN(skinSize), r.IntN(skinSize)
		rad := uniform(r, 1, 2)
		for dy := -2; dy <= 2; dy++ {
			for dx := -2; dx <= 2; dx++ {
				if d := math.Hypot(float64(dx), float64(dy)); d <= rad {
					i := ((cy+dy)&skinMask)*skinSize + (cx+dx)&skinMask
					t.ink[i] *= float32(0.35 + 0.5*d/rad)
				}
			}
		}
	}
	// Edge noise: white noise smoothed by two 3×3 box passes, scaled to unit spread.
	for i := range t.edge {
		t.edge[i] = float32(r.NormFloat64())
	}
	tmp := make([]float32, n)
	for pass := 0; pass < 2; pass++ {
		for y := 0; y < skinSize; y++ {
			for x := 0; x < skinSize; x++ {
				var s float32
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						s += t.edge[((y+dy)&skinMask)*skinSize+(x+dx)&skinMask]
					}
				}
				tmp[y*skinSize+x] = s / 9
			}
		}
		t.edge, tmp = tmp, t.edge
	}
	var ss float64
	for _, v := range t.edge {
		ss += float64(v) * float64(v)
	}
	norm := float32(1 / math.Sqrt(ss/float64(n)))
	for i := range t.edge {
		t.edge[i] *= norm
	}
	return t
})
