package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// BenchmarkFingerGenerate measures one impression of a finger never seen before: the
// master is grown and the impression rendered (budget sim.finger_generate_ms ≤ 50).
func BenchmarkFingerGenerate(b *testing.B) {
	g := NewFingerGenerator(FingerOptions{CacheSize: 1})
	gaborBank()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		g.Impression(fmt.Sprintf("bench-%d", i), enroll.AllFingers[i%10], 0)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "sim.finger_generate_ms")
}

// BenchmarkFingerImpression measures one impression of a finger whose master is cached.
func BenchmarkFingerImpression(b *testing.B) {
	g := NewFingerGenerator(FingerOptions{})
	g.Impression("bench", enroll.RightIndex, 0)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		g.Impression("bench", enroll.RightIndex, i+1)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "sim.finger_impression_ms")
}
