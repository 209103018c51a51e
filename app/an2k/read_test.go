package an2k

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/refdata"
)

// referenceFiles returns the NIST sample transactions, skipping when they are absent.
func referenceFiles(t testing.TB) map[string][]byte {
	t.Helper()
	dir := refdata.Path(t, "an2k")
	paths, err := filepath.Glob(filepath.Join(dir, "*.an2"))
	if err != nil || len(paths) == 0 {
		t.Skipf("skipping: no .an2 files in %s", dir)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}

func referenceFile(t testing.TB, name string) *Transaction {
	t.Helper()
	data, ok := referenceFiles(t)[name]
	if !ok {
		t.Skipf("skipping: reference file %s absent", name)
	}
	tr, err := Parse(data, Tolerant)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tr
}

func TestReadReferenceRoundTrip(t *testing.T) {
	for name, data := range referenceFiles(t) {
		t.Run(name, func(t *testing.T) {
			tr, err := Read(bytes.NewReader(data), Tolerant)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var out bytes.Buffer
			if err := tr.Write(&out); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if !bytes.Equal(out.Bytes(), data) {
				t.Fatalf("round trip differs: wrote %d bytes, read %d", out.Len(), len(data))
			}
			h, err := tr.Header()
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Content) != len(tr.Records)-1 || len(tr.Trailing) != 0 {
				t.Errorf("content list names %d records, read %d (+%d trailing bytes)", len(h.Content), len(tr.Records)-1, len(tr.Trailing))
			}
			for i, c := range h.Content {
				if r := tr.Records[i+1]; r.Type != c.Type {
					t.Errorf("record %d is type %d, content list says %d", i+2, r.Type, c.Type)
				}
			}
		})
	}
}

func TestStrictReportsValid18SizeMismatch(t *testing.T) {
	data, ok := referenceFiles(t)["valid1.8.an2"]
	if !ok {
		t.Skip("skipping: valid1.8.an2 absent")
	}
	tr, err := Read(bytes.NewReader(data), Strict)
	var ps Problems
	if !errors.As(err, &ps) || tr == nil {
		t.Fatalf("Strict read: got %v, want Problems and a transaction", err)
	}
	want := []string{
		"record 3 (type 14) field 14.006: declared width 1800, image is 1600",
		"record 3 (type 14) field 14.007: declared height 1000, image is 976",
		"record 4 (type 14) field 14.006: declared width 1800, image is 1600",
		"record 4 (type 14) field 14.007: declared height 1000, image is 976",
		"record 5 (type 14) field 14.006: declared width 1800, image is 1600",
		"record 5 (type 14) field 14.007: declared height 900, image is 800",
	}
	if got := strings.Split(ps.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", ps.Error(), strings.Join(want, "\n"))
	}
	if ps[0].Record != 3 || ps[0].Type != 14 || ps[0].Field != "14.006" {
		t.Errorf("first problem = %+v", ps[0])
	}
	if _, err := Read(bytes.NewReader(data), Tolerant); err != nil {
		t.Errorf("Tolerant read: %v", err)
	}
}

func TestStrictOtherReferenceFiles(t *testing.T) {
	// valid1.7 repeats 14.999 with a text value before the image; every other sample
	// except valid1.8 is clean.
	want := map[string][]string{
		"valid1.7.an2": {
			"record 3 (type 14) field 14.999: image data field is not the last field",
			"record 3 (type 14) field 14.999: field repeated",
		},
	}
	for name, data := range referenceFiles(t) {
		if name == "valid1.8.an2" {
			continue
		}
		err := Check(bytes.NewReader(data))
		var got []string
		if err != nil {
			got = strings.Split(err.Error(), "\n")
		}
		if strings.Join(got, "\n") != strings.Join(want[name], "\n") {
			t.Errorf("%s: Check = %v, want %v", name, got, want[name])
		}
	}
}

func TestReferenceTypedViews(t *testing.T) {
	face := referenceFile(t, "face_jpb_DOM_GMT_DCS.an2")
	h, err := face.Header()
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != "0400" || h.TransactionType != "NISTDAAT" || h.ControlNumber != "face1" ||
		h.Domain != (Domain{"NORAM", "7.02"}) || !h.GMT.Equal(time.Date(2005, 11, 5, 5, 25, 0, 0, time.UTC)) ||
		!h.Date.Equal(time.Date(2008, 10, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("header = %+v", h)
	}
	f, err := face.Find(10)[0].FaceImage()
	if err != nil {
		t.Fatal(err)
	}
	if f.Width != 768 || f.Height != 1024 || f.Compression != "JPEGB" || f.ColorSpace != "SRGB" ||
		f.AcquisitionProfile != 40 || f.Pose != "F" || f.ImageType != "FACE" || len(f.Data) == 0 {
		t.Errorf("face = %+v", f)
	}

	v17 := referenceFile(t, "valid1.7.an2")
	fi, err := v17.Find(14)[0].FingerImage()
	if err != nil {
		t.Fatal(err)
	}
	if fi.Positions[0] != 19 || fi.Impression != 1 || fi.Width != 388 || fi.Height != 336 || !bytes.HasPrefix(fi.Data, []byte{0xFF, 0xD8}) {
		t.Errorf("finger = %+v", fi)
	}
	if got := v17.Find(2)[0].Text(18); got != "smith,tom" {
		t.Errorf("2.018 = %q", got)
	}

	v19 := referenceFile(t, "valid1.9.an2")
	l, err := v19.Find(4)[0].LegacyFinger()
	if err != nil {
		t.Fatal(err)
	}
	if l.IDC != 1 || len(l.Positions) != 1 || l.Positions[0] != 1 || l.Width != 800 || l.Height != 800 || l.Compression != 1 {
		t.Errorf("type-4 = %+v", l)
	}
	s, err := v19.Find(8)[0].Signature()
	if err != nil {
		t.Fatal(err)
	}
	if s.IDC != 9 || s.Width != 1000 || s.Height != 375 || s.Representation != SignatureUncompressed {
		t.Errorf("type-8 = %+v", s)
	}

	vec := referenceFile(t, "sign_vec.an2")
	sv, err := vec.Find(8)[0].Signature()
	if err != nil {
		t.Fatal(err)
	}
	if vs := sv.Vectors(); len(vs) != 4 || vs[1] != (Vector{X: 0x0A00, Y: 0x0A00, Pressure: 2}) || vs[3].Pressure != 255 {
		t.Errorf("vectors = %+v", vs)
	}
}
