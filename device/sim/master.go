package sim

import (
	"math"

	"github.com/rekam-id/rekam/app/enroll"
)

// masterIterations is how many Gabor passes grow the ridges from the random seeds; a
// final pass without saturation then smooths their profile.
const masterIterations = 4

// master is a master fingerprint: the ridge pattern of a whole finger pad on the master
// grid, without any of the variation an impression adds.
type master struct {
	pat    *pattern
	stride int       // row stride of v, which has a gaborRadius border of zeros
	v      []float32 // ridge field in [-1, 1]: positive on ridges, negative in valleys
}

// at samples the ridge field bilinearly at master grid position (x, y); outside the
// grid it is 0 (no ridge, no valley).
func (m *master) at(x, y float64) float32 {
	x += gaborRadius
	y += gaborRadius
	if x < 0 || y < 0 {
		return 0
	}
	ix, iy := int(x), int(y)
	if ix >= m.stride-1 || iy >= len(m.v)/m.stride-1 {
		return 0
	}
	tx, ty := float32(x-float64(ix)), float32(y-float64(iy))
	i := iy*m.stride + ix
	a := m.v[i] + tx*(m.v[i+1]-m.v[i])
	b := m.v[i+m.stride] + tx*(m.v[i+m.stride+1]-m.v[i+m.stride])
	return a + ty*(b-a)
}

// growMaster makes the master fingerprint of one finger of one identity.
func growMaster(identity string, pos enroll.FingerPosition) *master {
	r := newRand("master", identity, int(pos))
	p := newPattern(r, pos)
	b := gaborBank()
	const pad = gaborRadius
	stride := p.w + 2*pad
	size := stride * (p.h + 2*pad)

	// The foreground and the kernel for each of its pixels. Orientation and period are
	// evaluated on a coarse lattice and interpolated (orientation as a doubled-angle
	// vector), which is smooth enough and far cheaper than per pixel.
	const step = 3
	gw, gh := p.w/step+2, p.h/step+2
	gc, gs, gp := make([]float64, gw*gh), make([]float64, gw*gh), make([]float64, gw*gh)
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			x, y := float64(gx*step), float64(gy*step)
			th := p.orientation(x, y)
			i := gy*gw + gx
			gc[i], gs[i], gp[i] = math.Cos(2*th), math.Sin(2*th), p.ridgePeriod(x, y)
		}
	}
	fg := make([]int32, 0, p.w*p.h)
	kid := make([]uint16, 0, p.w*p.h)
	for y := 0; y < p.h; y++ {
		gy, ty := y/step, float64(y%step)/step
		x0, x1 := p.padSpan(float64(y), 1.15)
		for x := max(x0, 0); x < min(x1, p.w); x++ {
			gx, tx := x/step, float64(x%step)/step
			i := gy*gw + gx
			lerp := func(a []float64) float64 {
				u := a[i] + tx*(a[i+1]-a[i])
				v := a[i+gw] + tx*(a[i+gw+1]-a[i+gw])
				return u + ty*(v-u)
			}
			th := 0.5 * math.Atan2(lerp(gs), lerp(gc))
			fg = append(fg, int32((y+pad)*stride+x+pad))
			kid = append(kid, kernelIndex(th, lerp(gp)))
		}
	}

	// Random seeds, then Gabor passes with saturation: ridges grow from the seeds along
	// the orientation field and meet where they will, leaving minutiae behind.
	src, dst := make([]float32, size), make([]float32, size)
	for _, i := range fg {
		if r.IntN(6) == 0 {
			src[i] = float32(2*r.IntN(2) - 1)
		}
	}
	for it := 0; it <= masterIterations; it++ {
		var energy float64
		for j, i := range fg {
			v := b.filterAt(src, stride, int(i), b.kernels[kid[j]])
			dst[i] = v
			energy += float64(v) * float64(v)
		}
		rms := math.Sqrt(energy / float64(max(len(fg), 1)))
		if rms == 0 {
			rms = 1
		}
		gain := float32(1 / rms)
		if it < masterIterations {
			gain *= 2 // saturate: push the field towards ±1
		}
		for _, i := range fg {
			dst[i] = min(max(dst[i]*gain, -1), 1)
		}
		src, dst = dst, src
	}
	return &master{pat: p, stride: stride, v: src}
}
