package finger

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rekam-id/rekam/app/refdata"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func goldenTemplate() *Template {
	return &Template{
		Width: 388, Height: 374, PPI: 500, Position: 2, Quality: 71,
		Minutiae: []Minutia{
			{X: 100, Y: 120, Angle: 0, Kind: KindEnding, Quality: 80},
			{X: 16383, Y: 0, Angle: math.Pi / 2, Kind: KindBifurcation, Quality: 100},
			{X: 0, Y: 16383, Angle: 255 * 2 * math.Pi / 256, Kind: KindOther, Quality: 0},
		},
	}
}

func TestISOGolden(t *testing.T) {
	b, err := goldenTemplate().MarshalISO()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.iso")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Fatalf("MarshalISO = % x\nwant          % x", b, want)
	}
	got, err := ReadISO(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, goldenTemplate()) {
		t.Fatalf("ReadISO = %+v\nwant %+v", got, goldenTemplate())
	}
}

func TestISOHeaderFields(t *testing.T) {
	b, err := goldenTemplate().MarshalISO()
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		at   int
		want []byte
	}{
		{"format identifier", 0, []byte("FMR\x00")},
		{"version", 4, []byte(" 20\x00")},
		{"record length", 8, []byte{0, 0, 0, byte(24 + 4 + 3*6 + 2)}},
		{"image size", 14, []byte{0x01, 0x84, 0x01, 0x76}},
		{"resolution 197 px/cm", 18, []byte{0, 197, 0, 197}},
		{"one view", 22, []byte{1, 0}},
		{"view header", 24, []byte{2, 0, 71, 3}},
		{"ending at (100,120), 0°, q80", 28, []byte{0x40, 100, 0, 120, 0, 80}},
		{"bifurcation, 90° = 64 units", 34, []byte{0xbf, 0xff, 0, 0, 64, 100}},
		{"no extended data", 46, []byte{0, 0}},
	}
	for _, c := range checks {
		if got := b[c.at : c.at+len(c.want)]; !bytes.Equal(got, c.want) {
			t.Errorf("%s: % x, want % x", c.name, got, c.want)
		}
	}
}

// TestISOFVCRoundTrip reads the other extractor's templates and writes them back byte
// for byte.
func TestISOFVCRoundTrip(t *testing.T) {
	dir := refdata.Path(t, "fingerprints/fvc2002-db1b")
	files, _ := filepath.Glob(filepath.Join(dir, "*.iso"))
	if len(files) == 0 {
		t.Skip("no ISO templates")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := ReadISO(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if tp.PPI != 500 || len(tp.Minutiae) == 0 {
			t.Fatalf("%s: ppi %d, %d minutiae", f, tp.PPI, len(tp.Minutiae))
		}
		out, err := tp.MarshalISO()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("%s: round trip differs", f)
		}
	}
}

func TestISOMalformed(t *testing.T) {
	good, _ := goldenTemplate().MarshalISO()
	cases := map[string]func([]byte) []byte{
		"empty":             func(b []byte) []byte { return nil },
		"bad magic":         func(b []byte) []byte { b[0] = 'X'; return b },
		"bad version":       func(b []byte) []byte { b[5] = '3'; return b },
		"length too big":    func(b []byte) []byte { b[11]++; return b },
		"length too small":  func(b []byte) []byte { b[11] = 10; return b },
		"no views":          func(b []byte) []byte { b[22] = 0; return b },
		"too many minutiae": func(b []byte) []byte { b[27] = 9; return b },
		"truncated":         func(b []byte) []byte { return b[:30] },
		"bad extended data": func(b []byte) []byte {
			b = append(b[:len(b)-2], 0, 4, 0, 1, 0, 9)
			b[11] += 4
			return b
		},
	}
	for name, mutate := range cases {
		b := mutate(append([]byte(nil), good...))
		if _, err := ParseISO(b); !errors.Is(err, ErrISO) {
			t.Errorf("%s: err = %v, want ErrISO", name, err)
		}
	}
}

func FuzzParseISO(f *testing.F) {
	good, _ := goldenTemplate().MarshalISO()
	f.Add(good)
	f.Add(good[:24])
	ext := append(append([]byte(nil), good[:len(good)-2]...), 0, 6, 0, 1, 0, 6, 0xaa, 0xbb)
	ext[11] += 6
	f.Add(ext)
	if b, err := os.ReadFile(filepath.Join("testdata", "golden.iso")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, err := ParseISO(b)
		if err != nil {
			return
		}
		for _, tp := range ts {
			out, err := tp.MarshalISO()
			if err != nil {
				t.Fatalf("re-marshal: %v", err)
			}
			back, err := ParseISO(out)
			if err != nil {
				t.Fatalf("re-parse: %v", err)
			}
			if !reflect.DeepEqual(back[0], tp) {
				t.Fatalf("round trip changed the template: %+v vs %+v", back[0], tp)
			}
		}
	})
}
