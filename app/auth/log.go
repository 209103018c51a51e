package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Log appends entries to the audit log, chaining each to the one before. It is safe for
// concurrent use; when another process appended first, it re-reads the head and retries.
type Log struct {
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time

	store AuditStore
	mu    sync.Mutex
	head  *AuditEntry // the last entry written or read; nil until known
}

// NewLog returns a Log over store.
func NewLog(store AuditStore) *Log { return &Log{Now: time.Now, store: store} }

// Record appends one entry and returns it. Errors: those of the AuditStore; a failure to
// record must stop the action it records.
func (l *Log) Record(ctx context.Context, actor string, action Action, subject, detail string) (AuditEntry, error) {
	op := "record audit " + string(action)
	l.mu.Lock()
	defer l.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if l.head == nil {
			h, err := l.store.AuditHead(ctx)
			switch {
			case enroll.IsKind(err, enroll.KindNotFound):
			case err != nil:
				return AuditEntry{}, fmt.Errorf("%s: %w", op, err)
			default:
				l.head = &h
			}
		}
		e := Next(l.head, l.Now(), actor, action, subject, detail)
		err := l.store.AppendAudit(ctx, e)
		if err == nil {
			l.head = &e
			return e, nil
		}
		l.head = nil
		if !enroll.IsKind(err, enroll.KindConflict) || attempt == 4 {
			return AuditEntry{}, fmt.Errorf("%s: %w", op, err)
		}
	}
}

// Verify reads the whole log and checks its chain (see VerifyChain). It returns the
// entries read, the index of the first broken one (-1 when intact) and the error.
func (l *Log) Verify(ctx context.Context) (entries []AuditEntry, firstBroken int, err error) {
	entries, err = l.store.AuditEntries(ctx, 1)
	if err != nil {
		return nil, -1, fmt.Errorf("verify audit: %w", err)
	}
	firstBroken, err = VerifyChain(entries)
	return entries, firstBroken, err
}
