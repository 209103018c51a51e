package wsq

import (
	"bytes"
	"image"
	"math"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rekam-id/rekam/app/refdata"
)

// fvcSets are the FVC 2002 "B" databases used for the rate/quality checks.
var fvcSets = []string{"fingerprints/fvc2002-db1b", "fingerprints/fvc2002-db2b"}

// fvcImages loads every FVC image, or skips when the reference data is absent.
func fvcImages(tb testing.TB) map[string]*image.Gray {
	tb.Helper()
	out := map[string]*image.Gray{}
	for _, set := range fvcSets {
		dir := refdata.Path(tb, set)
		paths, err := filepath.Glob(filepath.Join(dir, "*.png"))
		if err != nil {
			tb.Fatal(err)
		}
		sort.Strings(paths)
		for _, p := range paths {
			out[filepath.Join(filepath.Base(dir), filepath.Base(p))] = refdata.Gray(tb, p)
		}
	}
	return out
}

func psnr(a, b *image.Gray) float64 {
	var se float64
	for y := 0; y < a.Bounds().Dy(); y++ {
		ra := a.Pix[y*a.Stride : y*a.Stride+a.Bounds().Dx()]
		rb := b.Pix[y*b.Stride : y*b.Stride+b.Bounds().Dx()]
		for x := range ra {
			d := float64(ra[x]) - float64(rb[x])
			se += d * d
		}
	}
	mse := se / float64(a.Bounds().Dx()*a.Bounds().Dy())
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/mse)
}

// fvcStats encodes and decodes every FVC image at the default bit rate and returns
// the mean compression ratio, the smallest ratio and the mean PSNR.
func fvcStats(tb testing.TB, images map[string]*image.Gray) (meanRatio, minRatio, meanPSNR float64) {
	minRatio = math.Inf(1)
	var buf bytes.Buffer
	for name, img := range images {
		buf.Reset()
		if err := Encode(&buf, img, &Options{PPI: 500}); err != nil {
			tb.Fatalf("%s: encode: %v", name, err)
		}
		ratio := float64(len(img.Pix)) / float64(buf.Len())
		dec, err := Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			tb.Fatalf("%s: decode: %v", name, err)
		}
		p := psnr(img, dec)
		meanRatio += ratio
		meanPSNR += p
		minRatio = math.Min(minRatio, ratio)
	}
	n := float64(len(images))
	return meanRatio / n, minRatio, meanPSNR / n
}

func TestFVCRateAndQuality(t *testing.T) {
	images := fvcImages(t)
	if len(images) != 160 {
		t.Fatalf("found %d FVC images, want 160", len(images))
	}
	meanRatio, minRatio, meanPSNR := fvcStats(t, images)
	t.Logf("FVC at %.2f bpp: mean ratio %.2f:1, min ratio %.2f:1, mean PSNR %.2f dB", DefaultBitrate, meanRatio, minRatio, meanPSNR)
	if minRatio < 12 {
		t.Errorf("smallest compression ratio %.2f:1, want >= 12:1", minRatio)
	}
	if meanPSNR < 30 {
		t.Errorf("mean PSNR %.2f dB, want >= 30 dB", meanPSNR)
	}
}
