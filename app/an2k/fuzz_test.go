package an2k

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// allocBound is the most Parse may allocate for an input of n bytes: field values
// alias the input, so only the field index grows with it.
func allocBound(n int) uint64 { return uint64(32*n + 64<<10) }

// parseAlloc parses data and returns the bytes allocated meanwhile.
func parseAlloc(data []byte) (*Transaction, error, uint64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tr, err := Parse(data, Tolerant)
	runtime.ReadMemStats(&after)
	return tr, err, after.TotalAlloc - before.TotalAlloc
}

// hostileInputs are small transactions whose length fields lie.
func hostileInputs() map[string][]byte {
	binLen := func(n uint32) []byte {
		b := []byte("1.001:36\x1d1.002:0502\x1d1.003:1\x1f1\x1e4\x1f01\x1c")
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], n)
		return append(append(b, l[:]...), make([]byte, 14)...)
	}
	return map[string][]byte{
		"binary LEN 4 GiB":      binLen(0xFFFFFFFF),
		"binary LEN too small":  binLen(3),
		"tagged LEN huge":       []byte("1.001:999999999\x1d1.002:0502\x1d1.003:1\x1f0\x1c"),
		"tagged LEN no FS":      []byte("1.001:30\x1d1.002:0502\x1d1.003:1\x1f1\x1e14\x1f01\x1c14.001:999999\x1d14.999:\xff\xa0\x00"),
		"content list repeated": bytes.Repeat([]byte("1.001:9\x1e"), 50),
		"many empty fields":     append([]byte("1.001:0"), append(bytes.Repeat([]byte("\x1d1.1:"), 2000), FS)...),
		"data then garbage":     []byte("1.001:12\x1d1.002:\x1c\x00\x00\x00"),
	}
}

func TestHostileLengthsBoundedMemory(t *testing.T) {
	for name, data := range hostileInputs() {
		tr, err, alloc := parseAlloc(data)
		if alloc > allocBound(len(data)) {
			t.Errorf("%s: allocated %d bytes for %d input bytes", name, alloc, len(data))
		}
		if err == nil {
			if out, werr := tr.Bytes(); werr != nil || !bytes.Equal(out, data) {
				t.Errorf("%s: parsed but does not round-trip (%v)", name, werr)
			}
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v is not a *SyntaxError", name, err)
		}
	}
	if _, err := Parse(hostileInputs()["binary LEN 4 GiB"], Tolerant); err == nil {
		t.Error("a 4 GiB binary LEN in a 53-byte input was accepted")
	}
	// A LEN that overshoots is recovered from the FS in Tolerant mode, and reported.
	tr, err := Parse(hostileInputs()["tagged LEN huge"], Tolerant)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Check(); len(got) == 0 || got[0].Field != "1.001" {
		t.Errorf("Check = %v, want a LEN problem first", got)
	}
}

func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "packet.an2")); err == nil {
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:300])
	}
	for _, b := range hostileInputs() {
		f.Add(b)
	}
	f.Add([]byte("1.001:18\x1d1.003:1\x1f0\x1c"))
	f.Add([]byte("1.01:40\x1d1.02:0201\x1d1.03:1\x1f1\x1e2\x1f00\x1c2.001:14\x1d2.002:00\x1c"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err, alloc := parseAlloc(data)
		if alloc > allocBound(len(data)) {
			t.Fatalf("Parse allocated %d bytes for %d input bytes", alloc, len(data))
		}
		if err != nil {
			return
		}
		out, err := tr.Bytes()
		if err != nil {
			t.Fatalf("parsed input does not encode: %v", err)
		}
		if !bytes.Equal(out, data) {
			t.Fatalf("round trip differs")
		}
		_ = tr.Check()
		if err := tr.Dump(io.Discard); err != nil {
			t.Fatal(err)
		}
		_, _ = tr.Header()
		for _, r := range tr.Records {
			_, _ = r.FingerImage()
			_, _ = r.FaceImage()
			_, _ = r.LegacyFinger()
			if s, err := r.Signature(); err == nil {
				_ = s.Vectors()
			}
		}
	})
}
