package ui

import (
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
)

func shot(t *testing.T, h *harness, name string) {
	h.c.(interface{ Resize(fyne.Size) }).Resize(fyne.NewSize(1366, 768))
	img := h.c.Capture()
	f, _ := os.Create("/tmp/shot-" + name + ".png")
	png.Encode(f, img)
	f.Close()
}

func TestZZShots(t *testing.T) {
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	shot(t, h, "0login")
	w := begin(t, h, testNIK)
	shot(t, h, "2docs")
	passDocs(t, h, w)
	shot(t, h, "3bio")
	fillBiodata(t, h, w, nil)
	h.press(fyne.KeyF5)
	shot(t, h, "4face")
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	shot(t, h, "5sig")
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyF5)
	shot(t, h, "6fingers")
	for i := 0; i < 30 && nextFinger(w.rec, 0) != 0; i++ {
		h.press(fyne.KeyF5)
	}
	h.press(fyne.KeyPageDown)
	shot(t, h, "7signoff")
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	shot(t, h, "8receipt")
	h.chord(fyne.KeyModifierControl, fyne.Key1)
	shot(t, h, "1home")
}
