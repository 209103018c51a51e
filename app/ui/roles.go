package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/rekam-id/rekam/app/auth"
)

// can reports whether the logged-in operator's role allows p (app/auth's one table).
func (u *UI) can(p auth.Permission) bool {
	return u.op != nil && auth.Allowed(auth.Role(u.op.Role), p)
}

// deniedScreen says that the operator's role does not allow a screen.
type deniedScreen struct {
	u    *UI
	what string
}

func (s *deniedScreen) build() fyne.CanvasObject {
	return container.NewVBox(heading(tr("Tidak diizinkan")),
		note(trf("Peran {{.R}} tidak boleh {{.W}}. Masuk dengan akun yang berwenang (Ctrl+L untuk keluar).",
			map[string]any{"R": string(s.u.op.Role), "W": s.what})))
}

// showIf shows the screen made by make when the operator may do p, and a refusal
// otherwise (separation of duties: an admin manages the station but does not record).
func (u *UI) showIf(p auth.Permission, what string, make func() screen) {
	if !u.can(p) {
		u.show(&deniedScreen{u: u, what: what})
		return
	}
	u.show(make())
}
