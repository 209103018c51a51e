package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
)

// settingsScreen (Pengaturan): station, server, sync schedule, devices, language, finger
// quality threshold and the requirement checklist. Only an admin changes the station's
// settings; anyone may switch the language.
type settingsScreen struct {
	u         *UI
	station   *entry
	server    *entry
	schedule  *entry
	language  *picker
	quality   *entry
	checklist *entry
	save      *button
	msg       *widget.Label
	loaded    Settings
}

func newSettingsScreen(u *UI) *settingsScreen { return &settingsScreen{u: u} }

func (s *settingsScreen) build() fyne.CanvasObject {
	u := s.u
	s.station = newEntry(u, "KEC-JATEN-01")
	s.server = newEntry(u, "https://…")
	s.schedule = newEntry(u, tr("cron, mis. */15 * * * *"))
	s.language = newPicker(u, "id / en")
	s.language.setOptions([]option{{key: "id", label: "Bahasa Indonesia"}, {key: "en", label: "English"}})
	s.quality = newEntry(u, "40")
	s.checklist = newEntry(u, "")
	s.checklist.MultiLine = true
	s.checklist.SetMinRowsVisible(8)
	s.msg = note("")
	s.save = newButton(u, tr("Simpan"), s.onSave)
	s.save.Importance = widget.HighImportance
	chain := []fyne.Focusable{s.station, s.server, s.schedule, s.language, s.quality}
	for i, f := range chain {
		next := fyne.Focusable(s.save)
		if i+1 < len(chain) {
			next = chain[i+1]
		}
		switch w := f.(type) {
		case *entry:
			w.onEnter = func() { u.focus(next) }
		case *picker:
			w.onEnter = func() { u.focus(next) }
		}
	}
	if u.op == nil || u.op.Role != RoleAdmin {
		for _, e := range []*entry{s.station, s.server, s.schedule, s.quality, s.checklist} {
			e.Disable()
		}
		s.msg.SetText(tr("Hanya admin yang dapat mengubah pengaturan stasiun; bahasa dapat diganti siapa saja."))
	}
	devs := container.NewVBox()
	for _, d := range u.devs {
		text, _ := deviceText(d)
		devs.Add(widget.NewLabel(modalityName(d.modality) + ": " + text + " · " + tr("nomor seri") + " " + orDash(d.info.Serial)))
	}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("ID stasiun")), s.station,
		widget.NewLabel(tr("Server pusat")), s.server,
		widget.NewLabel(tr("Jadwal kirim")), s.schedule,
		widget.NewLabel(tr("Bahasa")), s.language.box,
		widget.NewLabel(tr("Ambang kualitas jari")), s.quality,
		widget.NewLabel(tr("Alat")), devs,
		widget.NewLabel(tr("Daftar persyaratan (JSON)")), s.checklist)
	s.load()
	return container.NewVScroll(container.NewVBox(heading(tr("Pengaturan")), form, s.save, s.msg))
}

func (s *settingsScreen) focusFirst() {
	if s.station.Disabled() {
		s.u.focus(s.language)
		return
	}
	s.u.focus(s.station)
}

func (s *settingsScreen) load() {
	s.u.background(func(ctx context.Context) func() {
		st, err := s.u.b.Settings(ctx)
		return func() {
			if err != nil {
				s.msg.SetText(s.u.errText(err))
				return
			}
			s.loaded = st
			s.station.SetText(st.Station)
			s.server.SetText(st.ServerURL)
			s.schedule.SetText(st.Schedule)
			s.language.selectKey(normLang(st.Language))
			s.quality.SetText(strconv.Itoa(st.FingerQuality))
			s.checklist.SetText(string(st.Checklist))
		}
	})
}

// read checks the fields and returns the settings to save.
func (s *settingsScreen) read() (Settings, error) {
	st := s.loaded
	st.Station, st.ServerURL = strings.TrimSpace(s.station.Text), strings.TrimSpace(s.server.Text)
	st.Schedule = strings.TrimSpace(s.schedule.Text)
	if o, ok := s.language.selected(); ok {
		st.Language = o.key
	}
	q, err := strconv.Atoi(strings.TrimSpace(s.quality.Text))
	if err != nil || q < 0 || q > 100 {
		return st, enroll.Errorf("settings", enroll.KindInvalid, "%s", tr("ambang kualitas harus 0–100"))
	}
	st.FingerQuality = q
	if strings.TrimSpace(s.checklist.Text) != "" {
		if _, err := enroll.ParseChecklist([]byte(s.checklist.Text)); err != nil {
			return st, err
		}
	}
	st.Checklist = []byte(s.checklist.Text)
	return st, nil
}

func (s *settingsScreen) onSave() {
	if !s.u.can(station.ActionSettings) {
		s.msg.SetText("⚠ " + tr("Hanya admin yang boleh mengubah pengaturan."))
		return
	}
	st, err := s.read()
	if err != nil {
		s.msg.SetText("⚠ " + s.u.errText(err))
		return
	}
	u := s.u
	s.msg.SetText(tr("Menyimpan…"))
	u.background(func(ctx context.Context) func() {
		err := u.b.SaveSettings(ctx, st)
		return func() {
			if err != nil {
				s.msg.SetText("⚠ " + u.errText(err))
				return
			}
			u.station = st.Station
			u.updateChrome()
			if l := normLang(st.Language); l != u.lang {
				u.lang = l
				if err := setLanguage(l); err != nil {
					fyne.LogError("switch language", err)
				}
				next := newSettingsScreen(u)
				u.show(next)
				next.msg.SetText(tr("Tersimpan."))
				return
			}
			s.msg.SetText(tr("Tersimpan. Daftar persyaratan dan ambang kualitas langsung berlaku."))
		}
	})
}
