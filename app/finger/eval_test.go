package finger

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/refdata"
)

// The FVC2002 "B" sets: fingers 101–110, impressions 1–8.
const (
	fvcFingers     = 10
	fvcImpressions = 8
)

// fvcSet is one FVC set's images and templates, indexed [finger][impression].
type fvcSet struct {
	name      string
	images    [fvcFingers][fvcImpressions]*image.Gray
	templates [fvcFingers][fvcImpressions]*Template
	extractNs time.Duration
}

var fvcCache = map[string]*fvcSet{}

// loadFVC reads a set and extracts our templates (cached per test binary).
func loadFVC(tb testing.TB, name string) *fvcSet {
	tb.Helper()
	dir := refdata.Path(tb, "fingerprints/"+name)
	if s, ok := fvcCache[name]; ok {
		return s
	}
	s := &fvcSet{name: name}
	for f := range fvcFingers {
		for i := range fvcImpressions {
			img := refdata.Gray(tb, filepath.Join(dir, fmt.Sprintf("%d_%d.png", 101+f, i+1)))
			s.images[f][i] = img
			t0 := time.Now()
			t, err := Extract(img, 500)
			s.extractNs += time.Since(t0)
			if err != nil {
				tb.Fatalf("%s %d_%d: %v", name, 101+f, i+1, err)
			}
			s.templates[f][i] = t
		}
	}
	fvcCache[name] = s
	return s
}

// loadISO reads the other extractor's templates of a set.
func loadISO(tb testing.TB, name string) *[fvcFingers][fvcImpressions]*Template {
	tb.Helper()
	dir := refdata.Path(tb, "fingerprints/"+name)
	var out [fvcFingers][fvcImpressions]*Template
	for f := range fvcFingers {
		for i := range fvcImpressions {
			fh, err := os.Open(filepath.Join(dir, fmt.Sprintf("%d_%d.iso", 101+f, i+1)))
			if err != nil {
				tb.Fatal(err)
			}
			t, err := ReadISO(fh)
			fh.Close()
			if err != nil {
				tb.Fatalf("%s %d_%d.iso: %v", name, 101+f, i+1, err)
			}
			out[f][i] = t
		}
	}
	return &out
}

// genuinePair is one same-finger comparison of the FVC protocol.
type genuinePair struct {
	finger, i, j int
	score        float64
}

// protocolResult holds the scores of the FVC protocol on one set.
type protocolResult struct {
	genuine  []genuinePair
	impostor []float64
	perSec   float64
}

// runProtocol compares templates with the FVC protocol: genuine = every pair of
// impressions of a finger, impostor = first impressions of different fingers.
func runProtocol(ts *[fvcFingers][fvcImpressions]*Template) protocolResult {
	var probes [fvcFingers][fvcImpressions]*Probe
	var cands [fvcFingers][fvcImpressions]*Candidate
	for f := range fvcFingers {
		for i := range fvcImpressions {
			probes[f][i] = Prepare(ts[f][i])
			cands[f][i] = NewCandidate(ts[f][i])
		}
	}
	var r protocolResult
	start := time.Now()
	n := 0
	for f := range fvcFingers {
		for i := range fvcImpressions {
			for j := i + 1; j < fvcImpressions; j++ {
				r.genuine = append(r.genuine, genuinePair{f, i, j, probes[f][i].Compare(cands[f][j])})
				n++
			}
		}
	}
	for f := range fvcFingers {
		for g := f + 1; g < fvcFingers; g++ {
			r.impostor = append(r.impostor, probes[f][0].Compare(cands[g][0]))
			n++
		}
	}
	r.perSec = float64(n) / time.Since(start).Seconds()
	return r
}

// rates returns the EER (the smallest max(FMR, FNMR) over all thresholds) and the FNMR
// at FMR ≤ 1 %, ≤ 0.1 % and = 0, all in percent.
func rates(genuine, impostor []float64) (eer, fnmr100, fnmr1000, fnmrZero float64) {
	ths := append(append([]float64{}, genuine...), impostor...)
	ths = append(ths, 1e18)
	sort.Float64s(ths)
	frac := func(xs []float64, pred func(float64) bool) float64 {
		c := 0
		for _, x := range xs {
			if pred(x) {
				c++
			}
		}
		return 100 * float64(c) / float64(len(xs))
	}
	eer, fnmr100, fnmr1000, fnmrZero = 100, 100, 100, 100
	for _, t := range ths {
		fmr := frac(impostor, func(s float64) bool { return s >= t })
		fnmr := frac(genuine, func(s float64) bool { return s < t })
		eer = min(eer, max(fmr, fnmr))
		if fmr <= 1 {
			fnmr100 = min(fnmr100, fnmr)
		}
		if fmr <= 0.1 {
			fnmr1000 = min(fnmr1000, fnmr)
		}
		if fmr == 0 {
			fnmrZero = min(fnmrZero, fnmr)
		}
	}
	return eer, fnmr100, fnmr1000, fnmrZero
}

func (r protocolResult) genuineScores() []float64 {
	out := make([]float64, len(r.genuine))
	for i, g := range r.genuine {
		out[i] = g.score
	}
	return out
}

func TestFVCAccuracy(t *testing.T) {
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		t.Run(name, func(t *testing.T) {
			s := loadFVC(t, name)
			r := runProtocol(&s.templates)
			eer, f100, f1000, f0 := rates(r.genuineScores(), r.impostor)
			t.Logf("%s: EER %.2f %%, FNMR@FMR1%% %.2f %%, FNMR@FMR0.1%% %.2f %%, FNMR@FMR0 %.2f %%, %.0f comparisons/s, extract %.1f ms/image",
				name, eer, f100, f1000, f0, r.perSec, float64(s.extractNs.Milliseconds())/80)
			if eer > 3 {
				t.Errorf("EER %.2f %% above the 3 %% target", eer)
			}
		})
	}
}
