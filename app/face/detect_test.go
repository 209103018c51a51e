package face

import (
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
)

// checkMugshotFace asserts that f is a plausible detection of the NIST mugshot's face: the
// subject sits slightly right of centre with the eyes 45 % of the way down (positions read
// off the image by eye: pupils near (355, 460) and (485, 468), ears at x≈215 and x≈590).
func checkMugshotFace(t *testing.T, f Face) {
	t.Helper()
	if !f.EyesFound {
		t.Fatalf("eyes not found: %+v", f)
	}
	if w := f.Box.Dx(); w < 300 || w > 480 || f.Box.Dy() != w {
		t.Errorf("face box %v: want a square 300–480 px wide", f.Box)
	}
	c := f.Centre()
	if c.X < 380 || c.X > 460 || c.Y < 440 || c.Y > 540 {
		t.Errorf("face centre %v, want near (420, 490)", c)
	}
	for _, e := range []image.Point{f.LeftEye, f.RightEye} {
		if !e.In(f.Box) {
			t.Errorf("eye %v outside face box %v", e, f.Box)
		}
	}
	if f.LeftEye.X >= f.RightEye.X {
		t.Errorf("left eye %v not left of right eye %v", f.LeftEye, f.RightEye)
	}
	for _, p := range []struct {
		got, want image.Point
	}{{f.LeftEye, image.Pt(355, 460)}, {f.RightEye, image.Pt(485, 468)}} {
		if d := math.Hypot(float64(p.got.X-p.want.X), float64(p.got.Y-p.want.Y)); d > 12 {
			t.Errorf("pupil at %v, want within 12 px of %v", p.got, p.want)
		}
	}
	if r := f.Roll(); math.Abs(r) > 8 {
		t.Errorf("roll %.1f°, want roughly level", r)
	}
}

func TestDetectMugshot(t *testing.T) {
	faces, err := Detect(mugshot(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != 1 {
		t.Fatalf("found %d faces, want 1: %+v", len(faces), faces)
	}
	checkMugshotFace(t, faces[0])
	t.Logf("face %+v, eye distance %.1f px, roll %.1f°", faces[0], faces[0].EyeDistance(), faces[0].Roll())
}

// The luma fast paths (YCbCr, Gray, RGBA, NRGBA) and the generic path must agree.
func TestDetectImageTypes(t *testing.T) {
	m := mugshot(t)
	b := m.Bounds()
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, m, b.Min, draw.Src)
	nrgba := image.NewNRGBA(b)
	draw.Draw(nrgba, b, m, b.Min, draw.Src)
	gray := image.NewGray(b)
	draw.Draw(gray, b, m, b.Min, draw.Src)
	cmyk := image.NewCMYK(b)
	draw.Draw(cmyk, b, m, b.Min, draw.Src)
	for name, img := range map[string]image.Image{"rgba": rgba, "nrgba": nrgba, "gray": gray, "cmyk": cmyk} {
		t.Run(name, func(t *testing.T) {
			faces, err := Detect(img)
			if err != nil {
				t.Fatal(err)
			}
			if len(faces) != 1 {
				t.Fatalf("found %d faces, want 1", len(faces))
			}
			checkMugshotFace(t, faces[0])
		})
	}
}

// A sub-image keeps its parent's coordinates, so the face must come back where it is in
// the parent.
func TestDetectSubImage(t *testing.T) {
	m := mugshot(t).(*image.YCbCr)
	sub := m.SubImage(image.Rect(64, 48, 768, 1000))
	faces, err := Detect(sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != 1 {
		t.Fatalf("found %d faces, want 1", len(faces))
	}
	checkMugshotFace(t, faces[0])
}

func TestDetectNoFace(t *testing.T) {
	for name, img := range map[string]image.Image{
		"gradient": gradient(768, 1024),
		"noise1":   noise(768, 1024, 1),
		"noise2":   noise(640, 480, 2),
		"uniform":  image.NewUniform(color.Gray{128}),
		"tiny":     noise(10, 10, 3),
	} {
		t.Run(name, func(t *testing.T) {
			if u, ok := img.(*image.Uniform); ok {
				img = &boundedUniform{u, image.Rect(0, 0, 300, 400)}
			}
			faces, err := Detect(img)
			if err != nil {
				t.Fatal(err)
			}
			if len(faces) != 0 {
				t.Errorf("found %d faces in a picture with none: %+v", len(faces), faces)
			}
		})
	}
}

// boundedUniform is a uniform colour over a finite rectangle.
type boundedUniform struct {
	*image.Uniform
	r image.Rectangle
}

func (b *boundedUniform) Bounds() image.Rectangle { return b.r }

func TestDetectTwoFaces(t *testing.T) {
	small := resize(mugshot(t), 384, 512)
	two := sideBySide(small, small, color.Gray{128})
	faces, err := Detect(two)
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != 2 {
		t.Fatalf("found %d faces, want 2: %+v", len(faces), faces)
	}
	left, right := faces[0], faces[1]
	if left.Centre().X > right.Centre().X {
		left, right = right, left
	}
	if left.Centre().X >= 384 || right.Centre().X < 384 {
		t.Errorf("faces at %v and %v, want one in each half", left.Centre(), right.Centre())
	}
	if faces[0].Score < faces[1].Score {
		t.Errorf("faces not sorted by score: %.1f then %.1f", faces[0].Score, faces[1].Score)
	}
	for _, f := range faces {
		if !f.EyesFound || f.LeftEye.X >= f.RightEye.X {
			t.Errorf("eyes of %+v not found in order", f)
		}
	}
}

func TestDetectEmpty(t *testing.T) {
	for _, img := range []image.Image{nil, image.NewRGBA(image.Rect(5, 5, 5, 9))} {
		if _, err := Detect(img); !errors.Is(err, ErrEmptyImage) {
			t.Errorf("Detect(%v) error %v, want ErrEmptyImage", img, err)
		}
	}
}

func TestCascadeCorrupt(t *testing.T) {
	if _, err := unpackCascades(facefinderBytes[:40], puplocBytes); err == nil {
		t.Error("truncated facefinder cascade unpacked without error")
	}
	if _, err := unpackCascades(nil, puplocBytes); err == nil {
		t.Error("empty facefinder cascade unpacked without error")
	}
	if _, err := unpackCascades(facefinderBytes, puplocBytes); err != nil {
		t.Errorf("embedded cascades: %v", err)
	}
}

// A Detector with its tuning left at zero behaves like the default one.
func TestDetectorZeroSettings(t *testing.T) {
	faces, err := Detector{MinScore: 20}.Detect(mugshot(t))
	if err != nil || len(faces) != 1 {
		t.Fatalf("zero Detector: %d faces, %v", len(faces), err)
	}
	checkMugshotFace(t, faces[0])
}

// The cascades are shared by every call; concurrent detections must not disturb each
// other (run with -race).
func TestDetectConcurrent(t *testing.T) {
	m := mugshot(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			faces, err := Detect(m)
			if err == nil && (len(faces) != 1 || !faces[0].EyesFound) {
				err = errors.New("concurrent Detect lost the face or its eyes")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
