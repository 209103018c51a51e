package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// loginScreen asks for the operator's ID and password.
type loginScreen struct {
	u      *UI
	id     *entry
	pass   *entry
	msg    *widget.Label
	submit *button
	busy   bool
}

func newLoginScreen(u *UI) *loginScreen { return &loginScreen{u: u} }

func (s *loginScreen) build() fyne.CanvasObject {
	s.id = newEntry(s.u, tr("ID operator"))
	s.pass = newPasswordEntry(s.u, tr("Kata sandi"))
	s.msg = note("")
	s.submit = newButton(s.u, tr("Masuk"), s.onSubmit)
	s.submit.Importance = widget.HighImportance
	s.id.onEnter = func() { s.u.focus(s.pass) }
	s.pass.onEnter = s.onSubmit
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("ID operator")), s.id,
		widget.NewLabel(tr("Kata sandi")), s.pass)
	box := container.NewVBox(heading(tr("Masuk ke stasiun perekaman")), form, s.submit, s.msg)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 320), box))
}

func (s *loginScreen) focusFirst() { s.u.focus(s.id) }

func (s *loginScreen) onSubmit() {
	if s.busy {
		return
	}
	id, pw := s.id.Text, s.pass.Text
	if id == "" || pw == "" {
		s.msg.SetText(tr("Isi ID operator dan kata sandi."))
		return
	}
	s.busy = true
	s.msg.SetText(tr("Memeriksa…"))
	s.u.background(func(ctx context.Context) func() {
		op, err := s.u.b.Authenticate(ctx, id, pw)
		return func() {
			s.busy = false
			if err != nil {
				s.pass.SetText("")
				s.msg.SetText(s.u.errText(err))
				s.u.focus(s.pass)
				return
			}
			s.u.op = &op
			s.u.showHome()
		}
	})
}

func (u *UI) showLogin() {
	u.op = nil
	u.show(newLoginScreen(u))
}

// logout ends the operator's session; an enrollment in progress stays a draft.
func (u *UI) logout() {
	if w, ok := u.b.(SessionWatcher); ok && u.op != nil {
		w.LoggedOut(u.ctx, u.op.ID)
	}
	if l, ok := u.cur.(leavingScreen); ok {
		l.leave()
	}
	u.cur = nil
	u.wizard = nil
	u.showLogin()
}
