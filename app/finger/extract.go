package finger

import (
	"errors"
	"fmt"
	"image"
	"math"
)

// NativePPI is the resolution the extractor is tuned for; other resolutions are
// resampled to it first.
const NativePPI = 500

// maxMinutiae caps a template: beyond about 80 the extra minutiae are mostly noise and
// only slow matching.
const maxMinutiae = 90

// minQuality drops minutiae in regions too unclear to trust.
const minQuality = 10

// ErrNoPrint is returned by Extract when the image holds too little fingerprint area.
var ErrNoPrint = errors.New("no fingerprint in image")

// Extract finds the minutiae of a fingerprint image of resolution ppi (0 means 500).
// The template's minutiae are in the coordinates of img (relative to its bounds).
func Extract(img *image.Gray, ppi int) (*Template, error) {
	if img == nil {
		return nil, fmt.Errorf("extract minutiae: nil image")
	}
	if ppi == 0 {
		ppi = NativePPI
	}
	if ppi < 100 || ppi > 2000 {
		return nil, fmt.Errorf("extract minutiae: resolution %d ppi out of range", ppi)
	}
	b := img.Bounds()
	scale := 1.0
	work := img
	if math.Abs(float64(ppi-NativePPI)) > 10 {
		scale = float64(ppi) / NativePPI
		work = resample(img, scale)
	}
	wb := work.Bounds()
	if wb.Dx() < 4*blk || wb.Dy() < 4*blk {
		return nil, fmt.Errorf("extract minutiae: image %dx%d: %w", b.Dx(), b.Dy(), ErrNoPrint)
	}
	f := newField(work)
	if f.foregroundArea() < 16 {
		return nil, fmt.Errorf("extract minutiae: %w", ErrNoPrint)
	}
	cs := f.minutiae()
	t := &Template{Width: b.Dx(), Height: b.Dy(), PPI: ppi}
	for _, c := range cs {
		q := f.minutiaQuality(c.x, c.y)
		if q < minQuality {
			continue
		}
		t.Minutiae = append(t.Minutiae, Minutia{
			X:       min(int(math.Round(float64(c.x)*scale)), b.Dx()-1),
			Y:       min(int(math.Round(float64(c.y)*scale)), b.Dy()-1),
			Angle:   normAngle(-c.angle),
			Kind:    c.kind,
			Quality: q,
		})
	}
	if len(t.Minutiae) > maxMinutiae {
		t.Minutiae = bestMinutiae(t.Minutiae, maxMinutiae)
	}
	t.Quality = uint8(f.score(len(t.Minutiae)))
	return t, nil
}

// minutiae runs enhancement, binarisation, thinning and detection.
func (f *field) minutiae() []candidate {
	ridge := f.enhance()
	cleanRidges(ridge, f.w, f.h, 24)
	thin(ridge, f.w, f.h)
	return skeletonMinutiae(f, ridge)
}

// minutiaQuality rates a minutia 1–100 from the orientation coherence and ridge clarity
// of the blocks around it.
func (f *field) minutiaQuality(x, y int) uint8 {
	var s float64
	n := 0
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if !f.inside(x+dx*blk, y+dy*blk) {
				continue
			}
			i := f.at(x+dx*blk, y+dy*blk)
			s += clamp01(float64(f.coh[i])/0.6) * clamp01(float64(f.clarity[i])/0.6)
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return uint8(max(1, math.Round(100*s/float64(n))))
}

func clamp01(v float64) float64 { return min(max(v, 0), 1) }

// resample scales img by 1/scale with bilinear interpolation, so that an image of
// scale×500 ppi becomes 500 ppi.
func resample(img *image.Gray, scale float64) *image.Gray {
	b := img.Bounds()
	w := max(1, int(float64(b.Dx())/scale))
	h := max(1, int(float64(b.Dy())/scale))
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		sy := min(float64(y)*scale, float64(b.Dy()-1))
		y0 := int(sy)
		y1 := min(y0+1, b.Dy()-1)
		ty := sy - float64(y0)
		for x := range w {
			sx := min(float64(x)*scale, float64(b.Dx()-1))
			x0 := int(sx)
			x1 := min(x0+1, b.Dx()-1)
			tx := sx - float64(x0)
			g := func(x, y int) float64 { return float64(img.GrayAt(b.Min.X+x, b.Min.Y+y).Y) }
			v := (1-ty)*((1-tx)*g(x0, y0)+tx*g(x1, y0)) + ty*((1-tx)*g(x0, y1)+tx*g(x1, y1))
			out.Pix[y*out.Stride+x] = uint8(math.Round(v))
		}
	}
	return out
}
