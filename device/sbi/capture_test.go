package sbi

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// samePixels fails unless got has exactly the pixels of want (as 8-bit gray).
func samePixels(t *testing.T, got *image.Gray, want image.Image) {
	t.Helper()
	w := toGray(want)
	if got.Rect.Size() != w.Rect.Size() {
		t.Fatalf("image is %v, want %v", got.Rect.Size(), w.Rect.Size())
	}
	if !bytes.Equal(got.Pix, w.Pix) {
		t.Fatal("image pixels differ from what the device captured")
	}
}

func TestCaptureOneFinger(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	s := scanner(t, testConfig(t), svc)
	if st := s.Status(); st != enroll.StatusReady {
		t.Fatalf("status %v, want ready", st)
	}
	sm, err := s.Capture(context.Background(), enroll.RightIndex, 40)
	if err != nil {
		t.Fatal(err)
	}
	if sm.Position != enroll.RightIndex || sm.PPI != 500 || sm.Quality != 80 {
		t.Errorf("sample position %v ppi %d quality %d, want Right index 500 80", sm.Position, sm.PPI, sm.Quality)
	}
	samePixels(t, sm.Image, sbitest.Procedural("Right IndexFinger"))
	if !sm.At.Equal(fixedNow) {
		t.Errorf("sample time %v, want the device's %v", sm.At, fixedNow)
	}
	if sm.Device.Serial != "RKMFS0000001" || sm.Device.Modality != enroll.ModalityFinger {
		t.Errorf("sample device %+v", sm.Device)
	}
}

func TestCaptureSlap(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	s := scanner(t, testConfig(t), svc)
	ctx := context.Background()
	samples, err := s.CaptureSlap(ctx, SlapLeft, nil, 40)
	if err != nil {
		t.Fatal(err)
	}
	want := SlapFingers(SlapLeft)
	if len(samples) != len(want) {
		t.Fatalf("%d samples, want %d", len(samples), len(want))
	}
	for i, sm := range samples {
		if sm.Position != want[i] {
			t.Errorf("sample %d is %v, want %v", i, sm.Position, want[i])
		}
		samePixels(t, sm.Image, sbitest.Procedural(FingerName(want[i])))
	}

	// A missing finger is sent as an exception and not captured.
	samples, err = s.CaptureSlap(ctx, SlapRight, []enroll.FingerPosition{enroll.RightRing}, 40)
	if err != nil {
		t.Fatal(err)
	}
	var got []enroll.FingerPosition
	for _, sm := range samples {
		got = append(got, sm.Position)
	}
	if len(got) != 3 || got[0] != enroll.RightIndex || got[1] != enroll.RightMiddle || got[2] != enroll.RightLittle {
		t.Errorf("slap with the right ring finger missing gave %v", got)
	}
	if _, err := s.CaptureSlap(ctx, SlapThumbs, []enroll.FingerPosition{enroll.RightIndex}, 40); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Errorf("exception off the slap: %v, want KindInvalid", err)
	}
}

func TestCaptureFaceAndIris(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	cfg := testConfig(t)
	cam, err := NewCamera(dial(t, cfg, svc, "2"))
	if err != nil {
		t.Fatal(err)
	}
	face, err := cam.Capture(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(face.JPEG))
	if err != nil {
		t.Fatalf("face is not a JPEG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 480 || b.Dy() != 640 || face.Width != 480 || face.Height != 640 {
		t.Errorf("face %v (%d×%d), want 480×640", b, face.Width, face.Height)
	}

	iris, err := NewIris(dial(t, cfg, svc, "3"))
	if err != nil {
		t.Fatal(err)
	}
	eyes, err := iris.Capture(context.Background(), 40)
	if err != nil {
		t.Fatal(err)
	}
	if len(eyes) != 2 || eyes[0].Right || !eyes[1].Right {
		t.Fatalf("iris samples %+v, want left then right", eyes)
	}
	samePixels(t, eyes[1].Image, sbitest.Procedural("Right"))

	if _, err := NewScanner(cam.Client); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Errorf("a face device as a scanner: %v, want KindInvalid", err)
	}
}

// TestHashChainAcrossDevices captures on two devices sharing one chain: each request
// carries the previous capture's hash, and the chain ends at the hash an independent
// computation gives.
func TestHashChainAcrossDevices(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	cfg := testConfig(t)
	cfg.Chain = NewChain()
	fs, _ := NewScanner(dial(t, cfg, svc, "1"))
	ctx := context.Background()

	start := cfg.Chain.Previous()
	if start != "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" {
		t.Fatalf("chain starts at %s, want SHA-256 of the empty string", start)
	}
	bios, err := fs.RCapture(ctx, CaptureRequest{Type: "Finger", Count: 2, SubID: SlapThumbs, MinQuality: 40})
	if err != nil {
		t.Fatal(err)
	}
	prev, _ := parsePreviousHash(start)
	for _, b := range bios {
		prev = ChainHash(prev, b.Record)
	}
	if got := cfg.Chain.Previous(); got != bios[1].Hash || !bytes.Equal(mustHex(t, got), prev) {
		t.Fatalf("chain at %s after the thumbs, want %X", got, prev)
	}
	cam, _ := NewCamera(dial(t, cfg, svc, "2"))
	if _, err := cam.Capture(ctx); err != nil {
		t.Fatalf("face capture chained after the thumbs: %v", err)
	}
	if cfg.Chain.Previous() == bios[1].Hash {
		t.Error("chain did not advance with the face capture")
	}
	cfg.Chain.Reset()
	if cfg.Chain.Previous() != start {
		t.Error("Reset did not return the chain to its start")
	}
}
