package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// seedRetention commits four records and moves them through the central statuses:
// old reached print-ready 40 days before now, recent 10 days before, waiting never did,
// issued reached print-ready 40 days before and was issued 5 days before.
func seedRetention(t *testing.T, s *Store, now time.Time) map[string]*enroll.Record {
	t.Helper()
	ctx := context.Background()
	out := map[string]*enroll.Record{}
	moves := map[string][]struct {
		st  enroll.Status
		ago time.Duration
	}{
		"old":     {{enroll.StatusSent, 41}, {enroll.StatusPrintReady, 40}},
		"recent":  {{enroll.StatusSent, 11}, {enroll.StatusPrintReady, 10}},
		"waiting": {{enroll.StatusSent, 60}},
		"issued":  {{enroll.StatusSent, 41}, {enroll.StatusPrintReady, 40}, {enroll.StatusCardIssued, 5}},
	}
	for i, id := range []string{"old", "recent", "waiting", "issued"} {
		r := enrolltest.Fixture(id, fmt.Sprintf("33130945120000%02d", i+1), "Sri Wahyuni", now.AddDate(0, 0, -70), 20_000)
		enrolltest.Sign(r, r.Times.Arrived.Add(9*time.Minute))
		if _, err := s.Commit(ctx, r, []byte("packet")); err != nil {
			t.Fatal(err)
		}
		for _, m := range moves[id] {
			if err := s.SetStatus(ctx, id, m.st, "", now.Add(-m.ago*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		out[id] = r
	}
	return out
}

func TestPurge(t *testing.T) { forModes(t, checkPurge) }

func checkPurge(t *testing.T, s *Store) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	recs := seedRetention(t, s, now)
	before := now.AddDate(0, 0, -DefaultRetentionDays)

	// A log that fails stops the purge: nothing is deleted unrecorded.
	if _, err := s.Purge(ctx, before, func(context.Context, []string) error {
		return enroll.Errorf("record audit", enroll.KindUnavailable, "disk full")
	}); !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("Purge with a failing log: %v, want KindUnavailable", err)
	}
	if _, err := s.Purge(ctx, before, nil); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("Purge without a log: %v, want KindInvalid", err)
	}
	got, err := s.Get(ctx, "old")
	if err != nil || got.Face.Data == nil {
		t.Fatalf("a refused purge deleted samples: %v", err)
	}

	var logged []string
	purged, err := s.Purge(ctx, before, func(_ context.Context, ids []string) error {
		logged = ids
		var n int // the log is written before anything is deleted
		s.db.QueryRow(`SELECT count(*) FROM samples WHERE record_id = ?`, ids[0]).Scan(&n)
		if n == 0 {
			return errors.New("samples deleted before the purge was logged")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"issued", "old"}
	slices.Sort(purged)
	slices.Sort(logged)
	if !slices.Equal(purged, want) || !slices.Equal(logged, want) {
		t.Fatalf("purged %v, logged %v; want %v", purged, logged, want)
	}
	for _, id := range []string{"old", "issued"} {
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatalf("Get of a purged record: %v", err)
		}
		if got.Biodata.NIK != recs[id].Biodata.NIK || got.Face == nil || got.Face.Data != nil || got.Fingers[0].Sample.Data != nil {
			t.Fatalf("purged %s: metadata or samples wrong (face %v)", id, got.Face)
		}
		if at, err := s.Purged(ctx, id); err != nil || !at.Equal(now) {
			t.Fatalf("Purged(%s) = %v, %v", id, at, err)
		}
	}
	for _, id := range []string{"recent", "waiting"} {
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Face.Data, recs[id].Face.Data) || !bytes.Equal(got.Fingers[9].Sample.Data, recs[id].Fingers[9].Sample.Data) {
			t.Fatalf("%s was not due but lost its samples", id)
		}
	}
	again, err := s.Purge(ctx, before, func(context.Context, []string) error {
		t.Fatal("a purge with nothing to do was logged")
		return nil
	})
	if err != nil || len(again) != 0 {
		t.Fatalf("second purge = %v, %v", again, err)
	}
}

// TestPurgeLeavesNoSampleBytes checks, in a plain database where the bytes would be
// visible, that purged samples are gone from the files and not only from the tables.
func TestPurgeLeavesNoSampleBytes(t *testing.T) {
	s := openTemp(t)
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	recs := seedRetention(t, s, now)
	needles := map[string][]byte{}
	for key, smp := range recs["old"].Samples() {
		d := smp.Data
		needles[key] = d[len(d)/2 : len(d)/2+32]
	}
	keep := recs["recent"].Face.Data
	needles["kept"] = keep[len(keep)/2 : len(keep)/2+32]
	if _, err := s.Purge(context.Background(), now.AddDate(0, 0, -30), func(context.Context, []string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	found := scanFiles(t, s.Path(), needles)
	if !slices.Equal(found, []string{"kept in rekam.db"}) {
		t.Fatalf("after the purge the files hold %v; want only the kept sample", found)
	}
}
