package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// recordsScreen (Data rekaman) finds records by NIK or name and opens one read-only.
type recordsScreen struct {
	u       *UI
	query   *entry
	results *fyne.Container
	detail  *fyne.Container
	msg     *widget.Label
	first   *button
	found   []enroll.Summary
}

// searchLimit is how many results a search shows.
const searchLimit = 50

func newRecordsScreen(u *UI) *recordsScreen { return &recordsScreen{u: u} }

func (s *recordsScreen) build() fyne.CanvasObject {
	s.query = newEntry(s.u, tr("NIK atau awal nama, lalu Enter"))
	s.query.onEnter = s.onSearch
	s.results = container.NewVBox()
	s.detail = container.NewStack()
	s.msg = note(tr("Cari dengan NIK (16 angka atau awalnya) atau awal nama."))
	search := newButton(s.u, tr("Cari"), s.onSearch)
	top := container.NewVBox(heading(tr("Data rekaman")), container.NewBorder(nil, nil, nil, search, s.query), s.msg)
	return container.NewBorder(top, nil, nil, nil,
		container.NewHSplit(container.NewVScroll(s.results), container.NewVScroll(s.detail)))
}

func (s *recordsScreen) focusFirst() { s.u.focus(s.query) }

func (s *recordsScreen) onSearch() {
	q := strings.TrimSpace(s.query.Text)
	if q == "" {
		s.msg.SetText(tr("Ketik NIK atau nama."))
		return
	}
	s.msg.SetText(tr("Mencari…"))
	s.u.background(func(ctx context.Context) func() {
		found, err := s.u.b.Search(ctx, q, searchLimit)
		return func() {
			if err != nil {
				s.msg.SetText(s.u.errText(err))
				return
			}
			s.show(found)
		}
	})
}

func (s *recordsScreen) show(found []enroll.Summary) {
	s.found = found
	s.results.Objects = nil
	s.first = nil
	s.msg.SetText(trf("{{.N}} rekaman ditemukan.", map[string]any{"N": len(found)}))
	for _, r := range found {
		id := r.ID
		when := r.Arrived.Format("02-01-2006 15:04")
		if !r.SignedOff.IsZero() {
			when = r.SignedOff.Format("02-01-2006 15:04")
		}
		b := newButton(s.u, r.NIK+" · "+orDash(r.Name)+" · "+r.Status.Label(s.u.lang)+" · "+when, func() { s.open(id) })
		b.Alignment = widget.ButtonAlignLeading
		if s.first == nil {
			s.first = b
		}
		s.results.Add(b)
	}
	s.results.Refresh()
	if s.first != nil {
		s.u.focus(s.first)
	}
}

// open shows one record read-only.
func (s *recordsScreen) open(id string) {
	s.u.background(func(ctx context.Context) func() {
		r, err := s.u.b.Record(ctx, id)
		return func() {
			if err != nil {
				s.msg.SetText(s.u.errText(err))
				return
			}
			s.detail.Objects = []fyne.CanvasObject{container.NewVBox(
				heading(orDash(r.Biodata.Name)+" — "+r.Status.Label(s.u.lang)),
				note(statusNote(r, s.u.lang)), readback(s.u, r, ""))}
			s.detail.Refresh()
		}
	})
}

// statusNote explains a record's lifecycle state.
func statusNote(r *enroll.Record, lang string) string {
	s := tr("Status") + ": " + r.Status.Label(lang)
	if r.StatusReason != "" {
		s += " — " + r.StatusReason
	}
	if r.SignOff != nil {
		s += "\n" + tr("Disahkan oleh") + " " + r.SignOff.Operator + " · " + r.SignOff.Station + " · " +
			r.SignOff.At.Format("02-01-2006 15:04")
	}
	return s
}
