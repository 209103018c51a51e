package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// approval is the inline panel where a supervisor confirms an override on the spot:
// their ID, their password and the reason. It sits inside the step (not a dialog) so that
// Tab and Enter reach it like any other field.
type approval struct {
	u      *UI
	id     *entry
	pass   *entry
	reason *entry
	ok     *button
	msg    *widget.Label
	box    *fyne.Container
	// onApproved runs (in the background) once the supervisor is checked.
	onApproved func(ctx context.Context, sup Operator, reason string) error
	// onDone runs on the UI goroutine after onApproved succeeded.
	onDone func()
	// snapshot, when set, runs on the UI goroutine before the check and may refuse.
	snapshot func() error
	busy     bool
}

func newApproval(u *UI, title string, extra ...fyne.CanvasObject) *approval {
	a := &approval{u: u}
	a.id = newEntry(u, tr("ID supervisor"))
	a.pass = newPasswordEntry(u, tr("Kata sandi supervisor"))
	a.reason = newEntry(u, tr("Alasan"))
	a.msg = note("")
	a.ok = newButton(u, tr("Setujui"), a.onSubmit)
	a.id.onEnter = func() { u.focus(a.pass) }
	a.pass.onEnter = func() { u.focus(a.reason) }
	a.reason.onEnter = a.onSubmit
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("ID supervisor")), a.id,
		widget.NewLabel(tr("Kata sandi")), a.pass,
		widget.NewLabel(tr("Alasan")), a.reason)
	items := append([]fyne.CanvasObject{note(title)}, extra...)
	items = append(items, form, a.ok, a.msg)
	a.box = container.NewVBox(widget.NewCard(tr("Persetujuan supervisor"), "", container.NewVBox(items...)))
	a.box.Hide()
	return a
}

func (a *approval) show(first fyne.Focusable) {
	a.box.Show()
	if first == nil {
		first = a.id
	}
	a.u.focus(first)
}

func (a *approval) onSubmit() {
	if a.busy {
		return
	}
	id, pw, reason := a.id.Text, a.pass.Text, strings.TrimSpace(a.reason.Text)
	if id == "" || pw == "" || reason == "" {
		a.msg.SetText(tr("Isi ID supervisor, kata sandi dan alasan."))
		return
	}
	if a.snapshot != nil {
		if err := a.snapshot(); err != nil {
			a.msg.SetText(a.u.errText(err))
			return
		}
	}
	a.busy = true
	a.msg.SetText(tr("Memeriksa…"))
	a.u.background(func(ctx context.Context) func() {
		sup, err := a.u.b.Authenticate(ctx, id, pw)
		if err == nil && !sup.CanOverride() {
			err = enroll.Errorf("approve override", enroll.KindPermission, "%s is not a supervisor", id)
		}
		if err == nil {
			err = a.onApproved(ctx, sup, reason)
		}
		return func() {
			a.busy = false
			a.pass.SetText("")
			if err != nil {
				a.msg.SetText(a.u.errText(err))
				a.u.focus(a.pass)
				return
			}
			a.msg.SetText("")
			a.reason.SetText("")
			a.box.Hide()
			if a.onDone != nil {
				a.onDone()
			}
		}
	})
}
