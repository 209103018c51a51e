package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// resumeOffer is shown when the stepper opens: it offers the operator's newest draft
// (an applicant interrupted by a closed window, a power cut, a logout) before a new one.
type resumeOffer struct {
	w      *wizard
	done   bool
	draft  *enroll.Summary
	box    *fyne.Container
	resume *button
	fresh  *button
}

func newResumeOffer(w *wizard) *resumeOffer {
	o := &resumeOffer{w: w}
	o.box = container.NewVBox(note(tr("Memeriksa draf…")))
	u := w.u
	u.background(func(ctx context.Context) func() {
		drafts, err := u.b.Drafts(ctx, u.op.ID)
		return func() {
			if err != nil || len(drafts) == 0 {
				o.finish()
				return
			}
			o.draft = &drafts[0]
			o.show()
		}
	})
	return o
}

func (o *resumeOffer) build() fyne.CanvasObject { return o.box }

func (o *resumeOffer) focusFirst() {
	if o.resume != nil {
		o.w.u.focus(o.resume)
	}
}

func (o *resumeOffer) show() {
	d := o.draft
	name := d.Name
	if name == "" {
		name = tr("(nama belum diisi)")
	}
	o.resume = newButton(o.w.u, tr("Lanjutkan draf")+" (Enter)", o.onResume)
	o.resume.Importance = widget.HighImportance
	o.fresh = newButton(o.w.u, tr("Mulai perekaman baru"), o.finish)
	o.box.Objects = []fyne.CanvasObject{
		heading(tr("Ada perekaman yang belum selesai")),
		note(trf("{{.Name}} · NIK {{.NIK}} · {{.Req}} · dibuka {{.At}}", map[string]any{
			"Name": name, "NIK": orDash(d.NIK), "Req": d.Request.Label(o.w.u.lang),
			"At": d.Arrived.Format("02-01-2006 15:04")})),
		container.NewHBox(o.resume, o.fresh),
	}
	o.box.Refresh()
	if o.w.u.cur == o.w {
		o.focusFirst()
	}
}

func (o *resumeOffer) onResume() {
	id := o.draft.ID
	u := o.w.u
	u.background(func(ctx context.Context) func() {
		r, err := u.b.Record(ctx, id)
		return func() {
			if err != nil {
				o.box.Add(note(u.errText(err)))
				return
			}
			o.w.rec = r
			o.w.cur = o.w.resumeAt()
			o.finish()
		}
	})
}

// finish leaves the offer for the stepper.
func (o *resumeOffer) finish() {
	o.done = true
	w := o.w
	if w.u.cur != w {
		return
	}
	w.showStep()
	w.steps[w.cur].focusFirst()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
