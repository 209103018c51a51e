package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	_ "image/png" // the pad's rendered signature
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// signatureStep (5. Tanda tangan): the strokes appear as the applicant signs; F7 clears
// the pad, F5 accepts the signature when the applicant has finished, F6 signs again.
type signatureStep struct {
	w      *wizard
	ink    *canvas.Image
	saved  *canvas.Image
	status *widget.Label
	accept *button
	clear  *button

	cancel  context.CancelFunc
	stopped bool // UI goroutine only

	mu      sync.Mutex
	points  []enroll.PenPoint
	pending bool
}

func newSignatureStep(w *wizard) *signatureStep { return &signatureStep{w: w, stopped: true} }

func (s *signatureStep) title() string { return tr("Tanda tangan") }

func (s *signatureStep) build() fyne.CanvasObject {
	u := s.w.u
	s.ink = canvas.NewImageFromImage(blankInk())
	s.ink.FillMode = canvas.ImageFillContain
	s.ink.SetMinSize(fyne.NewSize(500, 200))
	s.saved = canvas.NewImageFromImage(nil)
	s.saved.FillMode = canvas.ImageFillContain
	s.saved.SetMinSize(fyne.NewSize(300, 120))
	s.status = note("")
	s.accept = newButton(u, tr("Terima tanda tangan")+" (F5)", s.onAccept)
	s.accept.Importance = widget.HighImportance
	s.clear = newButton(u, tr("Bersihkan")+" (F7)", s.onClear)
	again := newButton(u, tr("Ulang")+" (F6)", s.onClear)
	if r := s.w.rec; r.Signature != nil {
		if img, _, err := image.Decode(bytes.NewReader(r.Signature.Data)); err == nil {
			s.saved.Image = img
		}
	}
	s.startStrokes()
	return container.NewVScroll(container.NewVBox(
		note(tr("Minta pemohon menandatangani alat tanda tangan. Coretan tampil langsung di bawah.")),
		container.NewHBox(s.accept, s.clear, again, layout.NewSpacer()),
		s.status,
		container.NewHBox(widget.NewCard("", tr("Alat tanda tangan"), s.ink),
			widget.NewCard("", tr("Tanda tangan tersimpan"), s.saved))))
}

func blankInk() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 500, 200))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	return img
}

func (s *signatureStep) startStrokes() {
	s.stopStrokes()
	pad := s.w.u.b.Devices().Pad
	if pad == nil {
		s.status.SetText(tr("Alat tanda tangan tidak ada. Pasang alatnya, lalu buka langkah ini lagi."))
		return
	}
	ctx, cancel := context.WithCancel(s.w.u.ctx)
	s.cancel, s.stopped = cancel, false
	s.mu.Lock()
	s.points = nil
	s.mu.Unlock()
	go func() {
		ch, err := pad.Strokes(ctx)
		if err != nil {
			s.w.u.do(func() { s.status.SetText(s.w.u.errText(err)) })
			return
		}
		for p := range ch {
			s.mu.Lock()
			s.points = append(s.points, p)
			schedule := !s.pending
			s.pending = true
			s.mu.Unlock()
			if schedule {
				s.w.u.do(s.drawInk)
			}
		}
	}()
}

func (s *signatureStep) stopStrokes() {
	s.stopped = true
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

func (s *signatureStep) drawInk() {
	s.mu.Lock()
	pts := append([]enroll.PenPoint(nil), s.points...)
	s.pending = false
	s.mu.Unlock()
	if s.stopped {
		return
	}
	s.ink.Image = renderInk(pts, 500, 200)
	s.ink.Refresh()
}

// renderInk draws the pen points scaled into a w×h picture, pen-up points breaking the
// line.
func renderInk(pts []enroll.PenPoint, w, h int) *image.RGBA {
	img := blankInk()
	if len(pts) == 0 {
		return img
	}
	minX, minY, maxX, maxY := pts[0].X, pts[0].Y, pts[0].X, pts[0].Y
	for _, p := range pts {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	sx := float64(w-20) / float64(max(maxX-minX, 1))
	sy := float64(h-20) / float64(max(maxY-minY, 1))
	sc := min(sx, sy)
	at := func(p enroll.PenPoint) (int, int) {
		return 10 + int(float64(p.X-minX)*sc), 10 + int(float64(p.Y-minY)*sc)
	}
	ink := color.RGBA{A: 0xff}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if a.Pressure == 0 || b.Pressure == 0 {
			continue
		}
		x0, y0 := at(a)
		x1, y1 := at(b)
		line(img, x0, y0, x1, y1, ink)
	}
	return img
}

// line draws a two-pixel-wide line (Bresenham).
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	for {
		img.SetRGBA(x0, y0, c)
		img.SetRGBA(x0+1, y0, c)
		img.SetRGBA(x0, y0+1, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func (s *signatureStep) focusFirst() { s.w.u.focus(s.accept) }

func (s *signatureStep) leave() { s.stopStrokes() }

func (s *signatureStep) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF5:
		s.onAccept()
	case fyne.KeyF6, fyne.KeyF7:
		s.onClear()
	default:
		return false
	}
	return true
}

// onAccept waits for the signer to finish and stores the signature.
func (s *signatureStep) onAccept() {
	w, u := s.w, s.w.u
	pad := u.b.Devices().Pad
	if pad == nil || w.busy {
		return
	}
	var img image.Image
	s.status.SetText(tr("Menunggu tanda tangan selesai…"))
	w.work(func(ctx context.Context) error {
		smp, err := pad.Capture(ctx)
		if err != nil {
			return err
		}
		if err := u.svc.SetSignature(ctx, w.rec, smp); err != nil {
			return err
		}
		img, _, _ = image.Decode(bytes.NewReader(smp.PNG))
		return nil
	}, func() {
		s.saved.Image = img
		s.saved.Refresh()
		s.status.SetText(tr("Tanda tangan tersimpan. F6 untuk ulang, PgDn untuk lanjut."))
		u.focus(w.fwd)
	})
}

// onClear empties the pad: the applicant signs again.
func (s *signatureStep) onClear() {
	u := s.w.u
	pad := u.b.Devices().Pad
	if pad == nil || s.w.busy {
		return
	}
	u.background(func(ctx context.Context) func() {
		err := pad.Clear(ctx)
		return func() {
			if err != nil {
				s.status.SetText(u.errText(err))
				return
			}
			s.status.SetText(tr("Alat dibersihkan; pemohon dapat menandatangani lagi."))
			s.startStrokes()
			s.ink.Image = blankInk()
			s.ink.Refresh()
			u.focus(s.accept)
		}
	})
}

func (s *signatureStep) next(done func()) {
	if s.w.rec.Signature == nil {
		s.w.say("⚠ " + tr("Terima tanda tangan dulu (F5)."))
		s.focusFirst()
		return
	}
	done()
}
