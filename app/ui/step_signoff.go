package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// signOffStep (7. Pengesahan): everything read back; the operator confirms with their
// password ("tanda tangan dan stempel"), the record is saved and queued, a receipt shows.
type signOffStep struct {
	w       *wizard
	pass    *entry
	confirm *button
	missing *widget.Label
	seq     int64
	dups    []enroll.DuplicateHit // fingerprint matches awaiting a supervisor
	dupText *widget.Label
	appr    *approval
	warning string // a problem after the record was saved (e.g. indexing)
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
	if m := missingText(u, s.w.rec); m != "" {
		s.missing.SetText("⚠ " + tr("Belum lengkap:") + " " + m)
	}
	confirm := widget.NewCard(tr("Pengesahan operator"),
		tr("Bacakan data di bawah kepada pemohon. Bila benar, ketik kata sandi Anda lalu Enter."),
		container.NewVBox(s.missing, container.NewBorder(nil, nil, widget.NewLabel(tr("Kata sandi")), s.confirm, s.pass)))
	s.dupText = note("")
	s.appr = newApproval(u, tr("Sidik jari pemohon sama dengan rekaman lain di stasiun ini (data ganda). Periksa; pengesahan perlu persetujuan supervisor."), s.dupText)
	s.appr.onApproved = s.approveDuplicates
	s.appr.onDone = func() {
		s.w.say(tr("Disetujui supervisor. Ketik kata sandi Anda lagi lalu Enter."))
		u.focus(s.pass)
	}
	return container.NewVScroll(container.NewVBox(confirm, s.appr.box, readback(u, s.w.rec, s.w.region)))
}

func (s *signOffStep) focusFirst() { s.w.u.focus(s.pass) }

func (s *signOffStep) leave() {}

func (s *signOffStep) next(func()) {
	w, u := s.w, s.w.u
	if m := missingText(u, w.rec); m != "" {
		w.say("⚠ " + tr("Belum lengkap:") + " " + m)
		return
	}
	pw := s.pass.Text
	if pw == "" {
		w.say("⚠ " + tr("Ketik kata sandi Anda untuk mengesahkan."))
		u.focus(s.pass)
		return
	}
	id := u.op.ID
	var dupText string
	w.work(func(ctx context.Context) error {
		if _, err := u.b.Authenticate(ctx, id, pw); err != nil {
			return err
		}
		hits, err := u.svc.Duplicates(ctx, w.rec)
		if err != nil {
			return err
		}
		if s.dups = openDuplicates(w.rec, hits); len(s.dups) > 0 {
			dupText = s.duplicateText(ctx, s.dups)
			return nil
		}
		seq, err := u.svc.SignOff(ctx, w.rec, id)
		s.seq = seq
		if err != nil && w.rec.Status == enroll.StatusBioCaptured {
			s.warning, err = u.errText(err), nil // saved and queued all the same
		}
		return err
	}, func() {
		if len(s.dups) > 0 {
			s.dupText.SetText(dupText)
			s.appr.show(nil)
			return
		}
		w.finished = true
		w.showStep()
		if s.warning != "" {
			w.say("⚠ " + s.warning)
		}
		w.focusFirst()
	})
	s.pass.SetText("")
}

// openDuplicates returns the hits that no supervisor has approved for r yet.
func openDuplicates(r *enroll.Record, hits []enroll.DuplicateHit) []enroll.DuplicateHit {
	var out []enroll.DuplicateHit
	for _, h := range hits {
		approved := false
		for _, o := range r.Overrides {
			if o.Kind == enroll.OverrideDuplicate && o.Subject == h.RecordID {
				approved = true
			}
		}
		if !approved {
			out = append(out, h)
		}
	}
	return out
}

// duplicateText names the matching records (runs in the background: it reads the store).
func (s *signOffStep) duplicateText(ctx context.Context, hits []enroll.DuplicateHit) string {
	var lines []string
	for _, h := range hits {
		who := h.RecordID
		if r, err := s.w.u.b.Record(ctx, h.RecordID); err == nil {
			who = r.Biodata.Name + " · NIK " + r.Biodata.NIK + " · " + r.Status.Label(s.w.u.lang)
		}
		lines = append(lines, trf("{{.Who}}: {{.N}} jari cocok", map[string]any{"Who": who, "N": h.Fingers}))
	}
	return strings.Join(lines, "\n")
}

func (s *signOffStep) approveDuplicates(ctx context.Context, sup Operator, reason string) error {
	for _, h := range s.dups {
		if err := s.w.u.svc.Override(ctx, s.w.rec, enroll.OverrideDuplicate, h.RecordID, sup.ID, reason); err != nil {
			return err
		}
	}
	s.dups = nil
	return nil
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

// missingText lists what the record still lacks, in the operator's language.
func missingText(u *UI, r *enroll.Record) string {
	var parts []string
	for _, is := range u.svc.MissingIssues(r) {
		parts = append(parts, is.Message(u.lang))
	}
	return strings.Join(parts, "; ")
}
