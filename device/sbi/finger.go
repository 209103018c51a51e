package sbi

import (
	"context"
	"fmt"
	"slices"

	"github.com/rekam-id/rekam/app/enroll"
)

// The spec's finger bioSubType names, indexed by ANSI/NIST-ISO finger position.
var fingerNames = [...]string{
	enroll.RightThumb: "Right Thumb", enroll.RightIndex: "Right IndexFinger",
	enroll.RightMiddle: "Right MiddleFinger", enroll.RightRing: "Right RingFinger",
	enroll.RightLittle: "Right LittleFinger", enroll.LeftThumb: "Left Thumb",
	enroll.LeftIndex: "Left IndexFinger", enroll.LeftMiddle: "Left MiddleFinger",
	enroll.LeftRing: "Left RingFinger", enroll.LeftLittle: "Left LittleFinger",
}

// FingerName returns the spec's bioSubType for a finger ("Right IndexFinger"), or "" for
// an invalid position.
func FingerName(p enroll.FingerPosition) string {
	if !p.Valid() {
		return ""
	}
	return fingerNames[p]
}

// fingerOf returns the position a bioSubType names.
func fingerOf(name string) (enroll.FingerPosition, bool) {
	i := slices.Index(fingerNames[:], name)
	if i < 1 {
		return 0, false
	}
	return enroll.FingerPosition(i), true
}

// The deviceSubId values of a slap scanner.
const (
	SlapLeft   = 1 // left index to little
	SlapRight  = 2 // right index to little
	SlapThumbs = 3 // both thumbs
)

// SlapFingers returns the fingers a slap scanner's sub-device captures, in the order
// the spec lists them.
func SlapFingers(subID int) []enroll.FingerPosition {
	switch subID {
	case SlapLeft:
		return []enroll.FingerPosition{enroll.LeftIndex, enroll.LeftMiddle, enroll.LeftRing, enroll.LeftLittle}
	case SlapRight:
		return []enroll.FingerPosition{enroll.RightIndex, enroll.RightMiddle, enroll.RightRing, enroll.RightLittle}
	case SlapThumbs:
		return []enroll.FingerPosition{enroll.LeftThumb, enroll.RightThumb}
	}
	return nil
}

// Scanner is an SBI fingerprint device as an enroll.FingerScanner. It captures single
// fingers (on a slap scanner, through the sub-device that holds the finger) and, with
// CaptureSlap, whole slaps.
type Scanner struct {
	*Client
}

var _ enroll.FingerScanner = (*Scanner)(nil)

// NewScanner returns the scanner for a fingerprint device's client.
func NewScanner(c *Client) (*Scanner, error) {
	if t := c.Device().Type; t != "Finger" {
		return nil, enroll.Errorf("sbi scanner", enroll.KindInvalid, "device is a %q device, not Finger", t)
	}
	return &Scanner{Client: c}, nil
}

// subIDFor returns the deviceSubId that captures pos.
func (s *Scanner) subIDFor(pos enroll.FingerPosition) int {
	d := s.Device()
	if d.SubType == "Slap" {
		for _, sub := range []int{SlapLeft, SlapRight, SlapThumbs} {
			if slices.Contains(SlapFingers(sub), pos) {
				return sub
			}
		}
	}
	if len(d.SubIDs) > 0 {
		return d.SubIDs[0]
	}
	return 0
}

// Preview streams the live image of the sub-device that captures pos.
// Errors: KindNotConnected, KindBusy, KindTimeout, KindProtocol.
func (s *Scanner) Preview(ctx context.Context, pos enroll.FingerPosition) (<-chan enroll.Frame, error) {
	if !pos.Valid() {
		return nil, enroll.Errorf("sbi finger preview", enroll.KindInvalid, "finger position %d", int(pos))
	}
	return s.Stream(ctx, s.subIDFor(pos))
}

// Capture captures one finger. A sample whose quality is below minQuality is returned
// with a KindLowQuality error. Errors: KindNotConnected, KindBusy, KindTimeout,
// KindLowQuality, KindProtocol, KindInvalid.
func (s *Scanner) Capture(ctx context.Context, pos enroll.FingerPosition, minQuality int) (enroll.FingerSample, error) {
	const op = "sbi finger capture"
	if !pos.Valid() {
		return enroll.FingerSample{}, enroll.Errorf(op, enroll.KindInvalid, "finger position %d", int(pos))
	}
	bios, err := s.RCapture(ctx, CaptureRequest{
		Type: "Finger", Count: 1, SubID: s.subIDFor(pos),
		BioSubTypes: []string{FingerName(pos)}, MinQuality: minQuality,
	})
	if err != nil {
		return enroll.FingerSample{}, err
	}
	sample, err := s.sample(bios[0])
	if err != nil {
		return enroll.FingerSample{}, protoErr(op, "%s: %v", pos, err)
	}
	if sample.Quality >= 0 && sample.Quality < minQuality {
		return sample, enroll.Errorf(op, enroll.KindLowQuality, "%s quality %d is below %d", pos, sample.Quality, minQuality)
	}
	return sample, nil
}

// CaptureSlap captures the fingers of one slap sub-device (SlapLeft, SlapRight or
// SlapThumbs) except the missing ones, and returns a sample per finger. When the
// fingers' average quality is below minQuality (the spec's rule for slaps), the samples
// are returned with a KindLowQuality error. Errors as for Capture.
func (s *Scanner) CaptureSlap(ctx context.Context, subID int, missing []enroll.FingerPosition, minQuality int) ([]enroll.FingerSample, error) {
	const op = "sbi slap capture"
	fingers := SlapFingers(subID)
	if fingers == nil {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "slap deviceSubId %d", subID)
	}
	var want, except []string
	for _, f := range fingers {
		if slices.Contains(missing, f) {
			except = append(except, FingerName(f))
		} else {
			want = append(want, FingerName(f))
		}
	}
	for _, m := range missing {
		if !slices.Contains(fingers, m) {
			return nil, enroll.Errorf(op, enroll.KindInvalid, "%s is not on slap %d", m, subID)
		}
	}
	if len(want) == 0 {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "every finger of slap %d is missing", subID)
	}
	bios, err := s.RCapture(ctx, CaptureRequest{
		Type: "Finger", Count: len(want), SubID: subID,
		BioSubTypes: want, Exceptions: except, MinQuality: minQuality,
	})
	if err != nil {
		return nil, err
	}
	samples := make([]enroll.FingerSample, 0, len(bios))
	sum, n := 0, 0
	for _, b := range bios {
		sm, err := s.sample(b)
		if err != nil {
			return nil, protoErr(op, "%s: %v", b.BioSubType, err)
		}
		if sm.Quality >= 0 {
			sum, n = sum+sm.Quality, n+1
		}
		samples = append(samples, sm)
	}
	if n > 0 && sum/n < minQuality {
		return samples, enroll.Errorf(op, enroll.KindLowQuality, "slap %d average quality %d is below %d", subID, sum/n, minQuality)
	}
	return samples, nil
}

// sample turns a verified finger biometric into an enroll sample.
func (s *Scanner) sample(b Biometric) (enroll.FingerSample, error) {
	pos, ok := fingerOf(b.BioSubType)
	if !ok {
		return enroll.FingerSample{}, fmt.Errorf("bioSubType %q is not a finger", b.BioSubType)
	}
	recs, err := ParseFingerRecord(b.Record)
	if err != nil {
		return enroll.FingerSample{}, err
	}
	if len(recs) != 1 {
		return enroll.FingerSample{}, fmt.Errorf("record holds %d images, want 1", len(recs))
	}
	rec := recs[0]
	if rec.Position != 0 && rec.Position != int(pos) {
		return enroll.FingerSample{}, fmt.Errorf("record is for finger position %d, data says %s", rec.Position, pos)
	}
	if rec.PPI < 250 || rec.PPI > 2000 {
		return enroll.FingerSample{}, fmt.Errorf("record resolution %d ppi", rec.PPI)
	}
	img, err := decode(rec, s.cfg.Decoders)
	if err != nil {
		return enroll.FingerSample{}, err
	}
	if err := imageSize(rec, img); err != nil {
		return enroll.FingerSample{}, err
	}
	q := b.Quality
	if q < 0 {
		q = rec.Quality
	}
	at := b.Timestamp
	if at.IsZero() {
		at = s.cfg.Now()
	}
	return enroll.FingerSample{Position: pos, Image: toGray(img), PPI: rec.PPI, Quality: q, Device: s.Info(), At: at}, nil
}
