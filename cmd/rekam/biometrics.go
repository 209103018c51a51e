package main

import (
	"fmt"
	"image"
	_ "image/jpeg" // decoders for face and finger images
	_ "image/png"
	"io"
	"os"
	"strings"

	"github.com/rekam-id/rekam/app/face"
)

func runFace(args []string, out io.Writer) error {
	fs := newFlags("face", out)
	year := fs.Int("birth-year", 0, "the applicant's birth year (for the background colour)")
	wna := fs.Bool("wna", false, "the applicant is a foreigner (orange background)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "check" {
		return usageError{"usage: rekam face check IMAGE --birth-year YYYY [--wna]"}
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	rep := face.Check(img, *year, !*wna)
	fmt.Fprintln(out, strings.Join(rep.Lines(), "\n"))
	if !rep.OK() {
		return fmt.Errorf("%s: the photo does not meet the requirements", pos[1])
	}
	return nil
}
