package finger

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// synthFinger is a random but plausible set of minutiae: positions spread over an
// oval print area at least a ridge period apart, directions following a smooth loop-
// like flow so that impostors are not trivially different.
type synthFinger struct {
	ms []Minutia
}

func newSynthFinger(r *rand.Rand) synthFinger {
	cx, cy := 150+r.Float64()*40-20, 170+r.Float64()*40-20
	n := 35 + r.IntN(25)
	var ms []Minutia
	for tries := 0; len(ms) < n && tries < 2000; tries++ {
		x, y := r.Float64()*300, r.Float64()*400
		if (x-150)*(x-150)/(140*140)+(y-200)*(y-200)/(190*190) > 1 {
			continue
		}
		ok := true
		for _, m := range ms {
			if math.Hypot(float64(m.X)-x, float64(m.Y)-y) < 12 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		// Flow: concentric around a core above, horizontal-ish below.
		a := math.Atan2(y-cy, x-cx) + math.Pi/2
		if y > cy+60 {
			a = 0.3 * math.Sin((x-cx)/80)
		}
		a += r.NormFloat64() * 0.15
		if r.IntN(2) == 0 {
			a += math.Pi
		}
		k := KindEnding
		if r.IntN(2) == 0 {
			k = KindBifurcation
		}
		ms = append(ms, Minutia{X: int(x), Y: int(y), Angle: normAngle(-a), Kind: k, Quality: 60})
	}
	return synthFinger{ms: ms}
}

// impression makes a noisy capture of the finger: rotation, translation, jitter,
// missing and spurious minutiae, cropped to the sensor window.
func (f synthFinger) impression(r *rand.Rand, pos uint8) *Template {
	rot := r.NormFloat64() * 0.15
	tx, ty := r.NormFloat64()*20, r.NormFloat64()*20
	cs, sn := math.Cos(rot), math.Sin(rot)
	t := &Template{Width: 300, Height: 400, PPI: 500, Position: pos}
	for _, m := range f.ms {
		if r.Float64() < 0.2 {
			continue
		}
		dx, dy := float64(m.X)-150, float64(m.Y)-200
		x := cs*dx - sn*dy + 150 + tx + r.NormFloat64()*2.5
		y := sn*dx + cs*dy + 200 + ty + r.NormFloat64()*2.5
		if x < 0 || y < 0 || x >= 300 || y >= 400 {
			continue
		}
		m.X, m.Y = int(x), int(y)
		m.Angle = normAngle(m.Angle - rot + r.NormFloat64()*0.12)
		t.Minutiae = append(t.Minutiae, m)
	}
	for range r.IntN(8) {
		t.Minutiae = append(t.Minutiae, Minutia{X: r.IntN(300), Y: r.IntN(400), Angle: r.Float64() * 2 * math.Pi, Kind: KindEnding, Quality: 20})
	}
	return t
}

// synthPopulation enrolls n people with ten fingers each; it returns the index and the
// fingers so that a re-impression can be made.
func synthPopulation(tb testing.TB, seed uint64, n int) (*Index, [][10]synthFinger) {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	x := NewIndex()
	people := make([][10]synthFinger, n)
	for p := range n {
		var ts []*Template
		for f := range 10 {
			people[p][f] = newSynthFinger(r)
			ts = append(ts, people[p][f].impression(r, uint8(f+1)))
		}
		if err := x.Add(fmt.Sprintf("P%05d", p), ts); err != nil {
			tb.Fatal(err)
		}
	}
	return x, people
}

func applicant(r *rand.Rand, fs [10]synthFinger) []*Template {
	var ts []*Template
	for f := range 10 {
		ts = append(ts, fs[f].impression(r, uint8(f+1)))
	}
	return ts
}

func TestIndexFindsReEnrollment(t *testing.T) {
	const n = 1500
	x, people := synthPopulation(t, 7, n)
	r := rand.New(rand.NewPCG(99, 2))
	for _, k := range []int{0, 777, n - 1} {
		start := time.Now()
		hits := x.Search(applicant(r, people[k]))
		if len(hits) == 0 || hits[0].PersonID != fmt.Sprintf("P%05d", k) {
			t.Fatalf("re-enrollment of P%05d: hits %v", k, hits)
		}
		t.Logf("P%05d found with %d fingers, score %.0f, in %v (%d hits)", k, hits[0].Fingers, hits[0].Score, time.Since(start), len(hits))
	}
	// A new applicant matches nobody.
	newcomer := [10]synthFinger{}
	for f := range newcomer {
		newcomer[f] = newSynthFinger(r)
	}
	if hits := x.Search(applicant(r, newcomer)); len(hits) > 0 {
		t.Errorf("new applicant matched %v", hits)
	}
	// Removal takes the person out.
	if !x.Remove("P00777") || x.Remove("P00777") {
		t.Fatal("Remove should succeed once")
	}
	for _, h := range x.Search(applicant(r, people[777])) {
		if h.PersonID == "P00777" {
			t.Fatal("removed person still found")
		}
	}
	if x.Len() != n-1 {
		t.Errorf("Len = %d, want %d", x.Len(), n-1)
	}
}

func BenchmarkDedup10k(b *testing.B) {
	const n = 10000
	x, people := synthPopulation(b, 11, n)
	r := rand.New(rand.NewPCG(5, 5))
	planted := applicant(r, people[4242])
	fresh := [10]synthFinger{}
	for f := range fresh {
		fresh[f] = newSynthFinger(r)
	}
	newcomer := applicant(r, fresh)
	b.ResetTimer()
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		hits := x.Search(newcomer)
		if len(hits) > 0 {
			b.Fatalf("new applicant matched %v", hits)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "dedup.10k_minutiae_s")
	b.StopTimer()
	hits := x.Search(planted)
	if len(hits) == 0 || hits[0].PersonID != "P04242" {
		b.Fatalf("planted re-enrollment not found: %v", hits)
	}
}
