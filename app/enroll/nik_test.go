package enroll

import (
	"reflect"
	"testing"
	"time"
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

type regionSet map[string]bool

func (r regionSet) RegionExists(code string) bool { return r[code] }

func TestParseNIKDomainVectors(t *testing.T) {
	tests := []struct {
		nik  string
		want []string // blocking codes
	}{
		{"3313094512000001", nil},
		{"3313097202010001", []string{"NIK_BAD_DAY"}},
		{"3313090013000001", []string{"NIK_BAD_MONTH", "NIK_BAD_DAY"}}, // DD=00 as well as MM=13
		{"3313091512000000", []string{"NIK_BAD_SERIAL"}},
	}
	for _, tt := range tests {
		_, is := ParseNIK(tt.nik)
		if got := is.Errors().Codes(); !reflect.DeepEqual(nilIfEmpty(got), tt.want) {
			t.Errorf("ParseNIK(%s) errors = %v, want %v", tt.nik, got, tt.want)
		}
	}
	n, _ := ParseNIK("3313094512000001")
	if !n.Female() || n.BirthDay() != 5 || n.Month != 12 || n.YearShort != 0 || n.Serial != 1 || n.District != "331309" {
		t.Errorf("parsed %+v", n)
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestParseNIKStructure(t *testing.T) {
	tests := []struct {
		name, nik string
		want      []string
	}{
		{"15 digits", "331309451200001", []string{"NIK_FORMAT"}},
		{"17 digits", "33130945120000011", []string{"NIK_FORMAT"}},
		{"letter", "33130945120000O1", []string{"NIK_FORMAT"}},
		{"arabic-indic digit", "331309451200000١", []string{"NIK_FORMAT"}},
		{"spaces", "3313 0945 1200 01", []string{"NIK_FORMAT"}},
		{"empty", "", []string{"NIK_FORMAT"}},
		{"unknown province 99", "9913094512000001", []string{"NIK_BAD_PROVINCE"}},
		{"unknown province 00", "0013094512000001", []string{"NIK_BAD_PROVINCE"}},
		{"day 00", "3313090012000001", []string{"NIK_BAD_DAY"}},
		{"day 32", "3313093212000001", []string{"NIK_BAD_DAY"}},
		{"day 40", "3313094012000001", []string{"NIK_BAD_DAY"}},
		{"day 41 ok", "3313094112000001", nil},
		{"day 71 ok", "3313097112000001", nil},
		{"day 31 ok", "3313093112000001", nil},
		{"month 00", "3313091500000001", []string{"NIK_BAD_MONTH"}},
		{"month 12 ok", "3313091512000001", nil},
		{"several", "9913090013000000", []string{"NIK_BAD_PROVINCE", "NIK_BAD_MONTH", "NIK_BAD_DAY", "NIK_BAD_SERIAL"}},
		{"papua barat daya", "9601011201990001", nil},
	}
	for _, tt := range tests {
		_, is := ParseNIK(tt.nik)
		if got := nilIfEmpty(is.Errors().Codes()); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ParseNIK(%q) = %v, want %v", tt.name, tt.nik, got, tt.want)
		}
		for _, i := range is {
			if i.ID == "" || i.EN == "" || i.Field != "nik" {
				t.Errorf("%s: issue %+v lacks a message or field", tt.name, i)
			}
		}
	}
}

func TestValidateNIKWarnings(t *testing.T) {
	regions := regionSet{"3313": true, "331309": true}
	tests := []struct {
		name  string
		nik   string
		facts NIKFacts
		reg   RegionChecker
		want  []string
	}{
		{"consistent woman", "3313094512000001", NIKFacts{SexFemale, date(2000, 12, 5)}, regions, nil},
		{"century from biodata", "3313094512000001", NIKFacts{SexFemale, date(1900, 12, 5)}, regions, nil},
		{"man with +40", "3313094512000001", NIKFacts{SexMale, date(2000, 12, 5)}, regions, []string{"NIK_SEX_MISMATCH"}},
		{"woman without +40", "3313090512000001", NIKFacts{SexFemale, date(2000, 12, 5)}, regions, []string{"NIK_SEX_MISMATCH"}},
		{"birth date corrected later", "3313094512000001", NIKFacts{SexFemale, date(2000, 12, 6)}, regions, []string{"NIK_BIRTHDATE_MISMATCH"}},
		{"other year", "3313094512990001", NIKFacts{SexFemale, date(2000, 12, 5)}, regions, []string{"NIK_BIRTHDATE_MISMATCH"}},
		{"unknown regency", "3399094512000001", NIKFacts{}, regions, []string{"NIK_UNKNOWN_REGENCY"}},
		{"unknown kecamatan", "3313994512000001", NIKFacts{}, regions, []string{"NIK_UNKNOWN_DISTRICT"}},
		{"no master data", "3399994512000001", NIKFacts{}, nil, nil},
		{"31 February", "3313093102000001", NIKFacts{}, nil, []string{"NIK_IMPOSSIBLE_DATE"}},
		{"29 February 1900 not leap", "3313092902000001", NIKFacts{BirthDate: date(1900, 3, 1)}, nil, []string{"NIK_IMPOSSIBLE_DATE", "NIK_BIRTHDATE_MISMATCH"}},
		{"29 February 2000 leap", "3313092902000001", NIKFacts{BirthDate: date(2000, 2, 29)}, nil, nil},
		{"31 April woman", "3313097104850001", NIKFacts{SexFemale, time.Time{}}, nil, []string{"NIK_IMPOSSIBLE_DATE"}},
		{"blocking stops warnings", "3313097202010001", NIKFacts{SexMale, date(2001, 2, 1)}, regions, nil},
	}
	for _, tt := range tests {
		_, is := ValidateNIK(tt.nik, tt.facts, tt.reg)
		if got := nilIfEmpty(is.Warnings().Codes()); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: warnings = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidateKK(t *testing.T) {
	regions := regionSet{"331309": true}
	tests := []struct {
		name, kk string
		reg      RegionChecker
		errs     []string
		warns    []string
	}{
		{"valid", "3313090101200001", regions, nil, nil},
		{"short", "331309010120001", regions, []string{"KK_FORMAT"}, nil},
		{"letters", "33130901012000AB", regions, []string{"KK_FORMAT"}, nil},
		{"no +40 allowed", "3313094101200001", regions, nil, []string{"KK_IMPOSSIBLE_DATE"}},
		{"bad month", "3313090113200001", regions, nil, []string{"KK_IMPOSSIBLE_DATE"}},
		{"unknown region", "3313990101200001", regions, nil, []string{"KK_UNKNOWN_REGION"}},
		{"unknown province", "9913090101200001", regions, nil, []string{"KK_UNKNOWN_PROVINCE"}},
		{"zero serial", "3313090101200000", nil, nil, []string{"KK_ZERO_SERIAL"}},
	}
	for _, tt := range tests {
		is := ValidateKK(tt.kk, tt.reg)
		if got := nilIfEmpty(is.Errors().Codes()); !reflect.DeepEqual(got, tt.errs) {
			t.Errorf("%s: errors = %v, want %v", tt.name, got, tt.errs)
		}
		if got := nilIfEmpty(is.Warnings().Codes()); !reflect.DeepEqual(got, tt.warns) {
			t.Errorf("%s: warnings = %v, want %v", tt.name, got, tt.warns)
		}
	}
}

func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{"3313094512000001", "3313097202010001", "3313090013000001", "3313091512000000", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, is := ParseNIK(s)
		if !is.Blocking() {
			if len(s) != 16 || n.Month < 1 || n.Month > 12 || n.Serial == 0 {
				t.Fatalf("accepted bad NIK %q: %+v", s, n)
			}
			if d := n.BirthDay(); d < 1 || d > 31 {
				t.Fatalf("accepted day %d in %q", n.Day, s)
			}
		}
		_, _ = ValidateNIK(s, NIKFacts{Sex: SexMale, BirthDate: date(1990, 1, 1)}, regionSet{})
	})
}

func FuzzValidateKK(f *testing.F) {
	for _, s := range []string{"3313090101200001", "", "33130901012000AB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		is := ValidateKK(s, nil)
		if !is.Blocking() && !digitsOnly(s, 16) {
			t.Fatalf("accepted KK %q", s)
		}
	})
}
