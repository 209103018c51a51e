package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestBiodataFitsAndFollowsFocus: the station fits a 1366×768 screen on every step, and
// the biodata form scrolls to keep the focused field in view as the operator types down it.
func TestBiodataFitsAndFollowsFocus(t *testing.T) {
	h := newHarness(t, withSimulators(newFakeBackend()))
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.KeyN)
	w := h.wizard()
	enter := func() { h.press(fyne.KeyReturn) }
	enter()
	h.typeText("a-017")
	enter()
	h.typeText("3313094512000001")
	enter()
	for i := 0; i < 3; i++ {
		h.press(fyne.KeySpace)
		if i < 2 {
			h.press(fyne.KeyTab)
		}
	}
	enter()
	if w.cur != stepBiodata {
		t.Fatalf("not on biodata: step %d (%q)", w.cur, w.msg.Text)
	}
	if mw := h.u.root.MinSize().Width; mw > 1366 {
		t.Fatalf("the window needs %.0f px: wider than a 1366 px screen", mw)
	}
	sc := h.u.scroll
	if sc == nil {
		t.Fatal("biodata has no scroll area")
	}
	// Enter down the form until the scroll area has to move.
	for i := 0; i < 30 && sc.Offset.Y == 0; i++ {
		enter()
	}
	if sc.Offset.Y == 0 {
		t.Fatal("the form never scrolled while the focus moved down it")
	}
	f, ok := h.focused().(fyne.CanvasObject)
	if !ok {
		t.Fatal("nothing focused")
	}
	d := h.u.app.Driver()
	top := d.AbsolutePositionForObject(f).Y - d.AbsolutePositionForObject(sc).Y
	if top < 0 || top+f.Size().Height > sc.Size().Height {
		t.Fatalf("focused field at %.0f..%.0f, viewport 0..%.0f", top, top+f.Size().Height, sc.Size().Height)
	}
}
