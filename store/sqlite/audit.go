package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// The audit table only grows: the store has no method that changes or deletes a row,
// and triggers refuse UPDATE and DELETE. app/auth computes and checks the hashes.
var _ auth.AuditStore = (*Store)(nil)

// AppendAudit appends e durably. Errors: KindConflict (an entry with e.Seq exists),
// KindInvalid (Seq 0), KindUnavailable, KindInternal.
func (s *Store) AppendAudit(ctx context.Context, e auth.AuditEntry) error {
	const op = "append audit entry"
	if e.Seq == 0 {
		return enroll.Errorf(op, enroll.KindInvalid, "audit entries count from 1")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, int64(e.Seq), e.At.UnixNano(), e.Actor, string(e.Action), e.Subject, e.Detail,
		nonNil(e.PrevHash), nonNil(e.Hash))
	if isConstraint(err) {
		return enroll.Errorf(op, enroll.KindConflict, "audit entry %d exists", e.Seq)
	}
	return classify(op, err)
}

// AuditHead returns the entry with the highest Seq. Errors: KindNotFound (empty log),
// KindUnavailable, KindInternal.
func (s *Store) AuditHead(ctx context.Context) (auth.AuditEntry, error) {
	const op = "read audit head"
	e, err := scanAudit(s.db.QueryRowContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev_hash, hash
		FROM audit ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return auth.AuditEntry{}, enroll.Errorf(op, enroll.KindNotFound, "the audit log is empty")
	}
	return e, classify(op, err)
}

// AuditEntries returns the entries with Seq ≥ from, by Seq. Errors: KindUnavailable,
// KindInternal.
func (s *Store) AuditEntries(ctx context.Context, from uint64) ([]auth.AuditEntry, error) {
	const op = "read audit log"
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev_hash, hash
		FROM audit WHERE seq >= ? ORDER BY seq`, int64(from))
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []auth.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, classify(op, err)
		}
		out = append(out, e)
	}
	return out, classify(op, rows.Err())
}

func scanAudit(row interface{ Scan(...any) error }) (auth.AuditEntry, error) {
	var e auth.AuditEntry
	var seq, at int64
	err := row.Scan(&seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash)
	e.Seq, e.At = uint64(seq), time.Unix(0, at).UTC()
	return e, err
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
