package face

import (
	"fmt"
	"image"
)

// Lines formats the report for a terminal, one fact per line: the faces, the portrait
// frame and measurements, then one line per failed check (both languages), then the
// verdict. It is what `rekam face check` prints.
func (r Report) Lines() []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	add("faces: %d", len(r.Faces))
	for i, f := range r.Faces {
		eyes := "estimated"
		if f.EyesFound {
			eyes = "found"
		}
		add("face %d: box %s score %.0f, eyes %s: left %s right %s", i+1, rect(f.Box), f.Score, eyes, f.LeftEye, f.RightEye)
	}
	if len(r.Faces) > 0 {
		add("portrait 3:4: %s (%dx%d)", rect(r.Portrait), r.Portrait.Dx(), r.Portrait.Dy())
		add("geometry: centre offset %+.1f%%, eye line %.1f%%, face width %.1f%%, eye distance %.0f px, roll %+.1f°",
			100*r.CentreOffset, 100*r.EyeLine, 100*r.FaceWidth, r.EyeDistance, r.Roll)
		add("exposure: face luma %.0f, sharpness %.0f", r.Luminance, r.Sharpness)
		add("background: found %s (%.0f%% of backdrop), expected %s", r.Found, 100*r.BackgroundShare, r.Expected)
	}
	for _, i := range r.Issues {
		add("FAIL %s", i.Code)
		add("  id: %s", i.Indonesian)
		add("  en: %s", i.English)
	}
	if r.OK() {
		add("result: OK")
	} else {
		add("result: FAIL (%d)", len(r.Issues))
	}
	return out
}

func rect(r image.Rectangle) string {
	return fmt.Sprintf("(%d,%d)-(%d,%d)", r.Min.X, r.Min.Y, r.Max.X, r.Max.Y)
}
