package face

import (
	"image"
	"image/draw"
	"math"
)

// Portrait geometry; see the package comment.
const (
	// PortraitWidth and PortraitHeight give the portrait's aspect ratio, 3:4 (width:height),
	// the e-KTP photo's portrait format and ISO/IEC 19794-5's token image ratio.
	PortraitWidth, PortraitHeight = 3, 4
	// EyeLine is the height of the eye line below the portrait's top edge, as a fraction of
	// the portrait height (ISO/IEC 19794-5 token image: 0.6 × width = 0.45 × height).
	EyeLine = 0.45
	// FaceShare is the face box width, as a fraction of the portrait width, that the crop
	// aims for: the middle of the 50–75 % head-width band of ISO/IEC 19794-5 full frontal
	// images, leaning to the smaller side to leave room for hair and ears.
	FaceShare = 0.6
)

// PortraitRect returns the 3:4 frame, inside bounds, to cut around face f: centred
// horizontally on the face box, with the eyes EyeLine of the way down, and as wide as the
// face box divided by FaceShare, or less when bounds cannot hold that (then the frame is the
// largest 3:4 frame that fits, moved as little as possible off the face). It returns an
// empty rectangle when bounds cannot hold a 3×4 frame.
func PortraitRect(bounds image.Rectangle, f Face) image.Rectangle {
	fit := min(bounds.Dx()/PortraitWidth, bounds.Dy()/PortraitHeight) // in units of 3×4 pixels
	want := int(math.Round(float64(f.Box.Dx()) / FaceShare / PortraitWidth))
	unit := min(fit, max(want, 1))
	if unit <= 0 {
		return image.Rectangle{}
	}
	w, h := unit*PortraitWidth, unit*PortraitHeight
	c := f.Centre()
	left := clamp(c.X-w/2, bounds.Min.X, bounds.Max.X-w)
	top := clamp(f.EyeMid().Y-int(math.Round(EyeLine*float64(h))), bounds.Min.Y, bounds.Max.Y-h)
	return image.Rect(left, top, left+w, top+h)
}

// Crop copies the portrait frame around f (see PortraitRect) into a new RGBA image whose
// bounds start at (0, 0), and returns it with the frame in img's coordinates.
func Crop(img image.Image, f Face) (*image.RGBA, image.Rectangle) {
	r := PortraitRect(img.Bounds(), f)
	dst := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(dst, dst.Bounds(), img, r.Min, draw.Src)
	return dst, r
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
