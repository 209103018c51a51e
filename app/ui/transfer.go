package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/station"
)

// Transfers is implemented by backends that can move the sealed queue over a removable
// drive (for teams with no network). It is optional: without it the queue screen shows
// no drive buttons.
type Transfers interface {
	// ExportQueue writes the sealed upload queue to dir and returns how many packets it
	// wrote. progress is told (done, total) as packets are written. Errors: KindInvalid
	// (dir), KindUnavailable (drive full or gone), KindPermission.
	ExportQueue(ctx context.Context, dir string, progress func(done, total int)) (int, error)
	// ImportQueue queues another station's drive transfer in dir for upload and returns
	// how many packets were added, were already here, and were skipped as damaged.
	ImportQueue(ctx context.Context, dir string, progress func(done, total int)) (added, already, skipped int, err error)
}

// drivePanel is the queue screen's removable-drive section.
type drivePanel struct {
	u      *UI
	t      Transfers
	dir    *entry
	export *button
	imp    *button
	bar    *widget.ProgressBar
	msg    *widget.Label
	busy   bool
	after  func() // called when a transfer ends (refresh the queue)
}

func newDrivePanel(u *UI, t Transfers, after func()) *drivePanel {
	p := &drivePanel{u: u, t: t, after: after}
	p.dir = newEntry(u, tr("folder di flashdisk, mis. /media/usb/rekam"))
	p.export = newButton(u, tr("Ekspor ke drive"), func() { p.run(true) })
	p.imp = newButton(u, tr("Impor dari drive"), func() { p.run(false) })
	p.bar = widget.NewProgressBar()
	p.msg = note("")
	p.dir.onEnter = func() { u.focus(p.export) }
	return p
}

func (p *drivePanel) build() fyne.CanvasObject {
	return widget.NewCard(tr("Tanpa jaringan: pindah lewat flashdisk"),
		tr("Paket tetap tersegel; tidak ada yang didekripsi di jalan."),
		container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel(tr("Folder")), nil, p.dir),
			container.NewHBox(p.export, p.imp), p.bar, p.msg))
}

// run exports or imports in the background, showing progress; the window stays live.
func (p *drivePanel) run(export bool) {
	dir := strings.TrimSpace(p.dir.Text)
	if p.busy {
		return
	}
	perm := station.ActionImport
	if export {
		perm = station.ActionExport
	}
	if !p.u.can(perm) {
		p.msg.SetText("⚠ " + tr("Peran Anda tidak boleh memindahkan paket ini."))
		return
	}
	if dir == "" {
		p.msg.SetText(tr("Isi folder tujuan di flashdisk."))
		p.u.focus(p.dir)
		return
	}
	p.busy = true
	p.bar.SetValue(0)
	p.msg.SetText(tr("Sedang memindahkan…"))
	progress := func(done, total int) {
		if total > 0 {
			v := float64(done) / float64(total)
			p.u.do(func() { p.bar.SetValue(v) })
		}
	}
	p.u.background(func(ctx context.Context) func() {
		var text string
		if export {
			n, err := p.t.ExportQueue(ctx, dir, progress)
			text = trf("{{.N}} paket tersegel ditulis ke {{.D}}.", map[string]any{"N": n, "D": dir})
			if err != nil {
				text = p.u.errText(err)
			}
		} else {
			a, al, sk, err := p.t.ImportQueue(ctx, dir, progress)
			text = trf("{{.A}} paket masuk antrian, {{.L}} sudah ada, {{.S}} rusak dilewati.", map[string]any{"A": a, "L": al, "S": sk})
			if err != nil {
				text = p.u.errText(err)
			}
		}
		return func() {
			p.busy = false
			p.bar.SetValue(1)
			p.msg.SetText(text)
			if p.after != nil {
				p.after()
			}
		}
	})
}
