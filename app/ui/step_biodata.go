package ui

import (
	"context"
	"reflect"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// biodataStep (3. Biodata): every field, code lists as pickers, the region cascade, NIK
// and KK errors inline; warnings are acknowledged with a reason before moving on.
type biodataStep struct {
	w      *wizard
	form   *biodataForm
	warns  *widget.Label
	reason *entry
	ack    *button
	panel  *fyne.Container
	elig   *widget.Label
}

func newBiodataStep(w *wizard) *biodataStep { return &biodataStep{w: w} }

func (s *biodataStep) title() string { return tr("Biodata") }

func (s *biodataStep) build() fyne.CanvasObject {
	u := s.w.u
	s.form = newBiodataForm(u)
	s.form.load(s.w.rec.Biodata, u.svc.Checklist().OfficeRegency)
	s.form.chain(s.w.onNext)
	s.warns = note("")
	s.reason = newEntry(u, tr("alasan menerima peringatan"))
	s.reason.onEnter = s.onAck
	s.ack = newButton(u, tr("Terima peringatan"), s.onAck)
	s.panel = container.NewVBox(widget.NewCard(tr("Peringatan"), tr("Periksa; bila benar, tulis alasannya lalu Enter."),
		container.NewVBox(s.warns, s.reason, s.ack)))
	s.panel.Hide()
	s.elig = note("")
	s.elig.TextStyle.Bold = true
	s.showEligibility()
	return container.NewVScroll(container.NewVBox(heading(tr("Biodata")), s.elig, s.panel,
		container.NewGridWithColumns(2, s.form.left, s.form.right)))
}

func (s *biodataStep) focusFirst() { s.w.u.focus(s.form.order[0]) }

func (s *biodataStep) showEligibility() {
	r := s.w.rec
	if r.Biodata.BirthDate.IsZero() {
		s.elig.SetText(tr("Kelayakan: isi tanggal lahir."))
		return
	}
	s.elig.SetText(tr("Kelayakan") + ": " + s.w.u.svc.Eligibility(r).Text(s.w.u.lang))
}

// leave saves what was typed, so that a closed window resumes with it.
func (s *biodataStep) leave() {
	if s.form == nil || s.w.busy || s.w.rec == nil {
		return
	}
	b := s.form.biodata(s.w.rec.Biodata)
	if reflect.DeepEqual(b, s.w.rec.Biodata) {
		return
	}
	if err := saveBiodata(context.Background(), s.w.u.svc, s.w.rec, b); err != nil {
		fyne.LogError("save biodata draft", err)
	}
}

// acked reports whether the record holds an acknowledgement or override of code.
func acked(r *enroll.Record, code string) bool { return r.Acked(code) }

func unackedWarnings(r *enroll.Record, is enroll.Issues) enroll.Issues {
	var out enroll.Issues
	for _, i := range is.Warnings() {
		if !acked(r, i.Code) {
			out = append(out, i)
		}
	}
	return out
}

func (s *biodataStep) next(done func()) {
	w, u := s.w, s.w.u
	b := s.form.biodata(w.rec.Biodata)
	var issues enroll.Issues
	var outcomes []enroll.Outcome
	w.work(func(ctx context.Context) error {
		var err error
		issues, err = u.svc.SetBiodata(ctx, w.rec, b)
		if enroll.IsKind(err, enroll.KindInvalid) {
			return nil // the issues are shown by field
		}
		if err != nil {
			return err
		}
		outcomes, err = u.svc.CheckDocuments(ctx, w.rec, w.rec.Checked)
		if enroll.IsKind(err, enroll.KindInvalid) {
			err = nil
		}
		return err
	}, func() {
		first := s.form.showIssues(issues, u.lang)
		s.showEligibility()
		if first != nil {
			w.say("⚠ " + tr("Perbaiki kolom bertanda ✗."))
			u.focus(first)
			return
		}
		if warns := unackedWarnings(w.rec, issues); len(warns) > 0 {
			s.warns.SetText("⚠ " + issueText(warns, u.lang))
			s.panel.Show()
			u.focus(s.reason)
			return
		}
		s.panel.Hide()
		if el := u.svc.Eligibility(w.rec); !el.MayCapture {
			w.say("⚠ " + el.Text(u.lang))
			return
		}
		if m := missingRequirements(u.svc.Checklist(), outcomes, u.lang); len(m) > 0 {
			w.say("⚠ " + tr("Persyaratan belum lengkap untuk biodata ini:") + " " + strings.Join(m, "; ") +
				" — " + tr("kembali ke Persyaratan (PgUp)."))
			return
		}
		w.region = s.form.region.names()
		done()
	})
}

// onAck acknowledges every open warning with the typed reason, then tries to move on.
func (s *biodataStep) onAck() {
	w, u := s.w, s.w.u
	reason := strings.TrimSpace(s.reason.Text)
	if reason == "" {
		w.say("⚠ " + tr("Tulis alasan menerima peringatan."))
		u.focus(s.reason)
		return
	}
	warns := unackedWarnings(w.rec, u.svc.Validate(w.rec))
	w.work(func(ctx context.Context) error {
		for _, i := range warns {
			if err := u.svc.Acknowledge(ctx, w.rec, i.Code, reason, u.op.ID); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		s.reason.SetText("")
		s.panel.Hide()
		w.onNext()
	})
}
