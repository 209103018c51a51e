package face

import (
	"image"
	"testing"
)

func TestCalibrate2(t *testing.T) {
	m := mugshot(t)
	show := func(name string, img image.Image) {
		fs, _ := Detect(img)
		if len(fs) == 0 {
			t.Logf("%s: none", name)
			return
		}
		p := lumaOf(img)
		f := fs[0]
		t.Logf("%s: score %.0f luma %.1f sharp %.1f eyes %v", name, f.Score, meanLuma(p, innerFace(f.Box)), sharpness(p, f.Box), f.EyesFound)
	}
	show("mugshot", m)
	show("small", resize(m, 384, 512))
	for _, r := range []int{1, 2, 3, 4, 6} {
		show("blur", blur(m, r))
	}
	for _, l := range []float64{0.2, 0.3, 0.4, 0.5, 1.5, 1.8, 2.2, 3} {
		show("light", scaleLight(m, l))
	}
}

func TestCalibrate3(t *testing.T) {
	m := mugshot(t)
	for _, l := range Check(m, 1990, true).Lines() {
		t.Log(l)
	}
}
