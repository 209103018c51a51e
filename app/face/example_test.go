package face_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/rekam-id/rekam/app/face"
)

// A picture with no face in it fails with FACE_NONE; the report prints as lines for the
// terminal.
func ExampleCheck() {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / 300), uint8(y * 255 / 400), 128, 255})
		}
	}
	report := face.Check(img, 1990, true)
	for _, line := range report.Lines() {
		fmt.Println(line)
	}
	// Output:
	// faces: 0
	// FAIL FACE_NONE
	//   id: Wajah tidak ditemukan.
	//   en: No face found.
	// result: FAIL (1)
}

func ExampleExpectedBackground() {
	fmt.Println(face.ExpectedBackground(1991, true), face.ExpectedBackground(1990, true), face.ExpectedBackground(1990, false))
	// Output: red blue orange
}
