package sim

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/refdata"
)

func TestCameraConformance(t *testing.T) {
	newCam := func(delay time.Duration) func(t *testing.T) faulty {
		return func(t *testing.T) faulty {
			return NewCamera(CameraOptions{CaptureDelay: delay, Now: fixedNow})
		}
	}
	conformance{
		modality: enroll.ModalityFace,
		fast:     newCam(-1),
		slow:     newCam(time.Hour),
		capture: func(ctx context.Context, d faulty) error {
			_, err := d.(*Camera).Capture(ctx)
			return err
		},
		stream: func(ctx context.Context, d faulty) (func() bool, error) {
			ch, err := d.(*Camera).Preview(ctx)
			return receive(ch), err
		},
	}.run(t)
}

// meanLuma returns the mean brightness of a JPEG.
func meanLuma(t *testing.T, b []byte) float64 {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode capture: %v", err)
	}
	var sum float64
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			sum += float64(cr+cg+cb) / 3 / 257
		}
	}
	return sum / float64((r.Dx()/4)*(r.Dy()/4))
}

func TestCameraCapture(t *testing.T) {
	face := loadFace(t)
	for _, tc := range []struct {
		name string
		face image.Image
	}{{"placeholder", nil}, {"face", face}} {
		t.Run(tc.name, func(t *testing.T) {
			cam := NewCamera(CameraOptions{Face: tc.face, CaptureDelay: -1, Now: fixedNow})
			s, err := cam.Capture(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if s.Width != 640 || s.Height != 480 || !s.At.Equal(fixedTime) || s.Device != cam.Info() {
				t.Errorf("sample %dx%d at %v by %+v", s.Width, s.Height, s.At, s.Device)
			}
			img, err := jpeg.Decode(bytes.NewReader(s.JPEG))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if img.Bounds().Dx() != s.Width || img.Bounds().Dy() != s.Height {
				t.Errorf("JPEG is %v, sample says %dx%d", img.Bounds(), s.Width, s.Height)
			}
			bright := meanLuma(t, s.JPEG)
			cam.Fail(FaultLowQuality)
			dark, err := cam.Capture(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if dim := meanLuma(t, dark.JPEG); dim > bright*0.6 {
				t.Errorf("low-quality picture has mean %.0f, healthy %.0f", dim, bright)
			}
		})
	}
}

// loadFace reads the NIST mugshot from the reference data, or skips.
func loadFace(t testing.TB) image.Image {
	p := refdata.Path(t, "face/nist-mugshot.jpg")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", p, err)
	}
	return img
}

func TestCameraPreview(t *testing.T) {
	cam := NewCamera(CameraOptions{Now: fixedNow})
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	ch, err := cam.Preview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var frames int
	var first, last image.Image
	for f := range ch {
		frames++
		if f.Quality != -1 || !f.At.Equal(fixedTime) || f.Image.Bounds() != image.Rect(0, 0, 640, 480) {
			t.Fatalf("frame %d: quality %d at %v, %v", frames, f.Quality, f.At, f.Image.Bounds())
		}
		if first == nil {
			first = f.Image
		}
		last = f.Image
	}
	// The rate itself is asserted in BenchmarkCameraPreview; a loaded machine may
	// slow this test down, but frames must come.
	t.Logf("%d frames in 400 ms", frames)
	if frames < 2 {
		t.Fatalf("only %d frames in 400 ms", frames)
	}
	if bytes.Equal(first.(*image.RGBA).Pix, last.(*image.RGBA).Pix) {
		t.Error("the scene does not move between the first and the last frame")
	}
}
