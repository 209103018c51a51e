package finger

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/refdata"
)

func BenchmarkQuality(b *testing.B) {
	img := refdata.Gray(b, filepath.Join(refdata.Path(b, "fingerprints/fvc2002-db1b"), "101_1.png"))
	start := time.Now()
	for b.Loop() {
		Quality(img)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "finger.quality_ms")
}

func BenchmarkExtract(b *testing.B) {
	img := refdata.Gray(b, filepath.Join(refdata.Path(b, "fingerprints/fvc2002-db1b"), "101_1.png"))
	start := time.Now()
	for b.Loop() {
		if _, err := Extract(img, 500); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "finger.extract_ms")
}

// BenchmarkCompare measures prepared one-to-one comparisons on one core: one probe
// against every DB1_B template, genuine and impostor alike.
func BenchmarkCompare(b *testing.B) {
	s := loadFVC(b, "fvc2002-db1b")
	var cands []*Candidate
	for f := range fvcFingers {
		for i := range fvcImpressions {
			cands = append(cands, NewCandidate(s.templates[f][i]))
		}
	}
	probe := Prepare(s.templates[0][0])
	b.ResetTimer()
	start := time.Now()
	n := 0
	for b.Loop() {
		for _, c := range cands {
			probe.Compare(c)
		}
		n += len(cands)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "finger.comparisons_per_s_core")
}

func benchmarkEER(b *testing.B, name, metric string) {
	s := loadFVC(b, name)
	var eer float64
	for b.Loop() {
		r := runProtocol(&s.templates)
		eer, _, _, _ = rates(r.genuineScores(), r.impostor)
	}
	b.ReportMetric(eer, metric)
}

func BenchmarkEERDB1B(b *testing.B) { benchmarkEER(b, "fvc2002-db1b", "finger.eer_db1b_pct") }
func BenchmarkEERDB2B(b *testing.B) { benchmarkEER(b, "fvc2002-db2b", "finger.eer_db2b_pct") }
