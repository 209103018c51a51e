package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/app/ui"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/remote"
	"github.com/rekam-id/rekam/sync/uplink"
)

// backend implements ui.Backend over the wired station.
type backend struct {
	rt     *runtime
	engine *uplink.Engine // nil when the station is not provisioned
	client *remote.Client
	auth   func(ctx context.Context, id, password string) (ui.Operator, error)

	mu     sync.Mutex
	net    ui.NetStatus
	events chan struct{}
	// engineProgress is where the running sync's progress goes (the "Kirim sekarang"
	// caller's function, or nothing for a scheduled run).
	engineProgress atomic.Pointer[func(ui.SyncProgress)]
}

var (
	_ ui.Backend        = (*backend)(nil)
	_ ui.Locker         = (*backend)(nil)
	_ ui.Transfers      = (*backend)(nil)
	_ ui.SessionWatcher = (*backend)(nil)
)

func (b *backend) Authenticate(ctx context.Context, id, password string) (ui.Operator, error) {
	return b.auth(ctx, id, password)
}

func (b *backend) Search(ctx context.Context, query string, limit int) ([]enroll.Summary, error) {
	query = strings.TrimSpace(query)
	st := b.rt.store
	if query == "" {
		return st.List(ctx, sqlite.Filter{Limit: limit})
	}
	if _, err := strconv.Atoi(query); err == nil {
		if len(query) == 16 {
			return st.FindByNIK(ctx, query)
		}
		// A partial NIK: the blind index only answers whole NIKs; scan the recent list.
		all, err := st.List(ctx, sqlite.Filter{Limit: 2000})
		if err != nil {
			return nil, err
		}
		var out []enroll.Summary
		for _, s := range all {
			if strings.HasPrefix(s.NIK, query) && len(out) < limit {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return st.SearchName(ctx, query, limit)
}

// Record opens a stored record; every opening is on record in the audit log.
func (b *backend) Record(ctx context.Context, id string) (*enroll.Record, error) {
	r, err := b.rt.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := b.rt.audit(ctx, b.actor(), auth.ActionView, id, "record opened"); err != nil {
		return nil, err
	}
	return r, nil
}

func (b *backend) Drafts(ctx context.Context, operator string) ([]enroll.Summary, error) {
	all, err := b.rt.store.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	var out []enroll.Summary
	for _, s := range all {
		if operator == "" || s.Operator == operator {
			out = append(out, s)
		}
	}
	return out, nil
}

func (b *backend) Today(ctx context.Context) (ui.DayStats, error) {
	n, avg, err := b.rt.store.TodayStats(ctx, time.Now())
	return ui.DayStats{Recorded: n, Average: time.Duration(avg * float64(time.Minute))}, err
}

func queueState(s enroll.Status) ui.QueueState {
	q, _ := core.StateOf(s)
	return ui.QueueState(q)
}

func (b *backend) QueueCounts(ctx context.Context) (ui.QueueCounts, error) {
	c, err := queueCounts(ctx, b.rt.store)
	return ui.QueueCounts{Waiting: c.Waiting, Sent: c.Sent, PrintReady: c.PrintReady, Problems: c.Problems}, err
}

func (b *backend) QueueItems(ctx context.Context, limit int) ([]ui.QueueItem, error) {
	sums, err := b.rt.store.List(ctx, sqlite.Filter{Limit: 500})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(sums))
	for i, s := range sums {
		ids[i] = s.ID
	}
	outbox, err := b.rt.store.OutboxOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var problems, rest []ui.QueueItem
	for _, s := range sums {
		if s.Status == enroll.StatusDraft || s.Status == enroll.StatusCancelled {
			continue
		}
		ob := outbox[s.ID]
		it := ui.QueueItem{ID: s.ID, NIK: s.NIK, Name: s.Name, State: queueState(s.Status), Status: s.Status,
			Seq: ob.Seq, Attempts: ob.Attempts, Error: s.Reason, Updated: s.SignedOff}
		if it.Error == "" && ob.State == sqlite.Queued {
			it.Error = ob.LastError
		}
		if it.State == ui.QueueProblem || it.State == ui.QueueWaiting {
			problems = append(problems, it)
		} else {
			rest = append(rest, it)
		}
	}
	out := append(problems, rest...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (b *backend) SyncNow(ctx context.Context, progress func(ui.SyncProgress)) error {
	if b.engine == nil {
		return enroll.E("sync", enroll.KindUnavailable, errNotProvisioned)
	}
	return b.syncWith(ctx, progress)
}

// syncWith runs the station's one sync sequence (syncSequence), translating progress,
// and keeps the link state for the home screen.
func (b *backend) syncWith(ctx context.Context, progress func(ui.SyncProgress)) error {
	if b.rt.key != nil {
		b.client.SetKey(b.rt.key) // unsealed at login
	}
	b.engineProgress.Store(&progress)
	defer b.engineProgress.Store(nil)
	actor := ""
	if progress != nil && b.rt.session != nil {
		actor = b.rt.session.Account.ID // "Kirim sekarang"; the schedule is the system
	}
	res, err := syncSequence(ctx, b.rt.dir, b.rt.store, b.rt.log, b.engine, b.rt.key, actor, io.Discard)
	if err == nil {
		err = res.masterErr
	}
	b.mu.Lock()
	if !res.at.IsZero() {
		b.rt.cfg.LastSync = res.at
	}
	if err == nil {
		b.net.Online, b.net.LastSync, b.net.Detail = true, res.at, ""
	} else if !enroll.IsKind(err, enroll.KindConflict) {
		b.net.Detail = err.Error()
		if k := enroll.KindOf(err); k == enroll.KindUnavailable || k == enroll.KindNetwork || k == enroll.KindUntrusted {
			b.net.Online = false
		}
	}
	b.mu.Unlock()
	return err
}

// uiProgress converts the engine's progress for the UI.
func uiProgress(p uplink.Progress) ui.SyncProgress {
	phase := map[string]ui.SyncPhase{"announce": ui.PhaseConnect, "upload": ui.PhaseUpload, "status": ui.PhaseStatus, "done": ui.PhaseDone}[p.Phase]
	return ui.SyncProgress{Phase: phase, Records: p.RecordsDone, Total: p.RecordsTotal, Bytes: p.BytesDone,
		TotalBytes: p.BytesTotal, Packet: p.Current}
}

func (b *backend) NetworkStatus(ctx context.Context) ui.NetStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.net
	n.Server = b.rt.cfg.ServerURL
	if n.LastSync.IsZero() {
		n.LastSync = b.rt.cfg.LastSync
	}
	return n
}

// setOnline is told by the scheduler's network probe.
func (b *backend) setOnline(up bool) {
	b.mu.Lock()
	b.net.Online = up
	b.mu.Unlock()
}

func (b *backend) Regions(ctx context.Context, parent string) ([]enroll.Region, error) {
	return b.rt.store.Regions(ctx, parent)
}

func (b *backend) Settings(ctx context.Context) (ui.Settings, error) {
	c := b.rt.cfg
	s := ui.Settings{Station: c.Station, ServerURL: c.ServerURL, Schedule: c.Schedule, Language: c.Language,
		FingerQuality: b.rt.svc.FingerQuality()}
	raw, _ := json.MarshalIndent(b.rt.svc.Checklist(), "", "  ")
	s.Checklist = raw
	return s, nil
}

func (b *backend) SaveSettings(ctx context.Context, s ui.Settings) error {
	if _, err := parseSchedule(s.Schedule); err != nil {
		return err
	}
	checklist, err := enroll.ParseChecklist(s.Checklist)
	if err != nil {
		return err
	}
	if s.FingerQuality < 0 || s.FingerQuality > 100 {
		return enroll.Errorf("save settings", enroll.KindInvalid, "finger quality %d is not 0–100", s.FingerQuality)
	}
	if err := b.rt.store.SetSetting(ctx, checklistKey, string(s.Checklist)); err != nil {
		return err
	}
	if err := b.rt.store.SetSetting(ctx, fingerQualityKey, strconv.Itoa(s.FingerQuality)); err != nil {
		return err
	}
	// In force at once for the next applicant (and the one in progress).
	if err := b.rt.svc.SetChecklist(checklist); err != nil {
		return err
	}
	if err := b.rt.svc.SetFingerQuality(s.FingerQuality); err != nil {
		return err
	}
	c := b.rt.cfg
	c.Schedule, c.Language = s.Schedule, s.Language
	if s.ServerURL != "" && s.ServerURL != c.ServerURL {
		return enroll.Errorf("save settings", enroll.KindInvalid, "the server is set by provisioning (rekam provision BUNDLE)")
	}
	b.rt.cfg = c
	if err := saveStation(b.rt.dir, c); err != nil {
		return err
	}
	actor := ""
	if b.rt.session != nil {
		actor = b.rt.session.Account.ID
	}
	return b.rt.audit(ctx, actor, auth.ActionSettings, "station", fmt.Sprintf("schedule %q, language %q, finger quality %d, checklist %d bytes",
		s.Schedule, s.Language, s.FingerQuality, len(s.Checklist)))
}

// fingerQualityKey is the settings key of the minimum finger quality.
const fingerQualityKey = "enroll.finger_quality"

func (b *backend) Devices() ui.Devices {
	return ui.Devices{Camera: b.rt.camera, Pad: b.rt.pad, Scanner: b.rt.scanner, Changes: b.events}
}

// newBackend wires the UI's backend; the sync engine (when provisioned) reports to it.
func newBackend(rt *runtime, auth func(ctx context.Context, id, password string) (ui.Operator, error)) (*backend, error) {
	b := &backend{rt: rt, auth: auth, events: make(chan struct{}, 1)}
	if !rt.provisioned {
		return b, nil
	}
	cl, err := syncClient(rt.dir, rt.cfg, rt.key)
	if err != nil {
		return nil, err
	}
	b.client = cl
	b.engine = uplink.New(uplink.Config{Station: rt.cfg.Station, Outbox: storeOutbox{rt.store}, Transport: cl,
		Progress: func(p uplink.Progress) {
			if f := b.engineProgress.Load(); f != nil && *f != nil {
				(*f)(uiProgress(p))
			}
		}})
	return b, nil
}

// ScreenLocked records an idle screen lock in the audit log (ui.Locker).
func (b *backend) ScreenLocked(ctx context.Context, operator string) {
	if err := b.rt.audit(ctx, operator, auth.ActionLock, "screen", "locked after inactivity"); err != nil {
		fyneLog("audit screen lock", err)
	}
}

// actor is the logged-in account, or the system.
func (b *backend) actor() string {
	if b.rt.session != nil {
		return b.rt.session.Account.ID
	}
	return ""
}

// ExportQueue writes the sealed queue to a drive folder (ui.Transfers).
func (b *backend) ExportQueue(ctx context.Context, dir string, progress func(done, total int)) (int, error) {
	n, err := exportQueue(ctx, b.rt.store, b.rt.cfg.Station, dir, progress)
	if err != nil {
		return n, err
	}
	return n, b.rt.audit(ctx, b.actor(), auth.ActionExport, dir, fmt.Sprintf("%d sealed packets", n))
}

// ImportQueue queues another station's drive transfer (ui.Transfers).
func (b *backend) ImportQueue(ctx context.Context, dir string, progress func(done, total int)) (int, int, int, error) {
	added, already, problems, station, err := importQueue(ctx, b.rt.store, dir, progress)
	if err != nil {
		return 0, 0, 0, err
	}
	return added, already, len(problems), b.rt.audit(ctx, b.actor(), auth.ActionImport, dir,
		fmt.Sprintf("station %s: %d added, %d already here, %d skipped", station, added, already, len(problems)))
}

// LoggedOut records a logout in the audit log (ui.SessionWatcher).
func (b *backend) LoggedOut(ctx context.Context, operator string) {
	if err := b.rt.audit(ctx, operator, auth.ActionLogout, "session", "logged out"); err != nil {
		fyneLog("audit logout", err)
	}
}
