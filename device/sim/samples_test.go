package sim

import (
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

var samplesOut = flag.String("out", "", "write the synthetic finger grid PNG to this file (TestWriteSamples)")

// TestWriteSamples writes, for the README, a grid of synthetic fingers (columns: arch,
// tented arch, left loop, right loop, whorl) by impressions (rows). It runs only when
// -out is given:
//
//	go test ./device/sim -run TestWriteSamples -args -out ../../docs/img/synthetic-fingers.png
func TestWriteSamples(t *testing.T) {
	if *samplesOut == "" {
		t.Skip("no -out given")
	}
	g := NewFingerGenerator(FingerOptions{})
	w, h := g.Size()
	// One finger of each pattern class, the first found among numbered identities.
	type finger struct {
		id  string
		pos enroll.FingerPosition
	}
	var fingers []finger
	for _, want := range []patternClass{classArch, classTentedArch, classLeftLoop, classRightLoop, classWhorl} {
		for i := 0; ; i++ {
			f := finger{fmt.Sprintf("sample-%d", i), enroll.AllFingers[i%10]}
			if g.class(f.id, f.pos) == want {
				fingers = append(fingers, f)
				break
			}
		}
	}
	const impressions = 2
	const gap = 8
	grid := image.NewGray(image.Rect(0, 0, len(fingers)*(w+gap)-gap, impressions*(h+gap)-gap))
	draw.Draw(grid, grid.Bounds(), image.White, image.Point{}, draw.Src)
	for c, f := range fingers {
		for r := 0; r < impressions; r++ {
			img := g.Impression(f.id, f.pos, r)
			at := image.Pt(c*(w+gap), r*(h+gap))
			draw.Draw(grid, img.Bounds().Add(at), img, image.Point{}, draw.Src)
		}
		t.Logf("column %d: %s %v, %v", c, f.id, f.pos, g.class(f.id, f.pos))
	}
	out, err := os.Create(*samplesOut)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, grid); err != nil {
		t.Fatal(fmt.Errorf("write %s: %w", *samplesOut, err))
	}
}
