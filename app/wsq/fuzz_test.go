package wsq

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder: it must return an image or an
// error, never panic, and never decode an image its headers did not announce.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := Encode(&buf, goldenImage(), &Options{PPI: 500}); err != nil {
		f.Fatal(err)
	}
	valid := buf.Bytes()
	f.Add(valid)
	f.Add(valid[:len(valid)/3])
	f.Add(valid[:len(valid)-2])
	f.Add([]byte{0xFF, 0xA0, 0xFF, 0xA1})
	f.Add([]byte{0xFF, 0xA0, 0xFF, 0xA2, 0x00, 0x11, 0x00, 0xFF, 0x27, 0x10, 0x27, 0x10})
	if golden, err := os.ReadFile(filepath.Join("testdata", "golden_96x88.wsq")); err == nil {
		f.Add(golden)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(bytes.NewReader(data))
		info, infoErr := DecodeInfo(bytes.NewReader(data))
		if err != nil {
			return
		}
		if infoErr != nil {
			t.Fatalf("Decode succeeded but DecodeInfo failed: %v", infoErr)
		}
		if b := img.Bounds(); b.Dx() != info.Width || b.Dy() != info.Height {
			t.Fatalf("decoded %v, headers say %dx%d", b, info.Width, info.Height)
		}
	})
}
