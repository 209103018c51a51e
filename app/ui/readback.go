package ui

import (
	"bytes"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// readback shows a whole record for reading aloud to the applicant before sign-off, and
// read-only from the records screen. regionNames is the address's region in words, when
// known.
func readback(u *UI, r *enroll.Record, regionNames string) fyne.CanvasObject {
	b, lang := r.Biodata, u.lang
	grid := container.New(layout.NewFormLayout())
	row := func(k, v string) {
		l := widget.NewLabel(k)
		l.TextStyle.Bold = true
		val := widget.NewLabel(orDash(v))
		val.Wrapping = fyne.TextWrapWord
		grid.Add(l)
		grid.Add(val)
	}
	row(tr("Jenis permohonan"), r.Request.Label(lang)+"  ·  "+tr("antrian")+" "+orDash(r.QueueNo))
	row(tr("Status"), r.Status.Label(lang))
	row(tr("NIK"), b.NIK)
	row(tr("Nomor KK"), b.KK)
	row(tr("Nama lengkap"), b.Name)
	row(tr("Tempat/Tgl lahir"), b.BirthPlace+", "+formatDate(b.BirthDate))
	row(tr("Jenis kelamin"), enroll.Sexes.Label(b.Sex, lang))
	row(tr("Golongan darah"), enroll.BloodTypeLabel(b.BloodType))
	row(tr(b.ReligionRowLabel()), enroll.Religions.Label(b.Religion, lang))
	row(tr("Status perkawinan"), enroll.MaritalStatuses.Label(b.MaritalStatus, lang))
	row(tr("Pekerjaan"), enroll.Occupations.Label(b.Occupation, lang))
	row(tr("Kewarganegaraan"), enroll.Citizenships.Label(b.Citizenship, lang))
	row(tr("Berlaku hingga"), b.ValidUntil())
	row(tr("Pendidikan terakhir"), enroll.Educations.Label(b.Education, lang))
	row(tr("Hubungan dalam keluarga"), enroll.FamilyRelations.Label(b.FamilyRelation, lang))
	addr := fmt.Sprintf("%s RT %s/RW %s, %s %s", b.Address.Street, b.Address.RT, b.Address.RW,
		orDash(regionNames), b.Address.PostalCode)
	row(tr("Alamat"), addr+" ("+b.Address.VillageCode+")")
	if p := b.PrevAddress; p != nil {
		prev := p.RegencyCode()
		if p.Abroad {
			prev = tr("luar negeri") + " " + p.Country
		}
		row(tr("Pindah dari"), prev)
	}
	row(tr("Ibu"), strings.TrimSpace(b.Mother.Name+" "+b.Mother.NIK))
	row(tr("Ayah"), strings.TrimSpace(b.Father.Name+" "+b.Father.NIK))
	row(tr("Akta"), strings.Join(nonEmpty(b.BirthCert.Number, b.MarriageCert.Number, b.DivorceCert.Number), ", "))
	row(tr("Disabilitas"), strings.Join(b.Disabilities, ", "))
	row(tr("Kelayakan"), u.svc.Eligibility(r).Text(lang))
	row(tr("Persyaratan"), outcomesText(u, r))
	var notes []string
	for _, a := range r.Acks {
		notes = append(notes, fmt.Sprintf("%s: %s (%s)", a.Code, a.Reason, a.By))
	}
	for _, o := range r.Overrides {
		notes = append(notes, fmt.Sprintf("%s %s: %s (%s %s)", o.Kind, o.Subject, o.Reason, tr("supervisor"), o.Supervisor))
	}
	row(tr("Catatan"), strings.Join(notes, "\n"))
	var fingers []string
	for _, p := range enroll.AllFingers {
		f := fingerOf(r, p)
		switch {
		case f.Exception != enroll.ExceptionNone:
			fingers = append(fingers, fmt.Sprintf("%d %s: %s", int(p), p.Label(lang), exceptionLabel(f.Exception)))
		case f.Sample != nil:
			fingers = append(fingers, fmt.Sprintf("%d %s: %d", int(p), p.Label(lang), f.Sample.Quality))
		default:
			fingers = append(fingers, fmt.Sprintf("%d %s: —", int(p), p.Label(lang)))
		}
	}
	row(tr("Sidik jari (kualitas)"), strings.Join(fingers, "\n"))
	photo := thumb(r.Face, 180, 240)
	sig := thumb(r.Signature, 240, 100)
	return container.NewBorder(nil, nil, nil,
		container.NewVBox(widget.NewCard(tr("Foto wajah"), "", photo), widget.NewCard(tr("Tanda tangan"), "", sig)),
		grid)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func outcomesText(u *UI, r *enroll.Record) string {
	var out []string
	for _, o := range r.Outcomes {
		label := o.Key
		for _, it := range u.svc.Checklist().Items {
			if it.Key == o.Key {
				label = it.Label(u.lang)
			}
		}
		switch {
		case !o.Applies:
			out = append(out, "– "+label+" ("+tr("tidak berlaku")+")")
		case o.Met:
			out = append(out, "✓ "+label)
		default:
			out = append(out, "✗ "+label)
		}
	}
	return strings.Join(out, "\n")
}

// thumb decodes a JPEG or PNG sample into an image of at most w×h.
func thumb(s *enroll.Sample, w, h float32) fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(w, h))
	if s != nil && len(s.Data) > 0 {
		if m, _, err := image.Decode(bytes.NewReader(s.Data)); err == nil {
			img.Image = m
		}
	}
	return img
}
