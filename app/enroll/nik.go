package enroll

import (
	"fmt"
	"time"
)

// NIK is a parsed Nomor Induk Kependudukan: PP KK CC DDMMYY SSSS.
type NIK struct {
	Raw       string
	Province  string // PP
	Regency   string // PPKK
	District  string // PPKKCC (kecamatan)
	Day       int    // as written: 1–31, or 41–71 for women
	Month     int
	YearShort int // last two digits of the birth year; the century comes from the biodata
	Serial    int
}

// Female reports whether the day field carries the +40 used for women.
func (n NIK) Female() bool { return n.Day > 40 }

// BirthDay returns the day of birth without the +40.
func (n NIK) BirthDay() int {
	if n.Day > 40 {
		return n.Day - 40
	}
	return n.Day
}

// ProvinceCodes are the 38 Kemendagri province codes (Kepmendagri 2025). A NIK whose first
// two digits are not among them is refused.
var ProvinceCodes = map[string]string{
	"11": "ACEH", "12": "SUMATERA UTARA", "13": "SUMATERA BARAT", "14": "RIAU", "15": "JAMBI",
	"16": "SUMATERA SELATAN", "17": "BENGKULU", "18": "LAMPUNG", "19": "KEPULAUAN BANGKA BELITUNG",
	"21": "KEPULAUAN RIAU", "31": "DKI JAKARTA", "32": "JAWA BARAT", "33": "JAWA TENGAH",
	"34": "DAERAH ISTIMEWA YOGYAKARTA", "35": "JAWA TIMUR", "36": "BANTEN", "51": "BALI",
	"52": "NUSA TENGGARA BARAT", "53": "NUSA TENGGARA TIMUR", "61": "KALIMANTAN BARAT",
	"62": "KALIMANTAN TENGAH", "63": "KALIMANTAN SELATAN", "64": "KALIMANTAN TIMUR",
	"65": "KALIMANTAN UTARA", "71": "SULAWESI UTARA", "72": "SULAWESI TENGAH",
	"73": "SULAWESI SELATAN", "74": "SULAWESI TENGGARA", "75": "GORONTALO", "76": "SULAWESI BARAT",
	"81": "MALUKU", "82": "MALUKU UTARA", "91": "PAPUA", "92": "PAPUA BARAT", "93": "PAPUA SELATAN",
	"94": "PAPUA TENGAH", "95": "PAPUA PEGUNUNGAN", "96": "PAPUA BARAT DAYA",
}

// RegionChecker answers whether a region code is known to the master data. A nil
// RegionChecker skips the region warnings.
type RegionChecker interface {
	// RegionExists reports whether the Kemendagri code (e.g. "3313" or "331309") is known.
	RegionExists(code string) bool
}

func digitsOnly(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// ParseNIK checks the structure of s and returns the parsed NIK together with the blocking
// issues (16 ASCII digits, known province, month 01–12, day 01–31 or 41–71, serial not
// 0000). A NIK with blocking issues is returned as far as it could be parsed.
func ParseNIK(s string) (NIK, Issues) {
	var is Issues
	if !digitsOnly(s, 16) {
		is = append(is, errIssue("NIK_FORMAT", "nik",
			"NIK harus 16 angka.", "The NIK must be 16 digits."))
		return NIK{Raw: s}, is
	}
	n := NIK{Raw: s, Province: s[:2], Regency: s[:4], District: s[:6],
		Day: atoi2(s[6:8]), Month: atoi2(s[8:10]), YearShort: atoi2(s[10:12])}
	fmt.Sscanf(s[12:], "%d", &n.Serial)
	if _, ok := ProvinceCodes[n.Province]; !ok {
		is = append(is, errIssue("NIK_BAD_PROVINCE", "nik",
			fmt.Sprintf("Kode provinsi %s pada NIK tidak dikenal.", n.Province),
			fmt.Sprintf("Unknown province code %s in the NIK.", n.Province)))
	}
	if n.Month < 1 || n.Month > 12 {
		is = append(is, errIssue("NIK_BAD_MONTH", "nik",
			fmt.Sprintf("Bulan lahir %02d pada NIK tidak sah (01–12).", n.Month),
			fmt.Sprintf("Birth month %02d in the NIK is invalid (01–12).", n.Month)))
	}
	if !(n.Day >= 1 && n.Day <= 31) && !(n.Day >= 41 && n.Day <= 71) {
		is = append(is, errIssue("NIK_BAD_DAY", "nik",
			fmt.Sprintf("Tanggal lahir %02d pada NIK tidak sah (01–31, perempuan 41–71).", n.Day),
			fmt.Sprintf("Birth day %02d in the NIK is invalid (01–31, women 41–71).", n.Day)))
	}
	if n.Serial == 0 {
		is = append(is, errIssue("NIK_BAD_SERIAL", "nik",
			"Nomor urut NIK tidak boleh 0000.", "The NIK serial must not be 0000."))
	}
	return n, is
}

// NIKFacts is what the biodata says, for the NIK consistency warnings. Zero values skip
// the corresponding check.
type NIKFacts struct {
	Sex       int       // SexMale or SexFemale
	BirthDate time.Time // from the biodata; its year gives the century
}

// ValidateNIK runs every NIK rule of DOMAIN.md: the blocking structure rules of ParseNIK,
// then warnings for an unknown regency or kecamatan code (when regions is not nil), an
// impossible calendar date, and a sex or birth date that disagree with the biodata. The
// NIK never changes after a move or a birth-date correction, so these are warnings.
func ValidateNIK(s string, facts NIKFacts, regions RegionChecker) (NIK, Issues) {
	n, is := ParseNIK(s)
	if is.Blocking() {
		return n, is
	}
	if regions != nil {
		if !regions.RegionExists(n.Regency) {
			is = append(is, warnIssue("NIK_UNKNOWN_REGENCY", "nik",
				fmt.Sprintf("Kode kabupaten/kota %s pada NIK tidak ada di data wilayah.", n.Regency),
				fmt.Sprintf("Regency code %s in the NIK is not in the region master data.", n.Regency)))
		} else if !regions.RegionExists(n.District) {
			is = append(is, warnIssue("NIK_UNKNOWN_DISTRICT", "nik",
				fmt.Sprintf("Kode kecamatan %s pada NIK tidak ada di data wilayah.", n.District),
				fmt.Sprintf("Kecamatan code %s in the NIK is not in the region master data.", n.District)))
		}
	}
	year := 2000 + n.YearShort
	if !facts.BirthDate.IsZero() {
		century := facts.BirthDate.Year() / 100 * 100
		year = century + n.YearShort
	}
	if !validDate(year, n.Month, n.BirthDay()) {
		is = append(is, warnIssue("NIK_IMPOSSIBLE_DATE", "nik",
			fmt.Sprintf("Tanggal %02d-%02d-%02d pada NIK tidak ada di kalender.", n.BirthDay(), n.Month, n.YearShort),
			fmt.Sprintf("The date %02d-%02d-%02d in the NIK does not exist.", n.BirthDay(), n.Month, n.YearShort)))
	}
	if facts.Sex == SexMale && n.Female() || facts.Sex == SexFemale && !n.Female() {
		is = append(is, warnIssue("NIK_SEX_MISMATCH", "nik",
			"Jenis kelamin pada NIK berbeda dengan biodata.",
			"The sex encoded in the NIK differs from the biodata."))
	}
	if b := facts.BirthDate; !b.IsZero() &&
		(b.Day() != n.BirthDay() || int(b.Month()) != n.Month || b.Year()%100 != n.YearShort) {
		is = append(is, warnIssue("NIK_BIRTHDATE_MISMATCH", "nik",
			"Tanggal lahir pada NIK berbeda dengan biodata.",
			"The birth date encoded in the NIK differs from the biodata."))
	}
	return n, is
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// ValidateKK checks a Nomor Kartu Keluarga: 16 digits block; an unknown issuing region,
// an impossible registration date or a 0000 serial are warnings.
func ValidateKK(s string, regions RegionChecker) Issues {
	if !digitsOnly(s, 16) {
		return Issues{errIssue("KK_FORMAT", "kk", "Nomor KK harus 16 angka.", "The KK number must be 16 digits.")}
	}
	var is Issues
	if _, ok := ProvinceCodes[s[:2]]; !ok {
		is = append(is, warnIssue("KK_UNKNOWN_PROVINCE", "kk",
			fmt.Sprintf("Kode provinsi %s pada nomor KK tidak dikenal.", s[:2]),
			fmt.Sprintf("Unknown province code %s in the KK number.", s[:2])))
	} else if regions != nil && !regions.RegionExists(s[:6]) {
		is = append(is, warnIssue("KK_UNKNOWN_REGION", "kk",
			fmt.Sprintf("Kode wilayah %s pada nomor KK tidak ada di data wilayah.", s[:6]),
			fmt.Sprintf("Region code %s in the KK number is not in the region master data.", s[:6])))
	}
	d, m, y := atoi2(s[6:8]), atoi2(s[8:10]), atoi2(s[10:12])
	if !validDate(2000+y, m, d) {
		is = append(is, warnIssue("KK_IMPOSSIBLE_DATE", "kk",
			fmt.Sprintf("Tanggal pendaftaran %s pada nomor KK tidak ada di kalender.", s[6:12]),
			fmt.Sprintf("The registration date %s in the KK number does not exist.", s[6:12])))
	}
	if s[12:] == "0000" {
		is = append(is, warnIssue("KK_ZERO_SERIAL", "kk",
			"Nomor urut KK 0000 tidak lazim.", "A KK serial of 0000 is unusual."))
	}
	return is
}
