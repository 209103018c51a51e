package sim

import (
	"context"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// testGenerator is shared by the scanner tests, so that masters are grown once.
var testGenerator = sync.OnceValue(func() *FingerGenerator { return NewFingerGenerator(FingerOptions{}) })

func newTestScanner(delay time.Duration) *FingerScanner {
	s := NewFingerScanner(ScannerOptions{Generator: testGenerator(), CaptureDelay: delay, FrameInterval: 10 * time.Millisecond,
		SettleFrames: 3, Now: fixedNow})
	s.SetSubject("3313012345670001")
	return s
}

func TestScannerConformance(t *testing.T) {
	conformance{
		modality: enroll.ModalityFinger,
		fast:     func(t *testing.T) faulty { return newTestScanner(-1) },
		slow:     func(t *testing.T) faulty { return newTestScanner(time.Hour) },
		capture: func(ctx context.Context, d faulty) error {
			_, err := d.(*FingerScanner).Capture(ctx, enroll.RightIndex, 0)
			return err
		},
		stream: func(ctx context.Context, d faulty) (func() bool, error) {
			ch, err := d.(*FingerScanner).Preview(ctx, enroll.RightIndex)
			return receive(ch), err
		},
	}.run(t)
}

func TestScannerCapture(t *testing.T) {
	s := newTestScanner(-1)
	a, err := s.Capture(context.Background(), enroll.LeftThumb, 20)
	if err != nil {
		t.Fatal(err)
	}
	if a.Position != enroll.LeftThumb || a.PPI != 500 || a.Image.Bounds() != image.Rect(0, 0, 400, 500) ||
		!a.At.Equal(fixedTime) || a.Device != s.Info() || a.Quality < 20 || a.Quality > 100 {
		t.Errorf("sample %v %d ppi %v q%d at %v by %+v", a.Position, a.PPI, a.Image.Bounds(), a.Quality, a.At, a.Device)
	}
	// A retry takes a new impression of the same finger.
	b, err := s.Capture(context.Background(), enroll.LeftThumb, 20)
	if err != nil {
		t.Fatal(err)
	}
	if same(a.Image, b.Image) {
		t.Error("two captures returned the same impression")
	}
	want := testGenerator().Impression("3313012345670001", enroll.LeftThumb, 1)
	if !same(b.Image, want) {
		t.Error("the second capture is not impression 1 of the subject's finger")
	}
	if _, err := s.Capture(context.Background(), enroll.FingerPosition(11), 0); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Errorf("capture of finger 11: %v, want KindInvalid", err)
	}
}

func TestScannerQuality(t *testing.T) {
	s := newTestScanner(-1)
	good, err := s.Capture(context.Background(), enroll.RightIndex, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A minimum above what the sample reached: the sample comes back with the error.
	hi, err := s.Capture(context.Background(), enroll.RightIndex, 101)
	if !enroll.IsKind(err, enroll.KindLowQuality) || hi.Image == nil || hi.Quality < 0 {
		t.Errorf("capture at min 101: q%d, %v; want the sample and KindLowQuality", hi.Quality, err)
	}
	s.Fail(FaultLowQuality)
	low, err := s.Capture(context.Background(), enroll.RightIndex, enroll.DefaultFingerQuality)
	if !enroll.IsKind(err, enroll.KindLowQuality) || low.Image == nil {
		t.Fatalf("low-quality capture: %v, want the sample and KindLowQuality", err)
	}
	if low.Quality >= enroll.DefaultFingerQuality {
		t.Errorf("forced low quality is %d", low.Quality)
	}
	// The poor impression itself scores low, not only the reported number.
	if q := SimpleQuality(low.Image); q >= SimpleQuality(good.Image) {
		t.Errorf("poor impression scores %d, good one %d", q, SimpleQuality(good.Image))
	}
	t.Logf("quality: good %d, poor image %d", good.Quality, SimpleQuality(low.Image))

	// An injected scorer decides.
	s2 := NewFingerScanner(ScannerOptions{Generator: testGenerator(), CaptureDelay: -1, Quality: func(*image.Gray) int { return 33 }})
	if got, err := s2.Capture(context.Background(), enroll.RightIndex, 30); err != nil || got.Quality != 33 {
		t.Errorf("injected quality: q%d, %v", got.Quality, err)
	}
}

func TestScannerPreview(t *testing.T) {
	s := newTestScanner(-1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := s.Preview(ctx, enroll.RightMiddle)
	if err != nil {
		t.Fatal(err)
	}
	var spread []int
	var last *image.Gray
	for f := range ch {
		if !f.At.Equal(fixedTime) || f.Quality < 0 || f.Quality > 100 {
			t.Fatalf("frame at %v quality %d", f.At, f.Quality)
		}
		g := f.Image.(*image.Gray)
		lo, hi := 255, 0
		for _, v := range g.Pix {
			lo, hi = min(lo, int(v)), max(hi, int(v))
		}
		spread = append(spread, hi-lo)
		last = g
		if len(spread) == 5 {
			cancel()
		}
	}
	if len(spread) < 5 {
		t.Fatalf("%d frames", len(spread))
	}
	if spread[0] >= spread[len(spread)-1] {
		t.Errorf("contrast does not settle: spreads %v", spread)
	}
	// The preview shows what the capture takes.
	got, err := s.Capture(context.Background(), enroll.RightMiddle, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !same(got.Image, last) {
		t.Error("the capture differs from the settled preview")
	}
}

// same reports whether two images have the same pixels.
func same(a, b *image.Gray) bool {
	if a.Rect != b.Rect {
		return false
	}
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			return false
		}
	}
	return true
}
