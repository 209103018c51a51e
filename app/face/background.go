package face

import (
	"image"
	"image/color"
)

// Background is the colour class of a portrait's backdrop.
type Background uint8

// The background classes. The e-KTP rules use red, blue and orange; anything else is Other,
// and Unknown means there was too little backdrop to judge (or, as an expectation, that
// the birth year is not known).
const (
	BackgroundUnknown Background = iota
	BackgroundRed
	BackgroundBlue
	BackgroundOrange
	BackgroundOther
)

var backgroundNames = [...][2]string{
	BackgroundUnknown: {"unknown", "tidak diketahui"},
	BackgroundRed:     {"red", "merah"},
	BackgroundBlue:    {"blue", "biru"},
	BackgroundOrange:  {"orange", "oranye"},
	BackgroundOther:   {"other", "lain"},
}

// String returns the English name of b ("red", "blue", "orange", "other", "unknown").
func (b Background) String() string {
	if int(b) < len(backgroundNames) {
		return backgroundNames[b][0]
	}
	return "unknown"
}

// MarshalText encodes b as its English name, so a Report reads well as JSON.
func (b Background) MarshalText() ([]byte, error) {
	return []byte(b.String()), nil
}

// Indonesian returns the Bahasa Indonesia name of b ("merah", "biru", "oranye", ...).
func (b Background) Indonesian() string {
	if int(b) < len(backgroundNames) {
		return backgroundNames[b][1]
	}
	return "tidak diketahui"
}

// describe names a found backdrop class for a message, in Bahasa Indonesia or English.
func (b Background) describe(indonesian bool) string {
	switch {
	case b == BackgroundOther && indonesian:
		return "bukan merah, biru, atau oranye"
	case b == BackgroundOther:
		return "not red, blue or orange"
	case b == BackgroundUnknown && indonesian:
		return "tidak terlihat"
	case b == BackgroundUnknown:
		return "not visible"
	case indonesian:
		return b.Indonesian()
	}
	return b.String()
}

// ExpectedBackground returns the backdrop colour the e-KTP rules require: orange for a
// foreigner (WNA, citizen false) whatever the birth year; for a citizen (WNI), red when the
// birth year is odd and blue when it is even. A citizen's birth year of 0 or less means
// "not known" and gives BackgroundUnknown.
func ExpectedBackground(birthYear int, citizen bool) Background {
	switch {
	case !citizen:
		return BackgroundOrange
	case birthYear <= 0:
		return BackgroundUnknown
	case birthYear%2 == 1:
		return BackgroundRed
	default:
		return BackgroundBlue
	}
}

// classifyColour puts one pixel into a background class by hue. Pixels that are too grey
// (saturation below 0.3) or too dark (value below 0.2) are Other: a white, grey or black
// wall is not an e-KTP backdrop. Hue bands, in degrees: red below 15 or from 340, orange
// 15–45, blue 185–255.
func classifyColour(r, g, b uint8) Background {
	hi := max(r, g, b)
	lo := min(r, g, b)
	if hi < 51 || int(hi-lo)*10 < 3*int(hi) {
		return BackgroundOther
	}
	d := float64(hi - lo)
	var h float64
	switch hi {
	case r:
		h = 60 * (float64(g) - float64(b)) / d
		if h < 0 {
			h += 360
		}
	case g:
		h = 60 * (2 + (float64(b)-float64(r))/d)
	default:
		h = 60 * (4 + (float64(r)-float64(g))/d)
	}
	switch {
	case h < 15 || h >= 340:
		return BackgroundRed
	case h < 45:
		return BackgroundOrange
	case h >= 185 && h < 255:
		return BackgroundBlue
	}
	return BackgroundOther
}

// BackdropShare is the fraction of sampled backdrop pixels that must agree for
// ClassifyBackground to name a colour.
const BackdropShare = 0.6

// ClassifyBackground classifies the backdrop of the portrait frame (usually the rectangle
// PortraitRect returns) around face f. It samples every other pixel of the strips along the
// frame's top, left and right edges (an eighth of the frame width deep), from the top down
// to the chin, leaving out the head: the face box (which spans about ear to ear) widened by
// an eighth of its side on each side and raised by half its side for the hair. It returns
// the class that at least BackdropShare of the samples fall in, or BackgroundOther when no
// class does, with the fraction of samples in the returned class. With fewer than 100
// samples (a face filling the frame) it returns BackgroundUnknown.
func ClassifyBackground(img image.Image, frame image.Rectangle, f Face) (Background, float64) {
	frame = frame.Intersect(img.Bounds())
	s := f.Box.Dx()
	head := image.Rect(f.Box.Min.X-s/8, f.Box.Min.Y-s/2, f.Box.Max.X+s/8, frame.Max.Y)
	depth := max(frame.Dx()/8, 2)
	inner := image.Rect(frame.Min.X+depth, frame.Min.Y+depth, frame.Max.X-depth, frame.Max.Y)
	bottom := min(f.Box.Max.Y, frame.Max.Y)
	var counts [len(backgroundNames)]int
	n := 0
	for y := frame.Min.Y; y < bottom; y += 2 {
		for x := frame.Min.X; x < frame.Max.X; x += 2 {
			p := image.Pt(x, y)
			if p.In(inner) {
				x += 2*((inner.Max.X-x+1)/2) - 2 // on to the right-hand strip, same pixel grid
				continue
			}
			if p.In(head) {
				continue
			}
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			counts[classifyColour(c.R, c.G, c.B)]++
			n++
		}
	}
	if n < 100 {
		return BackgroundUnknown, 0
	}
	best := BackgroundOther
	for b, c := range counts {
		if c > counts[best] {
			best = Background(b)
		}
	}
	share := float64(counts[best]) / float64(n)
	if share < BackdropShare {
		return BackgroundOther, float64(counts[BackgroundOther]) / float64(n)
	}
	return best, share
}
