package face

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sort"

	pigo "github.com/esimov/pigo/core"
)

// ErrEmptyImage is returned by Detect for an image with no pixels.
var ErrEmptyImage = errors.New("face: empty image")

// Face is one detected face, in the coordinates of the image it was found in.
type Face struct {
	// Box is the square the detector matched; it spans roughly ear to ear and brow to chin.
	Box image.Rectangle
	// Score is the summed cascade confidence of the overlapping detections merged into this
	// face; higher is more certain. Detect keeps faces scoring at least Detector.MinScore.
	Score float64
	// LeftEye and RightEye are the pupil centres on the image's left and right (so LeftEye
	// is the subject's right eye). When EyesFound is false they are estimates from Box.
	LeftEye, RightEye image.Point
	// EyesFound reports whether the pupil localiser returned a plausible pair of eyes.
	EyesFound bool
}

// Centre returns the centre of the face box.
func (f Face) Centre() image.Point {
	return image.Pt((f.Box.Min.X+f.Box.Max.X)/2, (f.Box.Min.Y+f.Box.Max.Y)/2)
}

// EyeMid returns the point halfway between the two eyes.
func (f Face) EyeMid() image.Point {
	return image.Pt((f.LeftEye.X+f.RightEye.X)/2, (f.LeftEye.Y+f.RightEye.Y)/2)
}

// EyeDistance returns the distance between the pupils in pixels.
func (f Face) EyeDistance() float64 {
	return math.Hypot(float64(f.RightEye.X-f.LeftEye.X), float64(f.RightEye.Y-f.LeftEye.Y))
}

// Roll returns the in-plane rotation of the eye line in degrees: 0 when the eyes are level,
// positive when the right-hand eye in the image is lower than the left-hand one.
func (f Face) Roll() float64 {
	return math.Atan2(float64(f.RightEye.Y-f.LeftEye.Y), float64(f.RightEye.X-f.LeftEye.X)) * 180 / math.Pi
}

// Detector holds the detection settings. Start from DefaultDetector; a zero or negative
// WorkSize, MinFace, ShiftFactor or ScaleFactor takes the default value.
type Detector struct {
	// MinScore is the lowest clustered score kept as a face.
	MinScore float64
	// WorkSize is the longest side, in pixels, of the reduced grayscale copy the cascade
	// scans; larger images are box-filtered down by an integer factor first.
	WorkSize int
	// MinFace is the smallest face side searched, as a fraction of the shorter image side.
	MinFace float64
	// ShiftFactor is the step of the scanning window as a fraction of its size, and
	// ScaleFactor the growth of the window from one scale to the next.
	ShiftFactor, ScaleFactor float64
}

// perturbs is the number of jittered starting windows whose median gives each pupil. It
// must be 63: pigo v1.4.6 sorts a pooled 63-entry buffer whole, so with fewer perturbations
// the median would be taken over stale or zero entries.
const perturbs = 63

// DefaultDetector returns the settings Detect uses. They find faces from 15 % of the
// shorter image side upwards (a usable portrait face is far larger; a bystander's face in
// the background is usually larger than that too) and search a 768×1024 capture, eyes
// included, in under 10 ms on one core. Halving MinFace roughly triples the time.
func DefaultDetector() Detector {
	return Detector{
		MinScore:    20,
		WorkSize:    480,
		MinFace:     0.15,
		ShiftFactor: 0.1,
		ScaleFactor: 1.1,
	}
}

// Detect finds faces with DefaultDetector; see Detector.Detect.
func Detect(img image.Image) ([]Face, error) {
	return DefaultDetector().Detect(img)
}

// Detect returns the faces in img, highest score first, each with both pupil positions.
// It returns an empty slice, not an error, when there is no face, and ErrEmptyImage when
// img has no pixels. Pupil localisation jitters its starting windows at random, so eye
// positions can differ by a pixel or two between calls.
func (d Detector) Detect(img image.Image) ([]Face, error) {
	faces, _, err := d.detect(img)
	return faces, err
}

// detect is Detect that also hands back the luma plane it searched, for Check to reuse.
func (d Detector) detect(img image.Image) ([]Face, plane, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, plane{}, ErrEmptyImage
	}
	c, err := loadCascades()
	if err != nil {
		return nil, plane{}, fmt.Errorf("detect faces: %w", err)
	}
	full := lumaOf(img)
	return d.detectPlane(c, full, img.Bounds().Min), full, nil
}

// withDefaults replaces the settings that would make no sense at zero.
func (d Detector) withDefaults() Detector {
	def := DefaultDetector()
	if d.WorkSize <= 0 {
		d.WorkSize = def.WorkSize
	}
	if d.MinFace <= 0 {
		d.MinFace = def.MinFace
	}
	if d.ShiftFactor <= 0 {
		d.ShiftFactor = def.ShiftFactor
	}
	if d.ScaleFactor <= 1 {
		d.ScaleFactor = def.ScaleFactor
	}
	return d
}

func (d Detector) detectPlane(c cascades, full plane, origin image.Point) []Face {
	d = d.withDefaults()
	k := (max(full.w, full.h) + d.WorkSize - 1) / d.WorkSize
	small := shrink(full, k)
	shorter := min(small.w, small.h)
	params := pigo.CascadeParams{
		MinSize:     max(20, int(d.MinFace*float64(shorter))),
		MaxSize:     shorter,
		ShiftFactor: d.ShiftFactor,
		ScaleFactor: d.ScaleFactor,
		ImageParams: pigo.ImageParams{Pixels: small.pix, Rows: small.h, Cols: small.w, Dim: small.stride},
	}
	if params.MinSize > params.MaxSize {
		return []Face{}
	}
	found := cluster(c.face.RunCascade(params, 0), 0.2)
	faces := []Face{}
	for _, cand := range suppress(found, d.MinScore) {
		// A pixel of the reduced copy covers k×k source pixels.
		cx := cand.c*float64(k) + float64(k)/2
		cy := cand.r*float64(k) + float64(k)/2
		side := cand.s * float64(k)
		x0, y0, n := int(math.Round(cx-side/2)), int(math.Round(cy-side/2)), int(math.Round(side))
		box := image.Rect(x0, y0, x0+n, y0+n).Intersect(image.Rect(0, 0, full.w, full.h))
		f := Face{Box: box, Score: cand.q}
		locateEyes(c.eyes, full, &f, cx, cy, side)
		f.Box = f.Box.Add(origin)
		f.LeftEye = f.LeftEye.Add(origin)
		f.RightEye = f.RightEye.Add(origin)
		faces = append(faces, f)
	}
	sort.SliceStable(faces, func(i, j int) bool { return faces[i].Score > faces[j].Score })
	return faces
}

// locateEyes runs the pupil localiser from the usual starting windows (a quarter of the
// face size, centred 7.5 % above and 17.5 % either side of the face centre) and keeps the
// result only if it is plausible for a frontal face.
func locateEyes(pl *pigo.PuplocCascade, full plane, f *Face, cx, cy, side float64) {
	img := pigo.ImageParams{Pixels: full.pix, Rows: full.h, Cols: full.w, Dim: full.stride}
	start := func(dx float64) image.Point { return image.Pt(int(cx+dx*side), int(cy-0.075*side)) }
	guess := [2]image.Point{start(-0.175), start(0.175)}
	var got [2]image.Point
	for i, g := range guess {
		p := pl.RunDetector(pigo.Puploc{Row: g.Y, Col: g.X, Scale: float32(0.25 * side), Perturbs: perturbs}, img, 0, false)
		got[i] = image.Pt(p.Col, p.Row)
	}
	if got[0].X > got[1].X {
		got[0], got[1] = got[1], got[0]
	}
	f.LeftEye, f.RightEye = got[0], got[1]
	f.EyesFound = plausibleEyes(*f, side)
	if !f.EyesFound {
		f.LeftEye, f.RightEye = guess[0], guess[1]
	}
}

// plausibleEyes reports whether the pupils lie in the upper two thirds of the face box, a
// frontal face's distance apart, and less than 30° off level.
func plausibleEyes(f Face, side float64) bool {
	upper := image.Rect(f.Box.Min.X, f.Box.Min.Y, f.Box.Max.X, f.Box.Min.Y+int(2*side/3))
	if !f.LeftEye.In(upper) || !f.RightEye.In(upper) {
		return false
	}
	dist := f.EyeDistance()
	return dist >= 0.2*side && dist <= 0.6*side && math.Abs(f.Roll()) < 30
}
