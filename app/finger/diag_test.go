package finger

import (
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
				a, b := s.templates[f][i].Minutiae, iso[f][i].Minutiae
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
