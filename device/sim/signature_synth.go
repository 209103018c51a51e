package sim

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// A synthetic signature is written as cursive: a capital, a run of small letters drawn
// as control points (humps, ascender and descender loops, eyes), joined by a
// Catmull-Rom spline and sampled in time at the pad's rate, then perhaps underlined.
// The shape is fixed per identity; each attempt jitters it a little, as a real signer's
// hand does.

// letter shapes, as control points relative to the letter's start on the baseline: x
// in advances, y in x-heights (up is negative).
var letterShapes = [][]point{
	{{0.2, -1}, {0.5, 0}},                                    // hump, as in n
	{{0.45, -2.2}, {0.2, -2}, {0.4, 0}},                      // ascender loop, as in l
	{{0.5, -0.5}, {0.3, -0.8}, {0.2, -0.3}, {0.6, 0}},        // eye, as in e
	{{0.4, 1.3}, {0.15, 1.1}, {0.5, -0.2}},                   // descender loop, as in g
	{{0.3, -1}, {0.05, -0.5}, {0.4, 0}, {0.5, -1}, {0.6, 0}}, // bowl, as in a
	{{0.25, -0.9}, {0.45, 0}},                                // garland, as in u
}

// capitalShape is a large looped initial.
var capitalShape = []point{{0.3, -3}, {-0.1, -1.8}, {0.5, -1.4}, {0.9, 0}}

// signatureShape is the identity's signature as strokes of control points in abstract
// units (x-height 1).
func signatureShape(r *rand.Rand) [][]point {
	var strokes [][]point
	x := 0.0
	for part := 0; part < 1+r.IntN(2); part++ {
		slant := uniform(r, 0.15, 0.4)
		adv := uniform(r, 0.8, 1.2)
		var s []point
		add := func(p point, base float64) {
			s = append(s, point{p.x - slant*p.y, p.y + base})
		}
		add(point{x, 0}, 0)
		add(point{x + 0.3, -1}, 0)
		for _, c := range capitalShape {
			add(point{x + c.x*1.6*adv, c.y}, 0)
		}
		x += 1.6 * adv
		for n := 3 + r.IntN(4); n > 0; n-- {
			a := adv * uniform(r, 0.8, 1.2)
			for _, c := range letterShapes[r.IntN(len(letterShapes))] {
				add(point{x + c.x*a*2, c.y}, 0)
			}
			x += a
		}
		strokes = append(strokes, s)
		x += uniform(r, 0.8, 1.5)
	}
	if r.IntN(3) > 0 { // an underline flourish
		x0 := uniform(r, -0.3, 0.8)
		strokes = append(strokes, []point{{x0, 1.8}, {x * 0.5, uniform(r, 1.9, 2.3)}, {x * 0.95, 1.6}, {x + 0.2, 1.1}})
	}
	return strokes
}

// synthSignature returns the pen points of one attempt at the identity's signature on
// a w×h pad sampled at rate points per second. A poor attempt is a short scratch.
func synthSignature(identity string, attempt, w, h, rate int, poor bool) []enroll.PenPoint {
	shape := signatureShape(newRand("signature", identity))
	r := newRand("signature", identity, attempt)
	if poor {
		shape = [][]point{{{0, 0}, {0.3, -0.2}, {0.5, 0.1}}}
	}
	// Fit into the middle of the pad.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range shape {
		for _, p := range s {
			minX, maxX = min(minX, p.x), max(maxX, p.x)
			minY, maxY = min(minY, p.y), max(maxY, p.y)
		}
	}
	scale := min(0.85*float64(w)/(maxX-minX), 0.7*float64(h)/(maxY-minY))
	if poor {
		scale = 0.05 * float64(w)
	}
	ox := float64(w)/2 - scale*(minX+maxX)/2
	oy := float64(h)/2 - scale*(minY+maxY)/2
	jitter := 0.04 * scale
	speed := uniform(r, 1.6, 2.4) * scale * 3 // pad units per second
	dt := time.Second / time.Duration(rate)
	var pts []enroll.PenPoint
	t := time.Duration(0)
	for _, s := range shape {
		ctrl := make([]point, len(s))
		for i, p := range s {
			ctrl[i] = point{ox + scale*p.x + jitter*r.NormFloat64(), oy + scale*p.y + jitter*r.NormFloat64()}
		}
		path := catmullRom(ctrl, speed*dt.Seconds())
		pmax := uniform(r, 450, 800)
		for i, p := range path {
			u := float64(i) / float64(max(len(path)-1, 1))
			env := smoothstep(0, 0.06, u) * (1 - smoothstep(0.92, 1, u))
			pr := pmax * (0.15 + 0.85*env) * (1 + 0.1*math.Sin(7*u+float64(len(pts))))
			pts = append(pts, enroll.PenPoint{X: clampInt(p.x, w), Y: clampInt(p.y, h), Pressure: max(int(pr), 1), T: t})
			t += dt
		}
		last := pts[len(pts)-1]
		pts = append(pts, enroll.PenPoint{X: last.X, Y: last.Y, Pressure: 0, T: t}) // pen up
		t += time.Duration(uniform(r, 120, 300)) * time.Millisecond
	}
	return pts
}

// clampInt rounds v into [0, n].
func clampInt(v float64, n int) int { return min(max(int(math.Round(v)), 0), n) }

// catmullRom returns points along the Catmull-Rom spline through ctrl, about step apart.
func catmullRom(ctrl []point, step float64) []point {
	get := func(i int) point { return ctrl[min(max(i, 0), len(ctrl)-1)] }
	var out []point
	for i := 0; i+1 < len(ctrl); i++ {
		p0, p1, p2, p3 := get(i-1), get(i), get(i+1), get(i+2)
		n := max(int(math.Hypot(p2.x-p1.x, p2.y-p1.y)/step), 1)
		for k := 0; k < n; k++ {
			t := float64(k) / float64(n)
			t2, t3 := t*t, t*t*t
			f := func(a, b, c, d float64) float64 {
				return 0.5 * (2*b + (c-a)*t + (2*a-5*b+4*c-d)*t2 + (3*b-a-3*c+d)*t3)
			}
			out = append(out, point{f(p0.x, p1.x, p2.x, p3.x), f(p0.y, p1.y, p2.y, p3.y)})
		}
	}
	return append(out, ctrl[len(ctrl)-1])
}

// renderSignature draws the pen-down segments black on white, the line width following
// the pressure, into an image width pixels wide, and encodes it as PNG.
func renderSignature(pts []enroll.PenPoint, padW, padH, width int) ([]byte, error) {
	s := float64(width) / float64(padW)
	img := image.NewGray(image.Rect(0, 0, width, max(int(float64(padH)*s), 1)))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if a.Pressure == 0 || b.Pressure == 0 {
			continue
		}
		rad := 0.8 + 2.0*float64(a.Pressure+b.Pressure)/2/1023
		ax, ay, bx, by := float64(a.X)*s, float64(a.Y)*s, float64(b.X)*s, float64(b.Y)*s
		n := int(math.Hypot(bx-ax, by-ay)/0.5) + 1
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			stamp(img, ax+t*(bx-ax), ay+t*(by-ay), rad)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode signature png: %w", err)
	}
	return buf.Bytes(), nil
}

// stamp darkens a disc of radius rad at (cx, cy), its rim anti-aliased.
func stamp(img *image.Gray, cx, cy, rad float64) {
	r := image.Rect(int(cx-rad-1), int(cy-rad-1), int(cx+rad+2), int(cy+rad+2)).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			cover := min(max(rad+0.5-d, 0), 1)
			if v := uint8(255 * (1 - cover)); v < img.Pix[y*img.Stride+x] {
				img.Pix[y*img.Stride+x] = v
			}
		}
	}
}
