package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// requestStep (1. Permohonan): the service asked for, the queue number and the NIK. A
// NIK already recorded at this station shows the earlier capture and needs a supervisor
// override with a reason (one person, one recording).
type requestStep struct {
	w       *wizard
	req     *picker
	queue   *entry
	nik     *entry
	nikMsg  *widget.Label
	earlier *widget.Label
	appr    *approval
	pending []enroll.Summary // earlier recordings awaiting the override
}

func newRequestStep(w *wizard) *requestStep { return &requestStep{w: w} }

func (s *requestStep) title() string { return tr("Permohonan") }

func (s *requestStep) build() fyne.CanvasObject {
	u := s.w.u
	s.req = newPicker(u, tr("ketik huruf awal atau ↑↓"))
	opts := make([]option, len(enroll.RequestTypes))
	for i, t := range enroll.RequestTypes {
		opts[i] = option{key: string(t), label: t.Label(u.lang)}
	}
	s.req.setOptions(opts)
	s.queue = newEntry(u, tr("mis. A-017"))
	s.nik = newEntry(u, tr("16 angka"))
	s.nikMsg = note("")
	s.earlier = note("")
	s.req.selectKey(string(enroll.RequestNew))
	if r := s.w.rec; r != nil {
		s.req.selectKey(string(r.Request))
		s.queue.SetText(r.QueueNo)
		s.nik.SetText(r.Biodata.NIK)
	}
	s.nik.OnChanged = func(string) { s.checkNIK(false) }
	s.req.onEnter = func() { u.focus(s.queue) }
	s.queue.onEnter = func() { u.focus(s.nik) }
	s.nik.onEnter = s.w.onNext
	s.appr = newApproval(u, tr("NIK ini sudah pernah direkam di sini. Perekaman ulang perlu persetujuan supervisor."), s.earlier)
	s.appr.onApproved = s.approve
	s.appr.onDone = s.w.onNext
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("Jenis permohonan")), s.req.box,
		widget.NewLabel(tr("Nomor antrian")), s.queue,
		widget.NewLabel(tr("NIK")), s.nik,
		layout.NewSpacer(), s.nikMsg)
	return container.NewVScroll(container.NewVBox(heading(tr("Permohonan")), form, s.appr.box))
}

func (s *requestStep) focusFirst() { s.w.u.focus(s.req) }

func (s *requestStep) leave() {}

// checkNIK shows the NIK's structural errors; it reports whether the NIK may be used.
func (s *requestStep) checkNIK(final bool) bool {
	nik := strings.TrimSpace(s.nik.Text)
	if !final && len(nik) < 16 {
		s.nikMsg.SetText("")
		return false
	}
	_, is := enroll.ParseNIK(nik)
	if errs := is.Errors(); len(errs) > 0 {
		s.nikMsg.SetText("⚠ " + issueText(errs, s.w.u.lang))
		return false
	}
	s.nikMsg.SetText("✓ " + tr("Struktur NIK benar"))
	return true
}

func issueText(is enroll.Issues, lang string) string {
	msgs := make([]string, len(is))
	for i, x := range is {
		msgs[i] = x.Message(lang)
	}
	return strings.Join(msgs, " ")
}

func (s *requestStep) next(done func()) {
	if !s.checkNIK(true) {
		s.w.u.focus(s.nik)
		return
	}
	o, ok := s.req.selected()
	if !ok {
		s.w.say("⚠ " + tr("Pilih jenis permohonan."))
		s.w.u.focus(s.req)
		return
	}
	req, queue, nik := enroll.RequestType(o.key), strings.TrimSpace(s.queue.Text), strings.TrimSpace(s.nik.Text)
	w, u := s.w, s.w.u
	var earlier []enroll.Summary
	w.work(func(ctx context.Context) error {
		if w.rec == nil {
			r, err := u.svc.Start(ctx, req, queue, u.op.ID)
			if err != nil {
				return err
			}
			w.rec = r
		}
		w.rec.Request, w.rec.QueueNo = req, queue
		prev, err := u.svc.Earlier(ctx, nik)
		if err != nil {
			return err
		}
		earlier = unapproved(w.rec, prev)
		b := w.rec.Biodata
		b.NIK = nik
		return saveBiodata(ctx, u.svc, w.rec, b)
	}, func() {
		if len(earlier) > 0 {
			s.pending = earlier
			s.earlier.SetText(earlierText(earlier, u.lang))
			s.appr.show(nil)
			return
		}
		done()
	})
}

// saveBiodata stores b on the draft; an incomplete biodata is saved all the same and is
// not an error here (the biodata step checks it).
func saveBiodata(ctx context.Context, svc *enroll.Service, r *enroll.Record, b enroll.Biodata) error {
	if _, err := svc.SetBiodata(ctx, r, b); err != nil && !enroll.IsKind(err, enroll.KindInvalid) {
		return err
	}
	return nil
}

// unapproved returns the earlier recordings of the same NIK (not r itself, not drafts)
// for which r holds no override yet.
func unapproved(r *enroll.Record, prev []enroll.Summary) []enroll.Summary {
	var out []enroll.Summary
	for _, p := range prev {
		if p.ID == r.ID || p.Status == enroll.StatusDraft {
			continue
		}
		approved := false
		for _, o := range r.Overrides {
			if o.Kind == enroll.OverrideRerecordNIK && o.Subject == p.ID {
				approved = true
			}
		}
		if !approved {
			out = append(out, p)
		}
	}
	return out
}

func earlierText(prev []enroll.Summary, lang string) string {
	var b strings.Builder
	for _, p := range prev {
		at := p.SignedOff
		if at.IsZero() {
			at = p.Arrived
		}
		fmt.Fprintf(&b, "%s: %s · %s %s · %s %s · %s\n", tr("Rekaman terdahulu"), p.Name,
			tr("tanggal"), at.Format("02-01-2006 15:04"), tr("tempat"), orDash(p.Place), p.Status.Label(lang))
	}
	return strings.TrimSpace(b.String())
}

func (s *requestStep) approve(ctx context.Context, sup Operator, reason string) error {
	for _, p := range s.pending {
		if err := s.w.u.svc.Override(ctx, s.w.rec, enroll.OverrideRerecordNIK, p.ID, sup.ID, reason); err != nil {
			return err
		}
	}
	return nil
}
