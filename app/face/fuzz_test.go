package face

import (
	"image"
	"strings"
	"testing"
)

// FuzzCheck feeds arbitrary small images (two size bytes, then RGB triples, repeated to
// fill) through the whole check: it must never panic, and its report must be consistent.
func FuzzCheck(f *testing.F) {
	f.Add([]byte{0, 0})
	f.Add([]byte{2, 3, 255, 0, 0})
	f.Add([]byte{63, 63, 200, 20, 30, 10, 10, 10, 240, 240, 240})
	f.Add([]byte{40, 60, 0, 128, 255, 255, 128, 0, 12, 34, 56, 78, 90})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		w, h := 1+int(data[0]%96), 1+int(data[1]%96)
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		px := data[2:]
		for i := 0; i < w*h && len(px) >= 3; i++ {
			j := 3 * (i % (len(px) / 3))
			img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = px[j], px[j+1], px[j+2], 255
		}
		year := int(data[0])<<4 | int(data[1])
		r := Check(img, year, data[0]%2 == 0)
		if len(r.Faces) == 0 && !r.Has(NoFace) {
			t.Errorf("no face but issues %v", codes(r))
		}
		if len(r.Faces) > 0 && !r.Portrait.Empty() && !r.Portrait.In(img.Bounds()) {
			t.Errorf("portrait %v outside %v", r.Portrait, img.Bounds())
		}
		lines := r.Lines()
		if !strings.HasPrefix(lines[len(lines)-1], "result: ") {
			t.Errorf("last line %q", lines[len(lines)-1])
		}
	})
}

// FuzzClassifyColour: every colour falls in exactly one of red, blue, orange or other.
func FuzzClassifyColour(f *testing.F) {
	f.Add(uint8(255), uint8(0), uint8(0))
	f.Add(uint8(0), uint8(0), uint8(255))
	f.Add(uint8(255), uint8(165), uint8(0))
	f.Add(uint8(128), uint8(128), uint8(128))
	f.Fuzz(func(t *testing.T, r, g, b uint8) {
		switch c := classifyColour(r, g, b); c {
		case BackgroundRed, BackgroundBlue, BackgroundOrange, BackgroundOther:
		default:
			t.Errorf("classifyColour(%d, %d, %d) = %s", r, g, b, c)
		}
		if r == g && g == b && classifyColour(r, g, b) != BackgroundOther {
			t.Errorf("grey %d classified as a colour", r)
		}
	})
}
