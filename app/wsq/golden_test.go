package wsq

import (
	"bytes"
	"flag"
	"image"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenImage is a 96x88 pattern built with integer arithmetic only, so it is the
// same on every platform: oblique ridges whose period drifts across the image.
func goldenImage() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 96, 88))
	for y := 0; y < 88; y++ {
		for x := 0; x < 96; x++ {
			phase := (x*x/60 + 2*y + x/2) % 18
			v := 50 + 17*min(phase, 18-phase) + (x*7+y*13)%5
			img.Pix[y*img.Stride+x] = uint8(v)
		}
	}
	return img
}

// The encoder's output for a fixed image is pinned byte for byte.
func TestGoldenStream(t *testing.T) {
	path := filepath.Join("testdata", "golden_96x88.wsq")
	var buf bytes.Buffer
	if err := Encode(&buf, goldenImage(), &Options{PPI: 500, Comment: "rekam golden"}); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("encoder output (%d bytes) differs from %s (%d bytes)", buf.Len(), path, len(want))
	}
	img, err := Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	// A sanity check that the stream holds this picture (a wrong or shifted picture
	// scores under 15 dB); quality proper is measured on real prints in fvc_test.go.
	if p := psnr(goldenImage(), img); p < 25 {
		t.Errorf("golden stream decodes at %.1f dB", p)
	}
}
