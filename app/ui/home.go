package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// standardMinutes is the service standard's time per applicant (DOMAIN.md).
const standardMinutes = 10

// homeScreen (Beranda) shows today's work, the upload queue, the devices and the link.
type homeScreen struct {
	u        *UI
	today    *widget.Label
	average  *widget.Label
	avgDot   *canvas.Circle
	queue    *widget.Label
	devices  *fyne.Container
	network  *widget.Label
	start    *button
	stopTick chan struct{}
}

func newHomeScreen(u *UI) *homeScreen { return &homeScreen{u: u} }

func (u *UI) showHome() {
	if u.home == nil {
		u.home = newHomeScreen(u)
	}
	u.show(u.home)
}

func (h *homeScreen) build() fyne.CanvasObject {
	h.today = widget.NewLabel("…")
	h.average = widget.NewLabel("…")
	h.avgDot = canvas.NewCircle(colIdle)
	h.queue = widget.NewLabel("…")
	h.queue.Wrapping = fyne.TextWrapWord
	h.network = widget.NewLabel("…")
	h.network.Wrapping = fyne.TextWrapWord
	h.devices = container.NewVBox()
	h.start = newButton(h.u, tr("Perekaman baru")+" (Ctrl+N)", func() { h.u.showWizard(false) })
	h.start.Importance = widget.HighImportance
	send := newButton(h.u, tr("Antrian kirim")+" (Ctrl+4)", func() { h.u.show(newQueueScreen(h.u)) })
	dot := container.NewGridWrap(fyne.NewSize(18, 18), h.avgDot)
	todayCard := widget.NewCard(tr("Hari ini"), "", container.NewVBox(h.today, container.NewHBox(container.NewCenter(dot), h.average)))
	queueCard := widget.NewCard(tr("Antrian kirim"), "", h.queue)
	devCard := widget.NewCard(tr("Alat perekam"), "", h.devices)
	netCard := widget.NewCard(tr("Jaringan"), "", h.network)
	h.showDevices()
	h.refresh()
	h.stopTick = make(chan struct{})
	go h.tick(h.stopTick)
	return container.NewVScroll(container.NewVBox(
		heading(tr("Beranda")),
		container.NewGridWithColumns(2, todayCard, queueCard, devCard, netCard),
		container.NewHBox(h.start, send, layout.NewSpacer()),
	))
}

func (h *homeScreen) focusFirst() { h.u.focus(h.start) }

func (h *homeScreen) leave() {
	if h.stopTick != nil {
		close(h.stopTick)
		h.stopTick = nil
	}
}

// tick refreshes the numbers every ten seconds while the screen is shown.
func (h *homeScreen) tick(stop chan struct{}) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-h.u.ctx.Done():
			return
		case <-t.C:
			h.u.do(func() {
				if h.u.cur == h {
					h.refresh()
				}
			})
		}
	}
}

// homeData is what refresh loads off the UI goroutine.
type homeData struct {
	stats    DayStats
	statsErr error
	counts   QueueCounts
	countErr error
	net      NetStatus
}

// refresh loads the numbers in the background and shows them.
func (h *homeScreen) refresh() {
	h.u.background(func(ctx context.Context) func() {
		var d homeData
		d.stats, d.statsErr = h.u.b.Today(ctx)
		d.counts, d.countErr = h.u.b.QueueCounts(ctx)
		d.net = h.u.b.NetworkStatus(ctx)
		return func() { h.showData(d) }
	})
}

func (h *homeScreen) showData(d homeData) {
	if d.statsErr != nil {
		h.today.SetText(h.u.errText(d.statsErr))
	} else {
		h.today.SetText(trf("Perekaman hari ini: {{.N}}", map[string]any{"N": d.stats.Recorded}))
		h.average.SetText(averageText(d.stats))
		h.avgDot.FillColor = colIdle
		if d.stats.Recorded > 0 {
			h.avgDot.FillColor = colOK
			if d.stats.Average > standardMinutes*time.Minute {
				h.avgDot.FillColor = colBad
			}
		}
		h.avgDot.Refresh()
	}
	if d.countErr != nil {
		h.queue.SetText(h.u.errText(d.countErr))
	} else {
		c := d.counts
		h.queue.SetText(trf("Menunggu kirim: {{.W}}\nTerkirim: {{.S}}\nSiap cetak: {{.P}}\nBermasalah: {{.X}}",
			map[string]any{"W": c.Waiting, "S": c.Sent, "P": c.PrintReady, "X": c.Problems}))
	}
	h.network.SetText(networkText(d.net, h.u.opts.Clock()))
}

// averageText compares today's mean time per applicant with the 10-minute standard.
func averageText(s DayStats) string {
	if s.Recorded == 0 {
		return trf("Rata-rata: — (standar {{.S}} menit per pemohon)", map[string]any{"S": standardMinutes})
	}
	m := fmt.Sprintf("%.1f", s.Average.Minutes())
	return trf("Rata-rata: {{.M}} menit per pemohon (standar {{.S}} menit)", map[string]any{"M": m, "S": standardMinutes})
}

func networkText(n NetStatus, now time.Time) string {
	state := tr("Terhubung")
	if !n.Online {
		state = tr("Tidak terhubung (data tersimpan, dikirim saat jaringan ada)")
	}
	last := tr("belum pernah")
	if !n.LastSync.IsZero() {
		last = n.LastSync.Format("02-01-2006 15:04") + " (" + ago(now.Sub(n.LastSync)) + ")"
	}
	s := state + "\n" + tr("Server") + ": " + n.Server + "\n" + tr("Sinkron terakhir berhasil") + ": " + last
	if n.Detail != "" {
		s += "\n" + n.Detail
	}
	return s
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return tr("baru saja")
	case d < time.Hour:
		return trf("{{.N}} menit lalu", map[string]any{"N": int(d.Minutes())})
	case d < 48*time.Hour:
		return trf("{{.N}} jam lalu", map[string]any{"N": int(d.Hours())})
	}
	return trf("{{.N}} hari lalu", map[string]any{"N": int(d.Hours() / 24)})
}

// showDevices shows the last device snapshot.
func (h *homeScreen) showDevices() {
	if h.devices == nil {
		return
	}
	h.devices.Objects = nil
	for _, d := range h.u.devs {
		text, ok := deviceText(d)
		dot := canvas.NewCircle(colOK)
		if !ok {
			dot.FillColor = colBad
		} else if d.info.Simulated {
			dot.FillColor = colWarn
		}
		h.devices.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(14, 14), dot)),
			widget.NewLabel(modalityName(d.modality)+": "+text)))
	}
	h.devices.Refresh()
}
