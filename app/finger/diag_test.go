package finger

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
)

// TestDiagnostic compares our templates with the ISO templates of the same images
// (recall and precision within 10 px and 30°). It runs only with FINGER_DIAG set.
func TestDiagnostic(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		var nOurs, nTheirs, hitT, hitO, hitKind, hitOpp int
		var angErr, posErr float64
		var kindsO, kindsT [3]int
		for f := range fvcFingers {
			for i := range fvcImpressions {
				a, b := alignTo(s.templates[f][i], iso[f][i].Minutiae), iso[f][i].Minutiae
				nOurs += len(a)
				nTheirs += len(b)
				for _, m := range a {
					kindsO[m.Kind]++
				}
				for _, m := range b {
					kindsT[m.Kind]++
				}
				for _, m := range b {
					best, bd := -1, 1e9
					for k, o := range a {
						d := math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y))
						if d <= 10 && d < bd {
							best, bd = k, d
						}
					}
					if best < 0 {
						continue
					}
					ad := angleDiff(m.Angle, a[best].Angle)
					if ad <= math.Pi/6 {
						hitT++
						angErr += ad
						posErr += bd
						if a[best].Kind == m.Kind {
							hitKind++
						}
					} else if ad >= 5*math.Pi/6 {
						hitOpp++
					}
				}
				for _, o := range a {
					for _, m := range b {
						if math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)) <= 10 && angleDiff(m.Angle, o.Angle) <= math.Pi/6 {
							hitO++
							break
						}
					}
				}
			}
		}
		ro := runProtocol(&s.templates)
		rt := runProtocol(iso)
		eo, fo, _, _ := rates(ro.genuineScores(), ro.impostor)
		et, ft, _, _ := rates(rt.genuineScores(), rt.impostor)
		t.Logf("%s: ours %d (end %d bif %d) theirs %d (end %d bif %d) | recall %.1f%% precision %.1f%% opp %.1f%% kind-agree %.1f%% meanAng %.1f° meanPos %.2f px",
			name, nOurs, kindsO[1], kindsO[2], nTheirs, kindsT[1], kindsT[2], 100*float64(hitT)/float64(nTheirs), 100*float64(hitO)/float64(nOurs),
			100*float64(hitOpp)/float64(nTheirs), 100*float64(hitKind)/float64(hitT), angErr/float64(hitT)*180/math.Pi, posErr/float64(hitT))
		t.Logf("%s: EER ours %.2f (FNMR@1%% %.2f), theirs %.2f (FNMR@1%% %.2f); extract %.1f ms", name, eo, fo, et, ft, float64(s.extractNs.Milliseconds())/80)
		maxImp := 0.0
		for _, v := range ro.impostor {
			maxImp = max(maxImp, v)
		}
		low := 0
		for _, g := range ro.genuine {
			if g.score <= maxImp {
				low++
			}
		}
		t.Logf("%s: max impostor %.1f; genuine at or below it %d/280", name, maxImp, low)
	}
}

func TestDiagDump(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	s := loadFVC(t, os.Getenv("FINGER_DIAG"))
	iso := loadISO(t, os.Getenv("FINGER_DIAG"))
	a, b := s.templates[0][0], iso[0][0]
	t.Logf("ours %dx%d ppi %d n %d; theirs %dx%d ppi %d n %d", a.Width, a.Height, a.PPI, len(a.Minutiae), b.Width, b.Height, b.PPI, len(b.Minutiae))
	for k := range 15 {
		m := a.Minutiae[k]
		t.Logf("ours %3d %3d %5.0f %d q%d", m.X, m.Y, m.Angle*180/math.Pi, m.Kind, m.Quality)
	}
	for k := range 15 {
		m := b.Minutiae[k]
		t.Logf("theirs %3d %3d %5.0f %d q%d", m.X, m.Y, m.Angle*180/math.Pi, m.Kind, m.Quality)
	}
}

// alignTo maps ours into the frame of theirs with an affine transform fitted by
// iterated nearest neighbours (the ISO templates are in a rescaled frame).
func alignTo(t *Template, theirs []Minutia) []Minutia {
	_ = 0
	return applyAffine(fitAffine(t, theirs), t.Minutiae)
}

func TestDiagFails(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	if name == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	s := loadFVC(t, name)
	iso := loadISO(t, name)
	ro := runProtocol(&s.templates)
	rt := runProtocol(iso)
	var fails [fvcFingers][fvcImpressions]int
	for k, g := range ro.genuine {
		if g.score < 11.5 {
			fails[g.finger][g.i]++
			fails[g.finger][g.j]++
			t.Logf("fail %d: %d-%d ours %.1f theirs %.1f", 101+g.finger, g.i+1, g.j+1, g.score, rt.genuine[k].score)
		}
	}
	for f := range fvcFingers {
		line := ""
		for i := range fvcImpressions {
			line += fmt.Sprintf(" %d:%d/%d/%d", fails[f][i], len(s.templates[f][i].Minutiae), len(iso[f][i].Minutiae), Quality(s.images[f][i]))
		}
		t.Logf("finger %d fails/ours/theirs/quality:%s", 101+f, line)
	}
}

func scaleTemplate(t *Template, sx, sy float64) *Template {
	out := *t
	out.Minutiae = make([]Minutia, len(t.Minutiae))
	for k, m := range t.Minutiae {
		dx, dy := sx*math.Cos(m.Angle), -sy*math.Sin(m.Angle)
		m.X = int(math.Round(float64(m.X) * sx))
		m.Y = int(math.Round(float64(m.Y) * sy))
		m.Angle = normAngle(math.Atan2(-dy, dx))
		out.Minutiae[k] = m
	}
	return &out
}

func TestDiagScale(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		for _, sc := range [][2]float64{{1, 1}, {0, 0}, {0.8, 0.8}, {0.9, 0.9}, {1.1, 1.1}} {
			var ts [fvcFingers][fvcImpressions]*Template
			for f := range fvcFingers {
				for i := range fvcImpressions {
					sx, sy := sc[0], sc[1]
					if sx == 0 {
						sx, sy = 300/float64(s.templates[f][i].Width), 400/float64(s.templates[f][i].Height)
					}
					ts[f][i] = scaleTemplate(s.templates[f][i], sx, sy)
				}
			}
			r := runProtocol(&ts)
			e, f1, _, _ := rates(r.genuineScores(), r.impostor)
			t.Logf("%s scale %v: EER %.2f FNMR@1 %.2f", name, sc, e, f1)
		}
	}
}

func TestDiagDraw(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	which := os.Getenv("FINGER_DRAW")
	if name == "" || which == "" {
		t.Skip("set FINGER_DIAG and FINGER_DRAW to run")
	}
	var f, i int
	fmt.Sscanf(which, "%d_%d", &f, &i)
	s := loadFVC(t, name)
	iso := loadISO(t, name)
	img := s.images[f-101][i-1]
	tm := s.templates[f-101][i-1]
	th := scaleTemplate(iso[f-101][i-1], float64(tm.Width)/300, float64(tm.Height)/400)
	b := img.Bounds()
	const z = 2
	out := image.NewRGBA(image.Rect(0, 0, 2*b.Dx()*z, b.Dy()*z))
	for y := range b.Dy() * z {
		for x := range b.Dx() * z {
			v := img.GrayAt(x/z, y/z).Y
			out.Set(x, y, color.RGBA{v, v, v, 255})
			out.Set(x+b.Dx()*z, y, color.RGBA{v, v, v, 255})
		}
	}
	draw := func(ms []Minutia, off int, c color.RGBA) {
		for _, m := range ms {
			cx, cy := float64(m.X*z+off), float64(m.Y*z)
			for r := 3.0; r <= 5; r++ {
				for a := 0.0; a < 2*math.Pi; a += 0.1 {
					out.Set(int(cx+r*math.Cos(a)), int(cy+r*math.Sin(a)), c)
				}
			}
			for l := 0.0; l < 16; l++ {
				out.Set(int(cx+l*math.Cos(m.Angle)), int(cy-l*math.Sin(m.Angle)), c)
			}
		}
	}
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	draw(tm.Minutiae, 0, red)
	draw(th.Minutiae, b.Dx()*z, blue)
	fh, _ := os.Create("/tmp/fd/" + which + ".png")
	png.Encode(fh, out)
	fh.Close()
}

func TestDiagSkel(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	which := os.Getenv("FINGER_DRAW")
	if name == "" || which == "" {
		t.Skip("set FINGER_DIAG and FINGER_DRAW to run")
	}
	var fi, ii int
	fmt.Sscanf(which, "%d_%d", &fi, &ii)
	s := loadFVC(t, name)
	img := s.images[fi-101][ii-1]
	tm := s.templates[fi-101][ii-1]
	f := newField(img)
	ridge := f.enhance()
	cleanRidges(ridge, f.w, f.h, 24)
	sk := append([]bool(nil), ridge...)
	thin(sk, f.w, f.h)
	const z = 2
	out := image.NewRGBA(image.Rect(0, 0, 2*f.w*z, f.h*z))
	for y := range f.h * z {
		for x := range f.w * z {
			v := img.GrayAt(x/z, y/z).Y
			out.Set(x, y, color.RGBA{v, v, v, 255})
			c := color.RGBA{255, 255, 255, 255}
			if !f.fg[f.at(x/z, y/z)] {
				c = color.RGBA{220, 220, 255, 255}
			}
			if ridge[(y/z)*f.w+x/z] {
				c = color.RGBA{160, 160, 160, 255}
			}
			if sk[(y/z)*f.w+x/z] {
				c = color.RGBA{0, 0, 0, 255}
			}
			out.Set(x+f.w*z, y, c)
		}
	}
	for _, m := range tm.Minutiae {
		col := color.RGBA{255, 0, 0, 255}
		if m.Kind == KindBifurcation {
			col = color.RGBA{0, 160, 0, 255}
		}
		for _, off := range []int{0, f.w * z} {
			cx, cy := float64(m.X*z+off), float64(m.Y*z)
			for r := 3.0; r <= 4; r++ {
				for a := 0.0; a < 2*math.Pi; a += 0.1 {
					out.Set(int(cx+r*math.Cos(a)), int(cy+r*math.Sin(a)), col)
				}
			}
			for l := 0.0; l < 14; l++ {
				out.Set(int(cx+l*math.Cos(m.Angle)), int(cy-l*math.Sin(m.Angle)), col)
			}
		}
	}
	fh, _ := os.Create("/tmp/fd/skel_" + which + ".png")
	png.Encode(fh, out)
	fh.Close()
}

func TestDiagCross(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	if name == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	s := loadFVC(t, name)
	iso := loadISO(t, name)
	sc := func(tm *Template) *Template {
		return scaleTemplate(tm, 300/float64(tm.Width), 400/float64(tm.Height))
	}
	for f := 6; f < 8; f++ {
		for i := range 3 {
			for j := range fvcImpressions {
				ts, to := iso[f][i], sc(s.templates[f][j])
				pt := Prepare(ts)
				mt := pt.match(NewCandidate(iso[f][j]))
				mc := pt.match(NewCandidate(to))
				mo := Prepare(sc(s.templates[f][i])).match(NewCandidate(to))
				t.Logf("%d %d-%d: theirs-theirs %.1f (%d/%d) theirs-ours %.1f (%d/%d) ours-ours %.1f (%d/%d)", 101+f, i+1, j+1,
					mt.score, mt.paired, mt.supported, mc.score, mc.paired, mc.supported, mo.score, mo.paired, mo.supported)
			}
		}
	}
}

func TestDiagSum(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		if os.Getenv("FINGER_ISO") != "" {
			s = &fvcSet{templates: *iso}
		}
		var nO, nT, hitT, hitO int
		for f := range fvcFingers {
			for i := range fvcImpressions {
				a, b := alignTo(s.templates[f][i], iso[f][i].Minutiae), iso[f][i].Minutiae
				nO += len(a)
				nT += len(b)
				for _, m := range b {
					for _, o := range a {
						if math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)) <= 10 && angleDiff(m.Angle, o.Angle) <= math.Pi/6 {
							hitT++
							break
						}
					}
				}
				for _, o := range a {
					for _, m := range b {
						if math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)) <= 10 && angleDiff(m.Angle, o.Angle) <= math.Pi/6 {
							hitO++
							break
						}
					}
				}
			}
		}
		r := runProtocol(&s.templates)
		e, f1, _, _ := rates(r.genuineScores(), r.impostor)
		var imp []float64
		for f := range fvcFingers {
			for i := range fvcImpressions {
				p := Prepare(s.templates[f][i])
				for g := f + 1; g < fvcFingers; g++ {
					for j := range fvcImpressions {
						imp = append(imp, p.Compare(NewCandidate(s.templates[g][j])))
					}
				}
			}
		}
		ea, fa, fa1000, _ := rates(r.genuineScores(), imp)
		t.Logf("%s: EER %.2f FNMR1 %.2f | all-imp EER %.2f FNMR1 %.2f FNMR0.1 %.2f | n %d/%d recall %.1f prec %.1f | %.1f ms",
			name, e, f1, ea, fa, fa1000, nO, nT, 100*float64(hitT)/float64(nT), 100*float64(hitO)/float64(nO), float64(s.extractNs.Milliseconds())/80)
	}
}

func TestDiagNN(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		hist := func(get func(f, i int) []Minutia) [5]int {
			var h [5]int
			for f := range fvcFingers {
				for i := range fvcImpressions {
					ms := get(f, i)
					for a, m := range ms {
						bd := 1e9
						for b, o := range ms {
							if a != b {
								bd = min(bd, math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)))
							}
						}
						switch {
						case bd < 5:
							h[0]++
						case bd < 10:
							h[1]++
						case bd < 15:
							h[2]++
						case bd < 20:
							h[3]++
						default:
							h[4]++
						}
					}
				}
			}
			return h
		}
		ho := hist(func(f, i int) []Minutia { return alignTo(s.templates[f][i], iso[f][i].Minutiae) })
		ht := hist(func(f, i int) []Minutia { return iso[f][i].Minutiae })
		t.Logf("%s NN <5,<10,<15,<20,more: ours %v theirs %v", name, ho, ht)
	}
}

func TestDiagAng(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		var h [3][6]int // kind(ours) x angle bins: <5,<10,<15,<20,<45,more
		for f := range fvcFingers {
			for i := range fvcImpressions {
				a, b := alignTo(s.templates[f][i], iso[f][i].Minutiae), iso[f][i].Minutiae
				for _, m := range b {
					best, bd := -1, 8.0
					for k, o := range a {
						d := math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y))
						if d <= bd {
							best, bd = k, d
						}
					}
					if best < 0 {
						continue
					}
					ad := angleDiff(m.Angle, a[best].Angle) * 180 / math.Pi
					bin := 5
					for k, lim := range []float64{5, 10, 15, 20, 45} {
						if ad < lim {
							bin = k
							break
						}
					}
					h[a[best].Kind][bin]++
				}
			}
		}
		t.Logf("%s angle diff <5,<10,<15,<20,<45,more: endings %v bifurcations %v", name, h[1], h[2])
	}
}

func TestDiagZoom(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	which := os.Getenv("FINGER_DRAW")
	if name == "" || which == "" {
		t.Skip("set FINGER_DIAG and FINGER_DRAW to run")
	}
	var fi, ii, x0, y0, x1, y1 int
	fmt.Sscanf(which, "%d_%d", &fi, &ii)
	fmt.Sscanf(os.Getenv("FINGER_BOX"), "%d,%d,%d,%d", &x0, &y0, &x1, &y1)
	s := loadFVC(t, name)
	img := s.images[fi-101][ii-1]
	tm := s.templates[fi-101][ii-1]
	f := newField(img)
	ridge := f.enhance()
	cleanRidges(ridge, f.w, f.h, 24)
	sk := append([]bool(nil), ridge...)
	thin(sk, f.w, f.h)
	const z = 5
	out := image.NewRGBA(image.Rect(0, 0, (x1-x0)*z, (y1-y0)*z))
	for y := range (y1 - y0) * z {
		for x := range (x1 - x0) * z {
			px, py := x0+x/z, y0+y/z
			v := img.GrayAt(px, py).Y
			c := color.RGBA{v, v, v, 255}
			if sk[py*f.w+px] && x%z >= 1 && x%z <= 3 && y%z >= 1 && y%z <= 3 {
				c = color.RGBA{0, 200, 255, 255}
			}
			out.Set(x, y, c)
		}
	}
	for _, m := range tm.Minutiae {
		col := color.RGBA{255, 0, 0, 255}
		if m.Kind == KindBifurcation {
			col = color.RGBA{0, 200, 0, 255}
		}
		cx, cy := float64((m.X-x0)*z+z/2), float64((m.Y-y0)*z+z/2)
		for r := 6.0; r <= 8; r++ {
			for a := 0.0; a < 2*math.Pi; a += 0.05 {
				out.Set(int(cx+r*math.Cos(a)), int(cy+r*math.Sin(a)), col)
			}
		}
		for l := 0.0; l < 30; l++ {
			out.Set(int(cx+l*math.Cos(m.Angle)), int(cy-l*math.Sin(m.Angle)), col)
		}
	}
	fh, _ := os.Create("/tmp/fd/zoom_" + which + ".png")
	png.Encode(fh, out)
	fh.Close()
}

func TestDiagPeriod(t *testing.T) {
	name := os.Getenv("FINGER_DIAG")
	which := os.Getenv("FINGER_DRAW")
	if name == "" || which == "" {
		t.Skip("set FINGER_DIAG and FINGER_DRAW to run")
	}
	var fi, ii int
	fmt.Sscanf(which, "%d_%d", &fi, &ii)
	s := loadFVC(t, name)
	f := newField(s.images[fi-101][ii-1])
	for by := 12; by < 32; by++ {
		line := ""
		for bx := 10; bx < 36; bx++ {
			i := by*f.bw + bx
			if !f.fg[i] {
				line += "  .  "
				continue
			}
			line += fmt.Sprintf(" %4.1f", f.period[i])
		}
		t.Log(line)
	}
	for by := 12; by < 32; by++ {
		line := ""
		for bx := 10; bx < 36; bx++ {
			i := by*f.bw + bx
			line += fmt.Sprintf(" %3.0f", f.angleAt(i)*180/math.Pi)
		}
		t.Log(line)
	}
}

func TestDiagDrops(t *testing.T) {
	if os.Getenv("FINGER_DIAG") == "" {
		t.Skip("set FINGER_DIAG to run")
	}
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		iso := loadISO(t, name)
		var tp, fp [16]int
		for f := range fvcFingers {
			for i := range fvcImpressions {
				A := fitAffine(s.templates[f][i], iso[f][i].Minutiae)
				fl := newField(s.images[f][i])
				ridge := fl.enhance()
				cleanRidges(ridge, fl.w, fl.h, 24)
				thin(ridge, fl.w, fl.h)
				cs := detectMinutiae(fl, ridge)
				var ms []Minutia
				var why []int
				for _, c := range cs {
					w := int(c.why)
					if !c.drop && fl.minutiaQuality(c.x, c.y) < minQuality {
						w = 10
					}
					if c.why == dropDuplicate {
						continue
					}
					ms = append(ms, Minutia{X: c.x, Y: c.y, Angle: normAngle(-c.angle)})
					why = append(why, w)
				}
				ms = applyAffine(A, ms)
				for k, o := range ms {
					hit := false
					for _, m := range iso[f][i].Minutiae {
						if math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y)) <= 10 && angleDiff(m.Angle, o.Angle) <= math.Pi/6 {
							hit = true
							break
						}
					}
					if hit {
						tp[why[k]]++
					} else {
						fp[why[k]]++
					}
				}
			}
		}
		t.Logf("%s by rule (0 kept, 1 end-branches, 2 short ridge, 3 bif-branches, 5 bif-bif, 6 bif-end, 7 bridge, 8 broken, 9 border, 10 quality):", name)
		for k := range 11 {
			if tp[k]+fp[k] > 0 {
				t.Logf("  rule %2d: matching theirs %4d, not %4d", k, tp[k], fp[k])
			}
		}
	}
}
