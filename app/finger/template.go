package finger

import "math"

// Kind says what a minutia is.
type Kind uint8

// The minutia kinds of ISO/IEC 19794-2.
const (
	// KindOther is a minutia whose kind is unknown.
	KindOther Kind = 0
	// KindEnding is a ridge ending.
	KindEnding Kind = 1
	// KindBifurcation is a ridge bifurcation.
	KindBifurcation Kind = 2
)

// Minutia is one ridge ending or bifurcation.
type Minutia struct {
	// X and Y are the position in pixels from the top-left corner.
	X, Y int
	// Angle is the direction in radians in [0, 2π), counter-clockwise on screen from
	// the positive x axis. A ridge ending points along its ridge, into it; a
	// bifurcation points away from its stem, between its two branches (the
	// convention of the FVC ISO templates beside our reference data).
	Angle float64
	// Kind is ending, bifurcation or other.
	Kind Kind
	// Quality is 1 (poor) to 100 (excellent), or 0 when not reported.
	Quality uint8
}

// Template is the minutiae of one finger impression.
type Template struct {
	// Width and Height are the size of the image the minutiae were found in.
	Width, Height int
	// PPI is the resolution in pixels per inch (500 for the usual scanners).
	PPI int
	// Position is the ISO/ANSI finger position code: 0 unknown, 1 right thumb …
	// 5 right little, 6 left thumb … 10 left little.
	Position uint8
	// Quality is the image quality 0–100 (see Quality), or 0 when unknown.
	Quality uint8
	// Minutiae are the features, at most 255 of them.
	Minutiae []Minutia
}

// normAngle maps any angle into [0, 2π).
func normAngle(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}

// angleDiff returns the absolute difference of two angles, in [0, π].
func angleDiff(a, b float64) float64 {
	d := math.Abs(normAngle(a - b))
	if d > math.Pi {
		d = 2*math.Pi - d
	}
	return d
}
