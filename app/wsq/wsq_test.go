package wsq

import (
	"bytes"
	"errors"
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// synthetic draws a fingerprint-like test pattern: curved ridges with a slow
// brightness gradient and a little noise, deterministic for a given size.
func synthetic(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	cx, cy := float64(w)/2, float64(h)*0.6
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r := math.Hypot(float64(x)-cx, (float64(y)-cy)*1.3)
			v := 128 + 90*math.Sin(r/2.2) - 30*float64(y)/float64(h) + rng.Float64()*12
			img.Pix[y*img.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	return img
}

func encode(t *testing.T, img *image.Gray, o *Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, img, o); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return buf.Bytes()
}

func TestRoundTripSizes(t *testing.T) {
	for _, sz := range [][2]int{{81, 81}, {82, 97}, {127, 200}, {388, 374}, {1023, 85}} {
		img := synthetic(sz[0], sz[1])
		data := encode(t, img, &Options{Bitrate: 2.25})
		got, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%v: decode: %v", sz, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("%v: decoded bounds %v", sz, got.Bounds())
		}
		if p := psnr(img, got); p < 30 {
			t.Errorf("%v: PSNR %.1f dB at 2.25 bpp, want >= 30", sz, p)
		}
	}
}

// Higher bit rates must cost bytes and buy quality.
func TestBitrateControlsSize(t *testing.T) {
	img := synthetic(256, 256)
	var lastSize int
	var lastPSNR float64
	for _, r := range []float64{0.25, 0.75, 2, 4} {
		data := encode(t, img, &Options{Bitrate: r})
		got, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		p := psnr(img, got)
		if len(data) <= lastSize || p <= lastPSNR {
			t.Errorf("bit rate %g: %d bytes, %.2f dB; previous %d bytes, %.2f dB", r, len(data), p, lastSize, lastPSNR)
		}
		lastSize, lastPSNR = len(data), p
	}
}

// Images below MinInteropDimension still round-trip through this package.
func TestSmallImages(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {7, 5}, {16, 33}, {64, 64}, {80, 80}} {
		img := synthetic(sz[0], sz[1])
		got, err := Decode(bytes.NewReader(encode(t, img, &Options{Bitrate: 4})))
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("%v: bounds %v", sz, got.Bounds())
		}
		// With so few coefficients the rate model spends little; ask for a
		// recognisable picture, not for fingerprint quality.
		if p := psnr(img, got); p < 20 {
			t.Errorf("%v: PSNR %.1f dB at 4 bpp", sz, p)
		}
	}
}

func TestSubImage(t *testing.T) {
	img := synthetic(150, 140)
	sub := img.SubImage(image.Rect(10, 20, 110, 110)).(*image.Gray)
	got, err := Decode(bytes.NewReader(encode(t, sub, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != image.Rect(0, 0, 100, 90) {
		t.Fatalf("bounds %v", got.Bounds())
	}
	want := image.NewGray(image.Rect(0, 0, 100, 90))
	for y := 0; y < 90; y++ {
		copy(want.Pix[y*100:(y+1)*100], sub.Pix[y*sub.Stride:])
	}
	if p := psnr(want, got); p < 30 {
		t.Errorf("sub-image PSNR %.1f dB", p)
	}
}

func TestUniformImage(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 90, 100))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	got, err := Decode(bytes.NewReader(encode(t, img, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got.Pix {
		if p != 200 {
			t.Fatalf("pixel %d = %d, want 200", i, p)
		}
	}
}

func TestInfoAndComments(t *testing.T) {
	data := encode(t, synthetic(120, 95), &Options{PPI: 500, Comment: "rekam test"})
	info, err := DecodeInfo(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if info.Width != 120 || info.Height != 95 || info.PPI != 500 {
		t.Errorf("info = %+v", info)
	}
	if len(info.Comments) != 2 || !strings.HasPrefix(info.Comments[0], "NIST_COM 9\n") || info.Comments[1] != "rekam test" {
		t.Errorf("comments = %q", info.Comments)
	}
	for _, f := range []string{"PIX_WIDTH 120", "PIX_HEIGHT 95", "PIX_DEPTH 8", "PPI 500", "LOSSY 1", "COLORSPACE GRAY", "COMPRESSION WSQ", "WSQ_BITRATE 0.750000"} {
		if !strings.Contains(info.Comments[0], f+"\n") {
			t.Errorf("NIST_COM lacks %q", f)
		}
	}
	noPPI, err := DecodeInfo(bytes.NewReader(encode(t, synthetic(90, 90), nil)))
	if err != nil || noPPI.PPI != 0 {
		t.Errorf("without PPI: %+v, %v", noPPI, err)
	}
}

func TestRegisteredFormat(t *testing.T) {
	data := encode(t, synthetic(100, 90), nil)
	img, name, err := image.Decode(bytes.NewReader(data))
	if err != nil || name != "wsq" || img.Bounds().Dx() != 100 {
		t.Fatalf("image.Decode: %v, %q, %v", img.Bounds(), name, err)
	}
	cfg, name, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || name != "wsq" || cfg.Width != 100 || cfg.Height != 90 {
		t.Fatalf("image.DecodeConfig: %+v, %q, %v", cfg, name, err)
	}
}

func TestEncodeRejects(t *testing.T) {
	img := synthetic(100, 100)
	for name, tc := range map[string]struct {
		img *image.Gray
		o   *Options
	}{
		"nil image":     {nil, nil},
		"empty image":   {image.NewGray(image.Rect(0, 0, 0, 5)), nil},
		"too wide":      {image.NewGray(image.Rect(0, 0, MaxDimension+1, 1)), nil},
		"negative rate": {img, &Options{Bitrate: -1}},
		"huge rate":     {img, &Options{Bitrate: 9}},
		"long comment":  {img, &Options{Comment: strings.Repeat("x", 70000)}},
	} {
		if err := Encode(&bytes.Buffer{}, tc.img, tc.o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	good := encode(t, synthetic(96, 88), nil)
	// A frame header claiming 10000x10000 pixels in a tiny stream.
	huge := append([]byte(nil), good...)
	sof := bytes.Index(huge, []byte{0xFF, 0xA2})
	huge[sof+6], huge[sof+7], huge[sof+8], huge[sof+9] = 0x27, 0x10, 0x27, 0x10
	for name, data := range map[string][]byte{
		"empty":        nil,
		"not wsq":      []byte("\x89PNG\r\n\x1a\n"),
		"only SOI":     {0xFF, 0xA0},
		"no EOI":       good[:len(good)-2],
		"half":         good[:len(good)/2],
		"header only":  good[:sof+19],
		"huge claimed": huge,
		"bad marker":   append(append([]byte(nil), good[:2]...), 0x12, 0x34),
	} {
		_, err := Decode(bytes.NewReader(data))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", name, err)
		}
	}
}
