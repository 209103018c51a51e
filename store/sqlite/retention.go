package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// DefaultRetentionDays is how many days biometric samples stay on the station after the
// centre confirmed the record (PRINT_READY_RECORD), unless the office configures another
// period.
const DefaultRetentionDays = 30

// PurgeLog records a purge before it happens; Purge does not delete anything when it
// fails. cmd wires it to the audit log.
type PurgeLog func(ctx context.Context, recordIDs []string) error

// Purge deletes the biometric samples of every record that reached PRINT_READY_RECORD (or
// a later status) before the instant before and was not purged yet, and marks the
// records purged; their metadata stays, and Get returns them with nil sample Data. The
// purge is first recorded by log (which must not be nil); deleted pages are overwritten
// (secure_delete) and the write-ahead log is checkpointed and truncated, so the samples
// do not linger in the files. It works while the store is locked. It returns the IDs of
// the purged records. Errors: KindInvalid (no log), the log's errors, KindUnavailable,
// KindInternal.
func (s *Store) Purge(ctx context.Context, before time.Time, log PurgeLog) ([]string, error) {
	const op = "purge samples"
	if log == nil {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "a purge must be recorded in the audit log")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM records
		WHERE prr_at IS NOT NULL AND prr_at < ? AND purged IS NULL ORDER BY prr_at, id`, ms(before))
	if err != nil {
		return nil, classify(op, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, classify(op, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if err := log(ctx, ids); err != nil {
		return nil, enroll.E(op, enroll.KindOf(err), err)
	}
	now := ms(s.Now())
	err = s.write(ctx, op, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM samples WHERE record_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE records SET purged = ? WHERE id = ?`, now, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Move the zeroed pages into the main file and empty the WAL, which still holds the
	// frames that once carried the samples. A reader may hold the checkpoint back; the
	// next one finishes it, so that is not an error.
	var busy, logFrames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return ids, classify(op+": checkpoint", err)
	}
	return ids, nil
}

// Purged returns when the samples of record id were purged, or the zero time. Errors:
// KindNotFound, KindUnavailable, KindInternal.
func (s *Store) Purged(ctx context.Context, id string) (time.Time, error) {
	op := "read purge time of " + id
	var at sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT purged FROM records WHERE id = ?`, id).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, enroll.Errorf(op, enroll.KindNotFound, "no record %q", id)
	}
	if err != nil || !at.Valid {
		return time.Time{}, classify(op, err)
	}
	return time.UnixMilli(at.Int64), nil
}
