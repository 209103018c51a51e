package sqlite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// fillUntilFull commits enrollments of size bytes until the store refuses one, and
// returns the samples hashes of those committed and the error of the refused one.
func fillUntilFull(t *testing.T, s *Store, size int) (map[string]string, string, error) {
	t.Helper()
	ctx := context.Background()
	saved := map[string]string{}
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i := range 100 {
		id := fmt.Sprintf("full-%03d", i)
		r := enrolltest.Fixture(id, fmt.Sprintf("3313094512%06d", i+1), "SRI WAHYUNI", at, size)
		if i%2 == 0 { // half go through a draft, half straight to Commit
			if err := s.SaveDraft(ctx, r); err != nil {
				return saved, id, err
			}
		}
		enrolltest.Sign(r, at.Add(8*time.Minute))
		if _, err := s.Commit(ctx, r, []byte("packet "+id)); err != nil {
			return saved, id, err
		}
		saved[id] = samplesHash(r)
	}
	t.Fatal("the disk never filled up")
	return nil, "", nil
}

// checkFull checks the refusal and that everything committed before it is intact after
// reopening.
func checkFull(t *testing.T, path string, saved map[string]string, refused string, err error) {
	t.Helper()
	t.Logf("after %d enrollments: %v", len(saved), err)
	if len(saved) == 0 {
		t.Fatal("the disk filled up before the first enrollment: the test proves little")
	}
	if !enroll.IsKind(err, enroll.KindUnavailable) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v (kind %v); want unavailable, saying disk full", err, enroll.KindOf(err))
	}
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after the disk filled up: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for id, h := range saved {
		r, err := s.Get(ctx, id)
		if err != nil {
			t.Fatalf("%s was lost: %v", id, err)
		}
		if samplesHash(r) != h || r.Status != enroll.StatusBioCaptured {
			t.Fatalf("%s reads back damaged (%s)", id, r.Status)
		}
	}
	if r, err := s.Get(ctx, refused); err == nil && r.Status != enroll.StatusDraft {
		t.Fatalf("the refused enrollment %s was half stored as %s", refused, r.Status)
	}
	counts, err := s.QueueCounts(ctx)
	if err != nil || counts["queued"] != len(saved) {
		t.Fatalf("outbox %v, %v; want %d queued", counts, err, len(saved))
	}
}

func TestDiskFullPageLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := open(path, options{maxPageCount: 1200}) // 4.8 MB of 4 KiB pages
	if err != nil {
		t.Fatal(err)
	}
	saved, refused, ferr := fillUntilFull(t, s, enrolltest.SampleBytes)
	s.Close()
	checkFull(t, path, saved, refused, ferr)
}

func TestDiskFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := filepath.Join(t.TempDir(), "tiny")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a 2 MB tmpfs (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	path := filepath.Join(dir, "rekam.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	saved, refused, ferr := fillUntilFull(t, s, 150_000)
	s.Close()
	checkFull(t, path, saved, refused, ferr)
}
