package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2/canvas"

	"github.com/rekam-id/rekam/app/enroll"
)

// live shows a device's preview frames in an image. The device's goroutine only stores
// the newest frame; the UI goroutine is asked to draw at most one frame at a time, so a
// slow screen drops frames instead of queueing them.
type live struct {
	u       *UI
	img     *canvas.Image
	onFrame func(enroll.Frame) // on the UI goroutine, after the image is drawn
	onErr   func(error)        // on the UI goroutine

	cancel  context.CancelFunc
	stopped bool // UI goroutine only

	mu      sync.Mutex
	latest  enroll.Frame
	pending bool
}

func newLive(u *UI, img *canvas.Image) *live { return &live{u: u, img: img, stopped: true} }

// start opens the preview with open, stopping any earlier one.
func (l *live) start(open func(ctx context.Context) (<-chan enroll.Frame, error)) {
	l.stop()
	ctx, cancel := context.WithCancel(l.u.ctx)
	l.cancel, l.stopped = cancel, false
	go func() {
		ch, err := open(ctx)
		if err != nil {
			l.u.do(func() {
				if !l.stopped && l.onErr != nil {
					l.onErr(err)
				}
			})
			return
		}
		for f := range ch {
			l.mu.Lock()
			l.latest = f
			schedule := !l.pending
			l.pending = true
			l.mu.Unlock()
			if schedule {
				l.u.do(l.draw)
			}
		}
	}()
}

func (l *live) draw() {
	l.mu.Lock()
	f := l.latest
	l.pending = false
	l.mu.Unlock()
	if l.stopped || f.Image == nil {
		return
	}
	l.img.Image = f.Image
	l.img.Refresh()
	if l.onFrame != nil {
		l.onFrame(f)
	}
}

// stop ends the preview.
func (l *live) stop() {
	l.stopped = true
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}
