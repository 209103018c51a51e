package wsq

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"testing"

	gowsq "github.com/jtejido/go-wsq"

	"github.com/rekam-id/rekam/app/refdata"
)

// wsqStreams finds the WSQ streams embedded in a file: each starts at an SOI marker
// followed by another WSQ marker and runs to the end of the file (decoders stop at
// EOI). This avoids depending on an ANSI/NIST parser.
func wsqStreams(data []byte) [][]byte {
	var out [][]byte
	for i := 0; i+3 < len(data); i++ {
		if data[i] == 0xFF && data[i+1] == 0xA0 && data[i+2] == 0xFF && data[i+3] >= 0xA2 && data[i+3] <= 0xA8 {
			out = append(out, data[i:])
		}
	}
	return out
}

// oracleDecode decodes with the independent decoder (github.com/jtejido/go-wsq),
// whose output matches NIST's reference decoder.
func oracleDecode(t *testing.T, stream []byte) *image.Gray {
	t.Helper()
	img, err := gowsq.Decode(bytes.NewReader(stream))
	if err != nil {
		t.Fatalf("independent decoder: %v", err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("independent decoder returned %T", img)
	}
	return g
}

func countDiffs(a, b *image.Gray) (n, worst int) {
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		if d != 0 {
			n++
			worst = max(worst, d, -d)
		}
	}
	return n, worst
}

func TestDecodeMatchesIndependentDecoder(t *testing.T) {
	path := refdata.Path(t, "an2k/valid1.8.an2")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	streams := wsqStreams(data)
	if len(streams) != 3 {
		t.Fatalf("found %d WSQ streams in %s, want 3", len(streams), filepath.Base(path))
	}
	for i, s := range streams {
		got, err := Decode(bytes.NewReader(s))
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		want := oracleDecode(t, s)
		if got.Bounds() != want.Bounds() {
			t.Fatalf("stream %d: bounds %v, independent decoder %v", i, got.Bounds(), want.Bounds())
		}
		if n, worst := countDiffs(got, want); n != 0 {
			t.Errorf("stream %d (%v): %d pixels differ (worst by %d)", i, got.Bounds().Size(), n, worst)
		}
		info, err := DecodeInfo(bytes.NewReader(s))
		if err != nil || info.Width != got.Bounds().Dx() || info.Height != got.Bounds().Dy() {
			t.Errorf("stream %d: DecodeInfo = %+v, %v", i, info, err)
		}
	}
}

// Our streams must decode with the independent decoder to exactly our pixels.
func TestEncodedStreamsDecodeIndependently(t *testing.T) {
	cases := map[string]*image.Gray{
		"synthetic 81x81":   synthetic(81, 81),
		"synthetic 101x82":  synthetic(101, 82),
		"synthetic 333x517": synthetic(333, 517),
	}
	if dir, err := refdata.Dir(); err == nil {
		for _, name := range []string{"fvc2002-db1b/101_1.png", "fvc2002-db1b/110_8.png", "fvc2002-db2b/105_3.png"} {
			cases[name] = refdata.Gray(t, filepath.Join(dir, "fingerprints", name))
		}
	}
	for name, img := range cases {
		for _, rate := range []float64{0.75, 2.5} {
			stream := encode(t, img, &Options{Bitrate: rate, PPI: 500, Comment: "oracle"})
			ours, err := Decode(bytes.NewReader(stream))
			if err != nil {
				t.Fatalf("%s at %g bpp: %v", name, rate, err)
			}
			theirs := oracleDecode(t, stream)
			if ours.Bounds() != theirs.Bounds() {
				t.Fatalf("%s: bounds %v vs %v", name, ours.Bounds(), theirs.Bounds())
			}
			if n, worst := countDiffs(ours, theirs); n != 0 {
				t.Errorf("%s at %g bpp: %d pixels differ (worst by %d)", name, rate, n, worst)
			}
		}
	}
}
