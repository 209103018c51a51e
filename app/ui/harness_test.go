package ui

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/device/sim"
)

// harness runs the UI on the test goroutine: what the UI hands to fyne.Do is queued and
// run by settle, so widgets are only ever touched by the test goroutine, and the key
// driver below delivers keys the way Fyne's desktop driver does (router, focus, Tab).
type harness struct {
	t    *testing.T
	u    *UI
	b    *fakeBackend
	c    fyne.Canvas
	mu   sync.Mutex
	q    []func()
	keys int // key presses delivered: a typed character, a key or a chord each count one
}

func newHarness(t *testing.T, b *fakeBackend) *harness {
	t.Helper()
	return newHarnessOn(t, b, b, 0)
}

// newHarnessOn is newHarness with the UI talking to backend (which wraps b) and the
// given idle lock; both are set before the UI's goroutines start.
func newHarnessOn(t *testing.T, b *fakeBackend, backend Backend, idle time.Duration) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, b: b}
	h.u = newUI(a, backend, Options{Service: b.svc, Clock: b.clock, Quality: sim.SimpleQuality, IdleLock: idle}, h.enqueue)
	h.u.start()
	h.c = h.u.win.Canvas()
	h.u.win.Resize(fyne.NewSize(1366, 768))
	t.Cleanup(func() {
		h.u.Close()
		h.settle()
	})
	h.settle()
	return h
}

// withSimulators gives the backend fast simulated devices.
func withSimulators(b *fakeBackend) *fakeBackend {
	b.devs = Devices{
		Camera:  sim.NewCamera(sim.CameraOptions{CaptureDelay: -1, FrameRate: 10}),
		Pad:     sim.NewSignaturePad(sim.PadOptions{Speed: 200, FinishPause: 50 * time.Millisecond}),
		Scanner: sim.NewFingerScanner(sim.ScannerOptions{CaptureDelay: -1, FrameInterval: 50 * time.Millisecond, SettleFrames: 1}),
	}
	return b
}

func (h *harness) enqueue(f func()) {
	h.mu.Lock()
	h.q = append(h.q, f)
	h.mu.Unlock()
}

func (h *harness) drain() bool {
	h.mu.Lock()
	q := h.q
	h.q = nil
	h.mu.Unlock()
	for _, f := range q {
		f()
	}
	return len(q) > 0
}

// settle runs queued UI work until no background job is left.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ran := h.drain()
		if !ran && h.u.tasks.Load() == 0 {
			h.mu.Lock()
			empty := len(h.q) == 0
			h.mu.Unlock()
			if empty {
				return
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("UI did not settle: %d background jobs", h.u.tasks.Load())
		}
		if !ran {
			time.Sleep(time.Millisecond)
		}
	}
}

// typeText types s into the focused widget, one key press per character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.keys++
		if f := h.c.Focused(); f != nil {
			f.TypedRune(r)
		} else if fn := h.c.OnTypedRune(); fn != nil {
			fn(r)
		}
	}
	h.settle()
}

// press presses one key as the desktop driver delivers it: Tab moves the focus unless
// the widget takes tabs; Space also types a space; other keys go to the focused widget or
// to the canvas.
func (h *harness) press(k fyne.KeyName) {
	h.t.Helper()
	h.keys++
	f := h.c.Focused()
	ev := &fyne.KeyEvent{Name: k}
	switch {
	case k == fyne.KeyTab:
		if tb, ok := f.(fyne.Tabbable); ok && tb.AcceptsTab() {
			f.TypedKey(ev)
		} else {
			h.c.FocusNext()
		}
	case f != nil:
		f.TypedKey(ev)
		if k == fyne.KeySpace {
			f.TypedRune(' ')
		}
	default:
		if fn := h.c.OnTypedKey(); fn != nil {
			fn(ev)
		}
	}
	h.settle()
}

// chord presses a key with modifiers.
func (h *harness) chord(mod fyne.KeyModifier, k fyne.KeyName) {
	h.t.Helper()
	h.keys++
	sc := &desktop.CustomShortcut{KeyName: k, Modifier: mod}
	if f, ok := h.c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
	} else {
		h.c.(fyne.Shortcutable).TypedShortcut(sc)
	}
	h.settle()
}

// login logs op in with the keyboard.
func (h *harness) login(id, pw string) {
	h.t.Helper()
	h.typeText(id)
	h.press(fyne.KeyReturn)
	h.typeText(pw)
	h.press(fyne.KeyReturn)
}

// wizard returns the stepper on screen.
func (h *harness) wizard() *wizard {
	h.t.Helper()
	w, ok := h.u.cur.(*wizard)
	if !ok {
		h.t.Fatalf("the stepper is not on screen (%T)", h.u.cur)
	}
	return w
}

// focused returns the focused widget.
func (h *harness) focused() fyne.Focusable { return h.c.Focused() }

// labels returns the text of every label on screen, overlays included.
func (h *harness) texts() []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *button:
			out = append(out, w.Text)
		case *check:
			out = append(out, w.Text)
		case *widget.Card:
			out = append(out, w.Title, w.Subtitle)
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(h.c.Content())
	for _, o := range h.c.Overlays().List() {
		walk(o)
	}
	return out
}

// screenHas reports whether some visible text contains s.
func (h *harness) screenHas(s string) bool {
	for _, t := range h.texts() {
		if contains(t, s) {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func (h *harness) mustSee(s string) {
	h.t.Helper()
	if !h.screenHas(s) {
		h.t.Fatalf("screen lacks %q; it shows:\n%q", s, h.texts())
	}
}
