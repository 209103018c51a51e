package sim

import (
	"context"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

var _ enroll.SignaturePad = (*SignaturePad)(nil)

// PadOptions configures a SignaturePad. The zero value is usable.
type PadOptions struct {
	// PadWidth and PadHeight are the pad's coordinate range; 2000×800 when zero.
	PadWidth, PadHeight int
	// SampleRate is how many pen points the pad reports per second; 200 when zero.
	SampleRate int
	// Speed scales the replay: 1 (the default) is real time, 50 is fifty times faster.
	Speed float64
	// FinishPause is how long the pen must rest after the last stroke before Capture
	// takes the signature as finished (before scaling by Speed); 800 ms when zero.
	FinishPause time.Duration
	// ImageWidth is the width of the rendered PNG in pixels; 800 when zero.
	ImageWidth int
	// Now stamps samples; time.Now when nil.
	Now func() time.Time
	// Serial is the reported serial number; "SIM-SIG-0001" when empty.
	Serial string
}

// SignaturePad is a simulated signature pad on which the subject (SetSubject) signs:
// the signing starts when someone first watches (Strokes) or waits (Capture), and
// again after each Clear, each time a slightly different attempt at the same signature.
type SignaturePad struct {
	opts   PadOptions
	now    func() time.Time
	faults *faults

	mu      sync.Mutex
	subject string
	attempt int
	session *padSession // the signing in progress; nil until it starts
}

// padSession is one signing: its points and when (real time) it began.
type padSession struct {
	points  []enroll.PenPoint
	start   time.Time
	cleared chan struct{} // closed when the pad is cleared
}

// NewSignaturePad returns a healthy simulated signature pad.
func NewSignaturePad(opts PadOptions) *SignaturePad {
	if opts.PadWidth <= 0 || opts.PadHeight <= 0 {
		opts.PadWidth, opts.PadHeight = 2000, 800
	}
	if opts.SampleRate <= 0 {
		opts.SampleRate = 200
	}
	if opts.Speed <= 0 {
		opts.Speed = 1
	}
	if opts.FinishPause <= 0 {
		opts.FinishPause = 800 * time.Millisecond
	}
	if opts.ImageWidth <= 0 {
		opts.ImageWidth = 800
	}
	if opts.Serial == "" {
		opts.Serial = "SIM-SIG-0001"
	}
	return &SignaturePad{opts: opts, now: clock(opts.Now), faults: newFaults()}
}

// SetSubject says who signs from now on; the pad starts afresh.
func (p *SignaturePad) SetSubject(identity string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.subject = identity
	p.reset()
}

// Fail makes the pad misbehave as f says; FaultNone heals it.
func (p *SignaturePad) Fail(f Fault) { p.faults.set(f) }

// Info describes the simulated pad.
func (p *SignaturePad) Info() enroll.DeviceInfo {
	return enroll.DeviceInfo{Modality: enroll.ModalitySignature, Make: "Rekam", Model: "Simulator signature pad",
		Serial: p.opts.Serial, Connected: "simulated", Simulated: true}
}

// Status reports StatusSimulated when healthy, StatusBusy while capturing or told to be
// busy, and StatusNotConnected when disconnected.
func (p *SignaturePad) Status() enroll.DeviceStatus { return p.faults.status() }

// reset ends the current signing; the caller holds p.mu.
func (p *SignaturePad) reset() {
	if p.session != nil {
		close(p.session.cleared)
		p.session = nil
		p.attempt++
	}
}

// current returns the signing in progress, starting one if there is none.
func (p *SignaturePad) current() *padSession {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.session == nil {
		m, _ := p.faults.get()
		pts := synthSignature(p.subject, p.attempt, p.opts.PadWidth, p.opts.PadHeight, p.opts.SampleRate, m == FaultLowQuality)
		p.session = &padSession{points: pts, start: time.Now(), cleared: make(chan struct{})}
	}
	return p.session
}

// due returns how long after the start of s the signer's time t is reached.
func (p *SignaturePad) due(t time.Duration) time.Duration {
	return time.Duration(float64(t) / p.opts.Speed)
}

// Clear discards what was signed; the subject starts signing again. Errors:
// KindNotConnected, KindBusy.
func (p *SignaturePad) Clear(ctx context.Context) error {
	if err := p.faults.check("clear signature pad"); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reset()
	return nil
}

// Strokes streams the pen points as the subject draws them, following the signing
// across Clear, until ctx is done or the pad disconnects; the channel is closed then.
// Errors: KindNotConnected, KindBusy.
func (p *SignaturePad) Strokes(ctx context.Context) (<-chan enroll.PenPoint, error) {
	if err := p.faults.check("watch signature pad"); err != nil {
		return nil, err
	}
	ch := make(chan enroll.PenPoint, 64)
	st := &strokeStream{pad: p, ch: ch, s: p.current()}
	go st.run(ctx)
	return ch, nil
}

// strokeStream replays the signing to one Strokes caller.
type strokeStream struct {
	pad *SignaturePad
	ch  chan enroll.PenPoint
	s   *padSession // the signing being replayed
	i   int         // the next point of s to send
}

// run sends the points as they fall due, follows the signing across Clear, sends
// nothing while the pad hangs, and closes the channel when ctx is done or the pad
// disconnects.
func (st *strokeStream) run(ctx context.Context) {
	defer close(st.ch)
	for {
		m, changed := st.pad.faults.get()
		if m == FaultDisconnect {
			return
		}
		var wake <-chan time.Time
		var timer *time.Timer
		if st.i < len(st.s.points) && m != FaultTimeout {
			timer = time.NewTimer(time.Until(st.s.start.Add(st.pad.due(st.s.points[st.i].T))))
			wake = timer.C
		}
		ok := st.step(ctx, wake, changed)
		if timer != nil {
			timer.Stop()
		}
		if !ok {
			return
		}
	}
}

// step waits for the next event: the next point falling due (it is sent), a fault
// change, or a Clear. It returns false when the stream must end.
func (st *strokeStream) step(ctx context.Context, wake <-chan time.Time, changed <-chan struct{}) bool {
	select {
	case <-ctx.Done():
		return false
	case <-changed:
	case <-st.s.cleared:
		st.s, st.i = st.pad.current(), 0
	case <-wake:
		select {
		case st.ch <- st.s.points[st.i]:
			st.i++
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// Capture waits until the subject has finished signing (the pen has rested for the
// finish pause) and returns the signature. Errors: KindNotConnected (also when the pad
// vanishes mid-signature), KindBusy (also while another capture runs), KindTimeout,
// KindProtocol (the signature could not be rendered).
func (p *SignaturePad) Capture(ctx context.Context) (enroll.SignatureSample, error) {
	const op = "capture signature"
	end, err := p.faults.begin(op)
	if err != nil {
		return enroll.SignatureSample{}, err
	}
	defer end()
	s := p.current()
	for {
		last := s.points[len(s.points)-1].T
		wait := time.Until(s.start.Add(p.due(last + p.opts.FinishPause)))
		if err := p.faults.sleep(ctx, op, wait); err != nil {
			return enroll.SignatureSample{}, err
		}
		// Cleared while waiting: wait for the new signing instead.
		if next := p.current(); next != s {
			s = next
			continue
		}
		break
	}
	pts := append([]enroll.PenPoint(nil), s.points...)
	img, err := renderSignature(pts, p.opts.PadWidth, p.opts.PadHeight, p.opts.ImageWidth)
	if err != nil {
		return enroll.SignatureSample{}, enroll.E(op, enroll.KindProtocol, err)
	}
	return enroll.SignatureSample{Points: pts, PadWidth: p.opts.PadWidth, PadHeight: p.opts.PadHeight,
		PNG: img, Device: p.Info(), At: p.now()}, nil
}
