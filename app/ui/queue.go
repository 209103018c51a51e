package ui

import (
	"context"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// queueScreen (Antrian kirim) lists the signed-off records with their upload and central
// state, errors in plain words with what to do, and "Kirim sekarang" with its progress.
type queueScreen struct {
	u        *UI
	counts   *widget.Label
	items    *fyne.Container
	send     *button
	bar      *widget.ProgressBar
	phase    *widget.Label
	msg      *widget.Label
	syncing  bool
	mu       sync.Mutex
	progress SyncProgress
	pending  bool
	drive    *drivePanel // nil when the backend cannot transfer by drive
}

// queueLimit is how many queue entries the screen lists.
const queueLimit = 200

func newQueueScreen(u *UI) *queueScreen { return &queueScreen{u: u} }

func (s *queueScreen) build() fyne.CanvasObject {
	s.counts = widget.NewLabel("…")
	s.items = container.NewVBox()
	s.send = newButton(s.u, tr("Kirim sekarang"), s.onSend)
	s.send.Importance = widget.HighImportance
	s.bar = widget.NewProgressBar()
	s.phase = widget.NewLabel("")
	s.msg = note("")
	s.refresh()
	top := container.NewVBox(heading(tr("Antrian kirim")), s.counts,
		container.NewBorder(nil, nil, s.send, nil, s.bar), s.phase, s.msg)
	if t, ok := s.u.b.(Transfers); ok {
		s.drive = newDrivePanel(s.u, t, s.refresh)
		top.Add(s.drive.build())
	}
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.items))
}

func (s *queueScreen) focusFirst() { s.u.focus(s.send) }

// refresh reloads the counts and the entries.
func (s *queueScreen) refresh() {
	s.u.background(func(ctx context.Context) func() {
		c, cerr := s.u.b.QueueCounts(ctx)
		items, ierr := s.u.b.QueueItems(ctx, queueLimit)
		return func() {
			if cerr != nil {
				s.counts.SetText(s.u.errText(cerr))
			} else {
				s.counts.SetText(trf("Menunggu kirim: {{.W}} · Terkirim: {{.S}} · Siap cetak: {{.P}} · Bermasalah: {{.X}}",
					map[string]any{"W": c.Waiting, "S": c.Sent, "P": c.PrintReady, "X": c.Problems}))
			}
			if ierr != nil {
				s.msg.SetText(s.u.errText(ierr))
				return
			}
			s.showItems(items)
		}
	})
}

func (s *queueScreen) showItems(items []QueueItem) {
	s.items.Objects = nil
	if len(items) == 0 {
		s.items.Add(widget.NewLabel(tr("Antrian kosong.")))
	}
	for _, it := range items {
		title := fmt.Sprintf("#%d · %s · %s · %s", it.Seq, it.NIK, orDash(it.Name), it.Status.Label(s.u.lang))
		l := widget.NewLabel(title)
		l.TextStyle.Bold = it.State == QueueProblem
		advice := note(queueAdvice(it))
		if it.State == QueueProblem {
			advice.Importance = widget.DangerImportance
		}
		s.items.Add(container.NewVBox(l, advice, widget.NewSeparator()))
	}
	s.items.Refresh()
}

// queueAdvice says where a record stands and what to do, in plain words.
func queueAdvice(it QueueItem) string {
	switch it.State {
	case QueueSent:
		return tr("Terkirim; menunggu hasil dari pusat. Tidak perlu tindakan.")
	case QueuePrintReady:
		return tr("Siap cetak. KTP-el dapat dicetak.")
	case QueueWaiting:
		if it.Error != "" {
			return trf("Belum terkirim ({{.N}} kali dicoba): {{.E}}. Akan dicoba lagi otomatis; periksa jaringan atau tekan Kirim sekarang.",
				map[string]any{"N": it.Attempts, "E": it.Error})
		}
		return tr("Menunggu kirim. Terkirim otomatis sesuai jadwal, atau tekan Kirim sekarang.")
	}
	reason := ""
	if it.Error != "" {
		reason = " (" + it.Error + ")"
	}
	switch it.Status {
	case enroll.StatusRejected:
		return tr("Ditolak server") + reason + ". " + tr("Paket tidak sah atau rusak: hubungi admin; rekam ulang bila diminta.")
	case enroll.StatusEnrollFailure:
		return tr("Gagal di pusat") + reason + ". " + tr("Biometrik tidak terbaca atau tidak lengkap: panggil pemohon untuk rekam ulang.")
	case enroll.StatusDuplicate:
		return tr("Data ganda") + reason + ". " + tr("Arahkan pemohon ke Dinas Dukcapil untuk penyelesaian data ganda.")
	case enroll.StatusAdjudicate:
		return tr("Sedang diverifikasi pusat") + reason + ". " + tr("Tidak perlu tindakan; tunggu hasilnya.")
	}
	return tr("Bermasalah") + reason + ". " + tr("Hubungi admin.")
}

// onSend runs one sync now, showing its progress.
func (s *queueScreen) onSend() {
	if s.syncing {
		return
	}
	s.syncing = true
	s.send.Disable()
	s.msg.SetText("")
	s.phase.SetText(tr("Menghubungi server…"))
	s.bar.SetValue(0)
	s.u.background(func(ctx context.Context) func() {
		err := s.u.b.SyncNow(ctx, s.report)
		return func() {
			s.syncing = false
			s.send.Enable()
			if err != nil {
				s.phase.SetText("")
				s.msg.SetText("⚠ " + s.u.errText(err))
			} else {
				s.bar.SetValue(1)
				s.phase.SetText(tr("Selesai."))
			}
			s.refresh()
		}
	})
}

// report receives progress from the sync engine's goroutine and draws at most one
// report at a time on the UI goroutine.
func (s *queueScreen) report(p SyncProgress) {
	s.mu.Lock()
	s.progress = p
	schedule := !s.pending
	s.pending = true
	s.mu.Unlock()
	if schedule {
		s.u.do(s.drawProgress)
	}
}

func (s *queueScreen) drawProgress() {
	s.mu.Lock()
	p := s.progress
	s.pending = false
	s.mu.Unlock()
	switch {
	case p.TotalBytes > 0:
		s.bar.SetValue(float64(p.Bytes) / float64(p.TotalBytes))
	case p.Total > 0:
		s.bar.SetValue(float64(p.Records) / float64(p.Total))
	}
	s.phase.SetText(progressText(p))
}

func progressText(p SyncProgress) string {
	switch p.Phase {
	case PhaseConnect:
		return tr("Menghubungi server…")
	case PhaseUpload:
		return trf("Mengirim {{.D}}/{{.T}} rekaman · {{.B}} dari {{.TB}} KB · {{.P}}", map[string]any{
			"D": p.Records, "T": p.Total, "B": p.Bytes / 1024, "TB": p.TotalBytes / 1024, "P": p.Packet})
	case PhaseStatus:
		return tr("Mengambil status dari pusat…")
	case PhaseDone:
		return tr("Selesai.")
	}
	return string(p.Phase)
}
