package finger

import (
	"sort"
	"testing"
)

// TestThreshold measures the false match rate at Threshold over every pair of
// different fingers in FVC2002 DB1_B and DB2_B (5,760 impostor comparisons, both
// directions of each pair being alike), and the score that would give 0.1 %.
func TestThreshold(t *testing.T) {
	var imp []float64
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
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
	}
	sort.Float64s(imp)
	false0 := 0
	for _, v := range imp {
		if v >= Threshold {
			false0++
		}
	}
	fmr := 100 * float64(false0) / float64(len(imp))
	at1000 := imp[len(imp)-1-len(imp)/1000]
	t.Logf("%d impostor comparisons: FMR at Threshold %.1f is %.3f %% (%d); FMR 0.1 %% needs %.1f; highest %.1f",
		len(imp), Threshold, fmr, false0, at1000, imp[len(imp)-1])
	if fmr > 0.2 {
		t.Errorf("FMR at Threshold %.3f %%, above 0.2 %%", fmr)
	}
}
