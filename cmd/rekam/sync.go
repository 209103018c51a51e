package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/uplink"
)

// openStore opens the station's database in dir.
func openStore(dir string) (*sqlite.Store, error) {
	path, err := ensureDir(dir)
	if err != nil {
		return nil, err
	}
	// The database holds personal data: only its owner may read it (SQLite gives the
	// -wal and -shm files the same mode).
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o600); err == nil {
		f.Close()
	}
	return sqlite.Open(path)
}

// newEngine wires the sync engine for a provisioned station.
func newEngine(dir string, st *sqlite.Store, key ed25519.PrivateKey, progress func(uplink.Progress)) (*uplink.Engine, stationConfig, error) {
	c, _, err := loadStation(dir)
	if err != nil {
		return nil, c, err
	}
	cl, err := syncClient(dir, c, key)
	if err != nil {
		return nil, c, err
	}
	return uplink.New(uplink.Config{Station: c.Station, Outbox: storeOutbox{st}, Transport: cl, Progress: progress}), c, nil
}

func runSync(args []string, out io.Writer) error {
	fs := newFlags("sync", out)
	data := dataFlag(fs)
	once := fs.Bool("once", false, "run one sync and exit")
	as := asFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(pos) == 1 && pos[0] == "status" {
		return syncStatus(st, out)
	}
	if !*once || len(pos) != 0 {
		return usageError{"usage: rekam sync --once | rekam sync status"}
	}
	sess, err := unlockStore(context.Background(), st, *as, core.ActionSync, out)
	if err != nil {
		return err
	}
	key, err := syncKey(context.Background(), *data, st, sess)
	if err != nil {
		return err
	}
	actor := auth.SystemActor
	if sess != nil {
		actor = sess.Account.ID
	}
	last := time.Time{}
	eng, _, err := newEngine(*data, st, key, func(p uplink.Progress) {
		if p.Phase == "upload" && time.Since(last) < 500*time.Millisecond && p.RecordsDone < p.RecordsTotal {
			return
		}
		last = time.Now()
		switch p.Phase {
		case "upload":
			fmt.Fprintf(out, "upload: %d/%d records, %s/%s %s\n", p.RecordsDone, p.RecordsTotal, kb(p.BytesDone), kb(p.BytesTotal), p.Current)
		case "announce", "status":
			fmt.Fprintf(out, "%s…\n", p.Phase)
		}
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	_, log := stationAccounts(st)
	res, err := syncSequence(ctx, *data, st, log, eng, key, actor, out)
	sum := res.summary
	fmt.Fprintf(out, "sync: %d announced, %d uploaded, %d already at the centre, %d rejected, %s sent, %d statuses, %d retries\n",
		sum.Announced, sum.Uploaded, sum.AlreadyThere, sum.Rejected, kb(sum.BytesSent), sum.Statuses, sum.Retries)
	if err != nil {
		return err
	}
	if res.masterErr != nil {
		fmt.Fprintf(out, "master data: %v\n", res.masterErr)
	} else if res.masterVersion != "" {
		fmt.Fprintf(out, "master data version %s\n", res.masterVersion)
	}
	return nil
}

// syncResult is what one run of the sync sequence did.
type syncResult struct {
	summary       uplink.Summary
	masterVersion string    // the master data version pulled, "" when unchanged
	masterErr     error     // a failed master-data pull (the sync itself succeeded)
	at            time.Time // when the sync succeeded; zero when it did not
}

// syncSequence is the station's one sync, for the window's "Kirim sekarang", its
// schedule and `rekam sync --once`: the data folder's sync lock (one sync at a time
// across processes), registration with the centre when a token waits, one SyncOnce, its
// audit entry, the master-data pull, and the time of the last successful sync in
// station.json. Errors: KindConflict (another sync runs), the engine's and the store's.
func syncSequence(ctx context.Context, dir string, st *sqlite.Store, log *auth.Log, eng *uplink.Engine,
	key ed25519.PrivateKey, actor string, out io.Writer) (syncResult, error) {
	var res syncResult
	release, err := lockSync(dir)
	if err != nil {
		return res, err
	}
	defer release()
	if err := register(dir, key, out); err != nil {
		return res, err
	}
	c, _, err := loadStation(dir)
	if err != nil {
		return res, err
	}
	res.summary, err = eng.SyncOnce(ctx)
	if enroll.IsKind(err, enroll.KindBusy) {
		return res, enroll.E("sync", enroll.KindConflict, err)
	}
	sum := res.summary
	detail := fmt.Sprintf("%d uploaded, %d already there, %d rejected, %d statuses", sum.Uploaded, sum.AlreadyThere, sum.Rejected, sum.Statuses)
	if err != nil {
		detail += "; error: " + err.Error()
	}
	if actor == "" {
		actor = auth.SystemActor
	}
	if _, aerr := log.Record(ctx, actor, auth.ActionSync, c.ServerURL, detail); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		return res, err
	}
	if cl, cerr := syncClient(dir, c, key); cerr != nil {
		res.masterErr = cerr
	} else {
		res.masterVersion, res.masterErr = pullMasterData(ctx, st, cl)
	}
	res.at = time.Now()
	c.LastSync = res.at
	return res, saveStation(dir, c)
}

func kb(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

func syncStatus(st *sqlite.Store, out io.Writer) error {
	counts, err := queueCounts(context.Background(), st)
	if err != nil {
		return err
	}
	// The same four numbers as the window's queue and home screens.
	fmt.Fprintf(out, "waiting %d\nsent %d\nprint_ready %d\nproblems %d\n", counts.Waiting, counts.Sent, counts.PrintReady, counts.Problems)
	outbox, err := st.QueueCounts(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "outbox unacknowledged %d\noutbox acknowledged %d\noutbox rejected %d\n", outbox["queued"], outbox["sent"], outbox["rejected"])
	byStatus, err := st.StatusCounts(context.Background())
	if err != nil {
		return err
	}
	for _, s := range byStatus {
		fmt.Fprintf(out, "status %s %d\n", s.Status, s.Count)
	}
	return nil
}

// queueCounts counts the queue as every door shows it (core.CountQueue).
func queueCounts(ctx context.Context, st *sqlite.Store) (core.QueueCounts, error) {
	byStatus, err := st.StatusCounts(ctx)
	if err != nil {
		return core.QueueCounts{}, err
	}
	m := map[enroll.Status]int{}
	for _, s := range byStatus {
		m[s.Status] += s.Count
	}
	return core.CountQueue(m), nil
}

// syncKey returns the station's signing key: from its file, or unsealed from the
// encrypted store with the session of the account the command runs as.
func syncKey(ctx context.Context, dir string, st *sqlite.Store, s *auth.Session) (ed25519.PrivateKey, error) {
	_, key, err := loadStation(dir)
	if err != nil || key != nil {
		return key, err
	}
	if s == nil {
		return nil, enroll.Errorf("sync", enroll.KindPermission, "the station key is sealed: run with --as ACCOUNT")
	}
	return unsealStationKey(ctx, st, s)
}
