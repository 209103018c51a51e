//go:build cgo && !nousb && linux

package usb

// The libusb tier: the real libusb, talking through umockdev's preload library to the
// device model in testdata/umockusb.py. The test re-executes its own binary under that
// driver, which builds the testbed from testdata/loopback.umockdev.
//
// Debian packages needed: libusb-1.0-0-dev and pkg-config (to build), umockdev,
// libumockdev0, gir1.2-umockdev-1.0 and python3-gi (to run). Without them the test
// skips and says which is missing.

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

const (
	childEnv   = "REKAM_USB_UMOCKDEV_CHILD"
	skipStatus = 77 // umockusb.py: python3-gi or the UMockdev typelib is missing
)

var loopback = DeviceDesc{VID: 0x1209, PID: 0x0001, Bus: 1, Address: 5}

func TestLibusbUnderUmockdev(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		runUnderUmockdev(t)
		return
	}
	bus, err := NewBus()
	if err != nil {
		t.Fatalf("NewBus: %v", err)
	}
	defer func() {
		if err := bus.Close(); err != nil {
			t.Errorf("bus.Close: %v", err)
		}
	}()
	// Order matters: the unplug is the last thing the emulated device does.
	t.Run("Enumerate", func(t *testing.T) { testEnumerate(t, bus) })
	t.Run("OpenChecksSetting", func(t *testing.T) { testOpenChecksSetting(t, bus) })
	t.Run("ReopenAfterClose", func(t *testing.T) { testReopen(t, bus) })
	tr, err := bus.Open(loopback, 1, 0, 0)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Run("Control", func(t *testing.T) { testControl(t, tr) })
	t.Run("Bulk", func(t *testing.T) { testBulk(t, tr) })
	t.Run("Interrupt", func(t *testing.T) { testInterrupt(t, tr) })
	t.Run("EndpointChecks", func(t *testing.T) { testEndpointChecks(t, tr) })
	t.Run("Busy", func(t *testing.T) { testBusy(t, bus) })
	t.Run("BulkTimeout", func(t *testing.T) { testBulkTimeout(t, tr) })
	t.Run("ControlTimeout", func(t *testing.T) { testControlTimeout(t, tr) })
	t.Run("UnplugDuringTransfer", func(t *testing.T) { testUnplug(t, bus, tr) })
}

// runUnderUmockdev runs this test again in a child process under umockusb.py.
func runUnderUmockdev(t *testing.T) {
	py := findPython(t)
	device, _ := filepath.Abs("testdata/loopback.umockdev")
	driver, _ := filepath.Abs("testdata/umockusb.py")
	args := []string{driver, "--device", device, "--",
		os.Args[0], "-test.run=^TestLibusbUnderUmockdev$", "-test.timeout=60s"}
	if testing.Verbose() {
		args = append(args, "-test.v")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == skipStatus:
		t.Skipf("umockdev tier skipped (install umockdev, gir1.2-umockdev-1.0, python3-gi): %s", strings.TrimSpace(string(out)))
	case err != nil:
		t.Fatalf("libusb under umockdev: %v\n%s", err, out)
	}
	t.Logf("libusb under umockdev:\n%s", out)
}

// findPython returns a python3 that can import the GObject bindings: the system one
// first, since a pyenv or venv python usually lacks python3-gi.
func findPython(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import gi").Run() == nil {
			return path
		}
	}
	t.Skip("umockdev tier skipped: no python3 with python3-gi (install python3-gi, gir1.2-umockdev-1.0, umockdev)")
	return ""
}

func wantKind(t *testing.T, err error, k enroll.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want kind %v", k)
	}
	if got := enroll.KindOf(err); got != k {
		t.Fatalf("err = %v (kind %v), want kind %v", err, got, k)
	}
}

func testEnumerate(t *testing.T, bus *Bus) {
	devs, err := bus.List(context.Background())
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := loopback
	want.Manufacturer, want.Product, want.Serial = "Rekam Test Works", "Loopback 1", "RKM-0001"
	hub := DeviceDesc{VID: 0x1d6b, PID: 0x0002, Bus: 1, Address: 1,
		Manufacturer: "Linux 6.1.0 xhci-hcd", Product: "xHCI Host Controller", Serial: "0000:00:14.0"}
	var gotDev, gotHub bool
	for _, d := range devs {
		switch {
		case d == want:
			gotDev = true
		case d == hub:
			gotHub = true
		}
	}
	if !gotDev || !gotHub {
		t.Fatalf("List = %+v, want %+v and %+v", devs, want, hub)
	}
	again, err := bus.List(context.Background())
	if err != nil || len(again) != len(devs) {
		t.Fatalf("second List = %+v, %v; want the same %d devices", again, err, len(devs))
	}
}

func testOpenChecksSetting(t *testing.T, bus *Bus) {
	_, err := bus.Open(loopback, 2, 0, 0)
	wantKind(t, err, enroll.KindInvalid)
	_, err = bus.Open(loopback, 1, 1, 0)
	wantKind(t, err, enroll.KindInvalid)
	other := loopback
	other.PID = 0x0002 // same address, another product: a replug by something else
	_, err = bus.Open(other, 1, 0, 0)
	wantKind(t, err, enroll.KindNotConnected)
	gone := loopback
	gone.Address = 9
	_, err = bus.Open(gone, 1, 0, 0)
	wantKind(t, err, enroll.KindNotConnected)
}

// testReopen opens and closes twice: the kernel driver the emulated interface starts
// bound to must be detached for each claim and given back on each Close.
func testReopen(t *testing.T, bus *Bus) {
	for i := range 2 {
		tr, err := bus.Open(loopback, 1, 0, 0)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		if err := tr.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
		if err := tr.Close(); err != nil {
			t.Fatalf("second Close #%d: %v", i+1, err)
		}
		_, err = tr.BulkIn(timeout(time.Second), 0x81, make([]byte, 8))
		wantKind(t, err, enroll.KindNotConnected)
	}
}

func timeout(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	_ = cancel // released when the deadline passes; the tests are short
	return ctx
}

func testControl(t *testing.T, tr Transport) {
	payload := []byte("register \x00\xff value")
	n, err := tr.Control(timeout(2*time.Second), 0x40, 0x01, 0, 0, payload)
	if err != nil || n != len(payload) {
		t.Fatalf("control out = %d, %v; want %d, nil", n, err, len(payload))
	}
	buf := make([]byte, 64)
	n, err = tr.Control(timeout(2*time.Second), 0xC0, 0x02, 0, 0, buf)
	if err != nil || string(buf[:n]) != string(payload) {
		t.Fatalf("control in = %q, %v; want %q", buf[:n], err, payload)
	}
	short := make([]byte, 4)
	n, err = tr.Control(timeout(2*time.Second), 0xC0, 0x02, 0, 0, short)
	if err != nil || string(short[:n]) != "regi" {
		t.Fatalf("short control in = %q, %v; want %q", short[:n], err, "regi")
	}
	_, err = tr.Control(timeout(2*time.Second), 0xC0, 0x7F, 0, 0, buf)
	wantKind(t, err, enroll.KindProtocol) // the device stalls an unknown request
}

func testBulk(t *testing.T, tr Transport) {
	msg := []byte("fingerprint frame 0123456789")
	n, err := tr.BulkOut(timeout(2*time.Second), 0x02, msg)
	if err != nil || n != len(msg) {
		t.Fatalf("bulk out = %d, %v; want %d, nil", n, err, len(msg))
	}
	head := make([]byte, 11)
	n, err = tr.BulkIn(timeout(2*time.Second), 0x81, head)
	if err != nil || string(head[:n]) != "fingerprint" {
		t.Fatalf("bulk in = %q, %v; want %q", head[:n], err, "fingerprint")
	}
	rest := make([]byte, 512)
	n, err = tr.BulkIn(timeout(2*time.Second), 0x81, rest)
	if err != nil || string(rest[:n]) != " frame 0123456789" {
		t.Fatalf("bulk in = %q, %v; want %q", rest[:n], err, " frame 0123456789")
	}
}

func testInterrupt(t *testing.T, tr Transport) {
	var seqs []byte
	for range 2 {
		buf := make([]byte, 8)
		n, err := tr.InterruptIn(timeout(2*time.Second), 0x83, buf)
		if err != nil || n != 8 || buf[0] != 0xA5 {
			t.Fatalf("interrupt in = % x, %v; want an 8-byte A5 report", buf[:n], err)
		}
		seqs = append(seqs, buf[1])
	}
	if seqs[1] != seqs[0]+1 {
		t.Fatalf("report sequence %v, want consecutive", seqs)
	}
}

func testEndpointChecks(t *testing.T, tr Transport) {
	buf := make([]byte, 8)
	_, err := tr.BulkIn(timeout(time.Second), 0x83, buf) // an interrupt endpoint
	wantKind(t, err, enroll.KindInvalid)
	_, err = tr.InterruptIn(timeout(time.Second), 0x81, buf) // a bulk endpoint
	wantKind(t, err, enroll.KindInvalid)
	_, err = tr.BulkOut(timeout(time.Second), 0x81, buf) // an IN endpoint
	wantKind(t, err, enroll.KindInvalid)
	_, err = tr.BulkIn(timeout(time.Second), 0x85, buf) // no such endpoint
	wantKind(t, err, enroll.KindInvalid)
}

func testBusy(t *testing.T, bus *Bus) {
	second, err := bus.Open(loopback, 1, 0, 0)
	if err == nil {
		second.Close()
	}
	wantKind(t, err, enroll.KindBusy)
}

// assertBy checks that a call failing by a deadline returned neither early nor late.
func assertBy(t *testing.T, start time.Time, deadline time.Duration) {
	t.Helper()
	took := time.Since(start)
	if took < deadline || took > deadline+abandonGrace {
		t.Fatalf("returned after %v, want between %v and %v", took, deadline, deadline+abandonGrace)
	}
}

func testBulkTimeout(t *testing.T, tr Transport) {
	const d = 300 * time.Millisecond
	start := time.Now()
	_, err := tr.BulkIn(timeout(d), 0x81, make([]byte, 64)) // the FIFO is empty
	wantKind(t, err, enroll.KindTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	assertBy(t, start, d)
	// The cancelled transfer must be gone: the next round trip sees only new data.
	if _, err := tr.BulkOut(timeout(time.Second), 0x02, []byte("after")); err != nil {
		t.Fatalf("bulk out after timeout: %v", err)
	}
	buf := make([]byte, 64)
	n, err := tr.BulkIn(timeout(time.Second), 0x81, buf)
	if err != nil || string(buf[:n]) != "after" {
		t.Fatalf("bulk in after timeout = %q, %v; want %q", buf[:n], err, "after")
	}
}

func testControlTimeout(t *testing.T, tr Transport) {
	const d = 300 * time.Millisecond
	start := time.Now()
	_, err := tr.Control(timeout(d), 0xC0, 0x03, 0, 0, make([]byte, 8)) // never answered
	wantKind(t, err, enroll.KindTimeout)
	assertBy(t, start, d)
	buf := make([]byte, 64)
	if _, err := tr.Control(timeout(time.Second), 0xC0, 0x02, 0, 0, buf); err != nil {
		t.Fatalf("control after timeout: %v", err)
	}
}

func testUnplug(t *testing.T, bus *Bus, tr Transport) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	events := NewPoller(bus, 100*time.Millisecond, nil).Run(ctx)
	waitEvent(t, events, Plugged, loopback)

	const after = 200 * time.Millisecond
	if _, err := tr.Control(timeout(time.Second), 0x40, 0x04, uint16(after/time.Millisecond), 0, nil); err != nil {
		t.Fatalf("schedule unplug: %v", err)
	}
	start := time.Now()
	_, err := tr.BulkIn(timeout(5*time.Second), 0x81, make([]byte, 64)) // pending when the device goes
	wantKind(t, err, enroll.KindNotConnected)
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("unplug noticed after %v, want well before the 5 s deadline", took)
	}
	_, err = tr.BulkOut(timeout(time.Second), 0x02, []byte("x"))
	wantKind(t, err, enroll.KindNotConnected)

	closed := make(chan error, 1)
	go func() { closed <- tr.Close() }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close hung after the unplug")
	}
	_, err = tr.BulkIn(timeout(time.Second), 0x81, make([]byte, 8))
	wantKind(t, err, enroll.KindNotConnected)

	waitEvent(t, events, Unplugged, loopback)
	_, err = bus.Open(loopback, 1, 0, 0)
	wantKind(t, err, enroll.KindNotConnected)
}

func waitEvent(t *testing.T, events <-chan Event, kind EventKind, d DeviceDesc) {
	t.Helper()
	deadline := time.After(3 * time.Second)
	for {
		select {
		case e := <-events:
			if e.Kind == kind && samePlug(e.Device, d) {
				return
			}
		case <-deadline:
			t.Fatalf("no %v event for %s within 3 s", kind, d)
		}
	}
}
