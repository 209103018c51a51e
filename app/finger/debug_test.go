package finger

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
	"math"
)

func loadGray(t testing.TB, p string) *image.Gray {
	fh, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	im, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := im.(*image.Gray); ok {
		return g
	}
	b := im.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x, y, im.At(x, y))
		}
	}
	return g
}

func TestDebugDump(t *testing.T) {
	if os.Getenv("FDEBUG") == "" {
		t.Skip()
	}
	name := os.Getenv("FDEBUG")
	img := loadGray(t, filepath.Join("/work/shared/data/fingerprints", name+".png"))
	st := time.Now()
	f := newField(img)
	ridge := f.enhance()
	cleanRidges(ridge, f.w, f.h, 24)
	bin := append([]bool(nil), ridge...)
	thin(ridge, f.w, f.h)
	cs := skeletonMinutiae(f, ridge)
	t.Logf("took %v, %d minutiae, fg %d", time.Since(st), len(cs), f.foregroundArea())
	out := image.NewRGBA(image.Rect(0, 0, 3*f.w, f.h))
	for y := range f.h {
		for x := range f.w {
			v := img.GrayAt(x, y).Y
			out.Set(x, y, color.Gray{v})
			if !f.fg[f.at(x, y)] {
				out.Set(x, y, color.RGBA{v / 2, v / 2, 128, 255})
			}
			if bin[y*f.w+x] {
				out.Set(x+f.w, y, color.Black)
			} else {
				out.Set(x+f.w, y, color.White)
			}
			if ridge[y*f.w+x] {
				out.Set(x+2*f.w, y, color.Black)
			} else {
				out.Set(x+2*f.w, y, color.White)
			}
		}
	}
	for _, c := range cs {
		col := color.RGBA{255, 0, 0, 255}
		if c.kind == KindBifurcation {
			col = color.RGBA{0, 160, 0, 255}
		}
		for k := -2; k <= 2; k++ {
			out.Set(2*f.w+c.x+k, c.y, col)
			out.Set(2*f.w+c.x, c.y+k, col)
		}
		for k := 0; k < 10; k++ {
			out.Set(2*f.w+c.x+int(float64(k)*math.Cos(c.angle)), c.y+int(float64(k)*math.Sin(c.angle)), col)
		}
	}
	// theirs
	iso, err := os.ReadFile(filepath.Join("/work/shared/data/fingerprints", name+".iso"))
	if err == nil {
		ts, _ := ParseISO(iso)
		for _, m := range ts[0].Minutiae {
			col := color.RGBA{255, 0, 255, 255}
			for k := 0; k < 10; k++ {
				out.Set(m.X+int(float64(k)*math.Cos(m.Angle)), m.Y-int(float64(k)*math.Sin(m.Angle)), col)
			}
		}
	}
	fo, _ := os.Create("/tmp/fdebug.png")
	png.Encode(fo, out)
	fo.Close()
}
