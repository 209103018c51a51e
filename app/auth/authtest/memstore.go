// Package authtest holds test helpers for app/auth: an in-memory store of accounts and
// audit entries, and a conformance suite that every implementation of auth.AccountStore
// and auth.AuditStore must pass.
package authtest

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// MemStore keeps accounts and the audit log in memory. It implements auth.AccountStore
// and auth.AuditStore. The zero value is ready to use; it is safe for concurrent use.
type MemStore struct {
	mu       sync.Mutex
	accounts map[string]auth.Account
	recovery []byte
	audit    []auth.AuditEntry
}

var (
	_ auth.AccountStore = (*MemStore)(nil)
	_ auth.AuditStore   = (*MemStore)(nil)
)

// Account implements auth.AccountStore.
func (m *MemStore) Account(_ context.Context, id string) (auth.Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return auth.Account{}, enroll.Errorf("get account", enroll.KindNotFound, "no account %s", id)
	}
	return cloneAccount(a), nil
}

// Accounts implements auth.AccountStore.
func (m *MemStore) Accounts(context.Context) ([]auth.Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]auth.Account, 0, len(m.accounts))
	for _, a := range m.accounts {
		out = append(out, cloneAccount(a))
	}
	slices.SortFunc(out, func(a, b auth.Account) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// PutAccount implements auth.AccountStore.
func (m *MemStore) PutAccount(_ context.Context, a auth.Account) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.accounts == nil {
		m.accounts = map[string]auth.Account{}
	}
	m.accounts[a.ID] = cloneAccount(a)
	return nil
}

// ClaimAttempt implements auth.AccountStore under the store's mutex.
func (m *MemStore) ClaimAttempt(_ context.Context, id string, now time.Time, max int, lockUntil time.Time) (auth.Account, auth.Claim, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return auth.Account{}, 0, enroll.Errorf("claim login attempt", enroll.KindNotFound, "no account %s", id)
	}
	switch {
	case a.Disabled:
		return cloneAccount(a), auth.ClaimDisabled, nil
	case a.Locked(now):
		return cloneAccount(a), auth.ClaimLocked, nil
	case a.FailedLogins >= max:
		a.FailedLogins, a.LockedUntil = 0, lockUntil
		m.accounts[id] = a
		return cloneAccount(a), auth.ClaimLockedNow, nil
	}
	a.FailedLogins++
	m.accounts[id] = a
	return cloneAccount(a), auth.ClaimGranted, nil
}

// ClearAttempts implements auth.AccountStore.
func (m *MemStore) ClearAttempts(_ context.Context, id string, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a, ok := m.accounts[id]; ok && !a.Locked(now) {
		a.FailedLogins = 0
		m.accounts[id] = a
	}
	return nil
}

// LockAccount implements auth.AccountStore.
func (m *MemStore) LockAccount(_ context.Context, id string, now, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return false, enroll.Errorf("lock account", enroll.KindNotFound, "no account %s", id)
	}
	if a.Locked(now) {
		return false, nil
	}
	a.FailedLogins, a.LockedUntil = 0, until
	m.accounts[id] = a
	return true, nil
}

// RecoveryWrap implements auth.AccountStore.
func (m *MemStore) RecoveryWrap(context.Context) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recovery == nil {
		return nil, enroll.Errorf("get recovery wrapping", enroll.KindNotFound, "the station is not provisioned")
	}
	return bytes.Clone(m.recovery), nil
}

// PutRecoveryWrap implements auth.AccountStore.
func (m *MemStore) PutRecoveryWrap(_ context.Context, w []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recovery = bytes.Clone(w)
	return nil
}

// AuditHead implements auth.AuditStore.
func (m *MemStore) AuditHead(context.Context) (auth.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.audit) == 0 {
		return auth.AuditEntry{}, enroll.Errorf("read audit head", enroll.KindNotFound, "the audit log is empty")
	}
	return cloneEntry(m.audit[len(m.audit)-1]), nil
}

// AppendAudit implements auth.AuditStore.
func (m *MemStore) AppendAudit(_ context.Context, e auth.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.audit {
		if o.Seq == e.Seq {
			return enroll.Errorf("append audit", enroll.KindConflict, "audit entry %d exists", e.Seq)
		}
	}
	m.audit = append(m.audit, cloneEntry(e))
	return nil
}

// AuditEntries implements auth.AuditStore.
func (m *MemStore) AuditEntries(_ context.Context, from uint64) ([]auth.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []auth.AuditEntry
	for _, e := range m.audit {
		if e.Seq >= from {
			out = append(out, cloneEntry(e))
		}
	}
	slices.SortStableFunc(out, func(a, b auth.AuditEntry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Tamper lets a test play the attacker: it calls f with the stored audit entries and
// keeps what f returns.
func (m *MemStore) Tamper(f func([]auth.AuditEntry) []auth.AuditEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.audit = f(m.audit)
}

func cloneAccount(a auth.Account) auth.Account {
	a.WrappedDataKey = bytes.Clone(a.WrappedDataKey)
	return a
}

func cloneEntry(e auth.AuditEntry) auth.AuditEntry {
	e.PrevHash, e.Hash = bytes.Clone(e.PrevHash), bytes.Clone(e.Hash)
	return e
}
