package face

import (
	"testing"
	"time"
)

// BenchmarkDetect measures face.detect_ms: finding the face and both pupils in the
// 768×1024 NIST mugshot (already decoded, as the camera hands it over).
func BenchmarkDetect(b *testing.B) {
	img := mugshot(b)
	if _, err := Detect(img); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		faces, err := Detect(img)
		if err != nil || len(faces) != 1 {
			b.Fatalf("Detect: %d faces, %v", len(faces), err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "face.detect_ms")
}

// BenchmarkCheck measures the whole photo check of the mugshot (detection, crop frame,
// exposure, sharpness and backdrop).
func BenchmarkCheck(b *testing.B) {
	img := mugshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := Check(img, 1990, true); len(r.Faces) != 1 {
			b.Fatalf("Check found %d faces", len(r.Faces))
		}
	}
}
