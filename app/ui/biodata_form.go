package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// biodataForm holds every biodata field (UU 24/2013 Pasal 58(2) and what SIAK keeps) in
// Tab order, and converts between the fields and enroll.Biodata.
type biodataForm struct {
	u                                            *UI
	nik, kk, name, birthPlace, birthDate         *entry
	sex, blood, religion, marital, occupation    *picker
	citizenship, education, relation             *picker
	street, rt, rw, postal                       *entry
	region                                       *regionCascade
	prevRegency, prevCountry                     *entry
	prevAbroad                                   *check
	motherName, motherNIK, fatherName, fatherNIK *entry
	birthCert, marriageCert, divorceCert         *entry
	disabilities                                 *entry
	order                                        []fyne.Focusable
	errs                                         map[string]*widget.Label
	left, right                                  *fyne.Container
}

func newBiodataForm(u *UI) *biodataForm {
	f := &biodataForm{u: u, errs: map[string]*widget.Label{}}
	e := func(hint string) *entry { return newEntry(u, hint) }
	p := func(l enroll.CodeList) *picker {
		pk := newPicker(u, tr("kode atau huruf awal, ↑↓"))
		pk.setOptions(codeOptions(l, u.lang))
		return pk
	}
	f.nik, f.kk, f.name = e(tr("16 angka")), e(tr("16 angka")), e(tr("sesuai KK"))
	f.birthPlace, f.birthDate = e(""), e(tr("HHBBTTTT, mis. 05121990"))
	f.sex, f.blood, f.religion = p(enroll.Sexes), p(enroll.BloodTypes), p(enroll.Religions)
	f.marital, f.occupation, f.citizenship = p(enroll.MaritalStatuses), p(enroll.Occupations), p(enroll.Citizenships)
	f.education, f.relation = p(enroll.Educations), p(enroll.FamilyRelations)
	f.street, f.rt, f.rw, f.postal = e(tr("jalan, dusun")), e("001"), e("001"), e("")
	f.region = newRegionCascade(u)
	f.region.onVillage = func(r enroll.Region) {
		if f.postal.Text == "" && r.Postal != "" {
			f.postal.SetText(r.Postal)
		}
	}
	f.prevRegency, f.prevCountry = e(tr("kode kabupaten asal, mis. 3372")), e(tr("negara asal"))
	f.prevAbroad = newCheck(u, tr("Datang dari luar negeri"), nil)
	f.motherName, f.motherNIK, f.fatherName, f.fatherNIK = e(""), e(tr("bila ada")), e(""), e(tr("bila ada"))
	f.birthCert, f.marriageCert, f.divorceCert = e(tr("nomor akta")), e(tr("bila ada")), e(tr("bila ada"))
	f.disabilities = e(tr("bila ada, pisahkan dengan koma"))
	f.nik.OnChanged = func(s string) { f.suggestSex(s) }

	f.left = container.New(layout.NewFormLayout())
	f.right = container.New(layout.NewFormLayout())
	add := func(c *fyne.Container, label string, field fyne.Focusable, obj fyne.CanvasObject, key string) {
		msg := widget.NewLabel("")
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = widget.DangerImportance
		msg.Hide()
		if key != "" {
			f.errs[key] = msg
		}
		c.Add(widget.NewLabel(label))
		c.Add(container.NewVBox(obj, msg))
		f.order = append(f.order, field)
	}
	L, R := f.left, f.right
	add(L, tr("NIK"), f.nik, f.nik, "nik")
	add(L, tr("Nomor KK"), f.kk, f.kk, "kk")
	add(L, tr("Nama lengkap"), f.name, f.name, "name")
	add(L, tr("Tempat lahir"), f.birthPlace, f.birthPlace, "birth_place")
	add(L, tr("Tanggal lahir"), f.birthDate, f.birthDate, "birth_date")
	add(L, tr("Jenis kelamin"), f.sex, f.sex.box, "sex")
	add(L, tr("Golongan darah"), f.blood, f.blood.box, "blood_type")
	add(L, tr("Agama/Kepercayaan"), f.religion, f.religion.box, "religion")
	add(L, tr("Status perkawinan"), f.marital, f.marital.box, "marital_status")
	add(L, tr("Pekerjaan"), f.occupation, f.occupation.box, "occupation")
	add(L, tr("Kewarganegaraan"), f.citizenship, f.citizenship.box, "citizenship")
	add(L, tr("Pendidikan terakhir"), f.education, f.education.box, "education")
	add(L, tr("Hubungan dalam keluarga"), f.relation, f.relation.box, "family_relation")
	add(R, tr("Alamat"), f.street, f.street, "address")
	add(R, "RT / RW", f.rt, container.NewGridWithColumns(2, f.rt, f.rw), "")
	f.order = append(f.order, f.rw)
	add(R, tr("Provinsi"), f.region.levels[0], f.region.levels[0].box, "")
	add(R, tr("Kabupaten/Kota"), f.region.levels[1], f.region.levels[1].box, "")
	add(R, tr("Kecamatan"), f.region.levels[2], f.region.levels[2].box, "")
	add(R, tr("Desa/Kelurahan"), f.region.levels[3], f.region.levels[3].box, "")
	add(R, tr("Kode pos"), f.postal, f.postal, "")
	add(R, tr("Pindah dari"), f.prevRegency, f.prevRegency, "")
	add(R, "", f.prevAbroad, container.NewGridWithColumns(2, f.prevAbroad, f.prevCountry), "")
	f.order = append(f.order, f.prevCountry)
	add(R, tr("Nama ibu"), f.motherName, f.motherName, "mother")
	add(R, tr("NIK ibu"), f.motherNIK, f.motherNIK, "")
	add(R, tr("Nama ayah"), f.fatherName, f.fatherName, "father")
	add(R, tr("NIK ayah"), f.fatherNIK, f.fatherNIK, "")
	add(R, tr("No. akta kelahiran"), f.birthCert, f.birthCert, "")
	add(R, tr("No. akta perkawinan"), f.marriageCert, f.marriageCert, "")
	add(R, tr("No. akta perceraian"), f.divorceCert, f.divorceCert, "")
	add(R, tr("Disabilitas"), f.disabilities, f.disabilities, "")
	return f
}

// chain makes Enter move to the next field, and call last on the last one.
func (f *biodataForm) chain(last func()) {
	for i, o := range f.order {
		next := last
		if i+1 < len(f.order) {
			n := f.order[i+1]
			next = func() { f.u.focus(n) }
		}
		switch w := o.(type) {
		case *entry:
			w.onEnter = next
		case *picker:
			w.onEnter = next
		case *check:
			w.onEnter = next
		}
	}
}

// suggestSex fills the sex from a complete NIK while the field is empty (day + 40 for
// women); the operator may change it, and a disagreement becomes a warning.
func (f *biodataForm) suggestSex(nik string) {
	if _, ok := f.sex.selected(); ok || len(nik) != 16 {
		return
	}
	n, is := enroll.ParseNIK(nik)
	if is.Blocking() {
		return
	}
	if n.Female() {
		f.sex.selectKey(strconv.Itoa(enroll.SexFemale))
	} else {
		f.sex.selectKey(strconv.Itoa(enroll.SexMale))
	}
}

// parseDate reads a date typed as DDMMYYYY, DD-MM-YYYY or DD/MM/YYYY.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	var d, m, y int
	var err error
	if len(s) == 8 && !strings.ContainsAny(s, "-/.") {
		s = s[:2] + "-" + s[2:4] + "-" + s[4:]
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 {
		return time.Time{}, false
	}
	if d, err = strconv.Atoi(parts[0]); err != nil {
		return time.Time{}, false
	}
	if m, err = strconv.Atoi(parts[1]); err != nil {
		return time.Time{}, false
	}
	if y, err = strconv.Atoi(parts[2]); err != nil || y < 1800 || y > 9999 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02-01-2006")
}

func selectCode(p *picker, code int) {
	if code != 0 {
		p.selectKey(strconv.Itoa(code))
	}
}

// load fills the fields from b; defaults for an empty biodata are the office's regency
// and WNI.
func (f *biodataForm) load(b enroll.Biodata, officeRegency string) {
	f.nik.SetText(b.NIK)
	f.kk.SetText(b.KK)
	f.name.SetText(b.Name)
	f.birthPlace.SetText(b.BirthPlace)
	f.birthDate.SetText(formatDate(b.BirthDate))
	selectCode(f.sex, b.Sex)
	selectCode(f.blood, b.BloodType)
	selectCode(f.religion, b.Religion)
	selectCode(f.marital, b.MaritalStatus)
	selectCode(f.occupation, b.Occupation)
	if b.Citizenship == 0 {
		b.Citizenship = enroll.CitizenWNI
	}
	selectCode(f.citizenship, b.Citizenship)
	selectCode(f.education, b.Education)
	selectCode(f.relation, b.FamilyRelation)
	f.street.SetText(b.Address.Street)
	f.rt.SetText(b.Address.RT)
	f.rw.SetText(b.Address.RW)
	f.postal.SetText(b.Address.PostalCode)
	if b.Address.VillageCode != "" {
		f.region.set(b.Address.VillageCode)
	} else if officeRegency != "" {
		f.region.set(officeRegency)
	}
	if p := b.PrevAddress; p != nil {
		f.prevRegency.SetText(p.RegencyCode())
		f.prevAbroad.SetChecked(p.Abroad)
		f.prevCountry.SetText(p.Country)
	}
	f.motherName.SetText(b.Mother.Name)
	f.motherNIK.SetText(b.Mother.NIK)
	f.fatherName.SetText(b.Father.Name)
	f.fatherNIK.SetText(b.Father.NIK)
	f.birthCert.SetText(b.BirthCert.Number)
	f.marriageCert.SetText(b.MarriageCert.Number)
	f.divorceCert.SetText(b.DivorceCert.Number)
	f.disabilities.SetText(strings.Join(b.Disabilities, ", "))
}

func upper(e *entry) string { return strings.ToUpper(strings.TrimSpace(e.Text)) }

// biodata reads the fields into b (which keeps what the form does not show). A date that
// cannot be read is left zero, which the validation reports.
func (f *biodataForm) biodata(b enroll.Biodata) enroll.Biodata {
	b.NIK, b.KK = strings.TrimSpace(f.nik.Text), strings.TrimSpace(f.kk.Text)
	b.Name, b.BirthPlace = upper(f.name), upper(f.birthPlace)
	b.BirthDate, _ = parseDate(f.birthDate.Text)
	b.Sex, b.BloodType, b.Religion = f.sex.selectedInt(), f.blood.selectedInt(), f.religion.selectedInt()
	b.MaritalStatus, b.Occupation = f.marital.selectedInt(), f.occupation.selectedInt()
	b.Citizenship, b.Education, b.FamilyRelation = f.citizenship.selectedInt(), f.education.selectedInt(), f.relation.selectedInt()
	b.Address = enroll.Address{Street: upper(f.street), RT: strings.TrimSpace(f.rt.Text), RW: strings.TrimSpace(f.rw.Text),
		VillageCode: f.region.village(), PostalCode: strings.TrimSpace(f.postal.Text)}
	b.PrevAddress = nil
	if reg := enroll.NormalizeRegionCode(f.prevRegency.Text); reg != "" || f.prevAbroad.Checked {
		b.PrevAddress = &enroll.Address{VillageCode: reg, Abroad: f.prevAbroad.Checked, Country: upper(f.prevCountry)}
	}
	b.Mother = enroll.Parent{Name: upper(f.motherName), NIK: strings.TrimSpace(f.motherNIK.Text)}
	b.Father = enroll.Parent{Name: upper(f.fatherName), NIK: strings.TrimSpace(f.fatherNIK.Text)}
	b.BirthCert.Number = strings.TrimSpace(f.birthCert.Text)
	b.MarriageCert.Number = strings.TrimSpace(f.marriageCert.Text)
	b.DivorceCert.Number = strings.TrimSpace(f.divorceCert.Text)
	b.Disabilities = nil
	for _, d := range strings.Split(f.disabilities.Text, ",") {
		if d = strings.TrimSpace(d); d != "" {
			b.Disabilities = append(b.Disabilities, strings.ToUpper(d))
		}
	}
	return b
}

// showIssues puts each issue under its field; it returns the first field with an error.
func (f *biodataForm) showIssues(is enroll.Issues, lang string) fyne.Focusable {
	byField := map[string][]string{}
	for _, i := range is {
		mark := "⚠ "
		if i.Severity == enroll.SeverityError {
			mark = "✗ "
		}
		byField[i.Field] = append(byField[i.Field], mark+i.Message(lang))
	}
	for k, l := range f.errs {
		if msgs := byField[k]; len(msgs) > 0 {
			l.SetText(strings.Join(msgs, " "))
			l.Show()
		} else {
			l.SetText("")
			l.Hide()
		}
	}
	targets := map[string]fyne.Focusable{"nik": f.nik, "kk": f.kk, "name": f.name, "birth_place": f.birthPlace,
		"birth_date": f.birthDate, "sex": f.sex, "blood_type": f.blood, "religion": f.religion,
		"marital_status": f.marital, "occupation": f.occupation, "citizenship": f.citizenship,
		"education": f.education, "family_relation": f.relation, "address": f.region.levels[3], "mother": f.motherName}
	for _, o := range f.order {
		for _, i := range is.Errors() {
			if targets[i.Field] == o {
				return o
			}
		}
	}
	return nil
}
