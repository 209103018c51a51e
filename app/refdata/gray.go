package refdata

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
)

// Fataler is the part of testing.TB that Gray needs.
type Fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Gray reads the PNG at path (a reference fingerprint, usually from Path) as 8-bit
// grayscale, converting other colour models, and fails the test or benchmark when it
// cannot.
func Gray(t Fataler, path string) *image.Gray {
	t.Helper()
	g, err := readGray(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return g
}

func readGray(path string) (*image.Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	if g, ok := img.(*image.Gray); ok {
		return g, nil
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g, nil
}
