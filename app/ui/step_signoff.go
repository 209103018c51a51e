package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// signOffStep (7. Pengesahan): everything read back; the operator confirms with their
// password ("tanda tangan dan stempel"), the record is saved and queued, a receipt shows.
type signOffStep struct {
	w       *wizard
	pass    *entry
	confirm *button
	missing *widget.Label
	seq     int64
}

func newSignOffStep(w *wizard) *signOffStep { return &signOffStep{w: w} }

func (s *signOffStep) title() string { return tr("Pengesahan") }

func (s *signOffStep) build() fyne.CanvasObject {
	u := s.w.u
	s.pass = newPasswordEntry(u, tr("kata sandi operator"))
	s.pass.onEnter = s.w.onNext
	s.confirm = newButton(u, tr("Sahkan dan simpan")+" (Enter)", s.w.onNext)
	s.confirm.Importance = widget.HighImportance
	s.missing = note("")
	if m := u.svc.Missing(s.w.rec); len(m) > 0 {
		s.missing.SetText("⚠ " + tr("Belum lengkap:") + " " + strings.Join(m, ", "))
	}
	confirm := widget.NewCard(tr("Pengesahan operator"),
		tr("Bacakan data di bawah kepada pemohon. Bila benar, ketik kata sandi Anda lalu Enter."),
		container.NewVBox(s.missing, container.NewBorder(nil, nil, widget.NewLabel(tr("Kata sandi")), s.confirm, s.pass)))
	return container.NewVScroll(container.NewVBox(confirm, readback(u, s.w.rec, s.w.region)))
}

func (s *signOffStep) focusFirst() { s.w.u.focus(s.pass) }

func (s *signOffStep) leave() {}

func (s *signOffStep) next(func()) {
	w, u := s.w, s.w.u
	if m := u.svc.Missing(w.rec); len(m) > 0 {
		w.say("⚠ " + tr("Belum lengkap:") + " " + strings.Join(m, ", "))
		return
	}
	pw := s.pass.Text
	if pw == "" {
		w.say("⚠ " + tr("Ketik kata sandi Anda untuk mengesahkan."))
		u.focus(s.pass)
		return
	}
	id := u.op.ID
	w.work(func(ctx context.Context) error {
		if _, err := u.b.Authenticate(ctx, id, pw); err != nil {
			return err
		}
		seq, err := u.svc.SignOff(ctx, w.rec, id)
		s.seq = seq
		return err
	}, func() {
		w.finished = true
		w.showStep()
		w.focusFirst()
	})
	s.pass.SetText("")
}

// receipt is the proof of recording shown after sign-off.
type receipt struct {
	w    *wizard
	next *button
	box  *fyne.Container
}

func newReceipt(w *wizard) *receipt { return &receipt{w: w} }

func (r *receipt) build() fyne.CanvasObject {
	u, rec := r.w.u, r.w.rec
	seq := r.w.steps[stepSignOff].(*signOffStep).seq
	mins := rec.Times.Duration().Minutes()
	r.next = newButton(u, tr("Perekaman baru")+" (Ctrl+N / Enter)", func() { u.showWizard(true) })
	r.next.Importance = widget.HighImportance
	home := newButton(u, tr("Beranda")+" (Ctrl+1)", u.showHome)
	grid := container.NewGridWithColumns(2,
		widget.NewLabel(tr("Nomor rekaman")), widget.NewLabel(rec.ID),
		widget.NewLabel(tr("NIK")), widget.NewLabel(rec.Biodata.NIK),
		widget.NewLabel(tr("Nama")), widget.NewLabel(rec.Biodata.Name),
		widget.NewLabel(tr("Jenis permohonan")), widget.NewLabel(rec.Request.Label(u.lang)),
		widget.NewLabel(tr("Disahkan")), widget.NewLabel(rec.Times.SignedOff.Format("02-01-2006 15:04")+" · "+rec.SignOff.Station),
		widget.NewLabel(tr("Lama pelayanan")), widget.NewLabel(trf("{{.M}} menit (standar {{.S}} menit)",
			map[string]any{"M": formatMinutes(mins), "S": standardMinutes})),
		widget.NewLabel(tr("Nomor antrian kirim")), widget.NewLabel(formatInt(seq)),
		widget.NewLabel(tr("Status")), widget.NewLabel(rec.Status.Label(u.lang)),
	)
	card := widget.NewCard(tr("Tanda terima perekaman KTP-el"), tr("Data tersimpan dan masuk antrian kirim."), grid)
	r.box = container.NewVBox(heading("✓ "+tr("Perekaman selesai")), card, container.NewHBox(r.next, home))
	return r.box
}

func formatMinutes(m float64) string { return strconv.FormatFloat(m, 'f', 1, 64) }

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
