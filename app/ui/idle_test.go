package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// lockingBackend records screen locks and logouts.
type lockingBackend struct {
	*fakeBackend
	locked, loggedOut []string
}

func (l *lockingBackend) ScreenLocked(_ context.Context, op string) { l.locked = append(l.locked, op) }
func (l *lockingBackend) LoggedOut(_ context.Context, op string) {
	l.loggedOut = append(l.loggedOut, op)
}

// TestIdleScreenLock: after the idle time without a key press the screen locks (back to
// login, audit told); typing keeps it open; the draft survives the lock.
func TestIdleScreenLock(t *testing.T) {
	b := newFakeBackend()
	var mu sync.Mutex // the UI's idle watcher reads the clock from its own goroutine
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	b.clock = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	lb := &lockingBackend{fakeBackend: b}
	h := newHarnessOn(t, b, lb, 2*time.Minute)
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.KeyN)
	h.press(fyne.KeyReturn)
	h.typeText("a-1")
	h.press(fyne.KeyReturn)
	h.typeText("3313094512000001")
	h.press(fyne.KeyReturn) // the draft is saved

	advance(90 * time.Second)
	h.u.lockIfIdle()
	if h.u.op == nil {
		t.Fatal("locked before the idle time")
	}
	h.press(fyne.KeyDown) // activity restarts the clock
	advance(90 * time.Second)
	h.u.lockIfIdle()
	if h.u.op == nil {
		t.Fatal("locked although the operator typed 90 s ago")
	}
	advance(45 * time.Second)
	h.u.lockIfIdle()
	h.settle()
	if _, ok := h.u.cur.(*loginScreen); !ok || h.u.op != nil {
		t.Fatalf("not locked after 135 s idle: screen %T", h.u.cur)
	}
	if len(lb.locked) != 1 || lb.locked[0] != "op1" || len(lb.loggedOut) != 1 {
		t.Fatalf("backend told of locks %v, logouts %v", lb.locked, lb.loggedOut)
	}
	h.mustSee("Layar terkunci karena tidak ada aktivitas. Masuk lagi untuk melanjutkan.")
	drafts, err := b.Drafts(context.Background(), "op1")
	if err != nil || len(drafts) != 1 || drafts[0].NIK != "3313094512000001" {
		t.Fatalf("draft after the lock: %+v %v", drafts, err)
	}
}
