package usb

import (
	"context"
	"time"
)

// DefaultPollInterval is how often the Poller lists the bus when not told otherwise:
// quick enough that a plugged-in scanner shows up before the operator looks for it,
// slow enough to cost nothing.
const DefaultPollInterval = 1500 * time.Millisecond

// EventKind says what happened on the bus.
type EventKind int

// The events a Poller reports.
const (
	Plugged    EventKind = iota + 1 // a device appeared (or was present when polling started)
	Unplugged                       // a device disappeared
	ListFailed                      // listing the bus failed; Err says why, the known set is kept
)

// String returns "plugged", "unplugged" or "list failed".
func (k EventKind) String() string {
	switch k {
	case Plugged:
		return "plugged"
	case Unplugged:
		return "unplugged"
	case ListFailed:
		return "list failed"
	}
	return "event(?)"
}

// Event is one change on the bus.
type Event struct {
	Kind   EventKind
	Device DeviceDesc // zero for ListFailed
	At     time.Time  // the clock's time of the poll that saw the change
	Err    error      // set for ListFailed only
}

// Ticker delivers ticks until stopped; *time.Ticker behind SystemClock, a fake in tests.
type Ticker interface {
	// C returns the channel the ticks arrive on.
	C() <-chan time.Time
	// Stop stops the ticks.
	Stop()
}

// Clock makes tickers and tells the time.
type Clock interface {
	// NewTicker returns a ticker that ticks every d.
	NewTicker(d time.Duration) Ticker
	// Now returns the current time.
	Now() time.Time
}

// SystemClock is the Clock of the real world.
type SystemClock struct{}

// NewTicker returns a *time.Ticker wrapped as a Ticker.
func (SystemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

type systemTicker struct{ t *time.Ticker }

func (s systemTicker) C() <-chan time.Time { return s.t.C }
func (s systemTicker) Stop()               { s.t.Stop() }

// Poller turns periodic listings of the bus into plug and unplug events, because
// libusb's hot-plug callbacks are not available through gousb.
type Poller struct {
	lister   Lister
	interval time.Duration
	clock    Clock
}

// NewPoller returns a Poller that lists l every interval (DefaultPollInterval when
// interval is not positive) on clock (SystemClock when nil).
func NewPoller(l Lister, interval time.Duration, clock Clock) *Poller {
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	if clock == nil {
		clock = SystemClock{}
	}
	return &Poller{lister: l, interval: interval, clock: clock}
}

// Run polls until ctx is done and then closes the returned channel. The first poll
// happens at once and reports every device present as Plugged, so the receiver starts
// from the full picture. A device is the same device while its bus, address, VID and
// PID stay the same. Run blocks on a slow receiver rather than drop events.
func (p *Poller) Run(ctx context.Context) <-chan Event {
	out := make(chan Event, 8)
	go p.loop(ctx, out)
	return out
}

func (p *Poller) loop(ctx context.Context, out chan<- Event) {
	defer close(out)
	ticker := p.clock.NewTicker(p.interval)
	defer ticker.Stop()
	var known []DeviceDesc
	for {
		if !p.poll(ctx, &known, out) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C():
		}
	}
}

// poll lists the bus once and sends the differences from known, which it updates. It
// returns false when ctx ended.
func (p *Poller) poll(ctx context.Context, known *[]DeviceDesc, out chan<- Event) bool {
	lctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	now, err := p.lister.List(lctx)
	cancel()
	if ctx.Err() != nil {
		return false
	}
	at := p.clock.Now()
	if err != nil {
		return send(ctx, out, Event{Kind: ListFailed, At: at, Err: err})
	}
	for _, e := range diff(*known, now, at) {
		if !send(ctx, out, e) {
			return false
		}
	}
	*known = now
	return true
}

func send(ctx context.Context, out chan<- Event, e Event) bool {
	select {
	case out <- e:
		return true
	case <-ctx.Done():
		return false
	}
}

// diff returns Unplugged events for the devices of before missing from after, then
// Plugged events for the devices of after missing from before, each in list order.
func diff(before, after []DeviceDesc, at time.Time) []Event {
	var evs []Event
	for _, b := range before {
		if !containsPlug(after, b) {
			evs = append(evs, Event{Kind: Unplugged, Device: b, At: at})
		}
	}
	for _, a := range after {
		if !containsPlug(before, a) {
			evs = append(evs, Event{Kind: Plugged, Device: a, At: at})
		}
	}
	return evs
}

func containsPlug(list []DeviceDesc, d DeviceDesc) bool {
	for _, x := range list {
		if samePlug(x, d) {
			return true
		}
	}
	return false
}
