package enroll

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Address is a residential address with its Kemendagri region codes.
type Address struct {
	Street      string `json:"street"` // Alamat
	RT          string `json:"rt"`
	RW          string `json:"rw"`
	VillageCode string `json:"village_code"` // PP.KK.CC.DDDD without dots, 10 digits
	PostalCode  string `json:"postal_code,omitempty"`
	Abroad      bool   `json:"abroad,omitempty"` // for previous addresses outside Indonesia
	Country     string `json:"country,omitempty"`
}

// RegencyCode returns the 4-digit regency part of the village code ("3313"), or "".
func (a Address) RegencyCode() string {
	if len(a.VillageCode) >= 4 {
		return a.VillageCode[:4]
	}
	return ""
}

// Parent names a parent by NIK and name.
type Parent struct {
	NIK  string `json:"nik,omitempty"`
	Name string `json:"name"`
}

// Certificate is a civil-registration certificate: number and date.
type Certificate struct {
	Number string    `json:"number,omitempty"`
	Date   time.Time `json:"date,omitempty"`
}

// Biodata holds every field of UU 24/2013 Pasal 58(2) that the card shows and that SIAK
// holds. Coded fields store SIAK codes (see the code lists).
type Biodata struct {
	NIK            string      `json:"nik"`
	KK             string      `json:"kk"` // Nomor Kartu Keluarga
	Name           string      `json:"name"`
	BirthPlace     string      `json:"birth_place"`
	BirthDate      time.Time   `json:"birth_date"`
	Sex            int         `json:"sex"`
	BloodType      int         `json:"blood_type,omitempty"` // 0 or BloodUnknown print "-"
	Religion       int         `json:"religion"`
	MaritalStatus  int         `json:"marital_status"`
	Occupation     int         `json:"occupation"`
	Citizenship    int         `json:"citizenship"`
	Education      int         `json:"education"`
	FamilyRelation int         `json:"family_relation"` // SHDK
	Address        Address     `json:"address"`
	PrevAddress    *Address    `json:"prev_address,omitempty"` // for Pindah datang
	Mother         Parent      `json:"mother"`
	Father         Parent      `json:"father"`
	BirthCert      Certificate `json:"birth_cert"`
	MarriageCert   Certificate `json:"marriage_cert"`
	DivorceCert    Certificate `json:"divorce_cert"`
	Disabilities   []string    `json:"disabilities,omitempty"`
}

// ValidUntil returns what the card prints under Berlaku Hingga: SEUMUR HIDUP for citizens;
// for foreigners the permit's end, which the station does not know, so "".
func (b Biodata) ValidUntil() string {
	if b.Citizenship == CitizenWNI {
		return "SEUMUR HIDUP"
	}
	return ""
}

// ReligionRowLabel returns the row label the card uses: "Kepercayaan" for believers of
// KEPERCAYAAN TERHADAP TUHAN YME, else "Agama".
func (b Biodata) ReligionRowLabel() string {
	if b.Religion == ReligionKepercayaan {
		return "Kepercayaan"
	}
	return "Agama"
}

// Validate checks every field. Blocking: a bad NIK or KK structure, a missing name or
// birth date, unknown codes, a birth date in the future. Warnings: NIK consistency,
// name style (Permendagri 73/2022 applies to newly recorded names only, so existing
// residents' legacy names are never blocked).
func (b Biodata) Validate(on time.Time, regions RegionChecker) Issues {
	_, is := ValidateNIK(b.NIK, NIKFacts{Sex: b.Sex, BirthDate: b.BirthDate}, regions)
	is = append(is, ValidateKK(b.KK, regions)...)
	is = append(is, ValidateName(b.Name)...)
	if b.BirthDate.IsZero() {
		is = append(is, errIssue("BIRTHDATE_MISSING", "birth_date", "Tanggal lahir wajib diisi.", "The birth date is required."))
	} else if b.BirthDate.After(on) {
		is = append(is, errIssue("BIRTHDATE_FUTURE", "birth_date", "Tanggal lahir di masa depan.", "The birth date is in the future."))
	}
	if strings.TrimSpace(b.BirthPlace) == "" {
		is = append(is, errIssue("BIRTHPLACE_MISSING", "birth_place", "Tempat lahir wajib diisi.", "The place of birth is required."))
	}
	codes := []struct {
		field string
		l     CodeList
		v     int
	}{
		{"sex", Sexes, b.Sex}, {"religion", Religions, b.Religion},
		{"marital_status", MaritalStatuses, b.MaritalStatus}, {"occupation", Occupations, b.Occupation},
		{"citizenship", Citizenships, b.Citizenship}, {"education", Educations, b.Education},
		{"family_relation", FamilyRelations, b.FamilyRelation},
	}
	for _, c := range codes {
		if !c.l.Has(c.v) {
			is = append(is, errIssue("CODE_UNKNOWN", c.field,
				fmt.Sprintf("Pilih %s.", c.l.Name), fmt.Sprintf("Choose a value for %s.", c.field)))
		}
	}
	if b.BloodType != 0 && !BloodTypes.Has(b.BloodType) {
		is = append(is, errIssue("CODE_UNKNOWN", "blood_type", "Golongan darah tidak dikenal.", "Unknown blood type."))
	}
	if len(b.Address.VillageCode) != 10 || !digitsOnly(b.Address.VillageCode, 10) {
		is = append(is, errIssue("ADDRESS_REGION", "address", "Pilih desa/kelurahan alamat.", "Choose the village of the address."))
	} else if regions != nil && !regions.RegionExists(b.Address.VillageCode) {
		is = append(is, warnIssue("ADDRESS_REGION_UNKNOWN", "address",
			"Kode desa/kelurahan tidak ada di data wilayah.", "The village code is not in the region master data."))
	}
	if strings.TrimSpace(b.Mother.Name) == "" {
		is = append(is, warnIssue("MOTHER_MISSING", "mother", "Nama ibu kosong.", "The mother's name is empty."))
	}
	return is
}

// MaxNameLetters is the longest newly recorded name (Permendagri 73/2022).
const MaxNameLetters = 60

// ValidateName applies the naming rules: an empty name blocks; more than 60 letters,
// a single word, digits or punctuation are warnings (legacy names stay valid).
func ValidateName(name string) Issues {
	name = strings.TrimSpace(name)
	if name == "" {
		return Issues{errIssue("NAME_MISSING", "name", "Nama wajib diisi.", "The name is required.")}
	}
	var is Issues
	letters, other := 0, false
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ':
		default:
			other = true
		}
	}
	if letters > MaxNameLetters {
		is = append(is, warnIssue("NAME_TOO_LONG", "name",
			fmt.Sprintf("Nama lebih dari %d huruf.", MaxNameLetters), fmt.Sprintf("The name has more than %d letters.", MaxNameLetters)))
	}
	if len(strings.Fields(name)) < 2 {
		is = append(is, warnIssue("NAME_ONE_WORD", "name", "Nama baru minimal dua kata.", "New names need at least two words."))
	}
	if other {
		is = append(is, warnIssue("NAME_CHARACTERS", "name",
			"Nama baru hanya huruf dan spasi (tanpa angka/tanda baca).", "New names may contain only letters and spaces."))
	}
	return is
}
