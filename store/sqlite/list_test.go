package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

func TestNameKey(t *testing.T) {
	for in, want := range map[string]string{
		"Sri Wahyuni": "SRI WAHYUNI", "  m.  yusuf ": "M YUSUF", "Ma'ruf Amin": "MARUF AMIN",
		"I Gusti Ngurah-Rai": "I GUSTI NGURAH RAI", "": "", "...": "", "Ñoño": "ÑOÑO",
	} {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// seedList stores drafts and signed-off records of known names, statuses and times.
func seedList(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	people := []struct {
		id, name string
		arrive   time.Duration // after day
		took     time.Duration // to sign-off; 0 leaves a draft
	}{
		{"l1", "Sri Wahyuni", 0, 10 * time.Minute},
		{"l2", "SRI WAHYUNINGSIH", time.Hour, 6 * time.Minute},
		{"l3", "Sriyanti", 2 * time.Hour, 0},
		{"l4", "Budi Santoso", 3 * time.Hour, 8 * time.Minute},
		{"l5", "Ma'ruf", 4 * time.Hour, 0},
		{"l6", "Sri Mulyani", -24 * time.Hour, 5 * time.Minute}, // the day before
	}
	for i, p := range people {
		r := enrolltest.Fixture(p.id, fmt.Sprintf("3313094512%06d", i+1), p.name, day.Add(p.arrive), 5_000)
		if p.took == 0 {
			if err := s.SaveDraft(ctx, r); err != nil {
				t.Fatal(err)
			}
			continue
		}
		enrolltest.Sign(r, r.Times.Arrived.Add(p.took))
		if _, err := s.Commit(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(sums []enroll.Summary) string {
	var out []string
	for _, s := range sums {
		out = append(out, s.ID)
	}
	return fmt.Sprint(out)
}

func TestSearchName(t *testing.T) { forModes(t, checkSearchName) }

func checkSearchName(t *testing.T, s *Store) {
	seedList(t, s)
	ctx := context.Background()
	for _, c := range []struct {
		prefix string
		limit  int
		want   string
	}{
		{"sri", 10, "[l6 l1 l2 l3]"}, // by name: SRI MULYANI, SRI WAHYUNI, SRI WAHYUNINGSIH, SRIYANTI
		{"SRI W", 10, "[l1 l2]"},
		{"sri  wahyuni", 10, "[l1 l2]"},
		{"sri", 2, "[l6 l1]"},
		{"maru", 10, "[l5]"},
		{"x", 10, "[]"},
		{"", 10, "[]"},
	} {
		got, err := s.SearchName(ctx, c.prefix, c.limit)
		if err != nil || ids(got) != c.want {
			t.Errorf("SearchName(%q, %d) = %s, %v; want %s", c.prefix, c.limit, ids(got), err, c.want)
		}
	}
}

func TestListDraftsStats(t *testing.T) { forModes(t, checkListDraftsStats) }

func checkListDraftsStats(t *testing.T, s *Store) {
	seedList(t, s)
	ctx := context.Background()
	for _, c := range []struct {
		f    Filter
		want string
	}{
		{Filter{}, "[l5 l4 l3 l2 l1 l6]"},
		{Filter{Limit: 2}, "[l5 l4]"},
		{Filter{Limit: 2, Offset: 2}, "[l3 l2]"},
		{Filter{Statuses: []enroll.Status{enroll.StatusDraft}}, "[l5 l3]"},
		{Filter{Statuses: []enroll.Status{enroll.StatusBioCaptured, enroll.StatusSent}, From: day}, "[l4 l2 l1]"},
		{Filter{From: day.Add(-24 * time.Hour), To: day}, "[l6]"},
	} {
		got, err := s.List(ctx, c.f)
		if err != nil || ids(got) != c.want {
			t.Errorf("List(%+v) = %s, %v; want %s", c.f, ids(got), err, c.want)
		}
	}
	drafts, err := s.Drafts(ctx)
	if err != nil || ids(drafts) != "[l5 l3]" {
		t.Fatalf("Drafts = %s, %v; want [l5 l3]", ids(drafts), err)
	}
	n, avg, err := s.TodayStats(ctx, day.Add(5*time.Hour))
	if err != nil || n != 3 || avg != 8 {
		t.Fatalf("TodayStats = %d, %.2f min, %v; want 3 records, 8 minutes on average", n, avg, err)
	}
	n, avg, err = s.TodayStats(ctx, day.Add(48*time.Hour))
	if err != nil || n != 0 || avg != 0 {
		t.Fatalf("TodayStats(empty day) = %d, %.2f, %v", n, avg, err)
	}
}

func TestBusyIsUnavailable(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	// Another writer holds the write lock longer than the busy timeout allows.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		t.Fatal(err)
	}
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = conn.ExecContext(ctx, `BEGIN IMMEDIATE`)
	err = classify("save draft", err)
	if !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("a locked database gives %v (kind %v), want unavailable", err, enroll.KindOf(err))
	}
	t.Log(err)
}
