package enroll

import (
	"encoding/json"
	"fmt"
)

// Condition says when a requirement applies. Conditions are names, so that an office's
// checklist is configuration (JSON), not code.
type Condition string

// The conditions a requirement may carry.
const (
	Always            Condition = "always"
	PrevOutsideOffice Condition = "prev_address_outside_office" // moved in from outside the office's regency
	ArrivedFromAbroad Condition = "arrived_from_abroad"         // previous address abroad
)

// Requirement is one item of the document checklist.
type Requirement struct {
	Key  string    `json:"key"` // stable, e.g. "SURAT_PINDAH"
	ID   string    `json:"id"`  // label in Bahasa Indonesia
	EN   string    `json:"en"`
	When Condition `json:"when"`
	// Age marks the age-or-married requirement, which the biodata decides rather than a
	// document.
	Age bool `json:"age,omitempty"`
}

// Checklist is an office's requirement list (Persyaratan) and the regency it serves.
type Checklist struct {
	OfficeRegency string        `json:"office_regency"` // e.g. "3313" (Kabupaten Karanganyar)
	Items         []Requirement `json:"items"`
}

// DefaultChecklist returns the six requirements of the Karanganyar service standard.
// National law (Perpres 96/2018 Pasal 15) needs only the age and KK items; the others are
// local practice, which is why the list is configuration.
func DefaultChecklist() Checklist {
	return Checklist{OfficeRegency: "3313", Items: []Requirement{
		{Key: "SURAT_PENGANTAR", ID: "Surat pengantar dari desa/kelurahan", EN: "Covering letter from the village", When: Always},
		{Key: "TERDAFTAR_KK", ID: "Terdaftar dalam Kartu Keluarga", EN: "Registered in a Family Card (KK)", When: Always},
		{Key: "USIA_ATAU_KAWIN", ID: "Berusia 17 tahun, atau kawin, atau pernah kawin", EN: "Aged 17, or married, or ever married", When: Always, Age: true},
		{Key: "AKTA_KELAHIRAN", ID: "Fotokopi Kutipan Akta Kelahiran", EN: "Copy of the birth certificate", When: Always},
		{Key: "SURAT_PINDAH", ID: "Surat Keterangan Pindah dari kabupaten asal", EN: "Move certificate from the regency of origin", When: PrevOutsideOffice},
		{Key: "SURAT_DATANG_LN", ID: "Surat Keterangan Datang dari Luar Negeri", EN: "Certificate of arrival from abroad", When: ArrivedFromAbroad},
	}}
}

// ParseChecklist reads a checklist from JSON and checks it.
func ParseChecklist(data []byte) (Checklist, error) {
	var c Checklist
	if err := json.Unmarshal(data, &c); err != nil {
		return c, E("read checklist", KindInvalid, err)
	}
	return c, c.Check()
}

// Check reports an error of KindInvalid for an empty key, a duplicate key or an unknown
// condition.
func (c Checklist) Check() error {
	seen := map[string]bool{}
	for i, r := range c.Items {
		switch {
		case r.Key == "":
			return Errorf("check checklist", KindInvalid, "item %d has no key", i+1)
		case seen[r.Key]:
			return Errorf("check checklist", KindInvalid, "duplicate key %q", r.Key)
		case r.When != Always && r.When != PrevOutsideOffice && r.When != ArrivedFromAbroad:
			return Errorf("check checklist", KindInvalid, "item %q: unknown condition %q", r.Key, r.When)
		}
		seen[r.Key] = true
	}
	return nil
}

// Applies reports whether r applies to an applicant with biodata b at this office.
func (c Checklist) Applies(r Requirement, b Biodata) bool {
	switch r.When {
	case PrevOutsideOffice:
		p := b.PrevAddress
		return p != nil && !p.Abroad && p.RegencyCode() != "" && p.RegencyCode() != c.OfficeRegency
	case ArrivedFromAbroad:
		return b.PrevAddress != nil && b.PrevAddress.Abroad
	}
	return true
}

// Outcome is the result of one requirement for one applicant.
type Outcome struct {
	Key     string `json:"key"`
	Applies bool   `json:"applies"`
	Met     bool   `json:"met"`
}

// Evaluate returns the outcome of every item: which apply to b, and which are met. The
// operator ticks the documents seen (checked, by key); the age item is decided by el.
func (c Checklist) Evaluate(b Biodata, el Eligibility, checked map[string]bool) []Outcome {
	out := make([]Outcome, len(c.Items))
	for i, r := range c.Items {
		o := Outcome{Key: r.Key, Applies: c.Applies(r, b)}
		if r.Age {
			o.Met = el.MayCapture
		} else {
			o.Met = checked[r.Key]
		}
		out[i] = o
	}
	return out
}

// Complete returns nil when every applicable requirement is met, else an error of
// KindInvalid naming the missing ones.
func Complete(outcomes []Outcome) error {
	var missing []string
	for _, o := range outcomes {
		if o.Applies && !o.Met {
			missing = append(missing, o.Key)
		}
	}
	if len(missing) > 0 {
		return Errorf("check requirements", KindInvalid, "requirements not met: %v", missing)
	}
	return nil
}

// Label returns the requirement's label in lang.
func (r Requirement) Label(lang string) string {
	if lang == "en" {
		return r.EN
	}
	return r.ID
}

// String returns the key.
func (r Requirement) String() string { return fmt.Sprintf("%s(%s)", r.Key, r.When) }
