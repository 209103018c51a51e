package sqlite

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/refdata"
)

func importFile(t *testing.T, s *Store, rel, version string) int {
	t.Helper()
	f, err := os.Open(refdata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, last := 0, 0
	n, err := s.ImportRegions(context.Background(), f, version, func(rows int) {
		if rows <= last {
			t.Errorf("progress went from %d to %d", last, rows)
		}
		calls, last = calls+1, rows
	})
	if err != nil {
		t.Fatalf("import %s: %v", rel, err)
	}
	if calls == 0 || last != n {
		t.Fatalf("progress called %d times, last with %d; want the final call with %d", calls, last, n)
	}
	return n
}

func TestImportKaranganyar(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if s.RegionExists("3313") {
		t.Fatal("a region exists before any import")
	}
	if n := importFile(t, s, "wilayah/karanganyar-3313.csv", "kepmendagri-2025-3313"); n != 196 {
		t.Fatalf("imported %d regions, want 196 (1 + 1 + 17 + 177)", n)
	}
	provs, err := s.Regions(ctx, "")
	if err != nil || len(provs) != 1 || provs[0].Code != "33" || provs[0].Name != "Jawa Tengah" {
		t.Fatalf("Regions(\"\") = %v, %v", provs, err)
	}
	kec, err := s.Regions(ctx, "33.13")
	if err != nil || len(kec) != 17 || kec[0].Code != "331301" || kec[0].Name != "Jatipuro" || kec[0].Level != enroll.LevelDistrict {
		t.Fatalf("Regions(33.13) = %d regions (first %+v), %v; want 17 from Jatipuro", len(kec), kec, err)
	}
	desa, err := s.Regions(ctx, "331301")
	if err != nil || len(desa) == 0 || desa[0].Code != "3313012001" || desa[0].Postal != "57784" || desa[0].Parent != "331301" {
		t.Fatalf("Regions(331301) = %+v, %v", desa, err)
	}
	total := 0
	for _, k := range kec {
		d, err := s.Regions(ctx, k.Code)
		if err != nil {
			t.Fatal(err)
		}
		total += len(d)
	}
	if total != 177 {
		t.Fatalf("%d desa/kelurahan under the 17 kecamatan, want 177", total)
	}
	g, err := s.Region(ctx, "33.13.17.2009")
	if err != nil || g.Name != "Lempong" || g.Level != enroll.LevelVillage {
		t.Fatalf("Region(33.13.17.2009) = %+v, %v", g, err)
	}
	if _, err := s.Region(ctx, "33.14"); !enroll.IsKind(err, enroll.KindNotFound) {
		t.Fatalf("Region(unknown) = %v, want not found", err)
	}
	for code, want := range map[string]bool{"3313": true, "33.13.01": true, "3313172009": true, "3314": false, "11": false} {
		if got := s.RegionExists(code); got != want {
			t.Errorf("RegionExists(%s) = %v, want %v", code, got, want)
		}
	}
	v, err := s.RegionVersion(ctx)
	if err != nil || v.Version != "kepmendagri-2025-3313" || v.Rows != 196 {
		t.Fatalf("RegionVersion = %+v, %v", v, err)
	}
}

func TestImportReplacesVersion(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	importFile(t, s, "wilayah/karanganyar-3313.csv", "v1")
	if !s.RegionExists("3313") {
		t.Fatal("3313 missing after the first import")
	}
	if n := importFile(t, s, "wilayah/provinsi.csv", "v2"); n != 38 {
		t.Fatalf("imported %d provinces, want 38", n)
	}
	// The old version is gone entirely, and the cache follows.
	if s.RegionExists("3313") || !s.RegionExists("11") {
		t.Fatal("RegionExists still answers from the replaced version")
	}
	if kec, _ := s.Regions(ctx, "3313"); len(kec) != 0 {
		t.Fatalf("regions of the replaced version remain: %v", kec)
	}
	provs, _ := s.Regions(ctx, "")
	if len(provs) != 38 {
		t.Fatalf("%d provinces, want 38", len(provs))
	}
}

func TestImportBadFilesKeepPreviousVersion(t *testing.T) {
	karanganyar, err := os.ReadFile(refdata.Path(t, "wilayah/karanganyar-3313.csv"))
	if err != nil {
		t.Fatal(err)
	}
	national, err := os.ReadFile(refdata.Path(t, "wilayah/wilayah-indonesia-2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cut := string(national[:len(national)/2])
	cutLines := strings.Count(cut, "\n") + 1
	cases := []struct {
		name, data, want string
	}{
		{"truncated mid-line", cut, "the file ends in the middle of a line"},
		{"truncated mid-quote", "kode,nama\n11,Aceh\n11.01,\"Kabupaten Ace", "line 3"},
		{"corrupt code", strings.Replace(string(karanganyar), "33.13.05,", "33.1X.05,", 1), "is malformed"},
		{"wrong parent", strings.Replace(string(karanganyar), "33.13.01.2001,33.13.01,", "33.13.01.2001,33.13.02,", 1), "kode_induk"},
		{"wrong level", strings.Replace(string(karanganyar), "33.13.01,33.13,kecamatan", "33.13.01,33.13,desa", 1), "tingkat desa does not fit"},
		{"missing parent", "kode,nama\n11,Aceh\n11.01.01,Bakongan\n", "line 3: region 11.01.01 has no parent 11.01 in the file"},
		{"duplicate", "kode,nama\n11,Aceh\n12,Sumut\n11,Aceh lagi\n", "line 4: code 11 appears again (first on line 2)"},
		{"missing field", "kode,nama\n11,Aceh\n12\n", "line 3"},
		{"binary junk", "kode,nama\n11,Aceh\n\x00\x01\x02,\x7f\n", "line 3"},
		{"unknown header", "id,name\n11,Aceh\n", "line 1: unknown header"},
		{"header only", "kode,nama\n", "no regions"},
		{"empty", "", "empty"},
	}
	s := openTemp(t)
	importFile(t, s, "wilayah/karanganyar-3313.csv", "good")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.ImportRegions(context.Background(), strings.NewReader(c.data), "bad", nil)
			if !enroll.IsKind(err, enroll.KindInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("import = %v; want invalid, saying %q", err, c.want)
			}
			t.Log(err)
			if want := fmt.Sprintf("line %d: ", cutLines); c.name == "truncated mid-line" && !strings.Contains(err.Error(), want) {
				t.Fatalf("error %q does not name the cut line %d", err, cutLines)
			}
			v, _ := s.RegionVersion(context.Background())
			kec, _ := s.Regions(context.Background(), "3313")
			if v.Version != "good" || len(kec) != 17 || !s.RegionExists("3313172009") {
				t.Fatalf("a refused import changed the master data: version %q, %d kecamatan", v.Version, len(kec))
			}
		})
	}
}

func TestImportNational(t *testing.T) {
	if testing.Short() {
		t.Skip("national import in -short mode")
	}
	s := openTemp(t)
	ctx := context.Background()
	if n := importFile(t, s, "wilayah/wilayah-indonesia-2025.csv", "kepmendagri-2025"); n != 91599 {
		t.Fatalf("imported %d regions, want 91,599", n)
	}
	var levels [5]int
	rows, err := s.db.Query(`SELECT level, count(*) FROM regions GROUP BY level`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var lv, n int
		rows.Scan(&lv, &n)
		levels[lv] = n
	}
	rows.Close()
	if levels != [5]int{0, 38, 514, 7285, 83762} {
		t.Fatalf("regions per level %v, want 38, 514, 7285, 83762", levels[1:])
	}
	g, err := s.Region(ctx, "12.07.28.1007")
	if err != nil || g.Name != "Lubuk Pakam I,II" {
		t.Fatalf("quoted name: %+v, %v", g, err)
	}
	if !s.RegionExists("9671101004") {
		t.Fatal("the last village is missing")
	}
}
