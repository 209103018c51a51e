package finger

import (
	"image"
	"sort"
	"testing"
)

func TestQualityBlankAndTiny(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 300, 400))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if q := Quality(blank); q > 5 {
		t.Errorf("blank image quality %d, want ≤ 5", q)
	}
	if q := Quality(image.NewGray(image.Rect(0, 0, 10, 10))); q != 0 {
		t.Errorf("tiny image quality %d, want 0", q)
	}
	if q := Quality(nil); q != 0 {
		t.Errorf("nil image quality %d, want 0", q)
	}
}

// TestQualityPredictsFailures checks that quality means something: genuine comparisons
// that involve the worst-quality fifth of the images fail (score below Threshold) more
// often than those that involve the best fifth.
func TestQualityPredictsFailures(t *testing.T) {
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		type img struct{ f, i, q int }
		var all []img
		for f := range fvcFingers {
			for i := range fvcImpressions {
				all = append(all, img{f, i, Quality(s.images[f][i])})
			}
		}
		sort.SliceStable(all, func(a, b int) bool { return all[a].q < all[b].q })
		fifth := len(all) / 5
		worst, best := map[[2]int]bool{}, map[[2]int]bool{}
		for k := range fifth {
			worst[[2]int{all[k].f, all[k].i}] = true
			best[[2]int{all[len(all)-1-k].f, all[len(all)-1-k].i}] = true
		}
		r := runProtocol(&s.templates)
		var wn, wf, bn, bf int
		for _, g := range r.genuine {
			a, b := [2]int{g.finger, g.i}, [2]int{g.finger, g.j}
			fail := g.score < Threshold
			if worst[a] || worst[b] {
				wn++
				if fail {
					wf++
				}
			}
			if best[a] || best[b] {
				bn++
				if fail {
					bf++
				}
			}
		}
		wr, br := float64(wf)/float64(wn), float64(bf)/float64(bn)
		t.Logf("%s: quality %d..%d; genuine failures %.1f %% (%d/%d) with the worst fifth, %.1f %% (%d/%d) with the best fifth",
			name, all[0].q, all[len(all)-1].q, 100*wr, wf, wn, 100*br, bf, bn)
		if wr <= br {
			t.Errorf("%s: worst-quality fifth fails %.1f %%, not more than the best fifth's %.1f %%", name, 100*wr, 100*br)
		}
	}
}
