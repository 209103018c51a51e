package enroll

import "fmt"

// Code is one entry of a code list: the SIAK number and its labels.
type Code struct {
	Code int    `json:"code"`
	ID   string `json:"id"` // label in Bahasa Indonesia, as printed
	EN   string `json:"en"` // label in English
}

// CodeList is a numbered list of labels, as SIAK numbers them. Records store codes; labels
// are rendered from the list so that spelling can change without touching stored data.
type CodeList struct {
	Name  string
	Codes []Code
}

// Label returns the label of code in lang ("id" or "en"), or "" when the code is unknown.
func (l CodeList) Label(code int, lang string) string {
	for _, c := range l.Codes {
		if c.Code == code {
			if lang == "en" {
				return c.EN
			}
			return c.ID
		}
	}
	return ""
}

// Has reports whether code is in the list.
func (l CodeList) Has(code int) bool {
	for _, c := range l.Codes {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Check returns an error of KindInvalid when code is not in the list.
func (l CodeList) Check(code int) error {
	if !l.Has(code) {
		return Errorf("check "+l.Name, KindInvalid, "unknown %s code %d", l.Name, code)
	}
	return nil
}

func list(name string, entries ...string) CodeList {
	l := CodeList{Name: name}
	for i := 0; i+1 < len(entries); i += 2 {
		l.Codes = append(l.Codes, Code{Code: i/2 + 1, ID: entries[i], EN: entries[i+1]})
	}
	return l
}

// The SIAK code lists (DOMAIN.md). Confirm the official tables locally.
var (
	Sexes = list("jenis kelamin", "LAKI-LAKI", "Male", "PEREMPUAN", "Female")

	Religions = list("agama",
		"ISLAM", "Islam", "KRISTEN", "Protestant Christian", "KATOLIK", "Catholic",
		"HINDU", "Hindu", "BUDDHA", "Buddhist", "KONGHUCU", "Confucian",
		"KEPERCAYAAN TERHADAP TUHAN YME", "Belief in God Almighty (Kepercayaan)")

	MaritalStatuses = list("status perkawinan",
		"BELUM KAWIN", "Not married", "KAWIN", "Married",
		"CERAI HIDUP", "Divorced", "CERAI MATI", "Widowed")

	BloodTypes = list("golongan darah",
		"A", "A", "B", "B", "AB", "AB", "O", "O", "A+", "A+", "A-", "A-", "B+", "B+", "B-", "B-",
		"AB+", "AB+", "AB-", "AB-", "O+", "O+", "O-", "O-", "TIDAK TAHU", "Unknown")

	Citizenships = list("kewarganegaraan", "WNI", "Indonesian citizen", "WNA", "Foreign national")

	Educations = list("pendidikan",
		"TIDAK/BELUM SEKOLAH", "No schooling", "BELUM TAMAT SD/SEDERAJAT", "Primary school not completed",
		"TAMAT SD/SEDERAJAT", "Primary school", "SLTP/SEDERAJAT", "Junior secondary",
		"SLTA/SEDERAJAT", "Senior secondary", "DIPLOMA I/II", "Diploma I/II",
		"AKADEMI/DIPLOMA III/SARJANA MUDA", "Academy / Diploma III", "DIPLOMA IV/STRATA I", "Diploma IV / Bachelor",
		"STRATA II", "Master", "STRATA III", "Doctorate")

	FamilyRelations = list("status hubungan dalam keluarga",
		"KEPALA KELUARGA", "Head of family", "SUAMI", "Husband", "ISTRI", "Wife", "ANAK", "Child",
		"MENANTU", "Child-in-law", "CUCU", "Grandchild", "ORANG TUA", "Parent", "MERTUA", "Parent-in-law",
		"FAMILI LAIN", "Other relative", "PEMBANTU", "Household help", "LAINNYA", "Other")
)

// Code values used by the rules.
const (
	SexMale   = 1
	SexFemale = 2

	ReligionKepercayaan = 7

	MaritalSingle = 1 // BELUM KAWIN

	CitizenWNI = 1
	CitizenWNA = 2

	BloodUnknown = 13
)

// CodeLists returns every code list by its name, for settings screens and master data.
func CodeLists() []CodeList {
	return []CodeList{Sexes, Religions, MaritalStatuses, BloodTypes, Citizenships, Educations,
		FamilyRelations, Occupations}
}

// BloodTypeLabel returns the blood type as printed on the card ("-" when unknown).
func BloodTypeLabel(code int) string {
	if code == 0 || code == BloodUnknown {
		return "-"
	}
	if l := BloodTypes.Label(code, "id"); l != "" {
		return l
	}
	return fmt.Sprint(code)
}
