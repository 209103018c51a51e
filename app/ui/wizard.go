package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
)

// The enrollment stepper (Perekaman baru): seven steps of the service standard, a bar
// that always shows where the operator is, PgDn/PgUp (and Enter on a step's last field)
// to move on and back. The record is a draft that the service saves on every change, so
// closing the window at any step loses nothing; the next start offers the newest draft.

// step is one step of the stepper.
type step interface {
	title() string
	build() fyne.CanvasObject
	focusFirst()
	// next checks and saves the step and calls done when the stepper may move on; it may
	// work in the background (through wizard.work) and then call done later.
	next(done func())
	// leave stops the step's live previews and saves what was typed.
	leave()
}

// stepKeys is a step that handles keys (F5 capture, F6 retake…).
type stepKeys interface{ key(fyne.KeyName) bool }

// The step numbers.
const (
	stepRequest = iota
	stepDocs
	stepBiodata
	stepFace
	stepSignature
	stepFingers
	stepSignOff
	stepCount
)

// wizard is the stepper around one record.
type wizard struct {
	u        *UI
	rec      *enroll.Record // nil until step 1 starts it
	cur      int
	steps    []step
	bar      *fyne.Container
	content  *fyne.Container
	msg      *widget.Label
	back     *button
	fwd      *button
	busy     bool
	finished bool
	offer    *resumeOffer // shown before step 1 when a draft exists
	receipt  *receipt     // shown after sign-off
	region   string       // the village's name, once the biodata step knows it
}

func newWizard(u *UI) *wizard {
	w := &wizard{u: u}
	w.steps = []step{newRequestStep(w), newDocsStep(w), newBiodataStep(w), newFaceStep(w),
		newSignatureStep(w), newFingerStep(w), newSignOffStep(w)}
	return w
}

// showWizard shows the enrollment in progress, or starts a new one.
func (u *UI) showWizard(_ bool) {
	if !u.can(station.ActionEnroll) {
		u.show(&deniedScreen{u: u, what: tr("merekam")})
		return
	}
	if u.wizard == nil || u.wizard.finished {
		u.wizard = newWizard(u)
	}
	u.show(u.wizard)
}

func (w *wizard) build() fyne.CanvasObject {
	w.bar = container.NewHBox()
	w.msg = note("")
	w.content = container.NewStack()
	w.back = newButton(w.u, "◀ "+tr("Kembali")+" (PgUp)", w.onBack)
	w.fwd = newButton(w.u, tr("Lanjut")+" (PgDn) ▶", w.onNext)
	w.fwd.Importance = widget.HighImportance
	nav := container.NewHBox(w.back, layout.NewSpacer(), w.fwd)
	if w.rec == nil && w.offer == nil {
		w.offer = newResumeOffer(w)
		w.showOffer()
	} else if w.rec == nil && !w.offer.done {
		w.showOffer()
	} else {
		w.showStep()
	}
	return container.NewBorder(container.NewVBox(w.bar, w.msg), nav, nil, nil, w.content)
}

func (w *wizard) focusFirst() {
	if w.finished {
		w.u.focus(w.receipt.next)
		return
	}
	if w.rec == nil && w.offer != nil && !w.offer.done {
		w.offer.focusFirst()
		return
	}
	w.steps[w.cur].focusFirst()
}

func (w *wizard) leave() {
	if w.rec != nil && !w.finished {
		w.steps[w.cur].leave()
	}
}

// handleKey: PgDn/PgUp move; other keys go to the step.
func (w *wizard) handleKey(k fyne.KeyName) bool {
	if w.offer != nil && !w.offer.done {
		return false
	}
	switch k {
	case fyne.KeyPageDown:
		w.onNext()
		return true
	case fyne.KeyPageUp:
		w.onBack()
		return true
	}
	if w.busy || w.finished {
		return false
	}
	if s, ok := w.steps[w.cur].(stepKeys); ok {
		return s.key(k)
	}
	return false
}

func (w *wizard) showOffer() {
	w.drawBar()
	w.back.Disable()
	w.fwd.Disable()
	w.content.Objects = []fyne.CanvasObject{w.offer.build()}
	w.content.Refresh()
}

// showStep shows the current step.
func (w *wizard) showStep() {
	w.drawBar()
	w.msg.SetText("")
	if w.finished {
		w.back.Disable()
		w.fwd.Disable()
		w.receipt = newReceipt(w)
		w.content.Objects = []fyne.CanvasObject{w.receipt.build()}
		w.content.Refresh()
		return
	}
	w.back.Enable()
	w.fwd.Enable()
	if w.cur == 0 {
		w.back.Disable()
	}
	obj := w.steps[w.cur].build()
	w.u.scroll = nil
	if sc, ok := obj.(*container.Scroll); ok {
		w.u.fitScroll(sc)
	}
	w.content.Objects = []fyne.CanvasObject{obj}
	w.content.Refresh()
}

// drawBar draws the stepper: done steps ticked, the current one highlighted.
func (w *wizard) drawBar() {
	w.bar.Objects = nil
	for i, s := range w.steps {
		label := strconv.Itoa(i+1) + ". " + s.title()
		t := canvas.NewText(label, colIdle)
		t.TextSize = 15
		bg := canvas.NewRectangle(colBlank)
		switch {
		case w.finished || i < w.cur && w.rec != nil:
			t.Text, t.Color = "✓ "+label, colOK
		case i == w.cur && (w.rec != nil || w.offer == nil || w.offer.done):
			t.Color, t.TextStyle.Bold = colCurrent, true
			bg.FillColor = colCurrentBg
		}
		w.bar.Add(container.NewStack(bg, container.NewPadded(t)))
	}
	w.bar.Refresh()
}

// goTo shows step i.
func (w *wizard) goTo(i int) {
	if i < 0 || i >= stepCount {
		return
	}
	w.steps[w.cur].leave()
	w.cur = i
	w.showStep()
	w.steps[w.cur].focusFirst()
}

func (w *wizard) onNext() {
	if w.busy || w.finished || w.rec == nil && w.cur != stepRequest || w.offer != nil && !w.offer.done {
		return
	}
	w.msg.SetText("")
	w.steps[w.cur].next(func() {
		if w.cur+1 < stepCount {
			w.goTo(w.cur + 1)
		}
	})
}

func (w *wizard) onBack() {
	if w.busy || w.finished || w.cur == 0 {
		return
	}
	w.goTo(w.cur - 1)
}

// work runs job in the background with the stepper busy; then, on the UI goroutine,
// it shows the error (if any) or calls ok.
func (w *wizard) work(job func(ctx context.Context) error, ok func()) {
	w.busy = true
	w.msg.SetText(tr("Memproses…"))
	w.u.background(func(ctx context.Context) func() {
		err := job(ctx)
		return func() {
			w.busy = false
			w.msg.SetText("")
			if err != nil {
				w.fail(err)
				return
			}
			if ok != nil {
				ok()
			}
		}
	})
}

// fail shows err on the message line.
func (w *wizard) fail(err error) { w.msg.SetText("⚠ " + w.u.errText(err)) }

// say shows a message on the message line.
func (w *wizard) say(s string) { w.msg.SetText(s) }

// resumeAt returns the first step the record still needs.
func (w *wizard) resumeAt() int {
	r := w.rec
	switch {
	case r.Biodata.NIK == "":
		return stepRequest
	case r.Times.DocsChecked.IsZero():
		return stepDocs
	case w.u.svc.Validate(r).Blocking():
		return stepBiodata
	case r.Face == nil:
		return stepFace
	case r.Signature == nil:
		return stepSignature
	}
	if nextFinger(r, 0) != 0 {
		return stepFingers
	}
	return stepSignOff
}

// fingerOf returns the capture of finger p without adding one.
func fingerOf(r *enroll.Record, p enroll.FingerPosition) enroll.FingerCapture {
	for _, f := range r.Fingers {
		if f.Position == p {
			return f
		}
	}
	return enroll.FingerCapture{Position: p}
}

// nextFinger returns the first finger after from (in capture order, wrapping) that is
// neither captured nor excused, or 0 when all ten are done.
func nextFinger(r *enroll.Record, from enroll.FingerPosition) enroll.FingerPosition {
	start := 0
	for i, p := range enroll.AllFingers {
		if p == from {
			start = i + 1
		}
	}
	for k := range enroll.AllFingers {
		p := enroll.AllFingers[(start+k)%len(enroll.AllFingers)]
		if !fingerOf(r, p).Done() {
			return p
		}
	}
	return 0
}
