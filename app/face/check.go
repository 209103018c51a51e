package face

import (
	"fmt"
	"image"
	"math"
)

// Limits are the thresholds Check applies. Start from DefaultLimits.
type Limits struct {
	// Detector finds the faces.
	Detector Detector
	// MaxCentreOffset is the largest horizontal distance between the face centre and the
	// portrait's centre line, as a fraction of the portrait width (ISO/IEC 19794-5: the face
	// centre within 45–55 % of the width).
	MaxCentreOffset float64
	// MinEyeLine and MaxEyeLine bound the eye line's depth below the portrait's top, as a
	// fraction of its height (ISO/IEC 19794-5 full frontal: 30–50 %).
	MinEyeLine, MaxEyeLine float64
	// MaxRoll is the largest tilt of the eye line, in degrees.
	MaxRoll float64
	// MinFaceWidth and MaxFaceWidth bound the face box width as a fraction of the portrait
	// width (ISO/IEC 19794-5 full frontal head width: 50–75 %). The portrait zooms in on a
	// distant face to FaceShare, so a small face normally fails MinEyeDistance instead; a
	// face too close or too near the edge for a full frame fails MaxFaceWidth.
	MinFaceWidth, MaxFaceWidth float64
	// MinEyeDistance is the fewest pixels between the pupils in the capture (ISO/IEC
	// 19794-5 token images: 60, a quarter of the 240-pixel minimum width).
	MinEyeDistance float64
	// MinLuma and MaxLuma bound the mean luma (0–255) of the face's skin area.
	MinLuma, MaxLuma float64
	// MinSharpness is the lowest variance of the Laplacian of the face (see Report.Sharpness).
	MinSharpness float64
}

// DefaultLimits returns the limits Check uses. The exposure and sharpness limits were set
// on the NIST mugshot (skin luma 166, sharpness about 400): a Gaussian blur of sigma 2 px on
// its 390-pixel face brings sharpness to about 35, and scaling its light by 0.4 brings the
// skin luma to 66.
func DefaultLimits() Limits {
	return Limits{
		Detector:        DefaultDetector(),
		MaxCentreOffset: 0.05,
		MinEyeLine:      0.30,
		MaxEyeLine:      0.50,
		MaxRoll:         5,
		MinFaceWidth:    0.50,
		MaxFaceWidth:    0.75,
		MinEyeDistance:  60,
		MinLuma:         70,
		MaxLuma:         210,
		MinSharpness:    40,
	}
}

// Report is the outcome of checking one photo. The measurements describe Faces[0], the
// highest-scoring face, and are zero when no face was found.
type Report struct {
	// Faces are all the faces found, highest score first.
	Faces []Face
	// Portrait is the 3:4 crop frame around Faces[0] (see PortraitRect).
	Portrait image.Rectangle
	// CentreOffset is the face centre's horizontal distance from the portrait's centre line,
	// as a signed fraction of the portrait width (positive: right of centre).
	CentreOffset float64
	// EyeLine is the eye line's depth below the portrait's top, as a fraction of its height.
	EyeLine float64
	// FaceWidth is the face box width as a fraction of the portrait width.
	FaceWidth float64
	// EyeDistance is the distance between the pupils in pixels; Roll the eye line's tilt in
	// degrees (see Face.Roll).
	EyeDistance, Roll float64
	// Luminance is the mean luma (0–255) of the face's skin area.
	Luminance float64
	// Sharpness is the variance of the Laplacian of the face, measured at a face width of
	// about 128 pixels.
	Sharpness float64
	// Expected is the backdrop the rules require; Found the class seen, and
	// BackgroundShare the fraction of sampled backdrop pixels in that class.
	Expected, Found Background
	BackgroundShare float64
	// Issues are the failed checks; none means the photo passes.
	Issues []Issue
}

// OK reports whether every check passed.
func (r Report) OK() bool { return len(r.Issues) == 0 }

// Has reports whether the check with the given code failed.
func (r Report) Has(c Code) bool {
	for _, i := range r.Issues {
		if i.Code == c {
			return true
		}
	}
	return false
}

// Check runs every photo check with DefaultLimits; see Limits.Check.
func Check(img image.Image, birthYear int, citizen bool) Report {
	return DefaultLimits().Check(img, birthYear, citizen)
}

// Check detects the face in img, crops the portrait frame around it and checks: exactly
// one face, eyes found and level, face centred with the eyes at the right height, face
// size, exposure, sharpness, and the backdrop colour against ExpectedBackground(birthYear,
// citizen) (not checked when that is BackgroundUnknown).
func (l Limits) Check(img image.Image, birthYear int, citizen bool) Report {
	r := Report{Expected: ExpectedBackground(birthYear, citizen)}
	faces, luma, err := l.Detector.detect(img)
	if err != nil {
		r.add(issue(ImageInvalid, "Gambar tidak dapat diperiksa: %v.", "The image cannot be checked: %v.", err))
		return r
	}
	r.Faces = faces
	switch len(faces) {
	case 0:
		r.add(issue(NoFace, "Wajah tidak ditemukan.", "No face found."))
		return r
	case 1:
	default:
		r.add(issue(MultipleFaces, "Terdeteksi %d wajah; foto harus berisi satu orang saja.",
			"%d faces found; the photo must show one person only.", len(faces)))
	}
	f := faces[0]
	r.measure(img, luma, f)
	l.judge(&r, f)
	return r
}

// measure fills in the report's measurements for face f.
func (r *Report) measure(img image.Image, luma plane, f Face) {
	r.Portrait = PortraitRect(img.Bounds(), f)
	if !r.Portrait.Empty() {
		w, h := float64(r.Portrait.Dx()), float64(r.Portrait.Dy())
		c := f.Centre()
		r.CentreOffset = (float64(c.X) - float64(r.Portrait.Min.X) - w/2) / w
		r.EyeLine = float64(f.EyeMid().Y-r.Portrait.Min.Y) / h
		r.FaceWidth = float64(f.Box.Dx()) / w
	}
	r.EyeDistance, r.Roll = f.EyeDistance(), f.Roll()
	box := f.Box.Sub(img.Bounds().Min)
	r.Luminance = meanLuma(luma, innerFace(box))
	r.Sharpness = sharpness(luma, box)
	r.Found, r.BackgroundShare = ClassifyBackground(img, r.Portrait, f)
}

// judge turns the measurements into issues.
func (l Limits) judge(r *Report, f Face) {
	if !f.EyesFound {
		r.add(issue(EyesNotFound, "Mata tidak terdeteksi; pastikan mata terbuka dan tidak tertutup.",
			"Eyes not found; make sure the eyes are open and not covered."))
	}
	if math.Abs(r.CentreOffset) > l.MaxCentreOffset {
		r.add(issue(OffCentre, "Wajah tidak di tengah (bergeser %.0f%% dari garis tengah, batas %.0f%%).",
			"Face off centre (%.0f%% from the centre line, limit %.0f%%).", 100*math.Abs(r.CentreOffset), 100*l.MaxCentreOffset))
	}
	if r.EyeLine < l.MinEyeLine {
		r.add(issue(TooHigh, "Posisi wajah terlalu tinggi (mata pada %.0f%% tinggi foto, minimal %.0f%%).",
			"Face too high (eyes at %.0f%% of the height, minimum %.0f%%).", 100*r.EyeLine, 100*l.MinEyeLine))
	}
	if r.EyeLine > l.MaxEyeLine {
		r.add(issue(TooLow, "Posisi wajah terlalu rendah (mata pada %.0f%% tinggi foto, maksimal %.0f%%).",
			"Face too low (eyes at %.0f%% of the height, maximum %.0f%%).", 100*r.EyeLine, 100*l.MaxEyeLine))
	}
	if f.EyesFound && math.Abs(r.Roll) > l.MaxRoll {
		r.add(issue(EyesNotLevel, "Kepala miring (%.1f°, batas %.0f°); luruskan kepala.",
			"Head tilted (%.1f°, limit %.0f°); keep the head level.", math.Abs(r.Roll), l.MaxRoll))
	}
	if f.EyesFound && r.EyeDistance < l.MinEyeDistance {
		r.add(issue(TooSmall, "Wajah terlalu kecil (jarak mata %.0f piksel, minimal %.0f); dekatkan kamera.",
			"Face too small (%.0f pixels between the eyes, minimum %.0f); move the camera closer.", r.EyeDistance, l.MinEyeDistance))
	} else if r.FaceWidth < l.MinFaceWidth {
		r.add(issue(TooSmall, "Wajah terlalu kecil (lebar wajah %.0f%% lebar foto, minimal %.0f%%).",
			"Face too small (face width %.0f%% of the photo width, minimum %.0f%%).", 100*r.FaceWidth, 100*l.MinFaceWidth))
	}
	if r.FaceWidth > l.MaxFaceWidth {
		r.add(issue(TooLarge, "Wajah terlalu besar (lebar wajah %.0f%% lebar foto, maksimal %.0f%%); jauhkan kamera.",
			"Face too large (face width %.0f%% of the photo width, maximum %.0f%%); move the camera back.", 100*r.FaceWidth, 100*l.MaxFaceWidth))
	}
	if r.Luminance < l.MinLuma {
		r.add(issue(TooDark, "Foto terlalu gelap (kecerahan wajah %.0f, minimal %.0f); tambah pencahayaan.",
			"Photo too dark (face brightness %.0f, minimum %.0f); add light.", r.Luminance, l.MinLuma))
	}
	if r.Luminance > l.MaxLuma {
		r.add(issue(TooBright, "Foto terlalu terang (kecerahan wajah %.0f, maksimal %.0f); kurangi pencahayaan.",
			"Photo too bright (face brightness %.0f, maximum %.0f); reduce the light.", r.Luminance, l.MaxLuma))
	}
	if r.Sharpness < l.MinSharpness {
		r.add(issue(Blurred, "Foto buram (ketajaman %.0f, minimal %.0f); fokuskan kamera dan minta pemohon diam.",
			"Photo blurred (sharpness %.0f, minimum %.0f); focus the camera and ask the applicant to keep still.", r.Sharpness, l.MinSharpness))
	}
	if r.Expected != BackgroundUnknown && r.Found != r.Expected {
		r.add(Issue{
			Code:       BackgroundWrong,
			Indonesian: fmt.Sprintf("Warna latar belakang %s, seharusnya %s.", r.Found.describe(true), r.Expected.Indonesian()),
			English:    fmt.Sprintf("Background colour is %s; it must be %s.", r.Found.describe(false), r.Expected),
		})
	}
}

func (r *Report) add(i Issue) { r.Issues = append(r.Issues, i) }
