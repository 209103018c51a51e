package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rekam-id/rekam/app/auth"
)

// appendIntents appends the audit intents that ctx carries (auth.WithIntent) inside tx,
// each chained to the head of the log as tx sees it. Write transactions take the write
// lock at BEGIN (_txlock=immediate), so no other writer can append between the head read
// and the insert.
func appendIntents(ctx context.Context, tx *sql.Tx) error {
	intents := auth.IntentsOf(ctx)
	if len(intents) == 0 {
		return nil
	}
	var prev *auth.AuditEntry
	row, err := scanAudit(tx.QueryRowContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev_hash, hash
		FROM audit ORDER BY seq DESC LIMIT 1`))
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("read audit head: %w", err)
	default:
		prev = &row
	}
	for _, in := range intents {
		actor := in.Actor
		if actor == "" {
			actor = auth.SystemActor
		}
		e := auth.Next(prev, time.Now(), actor, in.Action, in.Subject, in.Detail)
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, int64(e.Seq), e.At.UnixNano(), e.Actor, string(e.Action), e.Subject, e.Detail,
			nonNil(e.PrevHash), nonNil(e.Hash)); err != nil {
			return fmt.Errorf("append audit %s: %w", in.Action, err)
		}
		prev = &e
	}
	return nil
}
