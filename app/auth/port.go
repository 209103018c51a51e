package auth

import (
	"context"
	"time"
)

// AccountStore keeps accounts and the recovery wrapping of the data key. The store
// implements it; cmd adapts. Methods return *enroll.Error values of the kinds listed.
type AccountStore interface {
	// Account returns the account with the ID. Errors: KindNotFound, KindUnavailable,
	// KindInternal.
	Account(ctx context.Context, id string) (Account, error)
	// Accounts returns every account, disabled ones included, by ID. Errors:
	// KindUnavailable, KindInternal.
	Accounts(ctx context.Context) ([]Account, error)
	// PutAccount inserts or replaces the account with a.ID. Errors: KindUnavailable,
	// KindInternal.
	PutAccount(ctx context.Context, a Account) error
	// ClaimAttempt takes one login attempt of account id before its password is
	// checked, atomically across processes (one write transaction): a disabled account
	// is returned with ClaimDisabled and a locked one (LockedUntil after now) with
	// ClaimLocked, unchanged; when FailedLogins already reached max, the account is
	// locked until lockUntil with its count reset, and ClaimLockedNow is returned;
	// otherwise FailedLogins is incremented (the attempt counts as failed until
	// ClearAttempts) and the account is returned as it is now with ClaimGranted.
	// Errors: KindNotFound, KindUnavailable, KindInternal.
	ClaimAttempt(ctx context.Context, id string, now time.Time, max int, lockUntil time.Time) (Account, Claim, error)
	// ClearAttempts resets FailedLogins after a successful login, unless the account
	// was locked meanwhile. Errors: KindUnavailable, KindInternal.
	ClearAttempts(ctx context.Context, id string, now time.Time) error
	// LockAccount locks id until until with its count reset, unless it is locked
	// already; it reports whether this call locked it. Errors: KindNotFound,
	// KindUnavailable, KindInternal.
	LockAccount(ctx context.Context, id string, now, until time.Time) (bool, error)
	// RecoveryWrap returns the data key wrapped under the recovery key. Errors:
	// KindNotFound (the station is not provisioned), KindUnavailable, KindInternal.
	RecoveryWrap(ctx context.Context) ([]byte, error)
	// PutRecoveryWrap stores the recovery wrapping, replacing any earlier one. Errors:
	// KindUnavailable, KindInternal.
	PutRecoveryWrap(ctx context.Context, wrapped []byte) error
}

// AuditStore keeps the audit log. It only ever appends: it has no way to change or
// delete an entry.
type AuditStore interface {
	// AuditHead returns the entry with the highest Seq. Errors: KindNotFound (the log is
	// empty), KindUnavailable, KindInternal.
	AuditHead(ctx context.Context) (AuditEntry, error)
	// AppendAudit stores e, keeping every field exactly (At to the nanosecond). Errors:
	// KindConflict (an entry with e.Seq exists: another writer appended first),
	// KindUnavailable, KindInternal.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditEntries returns the entries with Seq ≥ from, by Seq. Errors: KindUnavailable,
	// KindInternal.
	AuditEntries(ctx context.Context, from uint64) ([]AuditEntry, error)
}

// Claim is the outcome of AccountStore.ClaimAttempt.
type Claim int

// The claims.
const (
	ClaimGranted   Claim = iota // the attempt is counted; check the password
	ClaimLocked                 // the account is locked: refuse without checking
	ClaimLockedNow              // the limit was reached: this claim locked the account
	ClaimDisabled               // the account was removed
)
