package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
	"github.com/rekam-id/rekam/device/sim"
)

const testNIK = "3313094512000001"

// begin logs in and fills step 1 with nik by keyboard.
func begin(t *testing.T, h *harness, nik string) *wizard {
	t.Helper()
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.KeyN)
	w := h.wizard()
	if w.cur != stepRequest {
		t.Fatalf("the stepper opens at step %d", w.cur)
	}
	h.press(fyne.KeyReturn)
	h.typeText("B-002")
	h.press(fyne.KeyReturn)
	h.typeText(nik)
	h.press(fyne.KeyReturn)
	return w
}

// passDocs ticks the three documents that always apply.
func passDocs(t *testing.T, h *harness, w *wizard) {
	t.Helper()
	s := w.steps[stepDocs].(*docsStep)
	for _, c := range s.checks[:3] {
		c.SetChecked(true)
	}
	h.press(fyne.KeyPageDown)
	if w.cur != stepBiodata {
		t.Fatalf("documents not accepted: %q", w.msg.Text)
	}
}

// fillBiodata fills the form of a valid applicant and moves on.
func fillBiodata(t *testing.T, h *harness, w *wizard, edit func(f *biodataForm)) {
	t.Helper()
	f := w.steps[stepBiodata].(*biodataStep).form
	f.kk.SetText("3313090101200001")
	f.name.SetText("SITI AMINAH")
	f.birthPlace.SetText("KARANGANYAR")
	f.birthDate.SetText("05-12-2000")
	f.religion.SetText("1")
	f.marital.SetText("1")
	f.occupation.SetText("3")
	f.education.SetText("5")
	f.relation.SetText("4")
	f.street.SetText("JL LAWU 5")
	f.region.levels[2].SetText("JATEN")
	h.settle()
	f.region.levels[3].SetText("JATEN")
	h.settle()
	f.motherName.SetText("AMINAH")
	if edit != nil {
		edit(f)
	}
	h.settle()
	h.press(fyne.KeyPageDown)
}

func TestRequestStepBlocksBadNIK(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	w := begin(t, h, "3313090013000001") // month 13
	if w.cur != stepRequest || w.rec != nil {
		t.Fatalf("a NIK with month 13 was accepted (step %d)", w.cur)
	}
	s := w.steps[stepRequest].(*requestStep)
	if !strings.HasPrefix(s.nikMsg.Text, "⚠") {
		t.Fatalf("no inline NIK error: %q", s.nikMsg.Text)
	}
	if h.focused() != s.nik {
		t.Fatalf("focus on %T, want the NIK", h.focused())
	}
}

func TestRequestStepRerecordingNeedsSupervisor(t *testing.T) {
	b := newFakeBackend()
	ctx := context.Background()
	old := enrolltest.Fixture("OLD1", testNIK, "SITI AMINAH", testStart.Add(-400*24*time.Hour), 1000)
	enrolltest.Sign(old, old.Times.Arrived.Add(8*time.Minute))
	if _, err := b.repo.Commit(ctx, old, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, b)
	w := begin(t, h, testNIK)
	s := w.steps[stepRequest].(*requestStep)
	if w.cur != stepRequest || !s.appr.box.Visible() {
		t.Fatalf("an earlier recording did not stop step 1 (step %d)", w.cur)
	}
	h.mustSee("tempat KEC-JATEN-01")
	h.mustSee(old.Times.SignedOff.Format("02-01-2006"))
	if h.focused() != s.appr.id {
		t.Fatalf("focus on %T, want the supervisor ID", h.focused())
	}
	// An operator cannot approve.
	h.typeText("op1")
	h.press(fyne.KeyReturn)
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	h.typeText("kartu hilang")
	h.press(fyne.KeyReturn)
	if w.cur != stepRequest || len(w.rec.Overrides) != 0 {
		t.Fatalf("an operator approved the override")
	}
	h.mustSee("peran tidak berwenang")
	// The supervisor can.
	h.u.focus(s.appr.id)
	s.appr.id.SetText("")
	h.typeText("sup1")
	h.press(fyne.KeyReturn)
	h.typeText("atasan")
	h.press(fyne.KeyReturn)
	h.press(fyne.KeyReturn) // the reason is still there
	if w.cur != stepDocs {
		t.Fatalf("after the override: step %d, %q", w.cur, s.appr.msg.Text)
	}
	o := w.rec.Overrides
	if len(o) != 1 || o[0].Kind != enroll.OverrideRerecordNIK || o[0].Subject != "OLD1" || o[0].Supervisor != "sup1" || o[0].Reason != "kartu hilang" {
		t.Fatalf("overrides %+v", o)
	}
}

func TestDocsStepBlocksMissingDocuments(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	w := begin(t, h, testNIK)
	s := w.steps[stepDocs].(*docsStep)
	if len(s.checks) != 5 {
		t.Fatalf("%d document checks, want 5 (the age item is not ticked)", len(s.checks))
	}
	h.mustSee("hanya bagi pendatang dari luar kabupaten")
	h.mustSee("Kelayakan: dihitung dari tanggal lahir")
	h.press(fyne.KeySpace) // pengantar only
	h.press(fyne.KeyReturn)
	if w.cur != stepDocs {
		t.Fatal("moved on with documents missing")
	}
	if !strings.Contains(w.msg.Text, "Terdaftar dalam Kartu Keluarga") || !strings.Contains(w.msg.Text, "Akta Kelahiran") {
		t.Fatalf("message %q does not name the missing documents", w.msg.Text)
	}
	if w.rec.Times.DocsChecked.IsZero() || !w.rec.Checked["SURAT_PENGANTAR"] {
		t.Fatalf("the document check was not recorded: %+v", w.rec.Checked)
	}
}

func TestBiodataErrorsInlineAndWarningsNeedReason(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	s := w.steps[stepBiodata].(*biodataStep)
	if s.form.nik.Text != testNIK {
		t.Fatalf("NIK not carried over: %q", s.form.nik.Text)
	}
	if o, ok := s.form.sex.selected(); !ok || o.key != "2" {
		t.Fatalf("sex not suggested from the NIK: %+v", o)
	}
	if o, ok := s.form.region.levels[1].selected(); !ok || o.key != "3313" {
		t.Fatalf("the office's regency is not preselected: %+v", o)
	}
	fillBiodata(t, h, w, func(f *biodataForm) {
		f.kk.SetText("12345")     // blocks
		f.name.SetText("MULYONO") // one word: a warning
		f.birthDate.SetText("05122001")
	})
	if w.cur != stepBiodata {
		t.Fatal("moved on with a bad KK")
	}
	if l := s.form.errs["kk"]; !l.Visible() || !strings.Contains(l.Text, "16 angka") {
		t.Fatalf("no inline KK error: %q", l.Text)
	}
	if h.focused() != s.form.kk {
		t.Fatalf("focus on %T, want the KK", h.focused())
	}
	s.form.kk.SetText("3313090101200001")
	h.press(fyne.KeyPageDown)
	if w.cur != stepBiodata || !s.panel.Visible() {
		t.Fatal("warnings did not stop the step")
	}
	h.mustSee("Nama baru minimal dua kata.")
	h.mustSee("Tanggal lahir pada NIK berbeda dengan biodata.")
	if h.focused() != s.reason {
		t.Fatalf("focus on %T, want the reason", h.focused())
	}
	h.press(fyne.KeyReturn) // no reason
	if w.cur != stepBiodata || len(w.rec.Acks) != 0 {
		t.Fatal("warnings accepted without a reason")
	}
	h.typeText("nama lama di SIAK")
	h.press(fyne.KeyReturn)
	if w.cur != stepFace {
		t.Fatalf("after the reason: step %d %q", w.cur, w.msg.Text)
	}
	codes := map[string]bool{}
	for _, a := range w.rec.Acks {
		codes[a.Code] = a.Reason == "nama lama di SIAK" && a.By == "op1"
	}
	if !codes["NAME_ONE_WORD"] || !codes["NIK_BIRTHDATE_MISMATCH"] {
		t.Fatalf("acks %+v", w.rec.Acks)
	}
	if w.region != "JATEN, JATEN, KAB. KARANGANYAR, JAWA TENGAH" {
		t.Errorf("region names %q", w.region)
	}
}

func TestBiodataTooYoungCannotBeCaptured(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	w := begin(t, h, "3313094512120001")
	passDocs(t, h, w)
	fillBiodata(t, h, w, func(f *biodataForm) { f.birthDate.SetText("05122012") })
	if w.cur != stepBiodata || !strings.Contains(w.msg.Text, "belum boleh rekam") {
		t.Fatalf("a 12-year-old moved on: step %d %q", w.cur, w.msg.Text)
	}
}

func TestResumeDraftAfterClosing(t *testing.T) {
	b := newFakeBackend()
	h := newHarness(t, b)
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	f := w.steps[stepBiodata].(*biodataStep).form
	f.name.SetText("SITI AMINAH")
	id := w.rec.ID
	h.u.Close() // typed but not submitted: closing saves it
	h.settle()

	h2 := newHarness(t, b)
	h2.login("op1", "rahasia")
	h2.chord(fyne.KeyModifierControl, fyne.KeyN)
	h2.mustSee("Ada perekaman yang belum selesai")
	h2.mustSee("SITI AMINAH · NIK " + testNIK)
	h2.press(fyne.KeyReturn)
	w2 := h2.wizard()
	if w2.rec == nil || w2.rec.ID != id || w2.cur != stepBiodata {
		t.Fatalf("resumed %v at step %d", w2.rec, w2.cur)
	}
	if got := w2.steps[stepBiodata].(*biodataStep).form.name.Text; got != "SITI AMINAH" {
		t.Fatalf("the typed name was lost: %q", got)
	}
}

func TestFingersRetryKeepsBestAndExceptionNeedsSupervisor(t *testing.T) {
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	fillBiodata(t, h, w, nil)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyPageDown)
	h.press(fyne.KeyF5)
	h.press(fyne.KeyPageDown)
	if w.cur != stepFingers {
		t.Fatalf("not at the fingers: step %d %q", w.cur, w.msg.Text)
	}
	s := w.steps[stepFingers].(*fingerStep)
	if s.cur != enroll.RightThumb {
		t.Fatalf("first finger %v", s.cur)
	}
	// A dirty scanner: three poor tries, then the finger is kept and the next comes.
	sc := b.devs.Scanner.(*sim.FingerScanner)
	sc.Fail(sim.FaultLowQuality)
	h.press(fyne.KeyF5)
	if s.cur != enroll.RightThumb || !strings.Contains(s.status.Text, "coba lagi (1/3)") {
		t.Fatalf("after a poor try: finger %v, %q", s.cur, s.status.Text)
	}
	sc.Fail(sim.FaultNone)
	h.press(fyne.KeyF5)
	f := fingerOf(w.rec, enroll.RightThumb)
	if f.Tries != 2 || f.Sample == nil || f.Sample.Quality < 11 {
		t.Fatalf("the better try was not kept: %+v", f)
	}
	if s.cur != enroll.RightIndex {
		t.Fatalf("after a good try the finger is %v", s.cur)
	}
	// The index finger is bandaged: F8, kind, supervisor.
	h.press(fyne.KeyF8)
	if !s.appr.box.Visible() || h.focused() != s.exc {
		t.Fatalf("the exception panel is not ready (focus %T)", h.focused())
	}
	h.typeText("diperban")
	h.press(fyne.KeyReturn)
	h.typeText("sup1")
	h.press(fyne.KeyReturn)
	h.typeText("atasan")
	h.press(fyne.KeyReturn)
	h.typeText("luka")
	h.press(fyne.KeyReturn)
	if f := fingerOf(w.rec, enroll.RightIndex); f.Exception != enroll.ExceptionBandaged {
		t.Fatalf("exception not recorded: %+v; %q", f, s.appr.msg.Text)
	}
	if s.cur != enroll.RightMiddle {
		t.Fatalf("after the exception the finger is %v", s.cur)
	}
	last := w.rec.Overrides[len(w.rec.Overrides)-1]
	if last.Kind != enroll.OverrideFingerException || last.Supervisor != "sup1" {
		t.Fatalf("override %+v", last)
	}
	h.press(fyne.KeyPageDown)
	if w.cur != stepFingers || !strings.Contains(w.msg.Text, "Jari tengah kanan") {
		t.Fatalf("moved on with fingers missing: %q", w.msg.Text)
	}
}

func TestSignOffNeedsOperatorPassword(t *testing.T) {
	b := withSimulators(newFakeBackend())
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
	if w.cur != stepSignOff {
		t.Fatalf("step %d %q", w.cur, w.msg.Text)
	}
	h.mustSee("SITI AMINAH")
	h.mustSee("JATEN, JATEN, KAB. KARANGANYAR, JAWA TENGAH")
	h.mustSee("✓ Surat pengantar dari desa/kelurahan")
	h.mustSee("Surat Keterangan Pindah dari kabupaten asal (tidak berlaku)")
	h.typeText("salah")
	h.press(fyne.KeyReturn)
	if w.finished || w.rec.Status != enroll.StatusDraft {
		t.Fatal("signed off with a wrong password")
	}
	h.mustSee("ID atau kata sandi salah")
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	if !w.finished {
		t.Fatalf("not signed off: %q", w.msg.Text)
	}
	h.mustSee("Tanda terima perekaman KTP-el")
	h.mustSee("Sudah rekam")
	if h.focused() != w.receipt.next {
		t.Fatalf("focus on %T, want Perekaman baru", h.focused())
	}
	h.press(fyne.KeyReturn)
	if w2 := h.wizard(); w2 == w || w2.rec != nil {
		t.Fatal("Enter on the receipt did not start a new enrollment")
	}
}
