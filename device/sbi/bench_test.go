package sbi

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// BenchmarkCaptureRoundtrip measures one single-finger registration capture against the
// in-process mock over loopback HTTP: request, device-side record and signature,
// reply, signature and chain verification, ISO record and PNG decode (320×400 finger).
// Budget sbi.capture_roundtrip_ms ≤ 200.
func BenchmarkCaptureRoundtrip(b *testing.B) {
	svc := startMock(b, sbitest.Options{})
	s := scanner(b, testConfig(b), svc)
	ctx := context.Background()
	if _, err := s.Capture(ctx, enroll.RightIndex, 40); err != nil { // warm the mock's image cache
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, err := s.Capture(ctx, enroll.RightIndex, 40); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "sbi.capture_roundtrip_ms")
}
