package sim

import (
	"math"
	"math/rand/v2"

	"github.com/rekam-id/rekam/app/enroll"
)

// patternClass is a Henry–Galton fingerprint class.
type patternClass int

// The five classes SFinGe generates.
const (
	classArch patternClass = iota
	classTentedArch
	classLeftLoop
	classRightLoop
	classWhorl
)

// String names the class.
func (c patternClass) String() string {
	return [...]string{"arch", "tented arch", "left loop", "right loop", "whorl"}[c]
}

// classOdds gives the frequency of each class in the population (the natural
// frequencies reported by Wilson, Candela and Watson: about 3.7 % arch, 2.9 % tented
// arch, 33.8 % left loop, 31.7 % right loop, 27.9 % whorl), split by hand: loops mostly
// open towards the little finger, which is to the right on a right-hand print.
func classOdds(pos enroll.FingerPosition) [5]float64 {
	if pos >= enroll.LeftThumb {
		return [5]float64{0.037, 0.029, 0.555, 0.100, 0.279}
	}
	return [5]float64{0.037, 0.029, 0.100, 0.555, 0.279}
}

// pickClass draws a class with the population frequencies for pos.
func pickClass(r *rand.Rand, pos enroll.FingerPosition) patternClass {
	odds := classOdds(pos)
	x := r.Float64()
	for c, p := range odds {
		if x < p {
			return patternClass(c)
		}
		x -= p
	}
	return classWhorl
}

// point is a position on the master grid.
type point struct{ x, y float64 }

// wave is one term of a smooth random perturbation.
type wave struct{ kx, ky, phase, amp float64 }

// pattern is the global structure of one master fingerprint, in master grid units
// (one unit is masterScale output pixels): its class, singular points, orientation
// and ridge period.
type pattern struct {
	class          patternClass
	w, h           int     // master grid size
	cx, cy         float64 // centre of the finger pad
	ax, ay         float64 // half width and half height of the finger pad
	cores, deltas  []point
	archX, archY   float64 // crest of an arch
	archAmp        float64 // how high an arch rises
	period         float64 // base ridge period
	bend, freqWarp []wave  // perturbations of orientation and period
}

// fingerHalfWidth is the half width of a finger pad in output pixels at 500 ppi.
func fingerHalfWidth(pos enroll.FingerPosition) float64 {
	switch pos {
	case enroll.RightThumb, enroll.LeftThumb:
		return 196
	case enroll.RightMiddle, enroll.LeftMiddle:
		return 174
	case enroll.RightRing, enroll.LeftRing:
		return 164
	case enroll.RightLittle, enroll.LeftLittle:
		return 146
	}
	return 168
}

// newPattern draws the global structure of a master fingerprint.
func newPattern(r *rand.Rand, pos enroll.FingerPosition) *pattern {
	ax := fingerHalfWidth(pos) * uniform(r, 0.94, 1.06) / masterScale
	ay := 1.4 * ax
	pad := 8.0
	p := &pattern{
		class: pickClass(r, pos),
		w:     int(2*ax + 2*pad),
		h:     int(2*ay + 2*pad),
		ax:    ax,
		ay:    ay,
		// A ridge period of 8.5–10 pixels at 500 ppi.
		period: uniform(r, 8.5, 10) / masterScale,
	}
	p.cx, p.cy = float64(p.w)/2, float64(p.h)/2
	at := func(u, v float64) point { return point{p.cx + u*ax, p.cy + v*ay} }
	switch p.class {
	case classArch:
		p.archX = p.cx + uniform(r, -0.15, 0.15)*ax
		p.archY = p.cy + uniform(r, -0.2, 0.15)*ay
		// Steep enough to show, gentle enough that the level sets never fold over.
		p.archAmp = uniform(r, 0.45, 0.6) * (p.cy + ay - p.archY)
	case classTentedArch:
		c := at(uniform(r, -0.12, 0.12), uniform(r, -0.25, 0.1))
		p.cores = []point{c}
		p.deltas = []point{{c.x + uniform(r, -0.04, 0.04)*ax, c.y + uniform(r, 0.2, 0.35)*ax}}
	case classLeftLoop, classRightLoop:
		c := at(uniform(r, -0.18, 0.18), uniform(r, -0.35, 0.05))
		side := 1.0 // the delta lies opposite the side the loop opens to
		if p.class == classRightLoop {
			side = -1
		}
		p.cores = []point{c}
		p.deltas = []point{{c.x + side*uniform(r, 0.4, 0.8)*ax, c.y + uniform(r, 0.3, 0.6)*ay}}
	case classWhorl:
		m := at(uniform(r, -0.12, 0.12), uniform(r, -0.25, 0.05))
		d, a := uniform(r, 0.05, 0.16)*ax, uniform(r, 0, math.Pi)
		p.cores = []point{{m.x + d*math.Cos(a), m.y + d*math.Sin(a)}, {m.x - d*math.Cos(a), m.y - d*math.Sin(a)}}
		p.deltas = []point{
			{m.x - uniform(r, 0.55, 0.85)*ax, m.y + uniform(r, 0.35, 0.6)*ay},
			{m.x + uniform(r, 0.55, 0.85)*ax, m.y + uniform(r, 0.35, 0.6)*ay},
		}
	}
	p.bend = randomWaves(r, 3, 0.09, 1/(1.2*ay), 1/(0.5*ay))
	p.freqWarp = randomWaves(r, 2, 0.06, 1/(1.2*ay), 1/(0.6*ay))
	return p
}

// randomWaves draws n plane waves with wave numbers between kmin and kmax (radians per
// unit) and a total amplitude of about amp.
func randomWaves(r *rand.Rand, n int, amp, kmin, kmax float64) []wave {
	ws := make([]wave, n)
	for i := range ws {
		k, dir := uniform(r, kmin, kmax), uniform(r, 0, 2*math.Pi)
		ws[i] = wave{k * math.Cos(dir), k * math.Sin(dir), uniform(r, 0, 2*math.Pi), amp * uniform(r, 0.5, 1)}
	}
	return ws
}

// sumWaves evaluates a perturbation at (x, y).
func sumWaves(ws []wave, x, y float64) float64 {
	s := 0.0
	for _, w := range ws {
		s += w.amp * math.Sin(w.kx*x+w.ky*y+w.phase)
	}
	return s
}

// orientation returns the ridge direction at (x, y) in radians, modulo π, measured from
// the x axis towards the y axis (downwards on the image).
func (p *pattern) orientation(x, y float64) float64 {
	var th float64
	if p.class == classArch {
		th = p.archOrientation(x, y)
	} else {
		// Sherlock–Monro zero-pole model: each core adds, each delta subtracts, half
		// the angle under which it is seen (a core has Poincaré index +½, a delta -½).
		for _, c := range p.cores {
			th += 0.5 * math.Atan2(y-c.y, x-c.x)
		}
		for _, d := range p.deltas {
			th -= 0.5 * math.Atan2(y-d.y, x-d.x)
		}
	}
	return th + sumWaves(p.bend, x, y)
}

// archOrientation follows the level sets of F(x, y) = y + A·g(y)·exp(-(x-x0)²/2s²):
// ridges that are flat at the bottom and rise into a smooth hump above the crest.
func (p *pattern) archOrientation(x, y float64) float64 {
	s := 0.55 * p.ax
	dx := x - p.archX
	e := math.Exp(-dx * dx / (2 * s * s))
	// g rises from 0 at the bottom of the pad to 1 at the crest and stays there.
	t := (p.cy + p.ay - y) / (p.cy + p.ay - p.archY)
	g := smoothstep(0, 1, t)
	dg := 0.0
	if t > 0 && t < 1 {
		dg = 6 * t * (1 - t) * (-1 / (p.cy + p.ay - p.archY))
	}
	fx := -p.archAmp * g * e * dx / (s * s)
	fy := 1 + p.archAmp*dg*e
	// Ridges run perpendicular to the gradient of F.
	return math.Atan2(-fx, fy)
}

// ridgePeriod returns the local ridge period at (x, y): longer above the northmost core
// and across the top of the pad, as on real fingers.
func (p *pattern) ridgePeriod(x, y float64) float64 {
	top := p.cy - 0.3*p.ay
	if len(p.cores) > 0 {
		top = p.cores[0].y
	}
	above := smoothstep(0, 0.8*p.ay, top-y)
	return p.period * (1 + 0.12*above) * (1 + sumWaves(p.freqWarp, x, y))
}

// padSpan returns the columns [x0, x1) of row y that lie inside the finger pad grown
// by the factor grow: the superellipse |dx/ax|^2.5 + |dy/ay|^2.5 < grow.
func (p *pattern) padSpan(y, grow float64) (x0, x1 int) {
	rest := grow - math.Pow(math.Abs(y-p.cy)/p.ay, 2.5)
	if rest <= 0 {
		return 0, 0
	}
	half := p.ax * math.Pow(rest, 1/2.5)
	return int(math.Ceil(p.cx - half)), int(math.Floor(p.cx+half)) + 1
}
