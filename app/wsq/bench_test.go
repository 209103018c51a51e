package wsq

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/refdata"
)

// benchImage is a 388x374 image of FVC 2002 DB1.
func benchImage(b *testing.B) string {
	return filepath.Join(refdata.Path(b, "fingerprints/fvc2002-db1b"), "101_1.png")
}

func BenchmarkEncode388x374(b *testing.B) {
	img := refdata.Gray(b, benchImage(b))
	if s := img.Bounds().Size(); s.X != 388 || s.Y != 374 {
		b.Fatalf("benchmark image is %v, want 388x374", s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := Encode(io.Discard, img, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "wsq.encode_388x374_ms")
}

func BenchmarkDecode388x374(b *testing.B) {
	img := refdata.Gray(b, benchImage(b))
	var buf bytes.Buffer
	if err := Encode(&buf, img, nil); err != nil {
		b.Fatal(err)
	}
	stream := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(bytes.NewReader(stream)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "wsq.decode_388x374_ms")
}

// BenchmarkFVCQuality reports the mean compression ratio and mean PSNR over the 160
// FVC 2002 DB1/DB2 "B" images at the default bit rate.
func BenchmarkFVCQuality(b *testing.B) {
	images := fvcImages(b)
	b.ResetTimer()
	var ratio, p float64
	for i := 0; i < b.N; i++ {
		ratio, _, p = fvcStats(b, images)
	}
	b.ReportMetric(ratio, "wsq.ratio_fvc")
	b.ReportMetric(p, "wsq.psnr_fvc_db")
}
