package enroll

import (
	"strings"
	"testing"
)

func TestEligibility(t *testing.T) {
	on := date(2026, 11, 26)
	tests := []struct {
		name                                   string
		birth                                  [3]int
		marital                                int
		age                                    int
		obliged, mayCapture, cardNow, priority bool
		text                                   string
	}{
		{"15, single", [3]int{2011, 6, 1}, 1, 15, false, false, false, false, "belum boleh rekam"},
		{"16 today, single", [3]int{2010, 11, 26}, 1, 16, false, true, false, false, "Belum 17 tahun dan belum kawin — boleh rekam, KTP-el terbit saat 17 tahun"},
		{"17 tomorrow", [3]int{2009, 11, 27}, 1, 16, false, true, false, false, "boleh rekam"},
		{"17 today", [3]int{2009, 11, 26}, 1, 17, true, true, true, false, "wajib KTP-el"},
		{"15, married", [3]int{2011, 1, 1}, 2, 15, true, true, true, false, "sudah/pernah kawin"},
		{"16, divorced", [3]int{2010, 1, 1}, 3, 16, true, true, true, false, "sudah/pernah kawin"},
		{"16, widowed", [3]int{2010, 1, 1}, 4, 16, true, true, true, false, "sudah/pernah kawin"},
		{"21", [3]int{2005, 1, 1}, 1, 21, true, true, true, false, "wajib KTP-el"},
		{"22 today", [3]int{2004, 11, 26}, 1, 22, true, true, true, true, "prioritas"},
		{"leap day birth, 29 Feb", [3]int{2008, 2, 29}, 1, 18, true, true, true, false, "wajib"},
	}
	for _, tt := range tests {
		e := CheckEligibility(date(tt.birth[0], tt.birth[1], tt.birth[2]), tt.marital, on)
		if e.Age != tt.age || e.Obliged != tt.obliged || e.MayCapture != tt.mayCapture || e.CardNow != tt.cardNow || e.Priority != tt.priority {
			t.Errorf("%s: %+v", tt.name, e)
		}
		if !strings.Contains(e.Text("id"), tt.text) || e.Text("en") == "" {
			t.Errorf("%s: text %q lacks %q", tt.name, e.Text("id"), tt.text)
		}
	}
}
