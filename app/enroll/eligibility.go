package enroll

import (
	"fmt"
	"time"
)

// Ages that the law and practice fix (UU 24/2013 Pasal 63; DOMAIN.md).
const (
	CaptureAge  = 16 // biometric capture allowed from (school drives)
	CardAge     = 17 // card obligation and issue
	PriorityAge = 22 // no card by this age risks NIK deactivation
)

// AgeOn returns the age in whole years on day on of a person born on birth.
func AgeOn(birth, on time.Time) int {
	y1, m1, d1 := birth.Date()
	y2, m2, d2 := on.Date()
	age := y2 - y1
	if m2 < m1 || m2 == m1 && d2 < d1 {
		age--
	}
	return age
}

// Eligibility is the result of the eligibility rules for one applicant on one day.
type Eligibility struct {
	Age        int
	Married    bool // married or ever married: any status but BELUM KAWIN
	Obliged    bool // must hold a card: 17, or married or ever married
	MayCapture bool // capture allowed today
	CardNow    bool // the card can be issued now (else at 17)
	Priority   bool // 22 or older: flag as priority
	ID, EN     string
}

// CheckEligibility computes the eligibility on the capture date from the birth date and
// marital status in the biodata.
func CheckEligibility(birth time.Time, marital int, on time.Time) Eligibility {
	e := Eligibility{Age: AgeOn(birth, on), Married: marital != 0 && marital != MaritalSingle}
	e.Obliged = e.Age >= CardAge || e.Married
	e.MayCapture = e.Obliged || e.Age >= CaptureAge
	e.CardNow = e.Obliged
	e.Priority = e.Age >= PriorityAge
	switch {
	case e.Obliged && e.Priority:
		e.ID = fmt.Sprintf("Usia %d tahun — wajib KTP-el, prioritas (≥ %d tahun, NIK berisiko dinonaktifkan)", e.Age, PriorityAge)
		e.EN = fmt.Sprintf("Aged %d — must hold an e-KTP; priority (≥ %d, NIK at risk of deactivation)", e.Age, PriorityAge)
	case e.Obliged && e.Age < CardAge:
		e.ID = fmt.Sprintf("Usia %d tahun, sudah/pernah kawin — wajib KTP-el", e.Age)
		e.EN = fmt.Sprintf("Aged %d, married or ever married — must hold an e-KTP", e.Age)
	case e.Obliged:
		e.ID = fmt.Sprintf("Usia %d tahun — wajib KTP-el", e.Age)
		e.EN = fmt.Sprintf("Aged %d — must hold an e-KTP", e.Age)
	case e.MayCapture:
		e.ID = "Belum 17 tahun dan belum kawin — boleh rekam, KTP-el terbit saat 17 tahun"
		e.EN = "Under 17 and not married — may be recorded; the e-KTP is issued at 17"
	default:
		e.ID = fmt.Sprintf("Usia %d tahun dan belum kawin — belum boleh rekam (minimal %d tahun)", e.Age, CaptureAge)
		e.EN = fmt.Sprintf("Aged %d and not married — cannot be recorded yet (minimum %d)", e.Age, CaptureAge)
	}
	return e
}

// Text returns the one-line explanation in lang.
func (e Eligibility) Text(lang string) string {
	if lang == "en" {
		return e.EN
	}
	return e.ID
}
