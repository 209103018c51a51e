package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// OutboxState is where a committed record stands in the upload queue.
type OutboxState string

// Outbox states.
const (
	Queued   OutboxState = "queued"   // waiting for upload (perhaps after failed attempts)
	Sent     OutboxState = "sent"     // acknowledged by the centre; Receipt holds its receipt
	Rejected OutboxState = "rejected" // refused by the centre for good; LastError says why
)

// OutboxItem is one entry of the upload queue.
type OutboxItem struct {
	Seq       int64             // increasing, never reused: the sync cursor
	RecordID  string            // the committed record
	State     OutboxState       // queued, sent or rejected
	Attempts  int               // failed upload attempts so far
	LastError string            // the last failure or the rejection reason
	Receipt   string            // the centre's receipt once sent
	QueuedAt  time.Time         // when the record was committed
	SentAt    time.Time         // zero until sent
	Packet    *enroll.PacketRef // nil when the record has no packet yet
	Relay     bool              // a packet of another station, carried here (AddRelay)
}

// Outbox returns up to limit queued items with a sequence number above afterSeq, in
// sequence order. Errors: KindUnavailable, KindInternal.
func (s *Store) Outbox(ctx context.Context, afterSeq int64, limit int) ([]OutboxItem, error) {
	return s.OutboxItems(ctx, afterSeq, limit, false)
}

// OutboxItems is Outbox that, with all, also returns the items already sent (for a full
// resend after the centre lost track of this station). Rejected items are never
// returned. Errors: KindUnavailable, KindInternal.
func (s *Store) OutboxItems(ctx context.Context, afterSeq int64, limit int, all bool) ([]OutboxItem, error) {
	return s.outboxWhere(ctx, `(o.state = 'queued' OR (? AND o.state = 'sent')) AND o.seq > ? ORDER BY o.seq LIMIT ?`,
		all, afterSeq, limit)
}

// OutboxOf returns the outbox entries (in any state) of the given records, by record
// ID; records never committed are absent. Errors: KindUnavailable, KindInternal.
func (s *Store) OutboxOf(ctx context.Context, recordIDs []string) (map[string]OutboxItem, error) {
	out := map[string]OutboxItem{}
	for len(recordIDs) > 0 {
		n := min(len(recordIDs), 500) // SQLite's bound-parameter limit stays far away
		args := make([]any, n)
		for i, id := range recordIDs[:n] {
			args[i] = id
		}
		items, err := s.outboxWhere(ctx, "o.record_id IN (?"+strings.Repeat(", ?", n-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out[it.RecordID] = it
		}
		recordIDs = recordIDs[n:]
	}
	return out, nil
}

// outboxWhere reads the outbox entries matching the SQL condition where.
func (s *Store) outboxWhere(ctx context.Context, where string, args ...any) ([]OutboxItem, error) {
	const op = "read outbox"
	rows, err := s.db.QueryContext(ctx, `SELECT o.seq, o.record_id, o.state, o.attempts, o.last_error,
			o.receipt, o.queued_at, o.sent_at, o.relay, p.packet_id, p.sha256, p.size
		FROM outbox o LEFT JOIN packets p ON p.record_id = o.record_id
		WHERE `+where, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var queued int64
		var sent sql.NullInt64
		var pid, psha sql.NullString
		var psize sql.NullInt64
		if err := rows.Scan(&it.Seq, &it.RecordID, &it.State, &it.Attempts, &it.LastError, &it.Receipt,
			&queued, &sent, &it.Relay, &pid, &psha, &psize); err != nil {
			return nil, classify(op, err)
		}
		it.QueuedAt = time.UnixMilli(queued)
		if sent.Valid {
			it.SentAt = time.UnixMilli(sent.Int64)
		}
		if pid.Valid {
			it.Packet = &enroll.PacketRef{ID: pid.String, SHA256: psha.String, Size: psize.Int64}
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	return out, nil
}

// QueueCounts returns the number of outbox items in each state ("queued", "sent",
// "rejected"; every state is present). Errors: KindUnavailable, KindInternal.
func (s *Store) QueueCounts(ctx context.Context) (map[string]int, error) {
	const op = "count outbox"
	out := map[string]int{string(Queued): 0, string(Sent): 0, string(Rejected): 0}
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*) FROM outbox GROUP BY state`)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, classify(op, err)
		}
		out[st] = n
	}
	return out, classify(op, rows.Err())
}

// StatusCount is how many records have one status.
type StatusCount struct {
	Status enroll.Status
	Count  int
}

// StatusCounts returns the number of records in each status that has any, in lifecycle
// order. Errors: KindUnavailable, KindInternal.
func (s *Store) StatusCounts(ctx context.Context) ([]StatusCount, error) {
	const op = "count records by status"
	rows, err := s.db.QueryContext(ctx, `SELECT status, count(*) FROM records GROUP BY status`)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	n := map[enroll.Status]int{}
	for rows.Next() {
		var st string
		var c int
		if err := rows.Scan(&st, &c); err != nil {
			return nil, classify(op, err)
		}
		n[enroll.Status(st)] = c
	}
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	var out []StatusCount
	for _, st := range enroll.AllStatuses {
		if n[st] > 0 {
			out = append(out, StatusCount{Status: st, Count: n[st]})
		}
	}
	return out, nil
}

// MarkSent records the centre's receipt for item seq and moves its record from
// BIO_CAPTURED to SENT_FOR_ENROLLMENT (a record the status feed has already moved on keeps
// its status). Marking an item sent again with the same receipt does nothing.
// Errors: KindNotFound, KindConflict (rejected, or sent with another receipt),
// KindUnavailable, KindInternal.
func (s *Store) MarkSent(ctx context.Context, seq int64, receipt string) error {
	const op = "mark outbox item sent"
	now := s.Now()
	c, err := s.crypter(op)
	if err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		id, st, old, err := outboxItem(ctx, tx, seq)
		if err != nil {
			return err
		}
		switch {
		case st == Sent && old == receipt:
			return nil
		case st != Queued:
			return enroll.Errorf(op, enroll.KindConflict, "outbox item %d is already %s", seq, st)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'sent', receipt = ?, sent_at = ?
			WHERE seq = ?`, receipt, ms(now), seq); err != nil {
			return err
		}
		return moveIfAllowed(ctx, tx, c, id, enroll.StatusSent, receipt, now)
	})
}

// MarkRejected records that the centre refused item seq for good and moves its record to
// REJECTED with the reason. Errors: KindNotFound, KindConflict (already sent),
// KindUnavailable, KindInternal.
func (s *Store) MarkRejected(ctx context.Context, seq int64, reason string) error {
	const op = "mark outbox item rejected"
	now := s.Now()
	c, err := s.crypter(op)
	if err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		id, st, _, err := outboxItem(ctx, tx, seq)
		if err != nil {
			return err
		}
		if st == Sent {
			return enroll.Errorf(op, enroll.KindConflict, "outbox item %d was already sent", seq)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'rejected', last_error = ? WHERE seq = ?`,
			reason, seq); err != nil {
			return err
		}
		return moveIfAllowed(ctx, tx, c, id, enroll.StatusRejected, reason, now)
	})
}

// MarkFailed counts a failed upload attempt of item seq, which stays queued.
// Errors: KindNotFound, KindUnavailable, KindInternal.
func (s *Store) MarkFailed(ctx context.Context, seq int64, cause string) error {
	const op = "mark outbox item failed"
	return s.write(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?
			WHERE seq = ? AND state = 'queued'`, cause, seq)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = enroll.Errorf(op, enroll.KindNotFound, "no queued outbox item %d", seq)
			}
			return err
		}
		return nil
	})
}

func outboxItem(ctx context.Context, tx *sql.Tx, seq int64) (id string, st OutboxState, receipt string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT record_id, state, receipt FROM outbox WHERE seq = ?`, seq).Scan(&id, &st, &receipt)
	if errors.Is(err, sql.ErrNoRows) {
		err = enroll.Errorf("", enroll.KindNotFound, "no outbox item %d", seq)
	}
	return id, st, receipt, err
}

// moveIfAllowed moves the record to st when the lifecycle allows it and leaves it alone
// otherwise (the status feed may have moved it further already).
func moveIfAllowed(ctx context.Context, tx *sql.Tx, c Crypter, id string, st enroll.Status, reason string, at time.Time) error {
	cur, err := currentStatus(ctx, tx, id)
	if err != nil || !enroll.CanMove(cur, st) {
		return err
	}
	return setStatus(ctx, tx, c, id, st, reason, at)
}
