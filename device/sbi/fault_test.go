package sbi

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// TestFaults injects every fault of the mock and checks the error kind the scanner
// reports, that the chain does not advance on failure, and the status left behind.
func TestFaults(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	cfg := testConfig(t)
	s := scanner(t, cfg, svc)
	tests := []struct {
		fault  sbitest.Fault
		kind   enroll.Kind
		status enroll.DeviceStatus
	}{
		{sbitest.FaultNotReady, enroll.KindNotConnected, enroll.StatusNotConnected},
		{sbitest.FaultNotRegistered, enroll.KindNotConnected, enroll.StatusNotConnected},
		{sbitest.FaultBusy, enroll.KindBusy, enroll.StatusBusy},
		{sbitest.FaultSlow, enroll.KindTimeout, enroll.StatusReady},
		{sbitest.FaultLowQuality, enroll.KindLowQuality, enroll.StatusReady},
		{sbitest.FaultBadSignature, enroll.KindProtocol, enroll.StatusReady},
		{sbitest.FaultUnsigned, enroll.KindProtocol, enroll.StatusReady},
		{sbitest.FaultTampered, enroll.KindProtocol, enroll.StatusReady},
		{sbitest.FaultBrokenChain, enroll.KindProtocol, enroll.StatusReady},
		{sbitest.FaultDrop, enroll.KindNotConnected, enroll.StatusNotConnected},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			svc.SetFault(sbitest.FaultNone)
			if err := s.Refresh(context.Background()); err != nil {
				t.Fatalf("healthy refresh: %v", err)
			}
			svc.SetFault(tt.fault)
			before := s.chain.Previous()
			wait := 5 * time.Second
			if tt.fault == sbitest.FaultSlow {
				wait = 500 * time.Millisecond // the device answers after 2 s
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			sm, err := s.Capture(ctx, enroll.LeftThumb, 40)
			wantKind(t, err, tt.kind)
			if tt.kind == enroll.KindLowQuality && (sm.Image == nil || sm.Quality != 25) {
				t.Errorf("low-quality capture returned sample quality %d, image %v; want the sample", sm.Quality, sm.Image != nil)
			}
			if tt.kind != enroll.KindLowQuality && s.chain.Previous() != before {
				t.Error("hash chain advanced on a failed capture")
			}
			if st := s.Status(); st != tt.status {
				t.Errorf("status after the capture %v, want %v", st, tt.status)
			}
		})
	}
	svc.SetFault(sbitest.FaultNone)
}

// TestStatusFromDeviceInfo checks Refresh against the device states of the spec.
func TestStatusFromDeviceInfo(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	s := scanner(t, testConfig(t), svc)
	ctx := context.Background()
	for _, tt := range []struct {
		fault  sbitest.Fault
		status enroll.DeviceStatus
		kind   enroll.Kind
	}{
		{sbitest.FaultBusy, enroll.StatusBusy, -1},
		{sbitest.FaultNotReady, enroll.StatusNotConnected, -1},
		{sbitest.FaultNotRegistered, enroll.StatusNotConnected, enroll.KindNotConnected},
		{sbitest.FaultNone, enroll.StatusReady, -1},
	} {
		svc.SetFault(tt.fault)
		err := s.Refresh(ctx)
		if enroll.KindOf(err) != tt.kind {
			t.Errorf("%s: refresh error %v, want kind %v", tt.fault, err, tt.kind)
		}
		if st := s.Status(); st != tt.status {
			t.Errorf("%s: status %v, want %v", tt.fault, st, tt.status)
		}
		if tt.fault == sbitest.FaultBusy && s.Device().Status != "Busy" {
			t.Errorf("device status %q, want Busy", s.Device().Status)
		}
	}
	svc.Close()
	wantKind(t, s.Refresh(ctx), enroll.KindNotConnected)
	if s.Status() != enroll.StatusNotConnected {
		t.Errorf("status of a closed service %v", s.Status())
	}
	_, err := s.Capture(ctx, enroll.LeftThumb, 40)
	wantKind(t, err, enroll.KindNotConnected)
}

// TestOneCaptureAtATime: while a capture is in progress the device answers another
// with "busy" (error 111).
func TestOneCaptureAtATime(t *testing.T) {
	svc := startMock(t, sbitest.Options{SlowDelay: time.Second})
	svc.SetFault(sbitest.FaultSlow)
	first := scanner(t, testConfig(t), svc)
	second := scanner(t, testConfig(t), svc) // its own chain, so it does not queue behind
	var wg sync.WaitGroup
	var firstErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, firstErr = first.Capture(context.Background(), enroll.LeftThumb, 40)
	}()
	for deadline := time.Now().Add(5 * time.Second); !svc.Capturing(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first capture never reached the device")
		}
	}
	_, err := second.Capture(context.Background(), enroll.RightThumb, 40)
	wantKind(t, err, enroll.KindBusy)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("the first capture: %v", firstErr)
	}
}

// TestTrust checks that devices signed by an unknown provider are refused.
func TestTrust(t *testing.T) {
	svc := startMock(t, sbitest.Options{PKI: loadPKI(t, "pki-other")})
	_, err := Dial(context.Background(), testConfig(t), svc.URL(), "1")
	wantKind(t, err, enroll.KindProtocol)

	cfg := testConfig(t)
	cfg.Now = func() time.Time { return time.Date(2046, 1, 1, 0, 0, 0, 0, time.UTC) }
	good := startMock(t, sbitest.Options{})
	_, err = Dial(context.Background(), cfg, good.URL(), "1")
	wantKind(t, err, enroll.KindProtocol) // certificate expired

	_, err = Dial(context.Background(), Config{}, good.URL(), "1")
	wantKind(t, err, enroll.KindInvalid) // no roots
	_, err = Dial(context.Background(), testConfig(t), "http://192.0.2.1:4501", "1")
	wantKind(t, err, enroll.KindInvalid) // not loopback
}

// TestKeyRotation: a capture signed by a trusted certificate other than the one the
// client knows is accepted only after the device info, fetched again, names it.
func TestKeyRotation(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	s := scanner(t, testConfig(t), svc)
	real := s.Device().Signer
	s.mu.Lock()
	s.info.Signer = loadPKI(t, "pki").CA // as if the device key changed since the last info
	s.mu.Unlock()
	if _, err := s.Capture(context.Background(), enroll.LeftThumb, 40); err != nil {
		t.Fatalf("capture after a key rotation: %v", err)
	}
	if !sameCert(s.Device().Signer, real) {
		t.Error("device certificate not updated from the fresh device info")
	}
}
