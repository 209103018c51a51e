package enroll

import "fmt"

// FingerPosition is a finger, numbered as ANSI/NIST-ITL friction-ridge position codes:
// 1 right thumb … 5 right little, 6 left thumb … 10 left little.
type FingerPosition int

// The ten finger positions.
const (
	RightThumb FingerPosition = iota + 1
	RightIndex
	RightMiddle
	RightRing
	RightLittle
	LeftThumb
	LeftIndex
	LeftMiddle
	LeftRing
	LeftLittle
)

// AllFingers lists the ten fingers in capture order.
var AllFingers = []FingerPosition{RightThumb, RightIndex, RightMiddle, RightRing, RightLittle,
	LeftThumb, LeftIndex, LeftMiddle, LeftRing, LeftLittle}

var fingerNames = [...][2]string{
	{"", ""},
	{"Jempol kanan", "Right thumb"},
	{"Telunjuk kanan", "Right index"},
	{"Jari tengah kanan", "Right middle"},
	{"Jari manis kanan", "Right ring"},
	{"Kelingking kanan", "Right little"},
	{"Jempol kiri", "Left thumb"},
	{"Telunjuk kiri", "Left index"},
	{"Jari tengah kiri", "Left middle"},
	{"Jari manis kiri", "Left ring"},
	{"Kelingking kiri", "Left little"},
}

// Valid reports whether p is one of the ten positions.
func (p FingerPosition) Valid() bool { return p >= RightThumb && p <= LeftLittle }

// Label returns the finger's name in Bahasa Indonesia (lang "id") or English ("en").
func (p FingerPosition) Label(lang string) string {
	if !p.Valid() {
		return fmt.Sprintf("finger %d", int(p))
	}
	if lang == "en" {
		return fingerNames[p][1]
	}
	return fingerNames[p][0]
}

// String returns the English name.
func (p FingerPosition) String() string { return p.Label("en") }

// FingerException says why a finger could not be captured.
type FingerException string

// The finger exceptions, recorded with a supervisor's confirmation.
const (
	ExceptionNone      FingerException = ""
	ExceptionAmputated FingerException = "AMPUTATED" // missing finger
	ExceptionBandaged  FingerException = "BANDAGED"  // temporarily unusable
	ExceptionWorn      FingerException = "WORN"      // too worn to give a usable print
)

// Valid reports whether e is a known exception (ExceptionNone included).
func (e FingerException) Valid() bool {
	switch e {
	case ExceptionNone, ExceptionAmputated, ExceptionBandaged, ExceptionWorn:
		return true
	}
	return false
}

// DefaultFingerQuality is the minimum NFIQ 2-scale quality for a finger (MOSIP's
// published threshold); MaxFingerTries is how often a finger is retried, keeping the best.
const (
	DefaultFingerQuality = 40
	MaxFingerTries       = 3
)
