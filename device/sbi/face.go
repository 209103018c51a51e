package sbi

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"slices"

	"github.com/rekam-id/rekam/app/enroll"
)

// Camera is an SBI face device as an enroll.Camera.
type Camera struct {
	*Client
	// MinQuality is the requestedScore sent with each capture (0–100); the face port
	// has no quality threshold of its own, so a low score is not an error here.
	MinQuality int
}

var _ enroll.Camera = (*Camera)(nil)

// NewCamera returns the camera for a face device's client.
func NewCamera(c *Client) (*Camera, error) {
	if t := c.Device().Type; t != "Face" {
		return nil, enroll.Errorf("sbi camera", enroll.KindInvalid, "device is a %q device, not Face", t)
	}
	return &Camera{Client: c}, nil
}

// subID is the face device's sub-device (0 when it names none).
func (c *Camera) subID() int {
	if ids := c.Device().SubIDs; len(ids) > 0 {
		return ids[0]
	}
	return 0
}

// Preview streams the live picture. Errors: KindNotConnected, KindBusy, KindTimeout,
// KindProtocol.
func (c *Camera) Preview(ctx context.Context) (<-chan enroll.Frame, error) {
	return c.Stream(ctx, c.subID())
}

// Capture takes one face photo. JPEG photos are kept byte for byte; PNG (or a codec
// from Config.Decoders) is re-encoded as JPEG at quality 95. Errors: KindNotConnected,
// KindBusy, KindTimeout, KindProtocol.
func (c *Camera) Capture(ctx context.Context) (enroll.FaceSample, error) {
	const op = "sbi face capture"
	bios, err := c.RCapture(ctx, CaptureRequest{Type: "Face", Count: 1, SubID: c.subID(), MinQuality: c.MinQuality})
	if err != nil {
		return enroll.FaceSample{}, err
	}
	b := bios[0]
	recs, err := ParseFaceRecord(b.Record)
	if err != nil {
		return enroll.FaceSample{}, protoErr(op, "%v", err)
	}
	if len(recs) != 1 {
		return enroll.FaceSample{}, protoErr(op, "face record holds %d images, want 1", len(recs))
	}
	rec := recs[0]
	img, err := decode(rec, c.cfg.Decoders)
	if err == nil {
		err = imageSize(rec, img)
	}
	if err != nil {
		return enroll.FaceSample{}, protoErr(op, "%v", err)
	}
	photo := rec.Data
	if rec.Codec != CodecJPEG {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
			return enroll.FaceSample{}, enroll.E(op, enroll.KindInternal, fmt.Errorf("re-encode face as JPEG: %w", err))
		}
		photo = buf.Bytes()
	}
	at := b.Timestamp
	if at.IsZero() {
		at = c.cfg.Now()
	}
	bd := img.Bounds()
	return enroll.FaceSample{JPEG: photo, Width: bd.Dx(), Height: bd.Dy(), Device: c.Info(), At: at}, nil
}

// Iris is an SBI iris device as an enroll.IrisScanner.
type Iris struct {
	*Client
}

var _ enroll.IrisScanner = (*Iris)(nil)

// NewIris returns the iris scanner for an iris device's client.
func NewIris(c *Client) (*Iris, error) {
	if t := c.Device().Type; t != "Iris" {
		return nil, enroll.Errorf("sbi iris", enroll.KindInvalid, "device is a %q device, not Iris", t)
	}
	return &Iris{Client: c}, nil
}

// Capture captures both irises (deviceSubId 3) on a double iris device, or the one iris
// of a single device. Samples whose average quality is below minQuality are returned
// with a KindLowQuality error. Errors as for Scanner.Capture.
func (s *Iris) Capture(ctx context.Context, minQuality int) ([]enroll.IrisSample, error) {
	const op = "sbi iris capture"
	r := CaptureRequest{Type: "Iris", Count: 1, MinQuality: minQuality}
	if d := s.Device(); d.SubType == "Double" || slices.Contains(d.SubIDs, 3) {
		r.Count, r.SubID, r.BioSubTypes = 2, 3, []string{"Left", "Right"}
	} else if len(d.SubIDs) > 0 {
		r.SubID = d.SubIDs[0]
	}
	bios, err := s.RCapture(ctx, r)
	if err != nil {
		return nil, err
	}
	var out []enroll.IrisSample
	sum, n := 0, 0
	for _, b := range bios {
		recs, err := ParseIrisRecord(b.Record)
		if err != nil {
			return nil, protoErr(op, "%v", err)
		}
		if len(recs) != 1 {
			return nil, protoErr(op, "iris record holds %d images, want 1", len(recs))
		}
		img, err := decode(recs[0], s.cfg.Decoders)
		if err == nil {
			err = imageSize(recs[0], img)
		}
		if err != nil {
			return nil, protoErr(op, "%v", err)
		}
		q := b.Quality
		if q < 0 {
			q = recs[0].Quality
		}
		if q >= 0 {
			sum, n = sum+q, n+1
		}
		at := b.Timestamp
		if at.IsZero() {
			at = s.cfg.Now()
		}
		right := b.BioSubType == "Right" || (b.BioSubType == "UNKNOWN" && recs[0].Position == 1)
		out = append(out, enroll.IrisSample{Right: right, Image: toGray(img), Quality: q, Device: s.Info(), At: at})
	}
	if n > 0 && sum/n < minQuality {
		return out, enroll.Errorf(op, enroll.KindLowQuality, "iris average quality %d is below %d", sum/n, minQuality)
	}
	return out, nil
}
