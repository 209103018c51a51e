package sbi

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// TestPreview takes frames from the slap's left sub-device (four fingers side by side)
// and from the face camera, then ends the stream with its context.
func TestPreview(t *testing.T) {
	svc := startMock(t, sbitest.Options{FPS: 30})
	cfg := testConfig(t)
	s := scanner(t, cfg, svc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	frames, err := s.Preview(ctx, enroll.LeftMiddle)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		f, ok := <-frames
		if !ok {
			t.Fatalf("stream closed after %d frames", i)
		}
		if b := f.Image.Bounds(); b.Dx() != 4*320 || b.Dy() != 400 || f.Quality != -1 {
			t.Fatalf("frame %d is %v quality %d, want 1280×400 quality -1", i, b, f.Quality)
		}
	}
	cancel()
	for range frames { // drains, then closes
	}

	cam, _ := NewCamera(dial(t, cfg, svc, "2"))
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	faces, err := cam.Preview(ctx2)
	if err != nil {
		t.Fatal(err)
	}
	if f := <-faces; f.Image == nil || f.Image.Bounds().Dx() != 480 {
		t.Fatalf("face frame %v", f.Image)
	}
}

// TestPreviewEndsWithDeviceTimeout: a context deadline is sent as the stream timeout
// and the device closes the stream.
func TestPreviewEndsWithDeviceTimeout(t *testing.T) {
	svc := startMock(t, sbitest.Options{FPS: 20})
	s := scanner(t, testConfig(t), svc)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	frames, err := s.Preview(ctx, enroll.RightThumb)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range frames {
		n++
	}
	if n == 0 {
		t.Error("no frame before the stream ended")
	}
}

func TestPreviewFaults(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	s := scanner(t, testConfig(t), svc)
	for fault, kind := range map[sbitest.Fault]enroll.Kind{
		sbitest.FaultBusy:     enroll.KindBusy,
		sbitest.FaultNotReady: enroll.KindNotConnected,
	} {
		svc.SetFault(fault)
		_, err := s.Preview(context.Background(), enroll.LeftIndex)
		wantKind(t, err, kind)
	}
	svc.SetFault(sbitest.FaultNone)
	svc.Close()
	_, err := s.Preview(context.Background(), enroll.LeftIndex)
	wantKind(t, err, enroll.KindNotConnected)
}
