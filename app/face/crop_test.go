package face

import (
	"image"
	"math"
	"testing"
)

func TestCropMugshot(t *testing.T) {
	img := mugshot(t)
	faces, err := Detect(img)
	if err != nil || len(faces) != 1 {
		t.Fatalf("Detect: %d faces, %v", len(faces), err)
	}
	f := faces[0]
	out, r := Crop(img, f)
	if r.Dx()*PortraitHeight != r.Dy()*PortraitWidth || r.Empty() {
		t.Fatalf("crop %v is not 3:4", r)
	}
	if out.Bounds() != image.Rect(0, 0, r.Dx(), r.Dy()) {
		t.Errorf("cropped image bounds %v, want %dx%d at origin", out.Bounds(), r.Dx(), r.Dy())
	}
	if !r.In(img.Bounds()) {
		t.Errorf("crop %v leaves the image %v", r, img.Bounds())
	}
	if !f.Box.In(r) {
		t.Errorf("crop %v does not contain the face box %v", r, f.Box)
	}
	if off := float64(f.Centre().X-r.Min.X)/float64(r.Dx()) - 0.5; math.Abs(off) > 0.01 {
		t.Errorf("face centre %.3f of the width from the crop centre, want centred", off)
	}
	if eye := float64(f.EyeMid().Y-r.Min.Y) / float64(r.Dy()); math.Abs(eye-EyeLine) > 0.01 {
		t.Errorf("eye line at %.3f of the height, want %.2f", eye, EyeLine)
	}
	if share := float64(f.Box.Dx()) / float64(r.Dx()); math.Abs(share-FaceShare) > 0.01 {
		t.Errorf("face box is %.3f of the crop width, want %.2f", share, FaceShare)
	}
	// The copy holds the source pixels.
	for _, p := range []image.Point{{0, 0}, {r.Dx() - 1, r.Dy() - 1}, {r.Dx() / 2, r.Dy() / 3}} {
		sr, sg, sb, _ := img.At(r.Min.X+p.X, r.Min.Y+p.Y).RGBA()
		dr, dg, db, _ := out.At(p.X, p.Y).RGBA()
		if sr>>8 != dr>>8 || sg>>8 != dg>>8 || sb>>8 != db>>8 {
			t.Errorf("pixel %v differs from the source", p)
		}
	}
	t.Logf("face %v, crop %v", f.Box, r)
}

func TestPortraitRect(t *testing.T) {
	// face builds a face with a box of the given side centred at (cx, cy) and eyes level
	// 0.075 of the side above the centre, 0.35 of the side apart.
	face := func(cx, cy, side int) Face {
		h := side / 2
		eyeY := cy - side*3/40
		return Face{
			Box:       image.Rect(cx-h, cy-h, cx+h, cy+h),
			LeftEye:   image.Pt(cx-side*7/40, eyeY),
			RightEye:  image.Pt(cx+side*7/40, eyeY),
			EyesFound: true,
		}
	}
	tests := []struct {
		name   string
		bounds image.Rectangle
		face   Face
		want   image.Rectangle
	}{
		// 240 / 0.6 = 400 wide → 399×532 (3×4 units of 133); eyes at 300-18 = 282, and
		// 0.45 × 532 = 239 above them → top 43.
		{"far subject is zoomed", image.Rect(0, 0, 1920, 1080), face(960, 300, 240), image.Rect(960-199, 43, 960-199+399, 43+532)},
		// Wants 1000 wide; the largest 3:4 frame in 1280×720 is 540×720, placed on the face.
		{"close subject, landscape", image.Rect(0, 0, 1280, 720), face(640, 360, 600), image.Rect(370, 0, 910, 720)},
		// The frame stops at the left edge, so the face is off its centre.
		{"face near the edge", image.Rect(0, 0, 1000, 1000), face(150, 500, 240), image.Rect(0, 500-18-239, 399, 500-18-239+532)},
		{"offset bounds", image.Rect(100, 200, 2020, 1280), face(1060, 500, 240), image.Rect(1060-199, 243, 1060-199+399, 243+532)},
		{"too small to frame", image.Rect(0, 0, 2, 100), face(1, 50, 2), image.Rectangle{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PortraitRect(tt.bounds, tt.face)
			if got != tt.want {
				t.Errorf("PortraitRect(%v, box %v) = %v, want %v", tt.bounds, tt.face.Box, got, tt.want)
			}
			if !got.Empty() && (!got.In(tt.bounds) || got.Dx()*4 != got.Dy()*3) {
				t.Errorf("frame %v is not a 3:4 frame inside %v", got, tt.bounds)
			}
		})
	}
}
