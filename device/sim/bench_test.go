package sim

import (
	"context"
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

// BenchmarkCameraPreview counts the frames the camera delivers to a reader that keeps
// up, showing the face photo when the reference data is there; it fails below 15
// frames per second.
func BenchmarkCameraPreview(b *testing.B) {
	cam := NewCamera(CameraOptions{Face: loadFace(b)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := cam.Preview(ctx)
	if err != nil {
		b.Fatal(err)
	}
	<-ch
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		<-ch
	}
	fps := float64(b.N) / time.Since(start).Seconds()
	b.ReportMetric(fps, "sim.camera_preview_per_s")
	if b.N >= 15 && fps < 15 {
		b.Errorf("camera preview at %.1f frames/s, want at least 15", fps)
	}
}
