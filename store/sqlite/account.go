package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

var _ auth.AccountStore = (*Store)(nil)

// Account returns the account with the ID. Errors: KindNotFound, KindUnavailable,
// KindInternal.
func (s *Store) Account(ctx context.Context, id string) (auth.Account, error) {
	op := "read account " + id
	row := s.db.QueryRowContext(ctx, `SELECT id, name, role, hash, failed_logins, locked_until, wrapped_key, disabled
		FROM accounts WHERE id = ?`, id)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return auth.Account{}, enroll.Errorf(op, enroll.KindNotFound, "no account %q", id)
	}
	return a, classify(op, err)
}

// Accounts returns every account, removed ones included, by ID. Errors:
// KindUnavailable, KindInternal.
func (s *Store) Accounts(ctx context.Context) ([]auth.Account, error) {
	const op = "list accounts"
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, role, hash, failed_logins, locked_until, wrapped_key, disabled
		FROM accounts ORDER BY id`)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []auth.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, classify(op, err)
		}
		out = append(out, a)
	}
	return out, classify(op, rows.Err())
}

func scanAccount(row interface{ Scan(...any) error }) (auth.Account, error) {
	var a auth.Account
	var locked sql.NullInt64
	err := row.Scan(&a.ID, &a.Name, &a.Role, &a.Hash, &a.FailedLogins, &locked, &a.WrappedDataKey, &a.Disabled)
	if locked.Valid {
		a.LockedUntil = time.UnixMilli(locked.Int64)
	}
	return a, err
}

// PutAccount inserts or replaces the account with a.ID, durably. Errors:
// KindInvalid (no ID), KindUnavailable, KindInternal.
func (s *Store) PutAccount(ctx context.Context, a auth.Account) error {
	op := "store account " + a.ID
	if a.ID == "" {
		return enroll.Errorf(op, enroll.KindInvalid, "an account needs an ID")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO accounts
		(id, name, role, hash, failed_logins, locked_until, wrapped_key, disabled, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, hash = excluded.hash,
			failed_logins = excluded.failed_logins, locked_until = excluded.locked_until,
			wrapped_key = excluded.wrapped_key, disabled = excluded.disabled, updated = excluded.updated`,
		a.ID, a.Name, string(a.Role), a.Hash, a.FailedLogins, nullMS(a.LockedUntil), a.WrappedDataKey, a.Disabled, ms(s.Now()))
	return classify(op, err)
}

// ClaimAttempt implements auth.AccountStore: one write transaction (BEGIN takes the
// write lock), so that parallel logins from several processes each claim their own
// slot before the expensive hash.
func (s *Store) ClaimAttempt(ctx context.Context, id string, now time.Time, max int, lockUntil time.Time) (auth.Account, auth.Claim, error) {
	op := "claim login attempt of " + id
	var a auth.Account
	claim := auth.ClaimGranted
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		var err error
		a, err = scanAccount(tx.QueryRowContext(ctx, `SELECT id, name, role, hash, failed_logins, locked_until, wrapped_key, disabled
			FROM accounts WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return enroll.Errorf(op, enroll.KindNotFound, "no account %q", id)
		}
		if err != nil {
			return err
		}
		switch {
		case a.Disabled:
			claim = auth.ClaimDisabled
			return nil
		case a.Locked(now):
			claim = auth.ClaimLocked
			return nil
		case a.FailedLogins >= max:
			claim = auth.ClaimLockedNow
			a.FailedLogins, a.LockedUntil = 0, lockUntil
		default:
			a.FailedLogins++
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = ?, locked_until = ?, updated = ? WHERE id = ?`,
			a.FailedLogins, nullMS(a.LockedUntil), ms(now), id)
		return err
	})
	return a, claim, err
}

// ClearAttempts implements auth.AccountStore.
func (s *Store) ClearAttempts(ctx context.Context, id string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, updated = ?
		WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`, ms(now), id, ms(now))
	return classify("clear login attempts of "+id, err)
}

// LockAccount implements auth.AccountStore.
func (s *Store) LockAccount(ctx context.Context, id string, now, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = ?, updated = ?
		WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`, ms(until), ms(now), id, ms(now))
	if err != nil {
		return false, classify("lock account "+id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryWrap returns the station data key wrapped under the recovery key. Errors:
// KindNotFound (not provisioned), KindUnavailable, KindInternal.
func (s *Store) RecoveryWrap(ctx context.Context) ([]byte, error) {
	const op = "read recovery wrapping"
	var w []byte
	if err := s.db.QueryRowContext(ctx, `SELECT recovery_wrap FROM station WHERE id = 1`).Scan(&w); err != nil {
		return nil, classify(op, err)
	}
	if w == nil {
		return nil, enroll.Errorf(op, enroll.KindNotFound, "the station is not provisioned (no recovery wrapping)")
	}
	return w, nil
}

// PutRecoveryWrap stores the recovery wrapping, replacing any earlier one. Errors:
// KindUnavailable, KindInternal.
func (s *Store) PutRecoveryWrap(ctx context.Context, wrapped []byte) error {
	_, err := s.db.ExecContext(ctx, `UPDATE station SET recovery_wrap = ? WHERE id = 1`, wrapped)
	return classify("store recovery wrapping", err)
}
