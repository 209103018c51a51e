package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// TestSignOffFingerprintDuplicateNeedsSupervisor: fingers that match another record at
// this station stop the sign-off until a supervisor approves, naming the other record.
func TestSignOffFingerprintDuplicateNeedsSupervisor(t *testing.T) {
	b := withSimulators(newFakeBackend()).withDuplicates(enroll.DuplicateHit{RecordID: "OLD9", Fingers: 4, Score: 80})
	ctx := context.Background()
	old := enrolltest.Fixture("OLD9", "3313091512990001", "JOKO SUSILO", testStart.Add(-48*time.Hour), 1000)
	enrolltest.Sign(old, old.Times.Arrived.Add(9*time.Minute))
	if _, err := b.repo.Commit(ctx, old, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, b)
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	fillBiodata(t, h, w, nil)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyPageDown)
	for i := 0; i < 30 && nextFinger(w.rec, 0) != 0; i++ {
		h.press(fyne.KeyF5)
	}
	h.press(fyne.KeyPageDown)
	s := w.steps[stepSignOff].(*signOffStep)
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	if w.finished || !s.appr.box.Visible() {
		t.Fatalf("a fingerprint duplicate was signed off: %q", w.msg.Text)
	}
	h.mustSee("JOKO SUSILO · NIK 3313091512990001 · Sudah rekam: 4 jari cocok")
	h.typeText("sup1")
	h.press(fyne.KeyReturn)
	h.typeText("atasan")
	h.press(fyne.KeyReturn)
	h.typeText("kembar identik")
	h.press(fyne.KeyReturn)
	if h.focused() != s.pass {
		t.Fatalf("after the approval the focus is on %T", h.focused())
	}
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	if !w.finished {
		t.Fatalf("not signed off after the approval: %q", w.msg.Text)
	}
	r, err := b.repo.Get(ctx, w.rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, o := range r.Overrides {
		found = found || o.Kind == enroll.OverrideDuplicate && o.Subject == "OLD9" && o.Supervisor == "sup1" && o.Reason == "kembar identik"
	}
	if !found || r.Status != enroll.StatusBioCaptured {
		t.Fatalf("saved %s with overrides %+v", r.Status, r.Overrides)
	}
}
