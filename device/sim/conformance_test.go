package sim

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// fixedTime is the injected clock of every simulator under test.
var fixedTime = time.Date(2025, 8, 17, 9, 30, 0, 0, time.FixedZone("WIB", 7*3600))

func fixedNow() time.Time { return fixedTime }

// faulty is what the conformance suite needs of a simulator besides its port.
type faulty interface {
	enroll.Device
	Fail(Fault)
}

// conformance describes one simulator to the shared fault suite.
type conformance struct {
	modality enroll.Modality
	// fast returns a simulator whose capture finishes quickly; slow one whose capture
	// takes far longer than any test waits.
	fast, slow func(t *testing.T) faulty
	// capture runs one capture and returns its error.
	capture func(ctx context.Context, d faulty) error
	// stream starts the device's stream (preview or strokes) and returns a function
	// that waits for the next item (false once the channel is closed).
	stream func(ctx context.Context, d faulty) (next func() bool, err error)
}

// run checks the parts of the port contract that every simulator shares.
func (c conformance) run(t *testing.T) {
	t.Run("info", func(t *testing.T) {
		d := c.fast(t)
		info := d.Info()
		if !info.Simulated || info.Make != "Rekam" || info.Modality != c.modality || info.Connected != "simulated" ||
			len(info.Model) < len("Simulator") || info.Model[:len("Simulator")] != "Simulator" || info.Serial == "" {
			t.Errorf("Info() = %+v", info)
		}
		if s := d.Status(); s != enroll.StatusSimulated {
			t.Errorf("Status() = %q, want %q", s, enroll.StatusSimulated)
		}
	})
	t.Run("faults", func(t *testing.T) {
		for _, tc := range []struct {
			fault  Fault
			kind   enroll.Kind
			status enroll.DeviceStatus
		}{
			{FaultDisconnect, enroll.KindNotConnected, enroll.StatusNotConnected},
			{FaultBusy, enroll.KindBusy, enroll.StatusBusy},
			{FaultTimeout, enroll.KindTimeout, enroll.StatusSimulated},
		} {
			d := c.fast(t)
			d.Fail(tc.fault)
			if s := d.Status(); s != tc.status {
				t.Errorf("%v: Status() = %q, want %q", tc.fault, s, tc.status)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			deadline, _ := ctx.Deadline()
			err := c.capture(ctx, d)
			cancel()
			if !enroll.IsKind(err, tc.kind) {
				t.Errorf("%v: capture error %v (kind %v), want kind %v", tc.fault, err, enroll.KindOf(err), tc.kind)
			}
			if now := time.Now(); tc.fault == FaultTimeout && now.Before(deadline) {
				t.Errorf("timeout: capture returned %v before the deadline", deadline.Sub(now))
			}
			if tc.fault != FaultTimeout {
				if _, err := c.stream(context.Background(), d); !enroll.IsKind(err, tc.kind) {
					t.Errorf("%v: stream error %v, want kind %v", tc.fault, err, tc.kind)
				}
			}
			d.Fail(FaultNone)
			if s := d.Status(); s != enroll.StatusSimulated {
				t.Errorf("%v healed: Status() = %q", tc.fault, s)
			}
			if err := c.capture(context.Background(), d); err != nil {
				t.Errorf("%v healed: capture: %v", tc.fault, err)
			}
		}
	})
	t.Run("disconnect mid-capture", func(t *testing.T) {
		d := c.slow(t)
		done := make(chan error, 1)
		go func() { done <- c.capture(context.Background(), d) }()
		waitStatus(t, d, enroll.StatusBusy)
		d.Fail(FaultDisconnect)
		select {
		case err := <-done:
			if !enroll.IsKind(err, enroll.KindNotConnected) {
				t.Errorf("capture error %v, want KindNotConnected", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("capture hangs after the device vanished")
		}
		if s := d.Status(); s != enroll.StatusNotConnected {
			t.Errorf("Status() = %q after disconnect", s)
		}
	})
	t.Run("hang then disconnect", func(t *testing.T) {
		d := c.fast(t)
		d.Fail(FaultTimeout)
		done := make(chan error, 1)
		go func() { done <- c.capture(context.Background(), d) }()
		waitStatus(t, d, enroll.StatusBusy)
		d.Fail(FaultDisconnect)
		select {
		case err := <-done:
			if !enroll.IsKind(err, enroll.KindNotConnected) {
				t.Errorf("capture error %v, want KindNotConnected", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("a hung capture ignores the disconnect")
		}
	})
	t.Run("second capture is busy", func(t *testing.T) {
		d := c.slow(t)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.capture(ctx, d) }()
		waitStatus(t, d, enroll.StatusBusy)
		if err := c.capture(context.Background(), d); !enroll.IsKind(err, enroll.KindBusy) {
			t.Errorf("second capture: %v, want KindBusy", err)
		}
		cancel()
		<-done
	})
	t.Run("cancel", func(t *testing.T) {
		d := c.slow(t)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		start := time.Now()
		err := c.capture(ctx, d)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("capture error %v, want context.Canceled", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("cancel took %v", el)
		}
	})
	t.Run("stream", func(t *testing.T) {
		d := c.fast(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		next, err := c.stream(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if !next() {
				t.Fatalf("stream closed after %d items", i)
			}
		}
		d.Fail(FaultDisconnect)
		drainClosed(t, next, "disconnect")
		d.Fail(FaultNone)
		ctx2, cancel2 := context.WithCancel(context.Background())
		next, err = c.stream(ctx2, d)
		if err != nil {
			t.Fatal(err)
		}
		if !next() {
			t.Fatal("stream closed at once")
		}
		cancel2()
		drainClosed(t, next, "cancel")
	})
}

// waitStatus waits until d reports want (a capture has begun).
func waitStatus(t *testing.T, d enroll.Device, want enroll.DeviceStatus) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for d.Status() != want {
		if time.Now().After(deadline) {
			t.Fatalf("Status() stays %q, want %q", d.Status(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

// drainClosed reads a stream until it closes, failing if that takes long.
func drainClosed(t *testing.T, next func() bool, why string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		for next() {
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatalf("stream still open 2 s after %s", why)
	}
}

// receive turns a channel into a next function for the suite.
func receive[T any](ch <-chan T) func() bool {
	return func() bool {
		_, ok := <-ch
		return ok
	}
}
