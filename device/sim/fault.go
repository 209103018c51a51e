package sim

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Fault is a way a simulated device misbehaves, set with its Fail method.
type Fault int

// The faults every simulator can be told to show.
const (
	// FaultNone makes the device healthy again.
	FaultNone Fault = iota
	// FaultDisconnect makes the device vanish: calls fail with KindNotConnected, a
	// capture in progress returns at once, previews and stroke streams end.
	FaultDisconnect
	// FaultTimeout makes the device hang: captures block until their context is done
	// (KindTimeout on a deadline) and previews stop delivering frames.
	FaultTimeout
	// FaultBusy makes the device refuse new requests with KindBusy.
	FaultBusy
	// FaultLowQuality makes the device deliver poor samples: the scanner's quality is
	// forced low (KindLowQuality with the sample), the camera's picture is dark and
	// blurred, the signer barely touches the pad.
	FaultLowQuality
)

// String names the fault.
func (f Fault) String() string {
	switch f {
	case FaultNone:
		return "none"
	case FaultDisconnect:
		return "disconnect"
	case FaultTimeout:
		return "timeout"
	case FaultBusy:
		return "busy"
	case FaultLowQuality:
		return "low quality"
	}
	return fmt.Sprintf("fault(%d)", int(f))
}

// Errors that the simulators wrap in an *enroll.Error.
var (
	errGone = errors.New("simulated device disconnected")
	errBusy = errors.New("simulated device busy")
)

// faults holds a simulator's current fault and wakes whoever waits on the device when
// it changes.
type faults struct {
	mu        sync.Mutex
	mode      Fault
	changed   chan struct{} // closed and replaced on every change
	capturing bool
}

// newFaults returns a healthy state.
func newFaults() *faults { return &faults{changed: make(chan struct{})} }

// set changes the fault and wakes all waiters.
func (f *faults) set(m Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode = m
	close(f.changed)
	f.changed = make(chan struct{})
}

// get returns the current fault and a channel closed at its next change.
func (f *faults) get() (Fault, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mode, f.changed
}

// status reports the device status for the current fault.
func (f *faults) status() enroll.DeviceStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.mode == FaultDisconnect:
		return enroll.StatusNotConnected
	case f.mode == FaultBusy || f.capturing:
		return enroll.StatusBusy
	}
	return enroll.StatusSimulated
}

// check fails a new request if the device is gone or busy.
func (f *faults) check(op string) error {
	switch m, _ := f.get(); m {
	case FaultDisconnect:
		return enroll.E(op, enroll.KindNotConnected, errGone)
	case FaultBusy:
		return enroll.E(op, enroll.KindBusy, errBusy)
	}
	return nil
}

// begin starts a capture: it fails if the device is gone, busy, or already capturing,
// and otherwise marks the device as capturing until the returned function is called.
func (f *faults) begin(op string) (end func(), err error) {
	if err := f.check(op); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.capturing {
		return nil, enroll.E(op, enroll.KindBusy, errors.New("another capture is in progress"))
	}
	f.capturing = true
	return func() {
		f.mu.Lock()
		f.capturing = false
		f.mu.Unlock()
	}, nil
}

// sleep waits for d as part of operation op. It returns early with KindNotConnected
// when the device vanishes, hangs while the device is told to time out, and returns the
// context's error (KindTimeout on a deadline) when ctx is done first.
func (f *faults) sleep(ctx context.Context, op string, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	done := timer.C
	for {
		m, changed := f.get()
		switch m {
		case FaultDisconnect:
			return enroll.E(op, enroll.KindNotConnected, errGone)
		case FaultTimeout:
			// A hung device never finishes; only a fault change or ctx ends the wait.
			select {
			case <-ctx.Done():
				return contextError(op, ctx.Err())
			case <-changed:
				continue
			}
		}
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return contextError(op, ctx.Err())
		case <-changed:
		}
	}
}

// contextError classifies the end of a context: a deadline is KindTimeout; a
// cancellation is returned wrapped, unclassified, since nobody needs to be told.
func contextError(op string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return enroll.E(op, enroll.KindTimeout, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// clock returns now, or time.Now when it is nil.
func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
