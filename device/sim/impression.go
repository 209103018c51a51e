package sim

import (
	"image"
	"math"
	"math/rand/v2"
)

// placement says how one impression differs from the master: where the finger lies on
// the platen, how it is distorted, how hard it is pressed and how clean it is.
type placement struct {
	rot, tx, ty     float64 // rigid placement: radians and output pixels
	dRot, dtx, dty  float64 // elastic distortion: the rigid motion of the outer skin
	brake0, brake1  float64 // the distortion grows from brake0 to brake1 (contact radii)
	contactX        float64 // centre of the contact area relative to the pad centre,
	contactY        float64 // in pad half widths/heights
	contactW        float64 // half axes of the contact area in pad half widths/heights
	contactH        float64
	cut             bool    // part of the contact area is missing
	cutNX, cutNY    float64 // unit normal of the cut line, in contact coordinates
	cutOff          float64 // offset of the cut line, in contact radii
	threshold       float64 // ridge threshold: low for a wet or heavy print, high for a dry one
	dryness         float64 // amplitude of ridge breaks
	wetness         float64 // amplitude of smudges
	contrast        float64 // depth of the ridges in grey levels
	background      float64 // grey level of the empty platen
	noise           float64 // amplitude of the sensor noise
	seed1, seed2    uint64
	breaks, smudges *valueNoise
	shade, rim      *valueNoise
}

// newPlacement draws the variation of one impression. A poor impression is dry, faint,
// noisy and partial, as when a finger is barely touched to the platen.
func newPlacement(r *rand.Rand, w, h int, poor bool) *placement {
	p := &placement{
		rot:        uniform(r, -12, 12) * math.Pi / 180,
		tx:         uniform(r, -22, 22),
		ty:         uniform(r, -25, 25),
		dRot:       uniform(r, -2.5, 2.5) * math.Pi / 180,
		dtx:        uniform(r, -7, 7),
		dty:        uniform(r, -7, 7),
		brake0:     uniform(r, 0.2, 0.35),
		brake1:     uniform(r, 0.75, 1),
		contactX:   uniform(r, -0.06, 0.06),
		contactY:   uniform(r, -0.04, 0.08),
		background: uniform(r, 218, 240),
		noise:      uniform(r, 4, 12),
		seed1:      r.Uint64() | 1,
		seed2:      r.Uint64(),
	}
	pressure := r.Float64()
	p.contactW = 0.8 + 0.16*pressure + uniform(r, -0.03, 0.03)
	p.contactH = 0.8 + 0.14*pressure + uniform(r, -0.03, 0.03)
	p.threshold = 0.25 - 0.45*pressure
	moisture := uniform(r, -1, 1) // dry below 0, wet above
	p.dryness = 0.45 * max(-moisture, 0)
	p.wetness = 0.5 * max(moisture, 0)
	p.contrast = uniform(r, 150, 195) * (1 - 0.25*max(-moisture, 0))
	if r.Float64() < 0.3 {
		p.cut = true
		a := uniform(r, 0, 2*math.Pi)
		p.cutNX, p.cutNY = math.Cos(a), math.Sin(a)
		p.cutOff = uniform(r, 0.45, 0.85)
	}
	if poor {
		p.threshold = 0.45
		p.dryness = 0.9
		p.contrast = uniform(r, 35, 55)
		p.noise = uniform(r, 25, 35)
		p.contactW, p.contactH = 0.5, 0.45
		p.cut, p.cutNX, p.cutNY, p.cutOff = true, 1, 0, 0.2
	}
	p.breaks = newValueNoise(r, w, h, 7)
	p.smudges = newValueNoise(r, w, h, 24)
	p.shade = newValueNoise(r, w, h, 90)
	p.rim = newValueNoise(r, w, h, 40)
	return p
}

// fieldStep is the spacing of the lattice on which the smooth parts of an impression
// (geometry, threshold, strength) are computed before per-pixel interpolation.
const fieldStep = 4

// render draws the impression of m with placement p into a w×h image.
func render(m *master, p *placement, w, h int) *image.Gray {
	pat := m.pat
	gw, gh := w/fieldStep+2, h/fieldStep+2
	n := gw * gh
	mx, my := make([]float32, n), make([]float32, n)
	thr, str := make([]float32, n), make([]float32, n)
	cosR, sinR := math.Cos(-p.rot), math.Sin(-p.rot)
	cosD, sinD := math.Cos(p.dRot), math.Sin(p.dRot)
	ox, oy := float64(w)/2+p.tx, float64(h)/2+p.ty
	// The contact area, in master grid units around the pad centre.
	ccx, ccy := p.contactX*pat.ax, p.contactY*pat.ay
	caw, cah := p.contactW*pat.ax, p.contactH*pat.ay
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			X, Y := float64(gx*fieldStep), float64(gy*fieldStep)
			// Undo the rigid placement: finger coordinates in output pixels.
			dx, dy := X-ox, Y-oy
			fx, fy := cosR*dx-sinR*dy, sinR*dx+cosR*dy
			// Elastic distortion (Cappelli, Maio, Maltoni 2001): the skin in close
			// contact stays put, the outer skin follows a small rigid motion, with a
			// smooth brake in between.
			u, v := (fx/masterScale-ccx)/caw, (fy/masterScale-ccy)/cah
			rho := math.Sqrt(u*u + v*v)
			b := smoothstep(p.brake0, p.brake1, rho)
			fx, fy = fx+b*(cosD*fx-sinD*fy+p.dtx-fx), fy+b*(sinD*fx+cosD*fy+p.dty-fy)
			i := gy*gw + gx
			mx[i] = float32(fx/masterScale + pat.cx)
			my[i] = float32(fy/masterScale + pat.cy)
			// Contact: an ellipse with a ragged rim, possibly cut by a straight edge.
			rho += 0.05 * p.rim.at(X, Y)
			inside := 1 - smoothstep(0.95, 1.0, rho)
			if p.cut {
				inside *= 1 - smoothstep(p.cutOff-0.04, p.cutOff+0.04, u*p.cutNX+v*p.cutNY)
			}
			str[i] = float32(inside * p.contrast * (1 + 0.15*p.shade.at(X, Y)))
			thr[i] = float32(p.threshold + p.dryness*p.breaks.at(X, Y) - p.wetness*max(p.smudges.at(X, Y), 0) +
				0.7*smoothstep(0.75, 1.0, rho))
		}
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	skin := skinTexture()
	sx, sy := int(p.seed2&skinMask), int(p.seed2>>8&skinMask)
	rough := float32(0.18 + 0.25*p.dryness)
	rng := p.seed1
	bg, amp := float32(p.background), float32(p.noise)
	for y := 0; y < h; y++ {
		gy := y / fieldStep
		ty := float32(y%fieldStep) / fieldStep
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		row0 := ((y + sy) & skinMask) * skinSize
		ink, edge := skin.ink[row0:row0+skinSize], skin.edge[row0:row0+skinSize]
		for x := range row {
			gx := x / fieldStep
			tx := float32(x%fieldStep) / fieldStep
			i := gy*gw + gx
			lerp := func(a []float32) float32 {
				top := a[i] + tx*(a[i+1]-a[i])
				bot := a[i+gw] + tx*(a[i+gw+1]-a[i+gw])
				return top + ty*(bot-top)
			}
			g := bg
			if s := lerp(str); s > 0.5 {
				v := m.at(float64(lerp(mx)), float64(lerp(my)))
				k := (x + sx) & skinMask
				dark := min(max((v-lerp(thr)-rough*edge[k])*2.2+0.5, 0), 1)
				g -= s * dark * ink[k]
			}
			// xorshift64: cheap sensor noise, triangular in [-amp, amp].
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			e := float32(rng&0xffff)/65536 + float32(rng>>16&0xffff)/65536 - 1
			g += amp * e
			row[x] = uint8(min(max(g, 0), 255))
		}
	}
	return img
}
