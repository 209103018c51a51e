package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestScreenshots renders every step of an enrollment at 1366×768 into PNG files in the
// folder named by REKAM_UI_SHOTS, for reviewing the layout and for the documentation.
// It is skipped when the variable is not set.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("REKAM_UI_SHOTS")
	if dir == "" {
		t.Skip("set REKAM_UI_SHOTS to a folder to render the screens")
	}
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	shot := func(name string) {
		h.c.(interface{ Resize(fyne.Size) }).Resize(fyne.NewSize(1366, 768))
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.c.Capture()); err != nil {
			t.Fatal(err)
		}
	}
	shot("0-login")
	w := begin(t, h, testNIK)
	shot("2-persyaratan")
	passDocs(t, h, w)
	shot("3-biodata")
	fillBiodata(t, h, w, nil)
	h.press(fyne.KeyF5)
	shot("4-foto-wajah")
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	shot("5-tanda-tangan")
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyF5)
	shot("6-sidik-jari")
	for i := 0; i < 30 && nextFinger(w.rec, 0) != 0; i++ {
		h.press(fyne.KeyF5)
	}
	h.press(fyne.KeyPageDown)
	shot("7-pengesahan")
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	shot("8-tanda-terima")
	h.chord(fyne.KeyModifierControl, fyne.Key1)
	shot("1-beranda")
	h.chord(fyne.KeyModifierControl, fyne.Key4)
	shot("9-antrian-kirim")
	h.press(fyne.KeyF1)
	shot("10-bantuan")
}
