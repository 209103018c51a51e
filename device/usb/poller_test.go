package usb

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// fakeClock ticks only when the test says so.
type fakeClock struct {
	ticks    chan time.Time
	interval time.Duration
	now      time.Time
	stopped  bool
	mu       sync.Mutex
}

func newFakeClock() *fakeClock {
	return &fakeClock{ticks: make(chan time.Time), now: time.Date(2025, 8, 17, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) NewTicker(d time.Duration) Ticker {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.interval = d
	return c
}
func (c *fakeClock) C() <-chan time.Time { return c.ticks }
func (c *fakeClock) Stop()               { c.mu.Lock(); c.stopped = true; c.mu.Unlock() }
func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// tick advances the clock by one interval and delivers the tick.
func (c *fakeClock) tick() {
	c.mu.Lock()
	c.now = c.now.Add(c.interval)
	now := c.now
	c.mu.Unlock()
	c.ticks <- now
}

// script is a Lister that returns its listings in turn, repeating the last.
type script struct {
	mu    sync.Mutex
	steps []step
	calls int
}

type step struct {
	devs []DeviceDesc
	err  error
}

func (s *script) List(context.Context) ([]DeviceDesc, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	return st.devs, st.err
}

var (
	scanner = DeviceDesc{VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 4, Product: "U.are.U 4500"}
	pad     = DeviceDesc{VID: 0x056a, PID: 0x00a4, Bus: 1, Address: 7}
)

func next(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("event channel closed early")
		}
		return e
	case <-time.After(2 * time.Second):
		t.Fatal("no event within 2 s")
	}
	return Event{}
}

func TestPollerReportsPlugAndUnplug(t *testing.T) {
	clock := newFakeClock()
	listErr := enroll.Errorf("list usb devices", enroll.KindUnavailable, "usbfs gone")
	moved := scanner
	moved.Address = 9 // replugged into another port: a new plug
	lister := &script{steps: []step{
		{devs: []DeviceDesc{scanner}},
		{devs: []DeviceDesc{scanner, pad}},
		{err: listErr},
		{devs: []DeviceDesc{pad}},
		{devs: []DeviceDesc{pad, moved}},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := NewPoller(lister, 1200*time.Millisecond, clock).Run(ctx)
	start := clock.Now()

	want := func(e Event, kind EventKind, d DeviceDesc, at time.Duration) {
		t.Helper()
		if e.Kind != kind || e.Device != d || !e.At.Equal(start.Add(at)) {
			t.Fatalf("event = %v %+v at %v, want %v %+v at +%v", e.Kind, e.Device, e.At.Sub(start), kind, d, at)
		}
	}
	want(next(t, events), Plugged, scanner, 0) // the initial picture
	if clock.interval != 1200*time.Millisecond {
		t.Fatalf("ticker interval = %v, want 1.2 s", clock.interval)
	}
	clock.tick()
	want(next(t, events), Plugged, pad, 1200*time.Millisecond)
	clock.tick()
	e := next(t, events)
	if e.Kind != ListFailed || !errors.Is(e.Err, listErr) {
		t.Fatalf("event = %+v, want ListFailed carrying the lister's error", e)
	}
	clock.tick() // the failed listing must not have emptied the known set
	want(next(t, events), Unplugged, scanner, 3600*time.Millisecond)
	clock.tick()
	want(next(t, events), Plugged, moved, 4800*time.Millisecond)

	cancel()
	for range events { // drains, and ends because Run closes the channel
	}
	clock.mu.Lock()
	defer clock.mu.Unlock()
	if !clock.stopped {
		t.Error("the ticker was not stopped")
	}
}

func TestPollerNothingChangesNothingSent(t *testing.T) {
	clock := newFakeClock()
	lister := &script{steps: []step{{devs: []DeviceDesc{pad}}}}
	ctx, cancel := context.WithCancel(context.Background())
	events := NewPoller(lister, 0, clock).Run(ctx)
	next(t, events)
	if clock.interval != DefaultPollInterval {
		t.Fatalf("interval = %v, want DefaultPollInterval", clock.interval)
	}
	for range 3 {
		clock.tick()
	}
	select {
	case e := <-events:
		t.Fatalf("unexpected event %+v", e)
	default:
	}
	cancel()
	if _, ok := <-events; ok {
		t.Fatal("channel not closed after cancel")
	}
}

func TestDiffOrder(t *testing.T) {
	at := time.Unix(0, 0)
	evs := diff([]DeviceDesc{scanner, pad}, []DeviceDesc{pad, scanner}, at)
	if len(evs) != 0 {
		t.Fatalf("reordering produced %v", evs)
	}
	renamed := scanner
	renamed.Product = "other name" // strings are not identity
	if evs := diff([]DeviceDesc{scanner}, []DeviceDesc{renamed}, at); len(evs) != 0 {
		t.Fatalf("a changed name produced %v", evs)
	}
	evs = diff([]DeviceDesc{scanner}, []DeviceDesc{pad}, at)
	if len(evs) != 2 || evs[0].Kind != Unplugged || evs[1].Kind != Plugged {
		t.Fatalf("swap produced %+v, want Unplugged then Plugged", evs)
	}
}
