package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// docsStep (2. Persyaratan): the office's checklist with its conditions; the service
// officer ticks the documents seen. The age item is decided by the birth date, and the
// eligibility shows in one line.
type docsStep struct {
	w      *wizard
	checks []*check
	keys   []string
	elig   *widget.Label
}

func newDocsStep(w *wizard) *docsStep { return &docsStep{w: w} }

func (s *docsStep) title() string { return tr("Persyaratan") }

func (s *docsStep) build() fyne.CanvasObject {
	u := s.w.u
	s.checks, s.keys = nil, nil
	list := container.NewVBox()
	checked := map[string]bool{}
	if s.w.rec != nil {
		checked = s.w.rec.Checked
	}
	for _, r := range u.svc.Checklist().Items {
		label := r.Label(u.lang)
		if c := conditionText(r.When); c != "" {
			label += " — " + c
		}
		if r.Age {
			list.Add(widget.NewLabel("• " + label + " — " + tr("diperiksa dari tanggal lahir dan status perkawinan")))
			continue
		}
		c := newCheck(u, label, nil)
		c.SetChecked(checked[r.Key])
		c.onEnter = s.w.onNext
		s.checks = append(s.checks, c)
		s.keys = append(s.keys, r.Key)
		list.Add(c)
	}
	s.elig = note(s.eligibility())
	s.elig.TextStyle.Bold = true
	return container.NewVScroll(container.NewVBox(heading(tr("Persyaratan")),
		note(tr("Centang berkas yang sudah diperiksa (Spasi mencentang, Tab ke berikutnya, Enter lanjut).")),
		list, widget.NewSeparator(), s.elig))
}

func conditionText(c enroll.Condition) string {
	switch c {
	case enroll.PrevOutsideOffice:
		return tr("hanya bagi pendatang dari luar kabupaten")
	case enroll.ArrivedFromAbroad:
		return tr("hanya bagi yang datang dari luar negeri")
	}
	return ""
}

// eligibility is the one-line eligibility, once the birth date is known.
func (s *docsStep) eligibility() string {
	r := s.w.rec
	if r == nil || r.Biodata.BirthDate.IsZero() {
		return tr("Kelayakan: dihitung dari tanggal lahir pada langkah Biodata.")
	}
	return tr("Kelayakan") + ": " + s.w.u.svc.Eligibility(r).Text(s.w.u.lang)
}

func (s *docsStep) focusFirst() {
	if len(s.checks) > 0 {
		s.w.u.focus(s.checks[0])
	}
}

func (s *docsStep) leave() {}

func (s *docsStep) checked() map[string]bool {
	m := map[string]bool{}
	for i, c := range s.checks {
		if c.Checked {
			m[s.keys[i]] = true
		}
	}
	return m
}

func (s *docsStep) next(done func()) {
	w := s.w
	checked := s.checked()
	var outcomes []enroll.Outcome
	w.work(func(ctx context.Context) error {
		var err error
		outcomes, err = w.u.svc.CheckDocuments(ctx, w.rec, checked)
		if enroll.IsKind(err, enroll.KindInvalid) {
			return nil // shown below, by name
		}
		return err
	}, func() {
		if m := missingRequirements(w.u.svc.Checklist(), outcomes, w.u.lang); len(m) > 0 {
			w.say("⚠ " + tr("Berkas belum lengkap:") + " " + strings.Join(m, "; "))
			s.focusFirst()
			return
		}
		done()
	})
}

// missingRequirements names the applicable requirements not met.
func missingRequirements(c enroll.Checklist, outcomes []enroll.Outcome, lang string) []string {
	var out []string
	for _, o := range outcomes {
		if !o.Applies || o.Met {
			continue
		}
		for _, r := range c.Items {
			if r.Key == o.Key {
				out = append(out, r.Label(lang))
			}
		}
	}
	return out
}
