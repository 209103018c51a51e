package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// TestSaveDraftWritesOnlyChangedSamples counts the sample rows each save writes, with a
// trigger, so that a retake of one finger costs one sample, not twelve.
func TestSaveDraftWritesOnlyChangedSamples(t *testing.T) {
	forModes(t, checkSaveDraftWritesOnlyChangedSamples)
}

func checkSaveDraftWritesOnlyChangedSamples(t *testing.T, s *Store) {
	for _, q := range []string{
		`CREATE TABLE sample_writes (key TEXT)`,
		`CREATE TRIGGER sample_ins AFTER INSERT ON samples BEGIN INSERT INTO sample_writes VALUES (NEW.key); END`,
		`CREATE TRIGGER sample_upd AFTER UPDATE ON samples BEGIN INSERT INTO sample_writes VALUES (NEW.key); END`,
		`CREATE TRIGGER sample_del AFTER DELETE ON samples BEGIN INSERT INTO sample_writes VALUES ('-' || OLD.key); END`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	writes := func() []string {
		t.Helper()
		rows, err := s.db.Query(`DELETE FROM sample_writes RETURNING key`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var k string
			rows.Scan(&k)
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	ctx := context.Background()
	r := enrolltest.Fixture("w1", "3313094512000001", "SRI WAHYUNI", day, 50_000)
	if err := s.SaveDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	if w := writes(); len(w) != 12 {
		t.Fatalf("first save wrote %d samples, want 12: %v", len(w), w)
	}
	r.Biodata.Name = "SRI WAHYUNINGSIH"
	if err := s.SaveDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	if w := writes(); len(w) != 0 {
		t.Fatalf("a biodata change rewrote samples %v", w)
	}
	r.Finger(enroll.RightIndex).Sample.Data[7] ^= 1 // a retake: new bytes
	r.Finger(enroll.LeftThumb).Sample.Quality++     // new metadata only
	r.Finger(enroll.LeftLittle).Sample = nil        // now an exception
	r.Finger(enroll.LeftLittle).Exception = enroll.ExceptionBandaged
	if err := s.SaveDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	if w := fmt.Sprint(writes()); w != "[-finger-10 finger-02 finger-06]" {
		t.Fatalf("the retake wrote %s, want [-finger-10 finger-02 finger-06]", w)
	}
}

func TestConcurrentCommits(t *testing.T) { forModes(t, checkConcurrentCommits) }

func checkConcurrentCommits(t *testing.T, s *Store) {
	ctx := context.Background()
	var mu sync.Mutex
	seqs := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				id := fmt.Sprintf("c%d-%d", w, i)
				r := enrolltest.Fixture(id, fmt.Sprintf("33130945120%d%04d", w, i+1), "AGUS", day, 30_000)
				if err := s.SaveDraft(ctx, r); err != nil {
					errs <- err
					return
				}
				enrolltest.Sign(r, day.Add(10*time.Minute))
				seq, err := s.Commit(ctx, r, nil)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if other, dup := seqs[seq]; dup {
					errs <- fmt.Errorf("sequence %d given to %s and %s", seq, other, id)
				}
				seqs[seq] = id
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seqs) != 20 {
		t.Fatalf("%d sequence numbers for 20 commits", len(seqs))
	}
	items, err := s.Outbox(ctx, 0, 100)
	if err != nil || len(items) != 20 {
		t.Fatalf("outbox holds %d items, %v; want 20", len(items), err)
	}
}

func TestOpenMissingFolder(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "no", "such", "rekam.db"))
	if !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("Open in a missing folder = %v (kind %v), want unavailable", err, enroll.KindOf(err))
	}
	t.Log(err)
}
