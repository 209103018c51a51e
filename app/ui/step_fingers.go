package ui

import (
	"context"
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// fingerStep (6. Sidik jari): the ten fingers in order on a hand diagram, the live image
// with its quality against the threshold, up to three tries per finger keeping the best
// (the service does the keeping), and exceptions confirmed by a supervisor.
type fingerStep struct {
	w       *wizard
	cur     enroll.FingerPosition
	last    enroll.FingerPosition // the finger captured last, for F6
	hands   *handDiagram
	list    *fyne.Container
	preview *canvas.Image
	live    *live
	which   *widget.Label
	quality *widget.Label
	status  *widget.Label
	take    *button
	exc     *picker
	appr    *approval
	excPos  enroll.FingerPosition // the finger and kind being excused, read at submit
	excKind enroll.FingerException
}

func newFingerStep(w *wizard) *fingerStep { return &fingerStep{w: w} }

func (s *fingerStep) title() string { return tr("Sidik jari") }

func exceptionOptions() []option {
	return []option{
		{key: string(enroll.ExceptionAmputated), label: tr("Diamputasi / tidak ada")},
		{key: string(enroll.ExceptionBandaged), label: tr("Diperban / terluka")},
		{key: string(enroll.ExceptionWorn), label: tr("Aus / tidak terbaca")},
	}
}

func (s *fingerStep) build() fyne.CanvasObject {
	u := s.w.u
	s.hands = newHandDiagram()
	s.list = container.NewGridWithColumns(2)
	s.preview = canvas.NewImageFromImage(nil)
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.SetMinSize(fyne.NewSize(240, 300))
	s.which = heading("")
	s.quality = widget.NewLabel("")
	s.status = note("")
	s.take = newButton(u, tr("Ambil")+" (F5)", s.onCapture)
	s.take.Importance = widget.HighImportance
	retake := newButton(u, tr("Ulang jari terakhir")+" (F6)", s.onRetake)
	excBtn := newButton(u, tr("Pengecualian")+" (F8)", s.onException)
	prev := newButton(u, "◀ "+tr("Jari sebelumnya")+" (F3)", func() { s.move(-1) })
	nxt := newButton(u, tr("Jari berikutnya")+" (F4) ▶", func() { s.move(1) })
	s.exc = newPicker(u, tr("jenis pengecualian"))
	s.exc.setOptions(exceptionOptions())
	s.appr = newApproval(u, tr("Jari ini dicatat sebagai pengecualian."),
		container.NewBorder(nil, nil, widget.NewLabel(tr("Pengecualian")), nil, s.exc.box))
	s.exc.onEnter = func() { u.focus(s.appr.id) }
	s.appr.snapshot = func() error {
		o, ok := s.exc.selected()
		if !ok {
			return enroll.Errorf("finger exception", enroll.KindInvalid, "%s", tr("pilih jenis pengecualian"))
		}
		s.excPos, s.excKind = s.cur, enroll.FingerException(o.key)
		return nil
	}
	s.appr.onApproved = s.approveException
	s.appr.onDone = func() { s.afterFinger(s.excPos, false) }
	s.live = newLive(u, s.preview)
	s.live.onFrame = s.showLiveQuality
	s.live.onErr = func(err error) { s.status.SetText(u.errText(err)) }
	s.cur = nextFinger(s.w.rec, 0)
	if s.cur == 0 {
		s.cur = enroll.RightThumb
	}
	s.showFinger()
	left := container.NewVBox(s.which, s.hands.box, s.quality)
	return container.NewVScroll(container.NewVBox(
		container.NewHBox(s.take, retake, excBtn, prev, nxt, layout.NewSpacer()),
		s.status, s.appr.box,
		container.NewHBox(left, widget.NewCard("", tr("Gambar langsung"), s.preview)),
		s.list))
}

func (s *fingerStep) threshold() int { return s.w.u.svc.FingerQuality() }

// showFinger shows the current finger, the list and the diagram, and restarts the preview.
func (s *fingerStep) showFinger() {
	u, r := s.w.u, s.w.rec
	s.hands.show(r, s.cur, s.threshold())
	s.list.Objects = nil
	for i := range 5 { // right hand in the first column, left hand in the second
		for _, p := range []enroll.FingerPosition{enroll.AllFingers[i], enroll.AllFingers[i+5]} {
			s.list.Add(widget.NewLabel(s.fingerLine(fingerOf(r, p))))
		}
	}
	s.list.Refresh()
	s.which.SetText(fmt.Sprintf("%d. %s", int(s.cur), s.cur.Label(u.lang)))
	s.quality.SetText(trf("Ambang kualitas: {{.T}}", map[string]any{"T": s.threshold()}))
	sc := u.b.Devices().Scanner
	if sc == nil {
		s.status.SetText(tr("Pemindai sidik jari tidak ada. Pasang alatnya, lalu buka langkah ini lagi."))
		return
	}
	pos := s.cur
	s.live.start(func(ctx context.Context) (<-chan enroll.Frame, error) { return sc.Preview(ctx, pos) })
}

func (s *fingerStep) fingerLine(f enroll.FingerCapture) string {
	lang := s.w.u.lang
	mark := "○"
	if f.Position == s.cur {
		mark = "▶"
	}
	line := fmt.Sprintf("%s %d. %s", mark, int(f.Position), f.Position.Label(lang))
	switch {
	case f.Exception != enroll.ExceptionNone:
		line += " — " + tr("pengecualian") + ": " + exceptionLabel(f.Exception)
	case f.Sample != nil:
		ok := "✓"
		if f.Sample.Quality < s.threshold() {
			ok = "⚠"
		}
		line += fmt.Sprintf(" — %s %d (%s)", ok, f.Sample.Quality, trf("{{.N}} kali", map[string]any{"N": f.Tries}))
	}
	return line
}

func exceptionLabel(e enroll.FingerException) string {
	for _, o := range exceptionOptions() {
		if o.key == string(e) {
			return o.label
		}
	}
	return string(e)
}

func (s *fingerStep) showLiveQuality(f enroll.Frame) {
	q := f.Quality
	if g, ok := f.Image.(*image.Gray); q < 0 && ok && s.w.u.opts.Quality != nil {
		q = s.w.u.opts.Quality(g)
	}
	if q < 0 {
		return
	}
	mark := "✓"
	if q < s.threshold() {
		mark = "⚠"
	}
	s.quality.SetText(trf("Kualitas langsung: {{.Q}} {{.M}} (ambang {{.T}})", map[string]any{"Q": q, "M": mark, "T": s.threshold()}))
}

func (s *fingerStep) focusFirst() { s.w.u.focus(s.take) }

func (s *fingerStep) leave() { s.live.stop() }

func (s *fingerStep) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF5:
		s.onCapture()
	case fyne.KeyF6:
		s.onRetake()
	case fyne.KeyF8:
		s.onException()
	case fyne.KeyF3:
		s.move(-1)
	case fyne.KeyF4:
		s.move(1)
	default:
		return false
	}
	return true
}

// move goes to the previous or next finger in capture order.
func (s *fingerStep) move(d int) {
	if s.w.busy {
		return
	}
	n := len(enroll.AllFingers)
	s.cur = enroll.AllFingers[(int(s.cur)-1+d+n)%n]
	s.showFinger()
}

func (s *fingerStep) onRetake() {
	if s.last == 0 {
		s.w.say(tr("Belum ada jari yang diambil."))
		return
	}
	if f := fingerOf(s.w.rec, s.last); f.Tries >= enroll.MaxFingerTries {
		s.w.say(trf("Jari ini sudah {{.N}} kali diambil; yang terbaik disimpan.", map[string]any{"N": f.Tries}))
		return
	}
	s.cur = s.last
	s.showFinger()
	s.onCapture()
}

// onCapture captures the current finger once and keeps the best try.
func (s *fingerStep) onCapture() {
	w, u := s.w, s.w.u
	sc := u.b.Devices().Scanner
	if sc == nil || w.busy {
		return
	}
	pos, min := s.cur, s.threshold()
	var retry bool
	s.status.SetText(trf("Letakkan {{.F}} pada pemindai…", map[string]any{"F": pos.Label(u.lang)}))
	w.work(func(ctx context.Context) error {
		smp, err := sc.Capture(ctx, pos, min)
		if err != nil && !enroll.IsKind(err, enroll.KindLowQuality) {
			return err
		}
		retry, err = u.svc.AddFingerTry(ctx, w.rec, smp)
		return err
	}, func() {
		s.last = pos
		s.afterFinger(pos, retry)
	})
}

// afterFinger moves on after a capture or an exception: the same finger again when a
// retry is advised, else the next finger still to do.
func (s *fingerStep) afterFinger(pos enroll.FingerPosition, retry bool) {
	u := s.w.u
	f := fingerOf(s.w.rec, pos)
	if retry {
		s.showFinger()
		s.status.SetText(trf("Kualitas {{.Q}} di bawah ambang {{.T}} — coba lagi ({{.N}}/{{.M}}): bersihkan jari, tekan F5.",
			map[string]any{"Q": f.Sample.Quality, "T": s.threshold(), "N": f.Tries, "M": enroll.MaxFingerTries}))
		return
	}
	msg := ""
	if f.Sample != nil {
		msg = trf("{{.F}}: kualitas {{.Q}} tersimpan.", map[string]any{"F": pos.Label(u.lang), "Q": f.Sample.Quality})
	}
	next := nextFinger(s.w.rec, pos)
	if next == 0 {
		s.showFinger()
		s.live.stop()
		s.status.SetText(msg + " " + tr("Sepuluh jari selesai. PgDn untuk lanjut."))
		u.focus(s.w.fwd)
		return
	}
	s.cur = next
	s.showFinger()
	s.status.SetText(msg + " " + trf("Berikutnya: {{.F}} — tekan F5.", map[string]any{"F": next.Label(u.lang)}))
	u.focus(s.take)
}

func (s *fingerStep) onException() {
	if s.w.busy {
		return
	}
	s.appr.show(s.exc)
}

func (s *fingerStep) approveException(ctx context.Context, sup Operator, reason string) error {
	return s.w.u.svc.SetFingerException(ctx, s.w.rec, s.excPos, s.excKind, sup.ID, reason)
}

func (s *fingerStep) next(done func()) {
	if p := nextFinger(s.w.rec, 0); p != 0 {
		s.w.say("⚠ " + trf("Belum selesai: {{.F}}. Ambil (F5) atau catat pengecualian (F8).", map[string]any{"F": p.Label(s.w.u.lang)}))
		s.cur = p
		s.showFinger()
		s.focusFirst()
		return
	}
	done()
}
