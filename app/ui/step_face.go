package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	_ "image/jpeg" // the camera's photos
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/face"
)

// faceStep (4. Foto wajah): the live picture, capture (F5) and retake (F6), and beside
// them the background colour the card needs for this applicant's birth year.
type faceStep struct {
	w       *wizard
	preview *canvas.Image
	photo   *canvas.Image
	live    *live
	status  *widget.Label
	check   *widget.Label
	take    *button
	retake  *button
}

func newFaceStep(w *wizard) *faceStep { return &faceStep{w: w} }

func (s *faceStep) title() string { return tr("Foto wajah") }

// expectedBackground is the backdrop colour for b's birth year and citizenship.
func expectedBackground(b enroll.Biodata) (face.Background, color.Color) {
	year := 0
	if !b.BirthDate.IsZero() {
		year = b.BirthDate.Year()
	}
	bg := face.ExpectedBackground(year, b.Citizenship != enroll.CitizenWNA)
	switch bg {
	case face.BackgroundRed:
		return bg, colBad
	case face.BackgroundBlue:
		return bg, colCurrent
	case face.BackgroundOrange:
		return bg, colWarn
	}
	return bg, colIdle
}

func backgroundText(bg face.Background, b enroll.Biodata, lang string) string {
	name := bg.Indonesian()
	if lang == "en" {
		name = bg.String()
	}
	why := ""
	switch bg {
	case face.BackgroundOrange:
		why = tr("warga negara asing")
	case face.BackgroundRed:
		why = trf("tahun lahir {{.Y}} ganjil", map[string]any{"Y": b.BirthDate.Year()})
	case face.BackgroundBlue:
		why = trf("tahun lahir {{.Y}} genap", map[string]any{"Y": b.BirthDate.Year()})
	default:
		why = tr("tahun lahir belum diisi")
	}
	return tr("Latar foto") + ": " + strings.ToUpper(name) + " (" + why + ")"
}

func (s *faceStep) build() fyne.CanvasObject {
	u := s.w.u
	s.preview = canvas.NewImageFromImage(nil)
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.SetMinSize(fyne.NewSize(400, 300))
	s.photo = canvas.NewImageFromImage(nil)
	s.photo.FillMode = canvas.ImageFillContain
	s.photo.SetMinSize(fyne.NewSize(240, 300))
	s.status = note("")
	s.check = note("")
	s.take = newButton(u, tr("Ambil foto")+" (F5)", s.onCapture)
	s.take.Importance = widget.HighImportance
	s.retake = newButton(u, tr("Ulang")+" (F6)", s.onRetake)
	bg, col := expectedBackground(s.w.rec.Biodata)
	swatch := canvas.NewRectangle(col)
	swatch.SetMinSize(fyne.NewSize(48, 48))
	s.live = newLive(u, s.preview)
	s.live.onErr = func(err error) { s.status.SetText(u.errText(err)) }
	if r := s.w.rec; r.Face != nil {
		s.showPhoto(r.Face.Data)
	}
	s.startPreview()
	return container.NewVScroll(container.NewVBox(
		container.NewHBox(swatch, widget.NewLabel(backgroundText(bg, s.w.rec.Biodata, u.lang))),
		container.NewHBox(s.take, s.retake, layout.NewSpacer()),
		s.status, s.check,
		container.NewHBox(
			widget.NewCard("", tr("Kamera"), s.preview),
			widget.NewCard("", tr("Foto tersimpan"), s.photo))))
}

func (s *faceStep) startPreview() {
	cam := s.w.u.b.Devices().Camera
	if cam == nil {
		s.status.SetText(tr("Kamera tidak ada. Pasang kamera, lalu buka langkah ini lagi."))
		return
	}
	s.status.SetText(s.hint())
	s.live.start(cam.Preview)
}

func (s *faceStep) hint() string {
	if s.w.rec.Face != nil {
		return tr("Foto tersimpan. F6 untuk foto ulang, PgDn untuk lanjut.")
	}
	return tr("Minta pemohon menatap kamera, lalu tekan F5.")
}

func (s *faceStep) focusFirst() { s.w.u.focus(s.take) }

func (s *faceStep) leave() {
	if s.live != nil {
		s.live.stop()
	}
}

func (s *faceStep) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF5:
		s.onCapture()
	case fyne.KeyF6:
		s.onRetake()
	default:
		return false
	}
	return true
}

func (s *faceStep) onCapture() {
	w, u := s.w, s.w.u
	cam := u.b.Devices().Camera
	if cam == nil || w.busy {
		return
	}
	var rep face.Report
	var img image.Image
	w.work(func(ctx context.Context) error {
		smp, err := cam.Capture(ctx)
		if err != nil {
			return err
		}
		if err := u.svc.SetFace(ctx, w.rec, smp); err != nil {
			return err
		}
		if img, _, err = image.Decode(bytes.NewReader(smp.JPEG)); err == nil {
			b := w.rec.Biodata
			rep = face.Check(img, b.BirthDate.Year(), b.Citizenship != enroll.CitizenWNA)
		}
		return nil
	}, func() {
		s.live.stop()
		s.photo.Image = img
		s.photo.Refresh()
		s.status.SetText(s.hint())
		s.check.SetText(faceAdvice(rep, u.lang))
		u.focus(w.fwd)
	})
}

// faceAdvice lists the photo checks that failed, as advice: the operator decides.
func faceAdvice(r face.Report, lang string) string {
	if len(r.Issues) == 0 {
		return ""
	}
	var msgs []string
	for _, i := range r.Issues {
		if lang == "en" {
			msgs = append(msgs, i.English)
		} else {
			msgs = append(msgs, i.Indonesian)
		}
	}
	return tr("Periksa foto:") + " " + strings.Join(msgs, " ")
}

func (s *faceStep) showPhoto(jpg []byte) {
	if img, _, err := image.Decode(bytes.NewReader(jpg)); err == nil {
		s.photo.Image = img
		s.photo.Refresh()
	}
}

// onRetake goes back to the live picture; the next capture replaces the photo.
func (s *faceStep) onRetake() {
	if s.w.busy {
		return
	}
	s.check.SetText("")
	s.startPreview()
	s.status.SetText(tr("Foto ulang: tekan F5 saat pemohon siap."))
	s.w.u.focus(s.take)
}

func (s *faceStep) next(done func()) {
	if s.w.rec.Face == nil {
		s.w.say("⚠ " + tr("Ambil foto wajah dulu (F5)."))
		s.focusFirst()
		return
	}
	done()
}
