package sqlite

import (
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestParseCode(t *testing.T) {
	for in, want := range map[string]string{
		"33": "33", "33.13": "3313", " 33.13.09 ": "331309", "33.13.09.2001": "3313092001", "3313092001": "3313092001",
		"3": "", "33.1": "", "33.13.9": "", "33.13.09.201": "", "33..13": "", "3a": "", "33.13.09.2001.1": "",
		"00": "", "33131": "", "": "", "33.1309": "",
	} {
		got, err := parseCode(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("parseCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseRegionsLayouts(t *testing.T) {
	short := "\uFEFFkode,nama\r\n11,Aceh\r\n11.01,Kabupaten Aceh Selatan\r\n11.01.01,Bakongan\r\n11.01.01.2001,\"Keude, Bakongan\"\r\n"
	long := "kode,kode_induk,tingkat,nama,kodepos\n33,,provinsi,Jawa Tengah,\n33.13,33,kabupaten,Kabupaten Karanganyar,\n" +
		"33.13.09,33.13,kecamatan,Jaten,\n33.13.09.1001,33.13.09,kelurahan,Jaten,57771\n"
	for name, c := range map[string]struct {
		data string
		want []enroll.Region
	}{
		"short": {short, []enroll.Region{{Code: "11", Level: 1, Name: "Aceh"}, {Code: "1101", Parent: "11", Level: 2, Name: "Kabupaten Aceh Selatan"},
			{Code: "110101", Parent: "1101", Level: 3, Name: "Bakongan"}, {Code: "1101012001", Parent: "110101", Level: 4, Name: "Keude, Bakongan"}}},
		"long": {long, []enroll.Region{{Code: "33", Level: 1, Name: "Jawa Tengah"}, {Code: "3313", Parent: "33", Level: 2, Name: "Kabupaten Karanganyar"},
			{Code: "331309", Parent: "3313", Level: 3, Name: "Jaten"}, {Code: "3313091001", Parent: "331309", Level: 4, Name: "Jaten", Postal: "57771"}}},
	} {
		got, err := parseRegions(strings.NewReader(c.data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d regions, want %d", name, len(got), len(c.want))
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: region %d = %+v, want %+v", name, i, got[i], c.want[i])
			}
		}
	}
}

func TestParseRegionsLongLayoutRules(t *testing.T) {
	head := "kode,kode_induk,tingkat,nama,kodepos\n33,,provinsi,Jawa Tengah,\n33.13,33,kabupaten,Karanganyar,\n33.13.09,33.13,kecamatan,Jaten,\n"
	for row, want := range map[string]string{
		"33.13.09.2001,33.13.09,kelurahan,Jaten,57771\n": "line 5: kelurahan 33.13.09.2001 must have a 1xxx suffix",
		"33.13.09.1001,33.13.09,desa,Jaten,57771\n":      "line 5: desa 33.13.09.1001 has a kelurahan (1xxx) suffix",
		"33.13.09.2001,33.13.09,desa,Jaten,577\n":        "line 5: kodepos \"577\" is not 5 digits",
		"33.13.09.2001,33.13.09,dusun,Jaten,57771\n":     "line 5: unknown tingkat \"dusun\"",
		"33.13.09.2001,33.13,desa,Jaten,57771\n":         "line 5: kode_induk \"33.13\" does not match",
		"33.13.09.2001,33.13.09,desa,,57771\n":           "line 5: region 33.13.09.2001 has no name",
	} {
		_, err := parseRegions(strings.NewReader(head + row))
		if !enroll.IsKind(err, enroll.KindInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("row %q: %v; want %q", row, err, want)
		}
	}
}

func FuzzParseRegions(f *testing.F) {
	f.Add("kode,nama\n11,Aceh\n11.01,Kabupaten Aceh Selatan\n")
	f.Add("kode,nama\r\n11,\"Lubuk Pakam I,II\"\r\n")
	f.Add("kode,kode_induk,tingkat,nama,kodepos\n33,,provinsi,Jawa Tengah,\n33.13,33,kabupaten,Karanganyar,\n")
	f.Add("kode,nama\n11,Aceh\n11.01.01,Bakongan\n")
	f.Add("kode,nama\n11,Aceh\n11.01,\"Kab")
	f.Fuzz(func(t *testing.T, data string) {
		regs, err := parseRegions(strings.NewReader(data))
		if err != nil {
			if !enroll.IsKind(err, enroll.KindInvalid) {
				t.Fatalf("error of kind %v: %v", enroll.KindOf(err), err)
			}
			return
		}
		codes := map[string]bool{}
		for _, g := range regs {
			if codes[g.Code] {
				t.Fatalf("duplicate %s accepted", g.Code)
			}
			codes[g.Code] = true
			if g.Level != enroll.RegionLevel(g.Code) || g.Parent != enroll.RegionParent(g.Code) || g.Name == "" {
				t.Fatalf("inconsistent region accepted: %+v", g)
			}
		}
		for _, g := range regs {
			if g.Level > enroll.LevelProvince && !codes[g.Parent] {
				t.Fatalf("orphan %s accepted", g.Code)
			}
		}
	})
}
