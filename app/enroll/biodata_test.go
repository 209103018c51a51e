package enroll

import (
	"reflect"
	"testing"
)

// ValidBiodata returns a complete, valid biodata for tests.
func validBiodata() Biodata {
	return Biodata{
		NIK: "3313094512000001", KK: "3313090101200001", Name: "SITI RAHAYU", BirthPlace: "KARANGANYAR",
		BirthDate: date(2000, 12, 5), Sex: SexFemale, Religion: 1, MaritalStatus: 1, Occupation: 3,
		Citizenship: CitizenWNI, Education: 5, FamilyRelation: 4,
		Address: Address{Street: "JL. LAWU 1", RT: "001", RW: "002", VillageCode: "3313092001"},
		Mother:  Parent{Name: "SRI WAHYUNI"}, Father: Parent{Name: "BUDI SANTOSO"},
	}
}

func TestBiodataValidate(t *testing.T) {
	on := date(2026, 11, 26)
	if is := validBiodata().Validate(on, nil); len(is) != 0 {
		t.Fatalf("valid biodata has issues %v", is.Codes())
	}
	tests := []struct {
		name  string
		edit  func(*Biodata)
		errs  []string
		warns []string
	}{
		{"no name", func(b *Biodata) { b.Name = " " }, []string{"NAME_MISSING"}, nil},
		{"legacy one-word name", func(b *Biodata) { b.Name = "SUKARNO" }, nil, []string{"NAME_ONE_WORD"}},
		{"apostrophe", func(b *Biodata) { b.Name = "MA'RUF AMIN" }, nil, []string{"NAME_CHARACTERS"}},
		{"digits", func(b *Biodata) { b.Name = "ANAK 2 BUDI" }, nil, []string{"NAME_CHARACTERS"}},
		{"61 letters", func(b *Biodata) {
			b.Name = "ABCDEFGHIJABCDEFGHIJABCDEFGHIJ ABCDEFGHIJABCDEFGHIJABCDEFGHIJA"
		}, nil, []string{"NAME_TOO_LONG"}},
		{"bad NIK", func(b *Biodata) { b.NIK = "123" }, []string{"NIK_FORMAT"}, nil},
		{"bad KK", func(b *Biodata) { b.KK = "123" }, []string{"KK_FORMAT"}, nil},
		{"future birth", func(b *Biodata) { b.BirthDate = date(2027, 1, 1) }, []string{"BIRTHDATE_FUTURE"}, []string{"NIK_BIRTHDATE_MISMATCH"}},
		{"unknown religion", func(b *Biodata) { b.Religion = 9 }, []string{"CODE_UNKNOWN"}, nil},
		{"occupation 89 ok", func(b *Biodata) { b.Occupation = 89 }, nil, nil},
		{"occupation 90", func(b *Biodata) { b.Occupation = 90 }, []string{"CODE_UNKNOWN"}, nil},
		{"no village", func(b *Biodata) { b.Address.VillageCode = "" }, []string{"ADDRESS_REGION"}, nil},
		{"sex mismatch", func(b *Biodata) { b.Sex = SexMale }, nil, []string{"NIK_SEX_MISMATCH"}},
		{"no mother", func(b *Biodata) { b.Mother.Name = "" }, nil, []string{"MOTHER_MISSING"}},
	}
	for _, tt := range tests {
		b := validBiodata()
		tt.edit(&b)
		is := b.Validate(on, nil)
		if got := nilIfEmpty(is.Errors().Codes()); !reflect.DeepEqual(got, tt.errs) {
			t.Errorf("%s: errors %v, want %v", tt.name, got, tt.errs)
		}
		if got := nilIfEmpty(is.Warnings().Codes()); !reflect.DeepEqual(got, tt.warns) {
			t.Errorf("%s: warnings %v, want %v", tt.name, got, tt.warns)
		}
	}
}

func TestCodeLists(t *testing.T) {
	if len(Occupations.Codes) != 89 || Occupations.Label(88, "id") != "WIRASWASTA" || Occupations.Label(89, "id") != "LAINNYA" {
		t.Errorf("occupations: %d codes, 88=%q", len(Occupations.Codes), Occupations.Label(88, "id"))
	}
	if len(BloodTypes.Codes) != 13 || BloodTypeLabel(BloodUnknown) != "-" || BloodTypeLabel(3) != "AB" {
		t.Error("blood types")
	}
	if len(Educations.Codes) != 10 || len(FamilyRelations.Codes) != 11 || len(Religions.Codes) != 7 {
		t.Error("education/SHDK/religion sizes")
	}
	b := validBiodata()
	if b.ReligionRowLabel() != "Agama" || b.ValidUntil() != "SEUMUR HIDUP" {
		t.Error("card rows")
	}
	b.Religion = ReligionKepercayaan
	if b.ReligionRowLabel() != "Kepercayaan" {
		t.Error("kepercayaan row")
	}
	for _, l := range CodeLists() {
		for _, c := range l.Codes {
			if c.ID == "" || c.EN == "" {
				t.Errorf("%s code %d lacks a label", l.Name, c.Code)
			}
		}
	}
}
