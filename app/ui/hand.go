package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/rekam-id/rekam/app/enroll"
)

// handDiagram draws both hands, palms down as the applicant places them on the scanner
// (left hand on the left), each finger coloured by its state: the current finger blue,
// captured green (orange below the quality threshold), excused grey, still to do white.
type handDiagram struct {
	box     *fyne.Container
	fingers map[enroll.FingerPosition]*canvas.Rectangle
}

// fingerShape is a finger's rectangle within one hand drawn 150 wide, thumb included.
type fingerShape struct{ x, y, w, h float32 }

// The right hand's fingers from thumb to little, as seen palm down: thumb on the left.
var rightHand = []fingerShape{
	{0, 80, 26, 44}, {32, 22, 22, 64}, {58, 10, 22, 76}, {84, 18, 22, 68}, {110, 38, 20, 50},
}

func newHandDiagram() *handDiagram {
	h := &handDiagram{fingers: map[enroll.FingerPosition]*canvas.Rectangle{}}
	inner := container.NewWithoutLayout()
	for hand := 0; hand < 2; hand++ {
		// hand 0 is the left hand, mirrored; hand 1 the right hand, shifted right.
		ox := float32(0)
		if hand == 1 {
			ox = 170
		}
		palm := canvas.NewRectangle(colBlank)
		palm.StrokeColor, palm.StrokeWidth, palm.CornerRadius = colIdle, 1, 10
		palm.Move(fyne.NewPos(ox+28, 84))
		palm.Resize(fyne.NewSize(104, 80))
		inner.Add(palm)
		for i, f := range rightHand {
			x := f.x
			if hand == 0 {
				x = 150 - f.x - f.w + 10
			}
			pos := enroll.FingerPosition(i + 1)
			if hand == 0 {
				pos += 5
			}
			r := canvas.NewRectangle(colBlank)
			r.StrokeColor, r.StrokeWidth, r.CornerRadius = colIdle, 1.5, 9
			r.Move(fyne.NewPos(ox+x, f.y))
			r.Resize(fyne.NewSize(f.w, f.h))
			t := canvas.NewText(strconv.Itoa(int(pos)), colText)
			t.TextSize = 11
			t.Move(fyne.NewPos(ox+x+f.w/2-4, f.y+4))
			inner.Add(r)
			inner.Add(t)
			h.fingers[pos] = r
		}
	}
	h.box = container.NewGridWrap(fyne.NewSize(330, 170), inner)
	return h
}

// show colours the fingers for record r with cur the finger being captured.
func (h *handDiagram) show(r *enroll.Record, cur enroll.FingerPosition, threshold int) {
	for pos, rect := range h.fingers {
		f := fingerOf(r, pos)
		var c color.Color = colBlank
		switch {
		case pos == cur:
			c = colCurrent
		case f.Exception != enroll.ExceptionNone:
			c = colIdle
		case f.Sample != nil && f.Sample.Quality < threshold:
			c = colWarn
		case f.Sample != nil:
			c = colOK
		}
		rect.FillColor = c
		rect.Refresh()
	}
}
