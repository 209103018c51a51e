package sim

import (
	"context"
	"fmt"
	"image"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

var _ enroll.FingerScanner = (*FingerScanner)(nil)

// ScannerOptions configures a FingerScanner. The zero value is usable.
type ScannerOptions struct {
	// Generator makes the fingerprints; a new one with default options when nil.
	Generator *FingerGenerator
	// Quality scores an impression from 0 to 100; SimpleQuality when nil. The station
	// passes its NFIQ 2-style scorer here.
	Quality func(*image.Gray) int
	// FrameInterval is the time between preview frames; 100 ms when zero.
	FrameInterval time.Duration
	// SettleFrames is how many preview frames the contrast takes to settle as the
	// finger is pressed down; 5 when zero.
	SettleFrames int
	// CaptureDelay is how long a capture takes; 300 ms when zero, negative for none.
	CaptureDelay time.Duration
	// Now stamps frames and samples; time.Now when nil.
	Now func() time.Time
	// Serial is the reported serial number; "SIM-FP-0001" when empty.
	Serial string
}

// FingerScanner is a simulated ten-print scanner. Whose fingers it sees is set with
// SetSubject; each capture of a finger takes the next impression of it, and a preview
// shows the impression that the next capture will take.
type FingerScanner struct {
	opts   ScannerOptions
	now    func() time.Time
	faults *faults

	mu      sync.Mutex
	subject string
	next    map[masterKey]int // next impression number per finger
	pending pendingImpression // the last impression rendered, for preview then capture
}

type pendingImpression struct {
	key  masterKey
	n    int
	poor bool
	img  *image.Gray
}

// NewFingerScanner returns a healthy simulated scanner.
func NewFingerScanner(opts ScannerOptions) *FingerScanner {
	if opts.Generator == nil {
		opts.Generator = NewFingerGenerator(FingerOptions{})
	}
	if opts.Quality == nil {
		opts.Quality = SimpleQuality
	}
	if opts.FrameInterval <= 0 {
		opts.FrameInterval = 100 * time.Millisecond
	}
	if opts.SettleFrames <= 0 {
		opts.SettleFrames = 5
	}
	if opts.CaptureDelay == 0 {
		opts.CaptureDelay = 300 * time.Millisecond
	}
	if opts.Serial == "" {
		opts.Serial = "SIM-FP-0001"
	}
	return &FingerScanner{opts: opts, now: clock(opts.Now), faults: newFaults(), next: map[masterKey]int{}}
}

// SetSubject says whose fingers are placed on the scanner from now on: an identity
// string such as the applicant's NIK or record ID. Its fingers are the same in every run.
func (s *FingerScanner) SetSubject(identity string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subject = identity
}

// Fail makes the scanner misbehave as f says; FaultNone heals it.
func (s *FingerScanner) Fail(f Fault) { s.faults.set(f) }

// Info describes the simulated scanner.
func (s *FingerScanner) Info() enroll.DeviceInfo {
	return enroll.DeviceInfo{Modality: enroll.ModalityFinger, Make: "Rekam", Model: "Simulator ten-print scanner",
		Serial: s.opts.Serial, Connected: "simulated", Simulated: true}
}

// Status reports StatusSimulated when healthy, StatusBusy while capturing or told to be
// busy, and StatusNotConnected when disconnected.
func (s *FingerScanner) Status() enroll.DeviceStatus { return s.faults.status() }

// impression returns the impression the next capture of pos will take.
func (s *FingerScanner) impression(pos enroll.FingerPosition, poor bool) (*image.Gray, masterKey, int) {
	s.mu.Lock()
	k := masterKey{s.subject, pos}
	n := s.next[k]
	if p := s.pending; p.img != nil && p.key == k && p.n == n && p.poor == poor {
		s.mu.Unlock()
		return p.img, k, n
	}
	s.mu.Unlock()
	img := s.opts.Generator.impression(k.identity, pos, n, poor)
	s.mu.Lock()
	s.pending = pendingImpression{k, n, poor, img}
	s.mu.Unlock()
	return img, k, n
}

// Preview streams the finger image for pos at the frame interval, its contrast
// settling over the first frames, each with its live quality. The channel closes when
// ctx is done or the scanner disconnects; while the scanner hangs no frames come.
// Errors: KindInvalid (pos), KindNotConnected, KindBusy.
func (s *FingerScanner) Preview(ctx context.Context, pos enroll.FingerPosition) (<-chan enroll.Frame, error) {
	const op = "preview finger"
	if !pos.Valid() {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "finger position %d", int(pos))
	}
	if err := s.faults.check(op); err != nil {
		return nil, err
	}
	ch := make(chan enroll.Frame, 1)
	go func() {
		defer close(ch)
		tick := time.NewTicker(s.opts.FrameInterval)
		defer tick.Stop()
		for k := 0; ; {
			m, changed := s.faults.get()
			switch m {
			case FaultDisconnect:
				return
			case FaultTimeout:
			default:
				img, _, _ := s.impression(pos, m == FaultLowQuality)
				c := min(float64(k+1)/float64(s.opts.SettleFrames), 1)
				k++
				f := settle(img, c)
				select {
				case ch <- enroll.Frame{Image: f, At: s.now(), Quality: s.opts.Quality(f)}:
				default: // the viewer is behind: drop the frame, as a real scanner does
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-changed:
			case <-tick.C:
			}
		}
	}()
	return ch, nil
}

// settle returns img with its contrast against the platen scaled by c, as while the
// finger is still being pressed down.
func settle(img *image.Gray, c float64) *image.Gray {
	if c >= 1 {
		return img
	}
	out := image.NewGray(img.Rect)
	bg := float64(img.Pix[0]) // a corner is bare platen
	for i, v := range img.Pix {
		out.Pix[i] = uint8(bg + c*(float64(v)-bg))
	}
	return out
}

// Capture captures finger pos once: the next impression of the subject's finger. A
// quality below minQuality returns the sample together with KindLowQuality. Errors:
// KindInvalid (pos), KindNotConnected (also when the scanner vanishes mid-capture),
// KindBusy (also while another capture runs), KindTimeout, KindLowQuality.
func (s *FingerScanner) Capture(ctx context.Context, pos enroll.FingerPosition, minQuality int) (enroll.FingerSample, error) {
	op := "capture " + pos.Label("en")
	if !pos.Valid() {
		return enroll.FingerSample{}, enroll.Errorf(op, enroll.KindInvalid, "finger position %d", int(pos))
	}
	end, err := s.faults.begin(op)
	if err != nil {
		return enroll.FingerSample{}, err
	}
	defer end()
	if err := s.faults.sleep(ctx, op, s.opts.CaptureDelay); err != nil {
		return enroll.FingerSample{}, err
	}
	m, _ := s.faults.get()
	img, k, n := s.impression(pos, m == FaultLowQuality)
	// The scanner may have vanished while the image was being made.
	if err := s.faults.sleep(ctx, op, 0); err != nil {
		return enroll.FingerSample{}, err
	}
	s.mu.Lock()
	s.next[k] = n + 1
	s.mu.Unlock()
	// The caller owns the sample; preview frames keep sharing the pending image.
	own := image.NewGray(img.Rect)
	copy(own.Pix, img.Pix)
	q := s.opts.Quality(own)
	if m == FaultLowQuality {
		q = min(q, 10)
	}
	sample := enroll.FingerSample{Position: pos, Image: own, PPI: PPI, Quality: q, Device: s.Info(), At: s.now()}
	if q < minQuality {
		return sample, enroll.E(op, enroll.KindLowQuality, fmt.Errorf("quality %d is below %d", q, minQuality))
	}
	return sample, nil
}
