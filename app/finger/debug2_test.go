package finger

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
)

func TestDebugPair(t *testing.T) {
	names := strings.Fields(os.Getenv("FPAIR"))
	if len(names) == 0 {
		t.Skip()
	}
	var imgs []*image.Gray
	var ts []*Template
	for _, n := range names {
		img := loadGrayX(t, "/work/shared/data/fingerprints/"+n+".png")
		tp, err := Extract(img, 500)
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
		ts = append(ts, tp)
	}
	w := imgs[0].Bounds().Dx()
	out := image.NewRGBA(image.Rect(0, 0, 2*w, imgs[0].Bounds().Dy()))
	for k := range 2 {
		draw.Draw(out, imgs[k].Bounds().Add(image.Pt(k*w, 0)), imgs[k], image.Point{}, draw.Src)
		for _, m := range ts[k].Minutiae {
			col := color.RGBA{255, 0, 0, 255}
			if m.Kind == KindBifurcation {
				col = color.RGBA{0, 160, 0, 255}
			}
			for d := -2; d <= 2; d++ {
				out.Set(k*w+m.X+d, m.Y, col)
				out.Set(k*w+m.X, m.Y+d, col)
			}
			for d := 0; d < 12; d++ {
				out.Set(k*w+m.X+int(float64(d)*math.Cos(m.Angle)), m.Y-int(float64(d)*math.Sin(m.Angle)), col)
			}
		}
	}
	m := Prepare(ts[0]).match(NewCandidate(ts[1]))
	t.Logf("%+v", m)
	fo, _ := os.Create("/tmp/fpair.png")
	png.Encode(fo, out)
	fo.Close()
}
