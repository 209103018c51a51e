package sim

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"reflect"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

func newTestPad(speed float64) *SignaturePad {
	p := NewSignaturePad(PadOptions{Speed: speed, Now: fixedNow})
	p.SetSubject("Siti Rahayu")
	return p
}

func TestPadConformance(t *testing.T) {
	conformance{
		modality: enroll.ModalitySignature,
		fast:     func(t *testing.T) faulty { return newTestPad(500) },
		slow:     func(t *testing.T) faulty { return newTestPad(1e-6) },
		capture: func(ctx context.Context, d faulty) error {
			_, err := d.(*SignaturePad).Capture(ctx)
			return err
		},
		stream: func(ctx context.Context, d faulty) (func() bool, error) {
			ch, err := d.(*SignaturePad).Strokes(ctx)
			return receive(ch), err
		},
	}.run(t)
}

func TestPadCapture(t *testing.T) {
	p := newTestPad(500)
	s, err := p.Capture(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.PadWidth != 2000 || s.PadHeight != 800 || !s.At.Equal(fixedTime) || s.Device != p.Info() {
		t.Errorf("sample %dx%d at %v by %+v", s.PadWidth, s.PadHeight, s.At, s.Device)
	}
	if len(s.Points) < 100 {
		t.Fatalf("%d points", len(s.Points))
	}
	var ups, inked int
	for i, pt := range s.Points {
		if pt.X < 0 || pt.X > s.PadWidth || pt.Y < 0 || pt.Y > s.PadHeight || pt.Pressure < 0 || pt.Pressure > 1023 {
			t.Fatalf("point %d out of range: %+v", i, pt)
		}
		if i > 0 && pt.T <= s.Points[i-1].T {
			t.Fatalf("time does not advance at point %d: %v after %v", i, pt.T, s.Points[i-1].T)
		}
		if pt.Pressure == 0 {
			ups++
		}
	}
	if ups == 0 || s.Points[len(s.Points)-1].Pressure != 0 {
		t.Errorf("%d pen lifts; the last point has pressure %d", ups, s.Points[len(s.Points)-1].Pressure)
	}
	img, err := png.Decode(bytes.NewReader(s.PNG))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	g := img.(*image.Gray)
	for _, v := range g.Pix {
		if v < 128 {
			inked++
		}
	}
	if frac := float64(inked) / float64(len(g.Pix)); frac < 0.005 || frac > 0.2 {
		t.Errorf("%.1f%% of the image is ink", 100*frac)
	}

	// The same signer signs alike but not identically; another signer differently.
	again, _ := newTestPad(500).Capture(context.Background())
	if !reflect.DeepEqual(again.Points, s.Points) {
		t.Error("the same first attempt differs between pads")
	}
	if err := p.Clear(context.Background()); err != nil {
		t.Fatal(err)
	}
	second, _ := p.Capture(context.Background())
	if reflect.DeepEqual(second.Points, s.Points) {
		t.Error("an attempt after Clear repeats the first exactly")
	}
	other := newTestPad(500)
	other.SetSubject("Bambang Wijaya")
	o, _ := other.Capture(context.Background())
	if reflect.DeepEqual(o.Points, s.Points) {
		t.Error("two signers sign the same")
	}

	p.Fail(FaultLowQuality)
	p.Clear(context.Background())
	poor, err := p.Capture(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(poor.Points) >= len(s.Points)/4 {
		t.Errorf("a poor signature has %d points, a good one %d", len(poor.Points), len(s.Points))
	}
}

func TestPadStrokesRealTime(t *testing.T) {
	const speed = 20
	p := newTestPad(speed)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := p.Strokes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var pts []enroll.PenPoint
	for pt := range ch {
		pts = append(pts, pt)
		if len(pts) == 60 {
			break
		}
	}
	// Points come when the signer draws them, not all at once.
	want := time.Duration(float64(pts[59].T-pts[0].T) / speed)
	if el := time.Since(start); el < want*8/10 {
		t.Errorf("60 points in %v, the signer needs %v", el, want)
	}
	// Clear restarts the stream at the new attempt's first point.
	if err := p.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Second)
	for {
		select {
		case pt := <-ch:
			if pt.T == 0 {
				return
			}
		case <-deadline:
			t.Fatal("the stream does not restart after Clear")
		}
	}
}
