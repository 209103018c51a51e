package auth

import "context"

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
