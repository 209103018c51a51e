package ui

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

func TestMain(m *testing.M) {
	// Fyne logs an error for the C locale; the station's tests run in a real one.
	os.Setenv("LANG", "en_US.UTF-8")
	os.Unsetenv("LANGUAGE")
	os.Exit(m.Run())
}

// trackRepo is the in-memory repository, remembering record IDs so that the fake
// backend can search and list drafts.
type trackRepo struct {
	*enrolltest.MemRepo
	mu  sync.Mutex
	ids []string
}

func (r *trackRepo) note(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.ids {
		if x == id {
			return
		}
	}
	r.ids = append(r.ids, id)
}

func (r *trackRepo) SaveDraft(ctx context.Context, rec *enroll.Record) error {
	if err := r.MemRepo.SaveDraft(ctx, rec); err != nil {
		return err
	}
	r.note(rec.ID)
	return nil
}

func (r *trackRepo) Commit(ctx context.Context, rec *enroll.Record, packet []byte) (int64, error) {
	seq, err := r.MemRepo.Commit(ctx, rec, packet)
	if err == nil {
		r.note(rec.ID)
	}
	return seq, err
}

func (r *trackRepo) all(ctx context.Context) []*enroll.Record {
	r.mu.Lock()
	ids := append([]string(nil), r.ids...)
	r.mu.Unlock()
	var out []*enroll.Record
	for _, id := range ids {
		if rec, err := r.Get(ctx, id); err == nil {
			out = append(out, rec)
		}
	}
	return out
}

// fakeBackend is an in-memory station behind the UI: MemRepo and a real enroll.Service,
// local accounts, a small region table, a scripted queue and sync.
type fakeBackend struct {
	repo     *trackRepo
	cfg      enroll.Config
	svc      *enroll.Service
	clock    func() time.Time
	accounts map[string]account
	regions  []enroll.Region
	devs     Devices

	mu        sync.Mutex
	settings  Settings
	counts    QueueCounts
	items     []QueueItem
	net       NetStatus
	syncSteps []SyncProgress
	syncErr   error
	syncs     int
}

type account struct {
	pw string
	op Operator
}

// testStart is the fake clock's start: the clock advances a second per reading.
var testStart = time.Date(2025, 11, 26, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))

func newFakeBackend() *fakeBackend {
	var tick atomic.Int64
	clock := func() time.Time { return testStart.Add(time.Duration(tick.Add(1)) * time.Second) }
	var n atomic.Int64
	b := &fakeBackend{
		repo:  &trackRepo{MemRepo: enrolltest.NewMemRepo()},
		clock: clock,
		accounts: map[string]account{
			"op1":  {"rahasia", Operator{ID: "op1", Name: "Budi Santoso", Role: RoleOperator}},
			"sup1": {"atasan", Operator{ID: "sup1", Name: "Sri Wahyuni", Role: RoleSupervisor}},
			"adm":  {"admin", Operator{ID: "adm", Name: "Admin", Role: RoleAdmin}},
		},
		regions: []enroll.Region{
			{Code: "33", Level: enroll.LevelProvince, Name: "JAWA TENGAH"},
			{Code: "34", Level: enroll.LevelProvince, Name: "DI YOGYAKARTA"},
			{Code: "3313", Parent: "33", Level: enroll.LevelRegency, Name: "KAB. KARANGANYAR"},
			{Code: "3372", Parent: "33", Level: enroll.LevelRegency, Name: "KOTA SURAKARTA"},
			{Code: "331301", Parent: "3313", Level: enroll.LevelDistrict, Name: "JATIPURO"},
			{Code: "331309", Parent: "3313", Level: enroll.LevelDistrict, Name: "JATEN"},
			{Code: "3313092001", Parent: "331309", Level: enroll.LevelVillage, Name: "JATEN", Postal: "57731"},
			{Code: "3313092002", Parent: "331309", Level: enroll.LevelVillage, Name: "JETIS", Postal: "57731"},
			{Code: "3313011001", Parent: "331301", Level: enroll.LevelVillage, Name: "JATIPURO", Postal: "57784"},
		},
		settings: Settings{Station: "KEC-JATEN-01", ServerURL: "https://afis.example.go.id", Schedule: "*/15 * * * *",
			Language: "id", FingerQuality: 40},
		net: NetStatus{Online: true, Server: "https://afis.example.go.id"},
	}
	b.cfg = enroll.Config{Repo: b.repo, Clock: clock, Station: "KEC-JATEN-01", Regions: b,
		NewID: func() string { return fmt.Sprintf("R%04d", n.Add(1)) }}
	b.svc = enroll.NewService(b.cfg)
	return b
}

// withDuplicates makes the service's duplicate check report hits for every record.
func (b *fakeBackend) withDuplicates(hits ...enroll.DuplicateHit) *fakeBackend {
	b.cfg.Duplicates = fakeIndex(hits)
	b.svc = enroll.NewService(b.cfg)
	return b
}

// fakeIndex is a duplicate index that finds the same hits for everyone.
type fakeIndex []enroll.DuplicateHit

func (f fakeIndex) Search(context.Context, *enroll.Record) ([]enroll.DuplicateHit, error) {
	return f, nil
}

func (f fakeIndex) Add(context.Context, *enroll.Record) error { return nil }

// RegionExists makes the region table the service's region checker.
func (b *fakeBackend) RegionExists(code string) bool {
	for _, r := range b.regions {
		if r.Code == code {
			return true
		}
	}
	return false
}

func (b *fakeBackend) Authenticate(ctx context.Context, id, pw string) (Operator, error) {
	a, ok := b.accounts[id]
	if !ok || a.pw != pw {
		return Operator{}, enroll.Errorf("login", enroll.KindPermission, "wrong ID or password")
	}
	return a.op, nil
}

func (b *fakeBackend) Search(ctx context.Context, q string, limit int) ([]enroll.Summary, error) {
	var out []enroll.Summary
	q = strings.ToUpper(q)
	for _, r := range b.repo.all(ctx) {
		if strings.HasPrefix(r.Biodata.NIK, q) || q != "" && strings.HasPrefix(strings.ToUpper(r.Biodata.Name), q) {
			out = append(out, r.Summary())
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (b *fakeBackend) Record(ctx context.Context, id string) (*enroll.Record, error) {
	return b.repo.Get(ctx, id)
}

func (b *fakeBackend) Drafts(ctx context.Context, op string) ([]enroll.Summary, error) {
	var recs []*enroll.Record
	for _, r := range b.repo.all(ctx) {
		if r.Status == enroll.StatusDraft && r.Operator == op {
			recs = append(recs, r)
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Updated.After(recs[j].Updated) })
	out := make([]enroll.Summary, len(recs))
	for i, r := range recs {
		out[i] = r.Summary()
	}
	return out, nil
}

func (b *fakeBackend) Today(ctx context.Context) (DayStats, error) {
	var s DayStats
	var total time.Duration
	for _, r := range b.repo.all(ctx) {
		if r.Status != enroll.StatusDraft && r.Status != enroll.StatusCancelled {
			s.Recorded++
			total += r.Times.Duration()
		}
	}
	if s.Recorded > 0 {
		s.Average = total / time.Duration(s.Recorded)
	}
	return s, nil
}

func (b *fakeBackend) QueueCounts(ctx context.Context) (QueueCounts, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts, nil
}

func (b *fakeBackend) QueueItems(ctx context.Context, limit int) ([]QueueItem, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]QueueItem(nil), b.items...), nil
}

func (b *fakeBackend) SyncNow(ctx context.Context, progress func(SyncProgress)) error {
	b.mu.Lock()
	steps, err := b.syncSteps, b.syncErr
	b.syncs++
	b.mu.Unlock()
	for _, p := range steps {
		progress(p)
	}
	return err
}

func (b *fakeBackend) NetworkStatus(ctx context.Context) NetStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.net
}

func (b *fakeBackend) Regions(ctx context.Context, parent string) ([]enroll.Region, error) {
	var out []enroll.Region
	for _, r := range b.regions {
		if r.Parent == parent {
			out = append(out, r)
		}
	}
	return out, nil
}

func (b *fakeBackend) Settings(ctx context.Context) (Settings, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.settings, nil
}

func (b *fakeBackend) SaveSettings(ctx context.Context, s Settings) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.settings = s
	return nil
}

func (b *fakeBackend) Devices() Devices { return b.devs }

var _ Backend = (*fakeBackend)(nil)
