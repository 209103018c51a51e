package face

import "fmt"

// Code is the stable identifier of a failed photo check. Programs match on it; its text
// never changes once released.
type Code string

// The check codes, in the order Check reports them.
const (
	ImageInvalid    Code = "IMAGE_INVALID"
	NoFace          Code = "FACE_NONE"
	MultipleFaces   Code = "FACE_MULTIPLE"
	EyesNotFound    Code = "EYES_NOT_FOUND"
	OffCentre       Code = "FACE_OFF_CENTRE"
	TooHigh         Code = "FACE_TOO_HIGH"
	TooLow          Code = "FACE_TOO_LOW"
	EyesNotLevel    Code = "EYES_NOT_LEVEL"
	TooSmall        Code = "FACE_TOO_SMALL"
	TooLarge        Code = "FACE_TOO_LARGE"
	TooDark         Code = "TOO_DARK"
	TooBright       Code = "TOO_BRIGHT"
	Blurred         Code = "BLURRED"
	BackgroundWrong Code = "BACKGROUND_WRONG"
)

// Issue is one failed check: its code and what to tell the operator, in Bahasa Indonesia
// and in English. The messages include the measured value and the limit.
type Issue struct {
	Code       Code
	Indonesian string
	English    string
}

// String returns the code and both messages on one line.
func (i Issue) String() string {
	return fmt.Sprintf("%s: %s / %s", i.Code, i.Indonesian, i.English)
}

func issue(code Code, indonesian, english string, args ...any) Issue {
	return Issue{Code: code, Indonesian: fmt.Sprintf(indonesian, args...), English: fmt.Sprintf(english, args...)}
}
