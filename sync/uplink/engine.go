package uplink

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Config configures an Engine.
type Config struct {
	Station   string
	Outbox    Outbox
	Transport Transport
	// BatchSize is how many packets are announced at once (default 20).
	BatchSize int
	// MaxAttempts is how often one packet is tried within one SyncOnce before the sync
	// gives up until its next run (default 5).
	MaxAttempts int
	// BackoffBase and BackoffMax bound the exponential backoff (defaults 1 s and 60 s).
	BackoffBase, BackoffMax time.Duration
	// Sleep waits for d or until ctx is done; injected so tests run on a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random float in [0,1); injected for exact tests.
	Jitter func() float64
	// Progress receives plain progress values; it must not block. May be nil.
	Progress func(Progress)
	// Parallel is how many packets upload at once (default 2): on a long, slow link one
	// upload's wait for its receipt is filled by another's bytes.
	Parallel int
	// SkipStatus skips the status pull (for relayed packets of other stations).
	SkipStatus bool
}

// Progress is what the GUI shows while a sync runs.
type Progress struct {
	Phase        string // "announce", "upload", "status", "done"
	RecordsDone  int
	RecordsTotal int
	BytesDone    int64
	BytesTotal   int64
	Current      string // the packet being uploaded
}

// Summary is the outcome of one SyncOnce.
type Summary struct {
	Announced    int   // packets announced
	Uploaded     int   // packets uploaded (fully or the rest of a partial one)
	AlreadyThere int   // packets the centre already held
	Rejected     int   // permanent rejections
	BytesSent    int64 // packet bytes sent on the wire
	Statuses     int   // status updates applied
	Retries      int   // transient failures retried
	FullResend   bool  // the centre did not know this database incarnation
}

// Engine runs syncs.
type Engine struct {
	cfg     Config
	running sync.Mutex
}

// New returns an Engine for cfg, filling defaults.
func New(cfg Config) *Engine {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 20
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = time.Second
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = time.Minute
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 2
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	return &Engine{cfg: cfg}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Backoff returns the wait before retry number attempt (1-based): base·2^(attempt-1),
// capped at max, with "full jitter" between half and all of it.
func Backoff(attempt int, base, max time.Duration, jitter float64) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d/2 + time.Duration(jitter*float64(d/2))
}

// Permanent reports whether err is a permanent rejection rather than a transient failure.
func Permanent(err error) bool {
	k := enroll.KindOf(err)
	return k == enroll.KindInvalid || k == enroll.KindConflict
}

// SyncOnce announces the queued packets batch by batch, uploads what the centre lacks,
// records receipts and rejections, then pulls the status feed. It returns an error of
// kind enroll.KindBusy when another sync is running. On a transient failure that outlasts
// MaxAttempts it stops and returns the error; the work done so far is kept.
func (e *Engine) SyncOnce(ctx context.Context) (Summary, error) {
	var sum Summary
	if !e.running.TryLock() {
		return sum, enroll.Errorf("sync", enroll.KindBusy, "a sync is already running")
	}
	defer e.running.Unlock()
	err := e.upload(ctx, &sum)
	if err == nil && !e.cfg.SkipStatus {
		err = e.pullStatuses(ctx, &sum)
	}
	e.report(Progress{Phase: "done"})
	return sum, err
}

func (e *Engine) report(p Progress) {
	if e.cfg.Progress != nil {
		e.cfg.Progress(p)
	}
}

// retry runs f until it succeeds, fails permanently, or MaxAttempts transient failures.
func (e *Engine) retry(ctx context.Context, sum *Summary, mu *sync.Mutex, f func() error) error {
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || Permanent(err) || ctx.Err() != nil {
			return err
		}
		if attempt >= e.cfg.MaxAttempts {
			return fmt.Errorf("after %d attempts: %w", attempt, err)
		}
		mu.Lock()
		sum.Retries++
		mu.Unlock()
		if err := e.cfg.Sleep(ctx, Backoff(attempt, e.cfg.BackoffBase, e.cfg.BackoffMax, e.cfg.Jitter())); err != nil {
			return err
		}
	}
}

func (e *Engine) upload(ctx context.Context, sum *Summary) error {
	ob := e.cfg.Outbox
	all := false
	var after int64
	for {
		items, err := ob.Items(ctx, after, e.cfg.BatchSize, all)
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(items) == 0 {
			return nil
		}
		after = items[len(items)-1].Seq
		a := Announcement{Station: e.cfg.Station, Incarnation: ob.Incarnation()}
		for _, it := range items {
			a.Packets = append(a.Packets, announced(it))
		}
		e.report(Progress{Phase: "announce", RecordsTotal: len(items)})
		var reply AnnounceReply
		if err := e.retry(ctx, sum, &sync.Mutex{}, func() (err error) { reply, err = e.cfg.Transport.Announce(ctx, a); return err }); err != nil {
			return fmt.Errorf("announce batch after seq %d: %w", items[0].Seq-1, err)
		}
		if !reply.KnownIncarnation && !all {
			// A reset database: resend the whole outbox; the centre keeps one copy.
			all, after, sum.FullResend = true, 0, true
			continue
		}
		sum.Announced += len(items)
		if err := e.uploadBatch(ctx, sum, items, reply.Offers); err != nil {
			return err
		}
	}
}

func announced(it Item) AnnouncedPkt {
	return AnnouncedPkt{PacketID: it.PacketID, RecordID: it.RecordID, Size: it.Size, SHA256: it.SHA256, Relay: it.Relay}
}

func (e *Engine) uploadBatch(ctx context.Context, sum *Summary, items []Item, offers []Offer) error {
	byID := map[string]Offer{}
	for _, o := range offers {
		byID[o.PacketID] = o
	}
	var total int64
	for _, it := range items {
		total += it.Size
	}
	// Progress and the summary are shared by the upload workers.
	var mu sync.Mutex
	p := Progress{Phase: "upload", RecordsTotal: len(items), BytesTotal: total}
	var todo []Item
	for _, it := range items {
		o := byID[it.PacketID]
		if !o.Have {
			todo = append(todo, it)
			continue
		}
		sum.AlreadyThere++
		r := Receipt{PacketID: it.PacketID, RecordID: it.RecordID, SHA256: it.SHA256}
		if o.Receipt != nil {
			r = *o.Receipt
		}
		if !it.Sent {
			if err := e.cfg.Outbox.MarkSent(ctx, it, r); err != nil {
				return fmt.Errorf("record receipt of %s: %w", it.PacketID, err)
			}
		}
		p.RecordsDone++
		p.BytesDone += it.Size
		e.report(p)
	}
	// Several uploads at once keep a slow, long link busy while each waits for its
	// receipt; the packets are still committed one by one, each with its own receipt.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan Item)
	errs := make(chan error, e.cfg.Parallel)
	var wg sync.WaitGroup
	for w := 0; w < min(e.cfg.Parallel, len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := e.uploadOne(ctx, sum, &mu, it, byID[it.PacketID].Offset, &p); err != nil {
					if !Permanent(err) {
						errs <- fmt.Errorf("upload %s: %w", it.PacketID, err)
						cancel()
						return
					}
					mu.Lock()
					sum.Rejected++
					mu.Unlock()
					if err := e.cfg.Outbox.MarkRejected(ctx, it, reason(err)); err != nil {
						errs <- fmt.Errorf("mark %s rejected: %w", it.PacketID, err)
						cancel()
						return
					}
				}
				mu.Lock()
				p.RecordsDone++
				e.report(p)
				mu.Unlock()
			}
		}()
	}
feed:
	for _, it := range todo {
		select {
		case work <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return nil
}

func reason(err error) string {
	var ee *enroll.Error
	if errors.As(err, &ee) && ee.Err != nil {
		return ee.Err.Error()
	}
	return err.Error()
}

func (e *Engine) uploadOne(ctx context.Context, sum *Summary, mu *sync.Mutex, it Item, offset int64, p *Progress) error {
	src, err := e.cfg.Outbox.Packet(ctx, it.RecordID)
	if err != nil {
		return fmt.Errorf("open packet: %w", err)
	}
	ap := announced(it)
	first := true
	var rc Receipt
	var counted int64 // bytes of this packet counted into p.BytesDone
	err = e.retry(ctx, sum, mu, func() error {
		if !first {
			// After a cut, ask where the centre stands rather than resend from zero.
			off, err := e.cfg.Transport.Offset(ctx, ap)
			if err != nil {
				return err
			}
			offset = off
		}
		first = false
		start := offset
		var err error
		rc, err = e.cfg.Transport.Upload(ctx, ap, offset, src, func(acked int64) {
			mu.Lock()
			defer mu.Unlock()
			if acked > start {
				sum.BytesSent += acked - start
				start = acked
			}
			if acked > counted {
				p.BytesDone += acked - counted
				counted = acked
			}
			p.Current = it.PacketID
			e.report(*p)
		})
		if err != nil && !Permanent(err) && ctx.Err() == nil {
			if merr := e.cfg.Outbox.MarkFailed(ctx, it, err.Error()); merr != nil {
				return fmt.Errorf("%w (recording the failure: %v)", err, merr)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	mu.Lock()
	sum.Uploaded++
	p.BytesDone += it.Size - counted
	mu.Unlock()
	if err := e.cfg.Outbox.MarkSent(ctx, it, rc); err != nil {
		return fmt.Errorf("record receipt: %w", err)
	}
	return nil
}

func (e *Engine) pullStatuses(ctx context.Context, sum *Summary) error {
	ob := e.cfg.Outbox
	cursor, err := ob.Cursor(ctx)
	if err != nil {
		return fmt.Errorf("read status cursor: %w", err)
	}
	e.report(Progress{Phase: "status"})
	for {
		var page StatusPage
		if err := e.retry(ctx, sum, &sync.Mutex{}, func() (err error) { page, err = e.cfg.Transport.Statuses(ctx, cursor); return err }); err != nil {
			return fmt.Errorf("pull statuses: %w", err)
		}
		for _, u := range page.Updates {
			err := ob.ApplyStatus(ctx, u)
			switch {
			case err == nil:
				sum.Statuses++
			case enroll.IsKind(err, enroll.KindConflict), enroll.IsKind(err, enroll.KindNotFound):
				// Stale or foreign update (e.g. already further along): skip it.
			default:
				return fmt.Errorf("apply status of %s: %w", u.RecordID, err)
			}
		}
		if page.Cursor != "" && page.Cursor != cursor {
			cursor = page.Cursor
			if err := ob.SetCursor(ctx, cursor); err != nil {
				return fmt.Errorf("save status cursor: %w", err)
			}
		}
		if !page.More {
			return nil
		}
	}
}
