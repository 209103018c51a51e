package face

import (
	"encoding/json"
	"image"
	"slices"
	"strings"
	"testing"
)

func TestReportLines(t *testing.T) {
	r := Report{
		Faces: []Face{{
			Box: image.Rect(225, 297, 615, 687), Score: 312.7,
			LeftEye: image.Pt(355, 460), RightEye: image.Pt(485, 468), EyesFound: true,
		}},
		Portrait:        image.Rect(95, 72, 746, 940),
		CentreOffset:    -0.001,
		EyeLine:         0.45,
		FaceWidth:       0.599,
		EyeDistance:     130.2,
		Roll:            3.5,
		Luminance:       166.1,
		Sharpness:       411.3,
		Expected:        BackgroundBlue,
		Found:           BackgroundOther,
		BackgroundShare: 1,
		Issues: []Issue{{
			Code:       BackgroundWrong,
			Indonesian: "Warna latar belakang bukan merah, biru, atau oranye, seharusnya biru.",
			English:    "Background colour is not red, blue or orange; it must be blue.",
		}},
	}
	want := []string{
		"faces: 1",
		"face 1: box (225,297)-(615,687) score 313, eyes found: left (355,460) right (485,468)",
		"portrait 3:4: (95,72)-(746,940) (651x868)",
		"geometry: centre offset -0.1%, eye line 45.0%, face width 59.9%, eye distance 130 px, roll +3.5°",
		"exposure: face luma 166, sharpness 411",
		"background: found other (100% of backdrop), expected blue",
		"FAIL BACKGROUND_WRONG",
		"  id: Warna latar belakang bukan merah, biru, atau oranye, seharusnya biru.",
		"  en: Background colour is not red, blue or orange; it must be blue.",
		"result: FAIL (1)",
	}
	if got := r.Lines(); !slices.Equal(got, want) {
		t.Errorf("Lines():\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	empty := Report{Issues: []Issue{{Code: NoFace, Indonesian: "Wajah tidak ditemukan.", English: "No face found."}}}
	want = []string{"faces: 0", "FAIL FACE_NONE", "  id: Wajah tidak ditemukan.", "  en: No face found.", "result: FAIL (1)"}
	if got := empty.Lines(); !slices.Equal(got, want) {
		t.Errorf("Lines() with no face:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := (Report{Faces: r.Faces}).Lines(); got[len(got)-1] != "result: OK" {
		t.Errorf("last line %q, want result: OK", got[len(got)-1])
	}
}

func TestBackgroundNames(t *testing.T) {
	for b, want := range map[Background][2]string{
		BackgroundRed:     {"red", "merah"},
		BackgroundBlue:    {"blue", "biru"},
		BackgroundOrange:  {"orange", "oranye"},
		BackgroundOther:   {"other", "lain"},
		BackgroundUnknown: {"unknown", "tidak diketahui"},
		Background(99):    {"unknown", "tidak diketahui"},
	} {
		if b.String() != want[0] || b.Indonesian() != want[1] {
			t.Errorf("Background(%d): %q / %q, want %q / %q", b, b.String(), b.Indonesian(), want[0], want[1])
		}
	}
}

func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(Report{Expected: BackgroundRed, Found: BackgroundOther, Issues: []Issue{{Code: BackgroundWrong}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Expected":"red"`, `"Found":"other"`, `"Code":"BACKGROUND_WRONG"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
}
