package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
)

// The window's frame around the screens: the header (station, operator), the section
// bar on the left, the key help at the bottom and the F1 help overlay.

// navItem is a section button that the mouse can tap but the Tab key skips: the
// sections are reached with Ctrl+1…5, so the Tab order stays inside the screen.
type navItem struct {
	widget.BaseWidget
	text   *canvas.Text
	bg     *canvas.Rectangle
	onTap  func()
	active bool
}

func newNavItem(label string, active bool, onTap func()) *navItem {
	n := &navItem{text: canvas.NewText(label, nil), bg: canvas.NewRectangle(colBlank), onTap: onTap, active: active}
	n.text.TextSize = 16
	if active {
		n.text.TextStyle.Bold = true
		n.text.Color = colCurrent
		n.bg.FillColor = colCurrentBg
	} else {
		n.text.Color = colText
	}
	n.ExtendBaseWidget(n)
	return n
}

// CreateRenderer draws the label on its background.
func (n *navItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(n.bg, container.NewPadded(n.text)))
}

// Tapped calls onTap.
func (n *navItem) Tapped(*fyne.PointEvent) { n.onTap() }

// updateChrome redraws the header, the section bar and the key help for the current
// screen and operator.
func (u *UI) updateChrome() {
	defer u.root.Refresh() // the section bar's width changes the layout
	if u.op == nil {
		u.nav.Objects = nil
		u.header.SetText("Rekam — " + tr("Perekaman KTP-el"))
		u.helpBar.SetText(tr("F1 Bantuan"))
		return
	}
	items := []struct {
		label string
		s     func() bool
		go_   func()
	}{
		{tr("Beranda") + "  (Ctrl+1)", func() bool { _, ok := u.cur.(*homeScreen); return ok }, u.showHome},
		{tr("Perekaman baru") + "  (Ctrl+N)", func() bool { _, ok := u.cur.(*wizard); return ok }, func() { u.showWizard(false) }},
		{tr("Data rekaman") + "  (Ctrl+3)", func() bool { _, ok := u.cur.(*recordsScreen); return ok }, func() { u.show(newRecordsScreen(u)) }},
		{tr("Antrian kirim") + "  (Ctrl+4)", func() bool { _, ok := u.cur.(*queueScreen); return ok }, func() { u.show(newQueueScreen(u)) }},
		{tr("Pengaturan") + "  (Ctrl+5)", func() bool { _, ok := u.cur.(*settingsScreen); return ok }, func() { u.show(newSettingsScreen(u)) }},
		{tr("Keluar") + "  (Ctrl+L)", func() bool { return false }, u.logout},
	}
	u.nav.Objects = nil
	for i, it := range items {
		if i == 1 && !u.can(station.ActionEnroll) || i == 2 && !u.can(station.ActionReadRecords) {
			continue // not this role's work
		}
		u.nav.Add(newNavItem(it.label, it.s(), it.go_))
	}
	u.nav.Refresh()
	u.header.SetText(strings.Join([]string{"Rekam", tr("Stasiun") + " " + u.station,
		tr("Operator") + ": " + u.op.Name + " (" + u.op.ID + ")"}, "  ·  "))
	help := tr("F1 Bantuan · Ctrl+N Perekaman baru · Tab pindah kolom · Enter lanjut")
	if _, ok := u.cur.(*wizard); ok {
		help += " · " + tr("PgDn Lanjut · PgUp Kembali · F5 Ambil · F6 Ulang")
	}
	u.helpBar.SetText(help)
}

// shortcutHelp lists the keys, for the overlay.
func shortcutHelp() [][2]string {
	return [][2]string{
		{"F1", tr("Bantuan ini (Esc menutup)")},
		{"Ctrl+N", tr("Perekaman baru / lanjutkan perekaman")},
		{"Ctrl+1 … Ctrl+5", tr("Beranda, Perekaman, Data rekaman, Antrian kirim, Pengaturan")},
		{"Ctrl+L", tr("Keluar (kunci stasiun)")},
		{"Tab / Shift+Tab", tr("Kolom berikutnya / sebelumnya")},
		{"Enter", tr("Kolom berikutnya; di kolom terakhir: lanjut ke langkah berikutnya")},
		{"PgDn / PgUp", tr("Langkah berikutnya / sebelumnya")},
		{"↑ / ↓", tr("Pilihan berikutnya / sebelumnya pada daftar kode")},
		{"Spasi", tr("Centang / tekan tombol")},
		{"F5", tr("Ambil (foto, tanda tangan, sidik jari)")},
		{"F6", tr("Ulang (ambil ulang)")},
		{"F7", tr("Bersihkan tanda tangan")},
		{"F8", tr("Pengecualian jari (perlu supervisor)")},
		{"F3 / F4", tr("Jari sebelumnya / berikutnya")},
	}
}

// toggleHelp shows or hides the key help overlay.
func (u *UI) toggleHelp() {
	if u.help != nil {
		u.help.Hide()
		u.help = nil
		return
	}
	grid := container.New(layout.NewFormLayout())
	for _, h := range shortcutHelp() {
		k := widget.NewLabel(h[0])
		k.TextStyle.Bold = true
		grid.Add(k)
		grid.Add(widget.NewLabel(h[1]))
	}
	title := widget.NewLabel(tr("Tombol pintas"))
	title.TextStyle.Bold = true
	u.help = widget.NewModalPopUp(container.NewVBox(title, grid), u.win.Canvas())
	u.help.Show()
}

// errText explains err in plain words with what to do, in the current language.
func (u *UI) errText(err error) string {
	if err == nil {
		return ""
	}
	var s string
	switch enroll.KindOf(err) {
	case enroll.KindPermission:
		s = tr("ID atau kata sandi salah, atau peran tidak berwenang.")
	case enroll.KindUnavailable:
		s = tr("Penyimpanan atau jaringan tidak tersedia. Coba lagi sebentar lagi.")
	case enroll.KindNotConnected:
		s = tr("Alat tidak terhubung. Periksa kabel USB, lalu coba lagi.")
	case enroll.KindBusy:
		s = tr("Alat sedang sibuk. Tunggu sebentar, lalu coba lagi.")
	case enroll.KindTimeout:
		s = tr("Alat tidak menjawab. Cabut dan pasang lagi, lalu coba lagi.")
	case enroll.KindNetwork:
		s = tr("Jaringan ke pusat terputus. Data tetap aman di stasiun; pengiriman dicoba lagi otomatis.")
	case enroll.KindUntrusted:
		s = tr("Sertifikat server pusat tidak dipercaya. Jangan kirim data; hubungi admin.")
	case enroll.KindLowQuality:
		s = tr("Kualitas kurang. Bersihkan alat dan ulangi.")
	case enroll.KindInvalid:
		s = tr("Data belum benar:") + " " + err.Error()
	case enroll.KindConflict:
		s = tr("Tidak dapat dilakukan pada keadaan ini:") + " " + err.Error()
	case enroll.KindNotFound:
		s = tr("Tidak ditemukan.")
	case enroll.KindProtocol:
		s = tr("Alat atau server menjawab tidak sesuai protokol. Hubungi admin.")
	default:
		s = tr("Terjadi kesalahan. Hubungi admin.") + " (" + err.Error() + ")"
	}
	return s
}

// heading returns a large bold title.
func heading(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// note returns a wrapping label.
func note(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
