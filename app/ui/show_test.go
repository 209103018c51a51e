package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestShowingAScreenAgainStopsItsOldPreviews guards against previews (and the home
// screen's ticker) left running when a screen is rebuilt.
func TestShowingAScreenAgainStopsItsOldPreviews(t *testing.T) {
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.Key1)
	first := h.u.home.stopTick
	h.chord(fyne.KeyModifierControl, fyne.Key1)
	select {
	case <-first:
	default:
		t.Fatal("the first ticker of the home screen still runs")
	}
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	fillBiodata(t, h, w, nil)
	old := w.steps[stepFace].(*faceStep).live
	h.chord(fyne.KeyModifierControl, fyne.KeyN) // the same enrollment, shown again
	if !old.stopped {
		t.Fatal("the old camera preview still runs")
	}
	if cur := w.steps[stepFace].(*faceStep).live; cur == old || cur.stopped {
		t.Fatal("the face step did not restart its preview")
	}
}
