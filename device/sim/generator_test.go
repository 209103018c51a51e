package sim

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestImpressionDeterministic(t *testing.T) {
	a := NewFingerGenerator(FingerOptions{}).Impression("id-1", enroll.RightIndex, 0)
	b := NewFingerGenerator(FingerOptions{}).Impression("id-1", enroll.RightIndex, 0)
	if !same(a, b) {
		t.Error("the same inputs give different images")
	}
	g := NewFingerGenerator(FingerOptions{Width: 320, Height: 480, CacheSize: 1})
	c := g.Impression("id-1", enroll.RightIndex, 1)
	if c.Rect.Dx() != 320 || c.Rect.Dy() != 480 {
		t.Errorf("size %v, want 320x480", c.Rect)
	}
	// Evicted and grown again, the master is the same.
	g.Impression("id-2", enroll.RightIndex, 0)
	if !same(c, g.Impression("id-1", enroll.RightIndex, 1)) {
		t.Error("a regrown master differs")
	}
}

func TestClassFrequencies(t *testing.T) {
	const n = 20000
	var count [5]int
	for i := 0; i < n; i++ {
		count[pickClass(newRand("class", i), enroll.AllFingers[i%10])]++
	}
	// Natural frequencies (Wilson et al.): A 3.7, T 2.9, L 33.8, R 31.7, W 27.9 %.
	want := [5]float64{0.037, 0.029, 0.328, 0.328, 0.279}
	for c := range count {
		got := float64(count[c]) / n
		if math.Abs(got-want[c]) > 0.015 {
			t.Errorf("%v: %.3f, want about %.3f", patternClass(c), got, want[c])
		}
	}
}

// ridgePeriod estimates the dominant ridge period of the print's central area: for
// each block, the profile across the ridges (along the gradient direction of the block)
// is sampled and its mean-crossings counted.
func ridgePeriods(t *testing.T, g *FingerGenerator, n int) []float64 {
	var periods []float64
	for i := 0; i < n; i++ {
		img := g.Impression(fmt.Sprintf("period-%d", i), enroll.AllFingers[i%10], 0)
		f := blockOrientation(img, 32)
		for by := 4; by < f.bh-4; by++ {
			for bx := 3; bx < f.bw-3; bx++ {
				k := by*f.bw + bx
				if f.w[k] < 0.6 {
					continue
				}
				phi := 0.5 * math.Atan2(f.s[k], f.c[k]) // gradient direction: across ridges
				cx, cy := float64(bx*32+16), float64(by*32+16)
				const L = 48
				prof := make([]float64, 2*L)
				var mean float64
				for s := range prof {
					x := cx + float64(s-L)*math.Cos(phi)
					y := cy + float64(s-L)*math.Sin(phi)
					prof[s] = float64(img.GrayAt(int(x), int(y)).Y)
					mean += prof[s] / float64(len(prof))
				}
				cross, first, last := 0, -1, -1
				for s := 1; s < len(prof); s++ {
					if (prof[s-1]-mean)*(prof[s]-mean) < 0 {
						if first < 0 {
							first = s
						}
						last = s
						cross++
					}
				}
				if cross >= 4 {
					periods = append(periods, 2*float64(last-first)/float64(cross-1))
				}
			}
		}
	}
	return periods
}

func TestRidgePeriod(t *testing.T) {
	periods := ridgePeriods(t, testGenerator(), 10)
	sort.Float64s(periods)
	med := periods[len(periods)/2]
	t.Logf("median ridge period %.2f px over %d blocks (10th–90th %%: %.2f–%.2f)", med, len(periods),
		periods[len(periods)/10], periods[len(periods)*9/10])
	if med < 8 || med > 11 {
		t.Errorf("median ridge period %.2f px, want about 9 at 500 ppi", med)
	}
}

// TestGenuineVersusImpostor checks that impressions of one finger are more alike than
// impressions of different fingers, by an independent measure: orientation-field
// correlation after the best rigid alignment.
func TestGenuineVersusImpostor(t *testing.T) {
	const ids = 100
	start := time.Now()
	g := NewFingerGenerator(FingerOptions{CacheSize: 4})
	fields := make([][2]orientField, ids)
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				for k := 0; k < 2; k++ {
					fields[i][k] = blockOrientation(g.Impression(fmt.Sprintf("person-%03d", i), enroll.RightIndex, k), 16)
				}
			}
		}()
	}
	for i := 0; i < ids; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	t.Logf("generated in %v", time.Since(start))

	score := func(a, b orientField) float64 {
		return similarity(a, b, 24*math.Pi/180, 4*math.Pi/180, 56, 8)
	}
	genuine, impostor := make([]float64, ids), make([]float64, 2*ids)
	var mu sync.Mutex
	parallel(2*ids, func(n int) {
		i := n / 2
		var s float64
		if n%2 == 0 {
			s = score(fields[i][0], fields[i][1])
			mu.Lock()
			genuine[i] = s
			mu.Unlock()
			s = score(fields[i][0], fields[(i+1)%ids][0])
			mu.Lock()
			impostor[n] = s
			mu.Unlock()
		} else {
			s = score(fields[i][1], fields[(i+7)%ids][1])
			mu.Lock()
			impostor[n] = s
			mu.Unlock()
		}
	})
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	gm, im := mean(genuine), mean(impostor)
	sorted := append([]float64(nil), impostor...)
	sort.Float64s(sorted)
	median := sorted[len(sorted)/2]
	above := 0
	for _, s := range genuine {
		if s > median {
			above++
		}
	}
	t.Logf("compared in %v", time.Since(start))
	t.Logf("orientation similarity: genuine mean %.3f, impostor mean %.3f, impostor median %.3f; %d of %d genuine pairs above it",
		gm, im, median, above, ids)
	if gm < im+0.1 {
		t.Errorf("genuine mean %.3f is not clearly above the impostor mean %.3f", gm, im)
	}
	if above < ids*9/10 {
		t.Errorf("only %d of %d genuine pairs score above the impostor median", above, ids)
	}
}

// parallel runs f(0..n-1) on two goroutines.
func parallel(n int, f func(int)) {
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 2 {
				f(i)
			}
		}(w)
	}
	wg.Wait()
}
