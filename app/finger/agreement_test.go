package finger

import (
	"math"
	"testing"
)

// TestExtractorAgreement compares our minutiae with the other extractor's ISO
// templates of the same FVC images: recall is the share of theirs that we find within
// 10 px and 30°, precision the share of ours that they have. The ISO templates are in
// a frame stretched to 300×400 pixels, so ours are first mapped into it by an affine
// transform fitted to nearest neighbours. It guards the extractor against regressions
// that the EER, with its 45 impostor pairs, would show only coarsely.
func TestExtractorAgreement(t *testing.T) {
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		var nOurs, nTheirs, found, confirmed int
		for f := range fvcFingers {
			for i := range fvcImpressions {
				theirs := iso[f][i].Minutiae
				ours := applyAffine(fitAffine(s.templates[f][i], theirs), s.templates[f][i].Minutiae)
				nOurs += len(ours)
				nTheirs += len(theirs)
				found += countNear(theirs, ours)
				confirmed += countNear(ours, theirs)
			}
		}
		recall := 100 * float64(found) / float64(nTheirs)
		precision := 100 * float64(confirmed) / float64(nOurs)
		t.Logf("%s: %d minutiae ours, %d theirs; recall %.1f %%, precision %.1f %%", name, nOurs, nTheirs, recall, precision)
		if recall < 75 || precision < 70 {
			t.Errorf("%s: recall %.1f %% or precision %.1f %% below 75 %% / 70 %%", name, recall, precision)
		}
	}
}

// countNear counts the minutiae of a that have one in b within 10 px and 30°.
func countNear(a, b []Minutia) int {
	n := 0
	for _, m := range a {
		for _, o := range b {
			if math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)) <= 10 && angleDiff(m.Angle, o.Angle) <= math.Pi/6 {
				n++
				break
			}
		}
	}
	return n
}

// applyAffine maps minutiae by x' = A0 x + A1 y + A2, y' = A3 x + A4 y + A5, turning
// their directions with the linear part.
func applyAffine(A [6]float64, ms []Minutia) []Minutia {
	out := make([]Minutia, len(ms))
	for k, m := range ms {
		x, y := float64(m.X), float64(m.Y)
		dx, dy := math.Cos(m.Angle), -math.Sin(m.Angle) // y down
		tx, ty := A[0]*dx+A[1]*dy, A[3]*dx+A[4]*dy
		out[k] = m
		out[k].X = int(math.Round(A[0]*x + A[1]*y + A[2]))
		out[k].Y = int(math.Round(A[3]*x + A[4]*y + A[5]))
		out[k].Angle = normAngle(math.Atan2(-ty, tx))
	}
	return out
}

// fitAffine finds the transform from t's frame to that of theirs: it starts from the
// stretch to 300×400 pixels and refits by least squares to the nearest neighbours of
// similar direction within a shrinking radius.
func fitAffine(t *Template, theirs []Minutia) [6]float64 {
	A := [6]float64{300 / float64(t.Width), 0, 0, 0, 400 / float64(t.Height), 0}
	for _, radius := range []float64{25, 20, 15, 12, 10, 10} {
		cur := applyAffine(A, t.Minutiae)
		var M [3][3]float64 // normal equations, shared by x' and y'
		var vx, vy [3]float64
		n := 0
		for k, o := range cur {
			best, bd := -1, radius
			for j, m := range theirs {
				d := math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y))
				if d < bd && angleDiff(m.Angle, o.Angle) < math.Pi/4 {
					best, bd = j, d
				}
			}
			if best < 0 {
				continue
			}
			n++
			p := [3]float64{float64(t.Minutiae[k].X), float64(t.Minutiae[k].Y), 1}
			for r := range 3 {
				for c := range 3 {
					M[r][c] += p[r] * p[c]
				}
				vx[r] += p[r] * float64(theirs[best].X)
				vy[r] += p[r] * float64(theirs[best].Y)
			}
		}
		if n < 6 {
			break
		}
		sx, okx := solve3(M, vx)
		sy, oky := solve3(M, vy)
		if !okx || !oky {
			break
		}
		A = [6]float64{sx[0], sx[1], sx[2], sy[0], sy[1], sy[2]}
	}
	return A
}

// solve3 solves M x = v by Cramer's rule.
func solve3(M [3][3]float64, v [3]float64) ([3]float64, bool) {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
			m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
			m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(M)
	if math.Abs(d) < 1e-9 {
		return [3]float64{}, false
	}
	var out [3]float64
	for c := range 3 {
		m := M
		for r := range 3 {
			m[r][c] = v[r]
		}
		out[c] = det(m) / d
	}
	return out, true
}
