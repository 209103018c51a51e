package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/station"
)

// can reports whether the logged-in operator's role may take action a: the station
// core's table (station.RoleAllows) decides, the window only hides what it refuses.
func (u *UI) can(a station.Action) bool {
	return u.op != nil && station.RoleAllows(auth.Role(u.op.Role), a)
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
func (u *UI) showIf(p station.Action, what string, make func() screen) {
	if !u.can(p) {
		u.show(&deniedScreen{u: u, what: what})
		return
	}
	u.show(make())
}
