package finger

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
	"math"
)

func loadGrayX(t testing.TB, p string) *image.Gray {
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
	img := loadGrayX(t, filepath.Join("/work/shared/data/fingerprints", name+".png"))
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
			sx, sy := float64(f.w)/float64(ts[0].Width), float64(f.h)/float64(ts[0].Height)
			X, Y := int(float64(m.X)*sx), int(float64(m.Y)*sy)
			for k := 0; k < 10; k++ {
				out.Set(2*f.w+X+int(float64(k)*math.Cos(m.Angle)), Y-int(float64(k)*math.Sin(m.Angle)), col)
			}
			out.Set(2*f.w+X+1, Y, col)
			out.Set(2*f.w+X, Y+1, col)
			out.Set(2*f.w+X+1, Y+1, col)
		}
	}
	fo, _ := os.Create("/tmp/fdebug.png")
	png.Encode(fo, out)
	fo.Close()
	big := image.NewRGBA(image.Rect(0, 0, 2*f.w, 2*f.h))
	for y := range 2 * f.h {
		for x := range 2 * f.w {
			big.Set(x, y, out.At(2*f.w+x/2, y/2))
		}
	}
	fo, _ = os.Create("/tmp/fbig.png")
	png.Encode(fo, big)
	fo.Close()
}

func dumpScores(t *testing.T, s *fvcSet, r protocolResult) {
	fo, _ := os.Create("/tmp/scores_" + s.name + ".txt")
	defer fo.Close()
	for _, g := range r.genuine {
		a, b := s.templates[g.finger][g.i], s.templates[g.finger][g.j]
		m := Prepare(a).match(NewCandidate(b)); m.inA = m.supported
		fmt.Fprintf(fo, "G %d %d %d %d %d %d %d %d %.2f %d %d\n", g.finger, g.i, g.j, m.paired, m.inA, m.inB, m.nA, m.nB, g.score, a.Quality, b.Quality)
	}
	for f := range fvcFingers {
		for g := range fvcFingers {
			if f == g {
				continue
			}
			for i := 0; i < 8; i += 3 {
				a, b := s.templates[f][i], s.templates[g][i]
				m := Prepare(a).match(NewCandidate(b)); m.inA = m.supported
				fmt.Fprintf(fo, "I %d %d %d %d %d %d %d %d %.2f %d %d\n", f, g, i, m.paired, m.inA, m.inB, m.nA, m.nB, m.score, a.Quality, b.Quality)
			}
		}
	}
}
