package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
	"github.com/rekam-id/rekam/app/refdata"
)

// big is a store of 100,000 records shared by the look-up benchmarks, built once.
var big struct {
	once sync.Once
	dir  string
	s    *Store
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.s != nil {
		big.s.Close()
	}
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

const bigRecords = 100_000

var (
	firstNames = []string{"Sri", "Budi", "Agus", "Siti", "Dewi", "Eko", "Joko", "Wahyu", "Rina", "Andi", "Putri", "Bambang",
		"Yuni", "Hadi", "Nur", "Slamet", "Tri", "Dwi", "Ahmad", "Muhammad", "Endang", "Ratna", "Suharti", "Teguh"}
	lastNames = []string{"Wahyuni", "Santoso", "Setiawan", "Rahayu", "Lestari", "Prasetyo", "Susanto", "Handayani",
		"Kurniawan", "Hidayat", "Purnomo", "Utami", "Saputra", "Wulandari", "Nugroho", "Sari", "Mulyani", "Widodo"}
)

func bigName(i int) string {
	return firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames))%len(lastNames)] + fmt.Sprintf(" %c", 'A'+rune(i%26))
}

func bigNIK(i int) string { return fmt.Sprintf("3313%012d", i) }

// bigStore returns the shared store of 100,000 signed-off records (without samples).
func bigStore(b *testing.B) *Store {
	big.once.Do(func() {
		if big.dir, big.err = os.MkdirTemp("", "rekam-bench-"); big.err != nil {
			return
		}
		if big.s, big.err = Open(filepath.Join(big.dir, "big.db")); big.err != nil {
			return
		}
		big.err = bulkInsert(big.s, bigRecords)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.s
}

// bulkInsert adds n signed-off records without samples in one transaction with
// multi-row inserts: the setup of the look-up benchmarks, not a code path of the station.
func bulkInsert(s *Store, n int) error {
	const batch = 80 // 11 parameters a row
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	return s.write(context.Background(), "bulk insert", func(tx *sql.Tx) error {
		args := make([]any, 0, 11*batch)
		for lo := 0; lo < n; lo += batch {
			hi := min(lo+batch, n)
			args = args[:0]
			for i := lo; i < hi; i++ {
				at := start.Add(time.Duration(i) * 7 * time.Minute)
				r := &enroll.Record{ID: fmt.Sprintf("big-%06d", i), Request: enroll.RequestNew, Operator: "op1",
					Biodata: enroll.Biodata{NIK: bigNIK(i), Name: bigName(i)}, Times: enroll.Timestamps{Arrived: at, SignedOff: at.Add(9 * time.Minute)},
					Status: enroll.StatusBioCaptured, Updated: at.Add(9 * time.Minute)}
				row, err := encodeRecord(r, nil)
				if err != nil {
					return err
				}
				args = append(args, row.id, row.status, row.reason, row.nik, row.name, row.nameKey,
					row.arrived, row.signedOff, row.updated, string(row.summary), string(row.meta))
			}
			q := `INSERT INTO records (id, status, reason, nik, name, name_key, arrived, signed_off, updated, summary, meta) VALUES ` +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", hi-lo), ", ")
			if _, err := tx.Exec(q, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkSaveEnrollment measures a durable Commit of a complete enrollment (about
// 1.2 MB of samples and a 200 KB packet) that was not saved as a draft before: the
// worst case, every byte written.
func BenchmarkSaveEnrollment(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "rekam.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tmpl := enrolltest.Fixture("tmpl", "3313094512000001", "SRI WAHYUNI", at, enrolltest.SampleBytes)
	enrolltest.Sign(tmpl, at.Add(9*time.Minute))
	packet := bytes.Repeat([]byte("sealed packet "), 200_000/14)
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r := *tmpl
		r.ID = fmt.Sprintf("bench-%d", i)
		if _, err := s.Commit(ctx, &r, packet); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "store.save_enrollment_ms")
}

// BenchmarkNIKLookup measures FindByNIK among 100,000 records.
func BenchmarkNIKLookup(b *testing.B) {
	s := bigStore(b)
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		want := rng.IntN(bigRecords)
		got, err := s.FindByNIK(ctx, bigNIK(want))
		if err != nil || len(got) != 1 || got[0].ID != fmt.Sprintf("big-%06d", want) {
			b.Fatalf("FindByNIK(%s) = %v, %v", bigNIK(want), got, err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "store.nik_lookup_100k_ms")
}

// BenchmarkNameSearch measures a prefix search of up to 50 names among 100,000 records.
func BenchmarkNameSearch(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		first := firstNames[i%len(firstNames)]
		prefix := first[:min(3, len(first))]
		got, err := s.SearchName(ctx, prefix, 50)
		if err != nil || len(got) != 50 || !strings.HasPrefix(NameKey(got[0].Name), strings.ToUpper(prefix)) {
			b.Fatalf("SearchName(%s) = %d results, %v", prefix, len(got), err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "store.name_search_100k_ms")
}

// BenchmarkImportNational measures importing the national region file (91,599 rows),
// replacing the previous version each time.
func BenchmarkImportNational(b *testing.B) {
	data, err := os.ReadFile(refdata.Path(b, "wilayah/wilayah-indonesia-2025.csv"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(filepath.Join(b.TempDir(), "rekam.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		n, err := s.ImportRegions(context.Background(), bytes.NewReader(data), fmt.Sprintf("v%d", i), nil)
		if err != nil || n != 91599 {
			b.Fatalf("import = %d, %v", n, err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "masterdata.import_national_s")
}

// BenchmarkSaveOverhead measures what encryption at rest adds to a durable Commit of a
// complete enrollment (about 1.2 MB of samples and a 200 KB packet): commits to a plain
// and to an encrypted store alternate, so both see the same disk and load, and the
// metric is the encrypted total over the plain total, minus one, in percent.
// Budget crypto.save_overhead_pct: ≤ 20.
func BenchmarkSaveOverhead(b *testing.B) {
	plain, err := Open(filepath.Join(b.TempDir(), "plain.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	sealed, err := Open(filepath.Join(b.TempDir(), "sealed.db"), WithCrypter(testCipher(b, 1)))
	if err != nil {
		b.Fatal(err)
	}
	defer sealed.Close()
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tmpl := enrolltest.Fixture("tmpl", "3313094512000001", "SRI WAHYUNI", at, enrolltest.SampleBytes)
	enrolltest.Sign(tmpl, at.Add(9*time.Minute))
	packet := bytes.Repeat([]byte("sealed packet "), 200_000/14)
	ctx := context.Background()
	commit := func(s *Store, i int) time.Duration {
		r := *tmpl
		r.ID = fmt.Sprintf("bench-%d", i)
		start := time.Now()
		if _, err := s.Commit(ctx, &r, packet); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	commit(plain, -1) // warm both files up
	commit(sealed, -1)
	b.ResetTimer()
	// make bench runs every benchmark once (-benchtime=1x), so one iteration is many
	// pairs of commits: a ratio of two single fsync-bound commits would be noise. The
	// metric is the median of the pairs' ratios: the two commits of a pair run back to
	// back, so a burst of load from other processes slows both.
	const pairs = 31
	var ratios []float64
	var tPlain, tSealed []time.Duration
	for i := 0; i < b.N*pairs; i++ {
		var p, s time.Duration
		if i%2 == 0 {
			p = commit(plain, i)
			s = commit(sealed, i)
		} else {
			s = commit(sealed, i)
			p = commit(plain, i)
		}
		tPlain, tSealed = append(tPlain, p), append(tSealed, s)
		ratios = append(ratios, float64(s)/float64(p))
	}
	slices.Sort(ratios)
	b.ReportMetric((ratios[len(ratios)/2]-1)*100, "crypto.save_overhead_pct")
	b.ReportMetric(float64(median(tSealed).Microseconds())/1000, "sealed_median_ms")
	b.ReportMetric(float64(median(tPlain).Microseconds())/1000, "plain_median_ms")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
