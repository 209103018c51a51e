package sim

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"sync/atomic"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

var _ enroll.Camera = (*Camera)(nil)

// CameraOptions configures a Camera. The zero value is usable.
type CameraOptions struct {
	// Face is a photo of the person in front of the camera (head and shoulders); when
	// nil the camera shows a drawn head silhouette marked SIMULASI / SIMULATED.
	Face image.Image
	// Width and Height are the frame size; 640×480 when zero.
	Width, Height int
	// FrameRate is the preview rate in frames per second; 25 when zero.
	FrameRate int
	// Background is the colour of the backdrop; a studio blue when zero.
	Background color.RGBA
	// CaptureDelay is the shutter time of a capture; 200 ms when zero, negative for none.
	CaptureDelay time.Duration
	// Now stamps frames and samples; time.Now when nil.
	Now func() time.Time
	// Serial is the reported serial number; "SIM-CAM-0001" when empty.
	Serial string
}

// Camera is a simulated webcam looking at an applicant who breathes and sways a little.
type Camera struct {
	opts   CameraOptions
	now    func() time.Time
	faults *faults
	sprite *image.RGBA // the person, drawn over the backdrop
	frames atomic.Int64
}

// NewCamera returns a healthy simulated camera.
func NewCamera(opts CameraOptions) *Camera {
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 640, 480
	}
	if opts.FrameRate <= 0 {
		opts.FrameRate = 25
	}
	if opts.Background == (color.RGBA{}) {
		opts.Background = color.RGBA{R: 0x2f, G: 0x6f, B: 0xc4, A: 0xff}
	}
	if opts.CaptureDelay == 0 {
		opts.CaptureDelay = 200 * time.Millisecond
	}
	if opts.Serial == "" {
		opts.Serial = "SIM-CAM-0001"
	}
	c := &Camera{opts: opts, now: clock(opts.Now), faults: newFaults()}
	if opts.Face != nil {
		// Fill the frame height, less a margin for the sway.
		b := opts.Face.Bounds()
		h := opts.Height * 96 / 100
		w := b.Dx() * h / max(b.Dy(), 1)
		c.sprite = scaleRGBA(opts.Face, w, h)
		keyBackdrop(c.sprite, 6, 45)
	} else {
		c.sprite = placeholder(opts.Width, opts.Height, opts.Background)
	}
	return c
}

// Fail makes the camera misbehave as f says; FaultNone heals it.
func (c *Camera) Fail(f Fault) { c.faults.set(f) }

// Info describes the simulated camera.
func (c *Camera) Info() enroll.DeviceInfo {
	return enroll.DeviceInfo{Modality: enroll.ModalityFace, Make: "Rekam", Model: "Simulator camera",
		Serial: c.opts.Serial, Connected: "simulated", Simulated: true}
}

// Status reports StatusSimulated when healthy, StatusBusy while capturing or told to be
// busy, and StatusNotConnected when disconnected.
func (c *Camera) Status() enroll.DeviceStatus { return c.faults.status() }

// frame renders the scene as it looks at frame number k.
func (c *Camera) frame(k int64, dim bool) *image.RGBA {
	w, h := c.opts.Width, c.opts.Height
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, &image.Uniform{C: c.opts.Background}, image.Point{}, draw.Src)
	// Breathing (a 4 s cycle) and a slow sway (7 s), in pixels.
	t := float64(k) / float64(c.opts.FrameRate)
	dx := int(math.Round(3 * math.Sin(2*math.Pi*t/7)))
	dy := int(math.Round(2 * math.Sin(2*math.Pi*t/4)))
	sb := c.sprite.Rect
	at := image.Pt((w-sb.Dx())/2+dx, h-sb.Dy()+dy+2)
	draw.Draw(img, sb.Add(at), c.sprite, sb.Min, draw.Over)
	if dim {
		// A poor picture: underexposed and flat.
		for i := range img.Pix {
			if i%4 != 3 {
				img.Pix[i] = 20 + img.Pix[i]/4
			}
		}
	}
	return img
}

// Preview streams frames at the frame rate until ctx is done; the channel closes then or
// when the camera disconnects. Frames are dropped, not queued, when the reader is slow,
// and none come while the camera hangs. Errors: KindNotConnected, KindBusy.
func (c *Camera) Preview(ctx context.Context) (<-chan enroll.Frame, error) {
	if err := c.faults.check("preview camera"); err != nil {
		return nil, err
	}
	ch := make(chan enroll.Frame, 1)
	go func() {
		defer close(ch)
		tick := time.NewTicker(time.Second / time.Duration(c.opts.FrameRate))
		defer tick.Stop()
		for {
			m, changed := c.faults.get()
			switch m {
			case FaultDisconnect:
				return
			case FaultTimeout:
			default:
				f := enroll.Frame{Image: c.frame(c.frames.Add(1), m == FaultLowQuality), At: c.now(), Quality: -1}
				select {
				case ch <- f:
				default:
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

// Capture takes one photo after the shutter time and returns it as JPEG. Errors:
// KindNotConnected (also when the camera vanishes mid-capture), KindBusy (also while
// another capture runs), KindTimeout, KindProtocol (the photo could not be encoded).
func (c *Camera) Capture(ctx context.Context) (enroll.FaceSample, error) {
	const op = "capture face"
	end, err := c.faults.begin(op)
	if err != nil {
		return enroll.FaceSample{}, err
	}
	defer end()
	if err := c.faults.sleep(ctx, op, c.opts.CaptureDelay); err != nil {
		return enroll.FaceSample{}, err
	}
	m, _ := c.faults.get()
	img := c.frame(c.frames.Add(1), m == FaultLowQuality)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		return enroll.FaceSample{}, enroll.E(op, enroll.KindProtocol, fmt.Errorf("encode jpeg: %w", err))
	}
	if err := c.faults.sleep(ctx, op, 0); err != nil {
		return enroll.FaceSample{}, err
	}
	return enroll.FaceSample{JPEG: buf.Bytes(), Width: img.Rect.Dx(), Height: img.Rect.Dy(), Device: c.Info(), At: c.now()}, nil
}

// scaleRGBA resizes src to w×h by averaging the source pixels under each target pixel.
func scaleRGBA(src image.Image, w, h int) *image.RGBA {
	sb := src.Bounds()
	full := image.NewRGBA(image.Rect(0, 0, sb.Dx(), sb.Dy()))
	draw.Draw(full, full.Rect, src, sb.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*sb.Dy()/h, max((y+1)*sb.Dy()/h, y*sb.Dy()/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sb.Dx()/w, max((x+1)*sb.Dx()/w, x*sb.Dx()/w+1)
			var sum [4]int
			for sy := y0; sy < y1; sy++ {
				row := full.Pix[sy*full.Stride+4*x0 : sy*full.Stride+4*x1]
				for i, v := range row {
					sum[i%4] += int(v)
				}
			}
			n := (y1 - y0) * (x1 - x0)
			o := dst.PixOffset(x, y)
			for i := range sum {
				dst.Pix[o+i] = uint8(sum[i] / n)
			}
		}
	}
	return dst
}
