package usb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestWithDeadline(t *testing.T) {
	ctx, cancel := withDeadline(context.Background())
	defer cancel()
	dl, ok := ctx.Deadline()
	if !ok || time.Until(dl) > DefaultTimeout || time.Until(dl) < DefaultTimeout-time.Second {
		t.Fatalf("default deadline in %v, want about %v", time.Until(dl), DefaultTimeout)
	}
	mine, cancelMine := context.WithTimeout(context.Background(), time.Minute)
	defer cancelMine()
	got, cancel2 := withDeadline(mine)
	defer cancel2()
	if got != mine {
		t.Fatal("a context with a deadline was replaced")
	}
}

func TestRunBoundedAbandonsAWedgedTransfer(t *testing.T) {
	old := abandonGrace
	abandonGrace = 50 * time.Millisecond
	defer func() { abandonGrace = old }()
	release := make(chan struct{})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err, done := runBounded(ctx, "wedged", func(context.Context) (int, error) {
		<-release // ignores its context, as a stuck libusb would
		return 0, nil
	})
	took := time.Since(start)
	if done || !enroll.IsKind(err, enroll.KindTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("runBounded = %v, done %v; want an abandoned KindTimeout", err, done)
	}
	if took < 150*time.Millisecond || took > time.Second {
		t.Fatalf("returned after %v, want deadline + grace = 150 ms", took)
	}
}

func TestRunBoundedReturnsTheOutcome(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	boom := errors.New("boom")
	n, err, done := runBounded(ctx, "op", func(ctx context.Context) (int, error) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("fn ran without a deadline")
		}
		return 7, boom
	})
	if n != 7 || err != boom || !done {
		t.Fatalf("runBounded = %d, %v, %v; want 7, boom, true", n, err, done)
	}
	// A cancelled transfer that libusb hands back is reported when it arrives.
	short, cancelShort := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelShort()
	_, err, done = runBounded(short, "op", func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if !done || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("runBounded = %v, %v; want the fn's own deadline error", err, done)
	}
	expired, cancelExpired := context.WithCancel(context.Background())
	cancelExpired()
	_, err, _ = runBounded(expired, "op", func(context.Context) (int, error) {
		t.Error("fn ran on an ended context")
		return 0, nil
	})
	if !enroll.IsKind(err, enroll.KindTimeout) || !errors.Is(err, context.Canceled) {
		t.Fatalf("ended context: err = %v, want KindTimeout wrapping Canceled", err)
	}
}

func TestClassify(t *testing.T) {
	live := context.Background()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	cause := errors.New("libusb said no")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		f    *libusbFailure
		want enroll.Kind
	}{
		{"timeout code", live, cause, &libusbFailure{code: errTimeout}, enroll.KindTimeout},
		{"timed out status", live, cause, &libusbFailure{status: statusTimedOut, hasStatus: true}, enroll.KindTimeout},
		{"no device code", live, cause, &libusbFailure{code: errNoDevice}, enroll.KindNotConnected},
		{"no device status", live, cause, &libusbFailure{status: statusNoDevice, hasStatus: true}, enroll.KindNotConnected},
		{"no device even after ctx ended", ended, cause, &libusbFailure{status: statusNoDevice, hasStatus: true}, enroll.KindNotConnected},
		{"busy", live, cause, &libusbFailure{code: errBusy}, enroll.KindBusy},
		{"stall", live, cause, &libusbFailure{status: statusStall, hasStatus: true}, enroll.KindProtocol},
		{"pipe", live, cause, &libusbFailure{code: errPipe}, enroll.KindProtocol},
		{"overflow", live, cause, &libusbFailure{status: statusOverflow, hasStatus: true}, enroll.KindProtocol},
		{"io", live, cause, &libusbFailure{code: errIO}, enroll.KindUnavailable},
		{"cancelled by us", ended, cause, &libusbFailure{status: statusCancelled, hasStatus: true}, enroll.KindTimeout},
		{"unknown code", live, cause, &libusbFailure{code: -99}, enroll.KindInternal},
		{"code in message", live, errors.New("failed to claim interface 0: libusb: device or resource busy [code -6]"), nil, enroll.KindBusy},
		{"plain error", live, cause, nil, enroll.KindInternal},
		{"plain error after ctx ended", ended, cause, nil, enroll.KindTimeout},
		{"already classified", live, enroll.E("x", enroll.KindInvalid, cause), nil, enroll.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classify("op", tt.ctx, tt.err, tt.f, 0x1209, 1)
			if got := enroll.KindOf(err); got != tt.want {
				t.Fatalf("kind = %v (%v), want %v", got, err, tt.want)
			}
		})
	}
}

func TestPermissionErrorCarriesTheUdevRule(t *testing.T) {
	err := classify("open usb device", context.Background(), errors.New("libusb: bad access [code -3]"), nil, 0x05ba, 0x000a)
	if !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("kind = %v, want KindPermission", enroll.KindOf(err))
	}
	for _, want := range []string{`ATTR{idVendor}=="05ba"`, `ATTR{idProduct}=="000a"`, "plugdev", "bad access"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestDeviceDescStrings(t *testing.T) {
	d := DeviceDesc{VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 4, Product: "U.are.U 4500"}
	if got, want := d.String(), "05ba:000a at usb 1-4 (U.are.U 4500)"; got != want {
		t.Fatalf("String = %q, want %q", got, want)
	}
}
