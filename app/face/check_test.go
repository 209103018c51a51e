package face

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
)

// Backdrop colours as a studio would hang them.
var (
	red    = color.RGBA{200, 20, 30, 255}
	blue   = color.RGBA{30, 110, 210, 255}
	orange = color.RGBA{240, 130, 20, 255}
	white  = color.RGBA{240, 240, 240, 255}
)

func codes(r Report) []Code {
	var out []Code
	for _, i := range r.Issues {
		out = append(out, i.Code)
	}
	return out
}

// onRed is the mugshot with its wall repainted red: a photo that should pass every check
// for a citizen born in an odd year.
func onRed(t *testing.T) image.Image {
	t.Helper()
	m := mugshot(t)
	faces, err := Detect(m)
	if err != nil || len(faces) != 1 {
		t.Fatalf("Detect mugshot: %d faces, %v", len(faces), err)
	}
	return keyedBackdrop(m, faces[0], red)
}

func TestCheckCodes(t *testing.T) {
	m := mugshot(t)
	good := onRed(t)
	small := resize(m, 384, 512)
	tests := []struct {
		name      string
		img       image.Image
		birthYear int
		citizen   bool
		want      []Code // exactly these, in this order
	}{
		{"good photo", good, 1991, true, nil},
		{"mugshot, birth year unknown", m, 0, true, nil},
		{"mugshot, grey backdrop", m, 1991, true, []Code{BackgroundWrong}},
		{"gradient", gradient(768, 1024), 1991, true, []Code{NoFace}},
		{"noise", noise(600, 800, 7), 1991, true, []Code{NoFace}},
		{"empty", image.NewRGBA(image.Rectangle{}), 1991, true, []Code{ImageInvalid}},
		{"two faces", sideBySide(small, small, red), 0, true, []Code{MultipleFaces}},
		{"blurred", blur(good, 3), 1991, true, []Code{Blurred}},
		{"dark", scaleLight(good, 0.35), 1991, true, []Code{TooDark}},
		{"bright", scaleLight(good, 1.5), 1991, true, []Code{TooBright}},
		{"tilted", rotate(good, 12), 1991, true, []Code{EyesNotLevel}},
		{"low resolution", resize(good, 150, 200), 1991, true, []Code{TooSmall}},
		// The face fills the frame, so no backdrop is left to judge either.
		{"too close", subImage(t, good, image.Rect(200, 300, 640, 720)), 1991, true, []Code{TooLarge, BackgroundWrong}},
		{"off centre", subImage(t, good, image.Rect(200, 0, 768, 1024)), 1991, true, []Code{OffCentre}},
		{"too high", subImage(t, good, image.Rect(0, 250, 768, 1024)), 1991, true, []Code{TooHigh}},
		{"too low", subImage(t, good, image.Rect(0, 0, 768, 760)), 1991, true, []Code{TooLow}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.img, tt.birthYear, tt.citizen)
			if got := codes(r); !slices.Equal(got, tt.want) {
				t.Errorf("codes %v, want %v\n%s", got, tt.want, strings.Join(r.Lines(), "\n"))
			}
			if r.OK() != (len(tt.want) == 0) {
				t.Errorf("OK() = %v with issues %v", r.OK(), codes(r))
			}
			for _, c := range tt.want {
				if !r.Has(c) {
					t.Errorf("Has(%s) = false", c)
				}
			}
		})
	}
}

func TestCheckMeasures(t *testing.T) {
	r := Check(onRed(t), 1991, true)
	if len(r.Faces) != 1 {
		t.Fatalf("found %d faces", len(r.Faces))
	}
	f := r.Faces[0]
	if r.Portrait != PortraitRect(image.Rect(0, 0, 768, 1024), f) {
		t.Errorf("portrait %v, want PortraitRect's frame", r.Portrait)
	}
	if r.Found != BackgroundRed || r.Expected != BackgroundRed || r.BackgroundShare < 0.95 {
		t.Errorf("background found %s (%.2f), expected %s; want red on red", r.Found, r.BackgroundShare, r.Expected)
	}
	if r.EyeDistance != f.EyeDistance() || r.Roll != f.Roll() {
		t.Errorf("eye distance %.1f roll %.1f, want the face's %.1f %.1f", r.EyeDistance, r.Roll, f.EyeDistance(), f.Roll())
	}
	if r.Luminance < 140 || r.Luminance > 190 {
		t.Errorf("skin luma %.0f, want the mugshot's well-lit 140–190", r.Luminance)
	}
	if r.Sharpness < 200 {
		t.Errorf("sharpness %.0f, want a sharp photo's hundreds", r.Sharpness)
	}
}

// Every issue carries both messages, and they differ (one is not a copy of the other).
func TestIssueMessages(t *testing.T) {
	m := mugshot(t)
	for _, img := range []image.Image{m, gradient(300, 400), scaleLight(blur(m, 4), 0.3), rotate(resize(m, 150, 200), 20)} {
		for _, i := range Check(img, 1990, false).Issues {
			if i.Indonesian == "" || i.English == "" || i.Indonesian == i.English {
				t.Errorf("issue %s: messages %q / %q", i.Code, i.Indonesian, i.English)
			}
			if !strings.HasPrefix(i.String(), string(i.Code)+": ") {
				t.Errorf("String() = %q", i.String())
			}
		}
	}
}
