package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// newRand returns a generator seeded from the given parts, so that the same inputs
// always give the same random stream.
func newRand(parts ...any) *rand.Rand {
	h := fnv.New128a()
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			h.Write([]byte(v))
		case int:
			var b [8]byte
			for i := range b {
				b[i] = byte(uint64(v) >> (8 * i))
			}
			h.Write(b[:])
		default:
			panic("sim: unsupported seed part")
		}
		h.Write([]byte{0})
	}
	s := h.Sum(nil)
	var a, b uint64
	for i := 0; i < 8; i++ {
		a = a<<8 | uint64(s[i])
		b = b<<8 | uint64(s[8+i])
	}
	return rand.New(rand.NewPCG(a, b))
}

// uniform returns a number drawn uniformly from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// smoothstep is 0 below e0, 1 above e1 and a smooth cubic between them.
func smoothstep(e0, e1, x float64) float64 {
	t := (x - e0) / (e1 - e0)
	switch {
	case t <= 0:
		return 0
	case t >= 1:
		return 1
	}
	return t * t * (3 - 2*t)
}

// valueNoise is smooth random noise in [-1, 1]: random values on a coarse lattice,
// interpolated bilinearly with a smoothstep fade.
type valueNoise struct {
	cell   float64
	nx, ny int
	v      []float32
}

// newValueNoise covers a w×h area with lattice cells of the given size.
func newValueNoise(r *rand.Rand, w, h int, cell float64) *valueNoise {
	nx, ny := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	n := &valueNoise{cell: cell, nx: nx, ny: ny, v: make([]float32, nx*ny)}
	for i := range n.v {
		n.v[i] = float32(2*r.Float64() - 1)
	}
	return n
}

// at samples the noise at (x, y).
func (n *valueNoise) at(x, y float64) float64 {
	fx, fy := x/n.cell, y/n.cell
	if fx < 0 {
		fx = 0
	}
	if fy < 0 {
		fy = 0
	}
	ix, iy := int(fx), int(fy)
	if ix > n.nx-2 {
		ix, fx = n.nx-2, float64(n.nx-1)
	}
	if iy > n.ny-2 {
		iy, fy = n.ny-2, float64(n.ny-1)
	}
	tx, ty := fx-float64(ix), fy-float64(iy)
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	i := iy*n.nx + ix
	a := float64(n.v[i]) + tx*float64(n.v[i+1]-n.v[i])
	b := float64(n.v[i+n.nx]) + tx*float64(n.v[i+n.nx+1]-n.v[i+n.nx])
	return a + ty*(b-a)
}
