package face

import (
	"fmt"
	"image"
	"image/color"
	"testing"
)

func TestCalibrate(t *testing.T) {
	m := mugshot(t)
	c, _ := loadCascades()
	d := DefaultDetector()
	d.MinScore = 0
	show := func(name string, img image.Image) {
		fs := d.detectPlane(c, lumaOf(img), img.Bounds().Min)
		t.Logf("%s: %d", name, len(fs))
		for _, f := range fs {
			t.Logf("   %+v dist %.1f roll %.1f", f, f.EyeDistance(), f.Roll())
		}
	}
	show("mugshot", m)
	show("gradient", gradient(768, 1024))
	for s := uint64(1); s < 4; s++ {
		show("noise", noise(768, 1024, s))
	}
	small := resize(m, 384, 512)
	show("small", small)
	show("two", sideBySide(small, small, color.Gray{128}))
	show("tiny", resize(m, 192, 256))
	show("shirt", m.(interface{ SubImage(image.Rectangle) image.Image }).SubImage(image.Rect(0, 700, 768, 1024)))
}

func init() { debugf = func(f string, a ...any) { println(fmt.Sprintf(f, a...)) } }
