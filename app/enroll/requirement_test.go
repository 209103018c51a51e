package enroll

import (
	"reflect"
	"testing"
)

func TestChecklistConditions(t *testing.T) {
	c := DefaultChecklist()
	if len(c.Items) != 6 {
		t.Fatalf("default checklist has %d items, want 6", len(c.Items))
	}
	local := &Address{VillageCode: "3313092001"}
	outside := &Address{VillageCode: "3372012001"}
	abroad := &Address{Abroad: true, Country: "MY"}
	tests := []struct {
		name    string
		prev    *Address
		applies []string
	}{
		{"no move", nil, []string{"SURAT_PENGANTAR", "TERDAFTAR_KK", "USIA_ATAU_KAWIN", "AKTA_KELAHIRAN"}},
		{"moved within 33.13", local, []string{"SURAT_PENGANTAR", "TERDAFTAR_KK", "USIA_ATAU_KAWIN", "AKTA_KELAHIRAN"}},
		{"moved from Surakarta", outside, []string{"SURAT_PENGANTAR", "TERDAFTAR_KK", "USIA_ATAU_KAWIN", "AKTA_KELAHIRAN", "SURAT_PINDAH"}},
		{"arrived from abroad", abroad, []string{"SURAT_PENGANTAR", "TERDAFTAR_KK", "USIA_ATAU_KAWIN", "AKTA_KELAHIRAN", "SURAT_DATANG_LN"}},
	}
	for _, tt := range tests {
		b := Biodata{PrevAddress: tt.prev}
		var got []string
		for _, o := range c.Evaluate(b, Eligibility{MayCapture: true}, nil) {
			if o.Applies {
				got = append(got, o.Key)
			}
		}
		if !reflect.DeepEqual(got, tt.applies) {
			t.Errorf("%s: applies %v, want %v", tt.name, got, tt.applies)
		}
	}
}

func TestChecklistComplete(t *testing.T) {
	c := DefaultChecklist()
	b := Biodata{PrevAddress: &Address{VillageCode: "3372012001"}}
	all := map[string]bool{"SURAT_PENGANTAR": true, "TERDAFTAR_KK": true, "AKTA_KELAHIRAN": true, "SURAT_PINDAH": true}
	if err := Complete(c.Evaluate(b, Eligibility{MayCapture: true}, all)); err != nil {
		t.Fatalf("complete: %v", err)
	}
	delete(all, "SURAT_PINDAH")
	if err := Complete(c.Evaluate(b, Eligibility{MayCapture: true}, all)); KindOf(err) != KindInvalid {
		t.Fatalf("missing move certificate: %v", err)
	}
	all["SURAT_PINDAH"] = true
	if err := Complete(c.Evaluate(b, Eligibility{MayCapture: false}, all)); err == nil {
		t.Fatal("an ineligible applicant passed the age requirement")
	}
}

func TestParseChecklist(t *testing.T) {
	good := `{"office_regency":"3372","items":[{"key":"TERDAFTAR_KK","id":"KK","en":"KK","when":"always"},
		{"key":"USIA","id":"Usia","en":"Age","when":"always","age":true}]}`
	c, err := ParseChecklist([]byte(good))
	if err != nil || len(c.Items) != 2 || c.OfficeRegency != "3372" {
		t.Fatalf("ParseChecklist = %+v, %v", c, err)
	}
	for _, bad := range []string{`{`, `{"items":[{"key":"","when":"always"}]}`,
		`{"items":[{"key":"A","when":"always"},{"key":"A","when":"always"}]}`,
		`{"items":[{"key":"A","when":"sometimes"}]}`} {
		if _, err := ParseChecklist([]byte(bad)); KindOf(err) != KindInvalid {
			t.Errorf("ParseChecklist(%s) err = %v, want KindInvalid", bad, err)
		}
	}
}
