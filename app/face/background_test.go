package face

import (
	"image"
	"image/color"
	"testing"
)

func TestExpectedBackground(t *testing.T) {
	tests := []struct {
		year    int
		citizen bool
		want    Background
	}{
		{1991, true, BackgroundRed},
		{1990, true, BackgroundBlue},
		{2007, true, BackgroundRed},
		{2008, true, BackgroundBlue},
		{1991, false, BackgroundOrange},
		{1990, false, BackgroundOrange},
		{0, false, BackgroundOrange},
		{0, true, BackgroundUnknown},
		{-5, true, BackgroundUnknown},
	}
	for _, tt := range tests {
		if got := ExpectedBackground(tt.year, tt.citizen); got != tt.want {
			t.Errorf("ExpectedBackground(%d, %v) = %s, want %s", tt.year, tt.citizen, got, tt.want)
		}
	}
}

func TestClassifyColour(t *testing.T) {
	tests := []struct {
		name string
		c    color.RGBA
		want Background
	}{
		{"pure red", color.RGBA{255, 0, 0, 255}, BackgroundRed},
		{"studio red", color.RGBA{200, 20, 30, 255}, BackgroundRed},
		{"crimson", color.RGBA{220, 20, 60, 255}, BackgroundRed},
		{"dark red", color.RGBA{120, 10, 10, 255}, BackgroundRed},
		{"pure blue", color.RGBA{0, 0, 255, 255}, BackgroundBlue},
		{"sky blue backdrop", color.RGBA{30, 110, 210, 255}, BackgroundBlue},
		{"light blue", color.RGBA{0, 174, 239, 255}, BackgroundBlue},
		{"orange", color.RGBA{255, 165, 0, 255}, BackgroundOrange},
		{"dark orange", color.RGBA{255, 140, 0, 255}, BackgroundOrange},
		{"white", color.RGBA{245, 245, 245, 255}, BackgroundOther},
		{"grey", color.RGBA{128, 128, 128, 255}, BackgroundOther},
		{"mauve wall", color.RGBA{150, 135, 150, 255}, BackgroundOther},
		{"black", color.RGBA{10, 0, 0, 255}, BackgroundOther},
		{"green", color.RGBA{0, 160, 0, 255}, BackgroundOther},
		{"yellow", color.RGBA{255, 230, 0, 255}, BackgroundOther},
		{"purple", color.RGBA{128, 0, 128, 255}, BackgroundOther},
	}
	for _, tt := range tests {
		if got := classifyColour(tt.c.R, tt.c.G, tt.c.B); got != tt.want {
			t.Errorf("%s %v: %s, want %s", tt.name, tt.c, got, tt.want)
		}
	}
}

// applicant is who the photo is for: birth year and citizenship.
type applicant struct {
	year    int
	citizen bool
}

// The mugshot on each backdrop, made two ways (head and shoulders pasted on a solid
// canvas; the wall repainted up to the outline of the head), checked for every kind of
// applicant: BACKGROUND_WRONG exactly when the colour does not match the rules.
func TestCheckBackdrop(t *testing.T) {
	m := mugshot(t)
	faces, err := Detect(m)
	if err != nil || len(faces) != 1 {
		t.Fatalf("Detect mugshot: %d faces, %v", len(faces), err)
	}
	backdrops := []struct {
		colour color.RGBA
		class  Background
	}{{red, BackgroundRed}, {blue, BackgroundBlue}, {orange, BackgroundOrange}, {white, BackgroundOther}}
	for _, b := range backdrops {
		pasted := onBackdrop(m, faces[0], b.colour)
		keyed := keyedBackdrop(m, faces[0], b.colour)
		for _, img := range []image.Image{pasted, keyed} {
			for _, a := range []applicant{{1991, true}, {1990, true}, {1985, false}, {1986, false}} {
				checkBackdrop(t, img, b.class, a)
			}
		}
	}
}

// checkBackdrop checks a photo whose backdrop is class for applicant a.
func checkBackdrop(t *testing.T, img image.Image, class Background, a applicant) {
	t.Helper()
	r := Check(img, a.year, a.citizen)
	if r.Found != class {
		t.Errorf("%s backdrop classified %s (share %.2f)", class, r.Found, r.BackgroundShare)
	}
	want := ExpectedBackground(a.year, a.citizen)
	if r.Expected != want {
		t.Errorf("expected %s, want %s", r.Expected, want)
	}
	if wrong := class != want; r.Has(BackgroundWrong) != wrong {
		t.Errorf("%s backdrop, born %d, citizen %v: BACKGROUND_WRONG %v, want %v; issues %v",
			class, a.year, a.citizen, r.Has(BackgroundWrong), wrong, codes(r))
	}
	if len(r.Issues) > 1 || (len(r.Issues) == 1 && !r.Has(BackgroundWrong)) {
		t.Errorf("%s backdrop: unexpected issues %v", class, codes(r))
	}
}

// A backdrop split half red, half blue matches neither rule.
func TestClassifyBackgroundMixed(t *testing.T) {
	m := mugshot(t)
	faces, _ := Detect(m)
	if len(faces) != 1 {
		t.Fatalf("found %d faces", len(faces))
	}
	half := onBackdrop(m, faces[0], red)
	blueImg := onBackdrop(m, faces[0], blue)
	for y := 0; y < 1024; y++ {
		for x := 420; x < 768; x++ {
			half.Set(x, y, blueImg.At(x, y))
		}
	}
	f := faces[0]
	got, share := ClassifyBackground(half, PortraitRect(half.Bounds(), f), f)
	if got != BackgroundOther {
		t.Errorf("half red, half blue classified %s (%.2f), want other", got, share)
	}
	if got, _ := ClassifyBackground(half, f.Box, f); got != BackgroundUnknown {
		t.Errorf("frame with no backdrop classified %s, want unknown", got)
	}
}
