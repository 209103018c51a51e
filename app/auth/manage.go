package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// List returns every account, removed ones included, without hashes or wrappings.
// Errors: KindPermission (by may not manage accounts), the store's errors.
func (m *Accounts) List(ctx context.Context, by *Session) ([]Account, error) {
	if err := by.Require(PermManageAccounts); err != nil {
		return nil, err
	}
	as, err := m.store.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	for i := range as {
		as[i].Hash, as[i].WrappedDataKey = "", nil
	}
	return as, nil
}

// Add creates an account with a first password, wrapping the data key of by's session
// for it. Errors: KindPermission (by may not manage accounts), KindInvalid (bad ID, role
// or password), KindConflict (the ID is taken, also by a removed account), the stores'
// errors.
func (m *Accounts) Add(ctx context.Context, by *Session, id, name string, role Role, password string) (Account, error) {
	const op = "add account"
	if err := by.Require(PermManageAccounts); err != nil {
		return Account{}, err
	}
	if !role.Valid() {
		return Account{}, enroll.Errorf(op, enroll.KindInvalid, "unknown role %q", role)
	}
	if strings.TrimSpace(name) == "" {
		return Account{}, enroll.Errorf(op, enroll.KindInvalid, "the account needs a name")
	}
	if err := firstErr(validID(id), validPassword(password)); err != nil {
		return Account{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.store.Account(ctx, id); err == nil {
		return Account{}, enroll.Errorf(op, enroll.KindConflict, "account %s exists", id)
	} else if !enroll.IsKind(err, enroll.KindNotFound) {
		return Account{}, fmt.Errorf("%s: %w", op, err)
	}
	a := Account{ID: id, Name: strings.TrimSpace(name), Role: role}
	a.setPassword(password, by.dataKey, m.Params)
	return a, m.change(ctx, op, by.Account.ID, a, "added as "+string(role))
}

// Remove disables an account and deletes its wrapping of the data key and its hash, so
// its password no longer unwraps anything; the row stays for the audit log. The last
// admin cannot be removed. Errors: KindPermission, KindNotFound, KindConflict, the
// stores' errors.
func (m *Accounts) Remove(ctx context.Context, by *Session, id string) error {
	const op = "remove account"
	if err := by.Require(PermManageAccounts); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.store.Account(ctx, id)
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, id, err)
	}
	if a.Disabled {
		return enroll.Errorf(op, enroll.KindConflict, "account %s is already removed", id)
	}
	if a.Role == RoleAdmin {
		all, err := m.store.Accounts(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		admins := 0
		for _, o := range all {
			if o.Role == RoleAdmin && !o.Disabled {
				admins++
			}
		}
		if admins <= 1 {
			return enroll.Errorf(op, enroll.KindConflict, "%s is the last admin", id)
		}
	}
	a.Disabled, a.Hash, a.WrappedDataKey = true, "", nil
	a.FailedLogins, a.LockedUntil = 0, time.Time{}
	return m.change(ctx, op, by.Account.ID, a, "removed")
}

// ChangePassword sets a new password for id after checking the old one, and re-wraps the
// data key under the new one. The old password counts towards the lockout. Errors:
// KindInvalid (ErrWrongPassword, a bad new password), KindPermission (ErrLocked,
// ErrDisabled), the stores' errors.
func (m *Accounts) ChangePassword(ctx context.Context, id, oldPassword, newPassword string) error {
	const op = "change password"
	if err := validPassword(newPassword); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, d, err := m.authenticate(ctx, op, id, oldPassword)
	if err != nil {
		return err
	}
	defer clear(d.kek)
	dataKey, err := unwrapKey(d.kek, a.WrappedDataKey, accountHolder(a.ID))
	if err != nil {
		return enroll.E(op, enroll.KindInternal, fmt.Errorf("account %s: %w", a.ID, err))
	}
	defer clear(dataKey)
	a.setPassword(newPassword, dataKey, m.Params)
	return m.change(ctx, op, a.ID, a, "password changed")
}

// ResetPassword sets a new password for another account (the operator forgot theirs),
// wrapping the data key of by's session for it, and lifts any lock. Errors:
// KindPermission, KindNotFound, KindConflict (removed account), KindInvalid, the stores'
// errors.
func (m *Accounts) ResetPassword(ctx context.Context, by *Session, id, newPassword string) error {
	const op = "reset password"
	if err := by.Require(PermManageAccounts); err != nil {
		return err
	}
	if err := validPassword(newPassword); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.store.Account(ctx, id)
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, id, err)
	}
	if a.Disabled {
		return enroll.Errorf(op, enroll.KindConflict, "account %s is removed", id)
	}
	a.setPassword(newPassword, by.dataKey, m.Params)
	a.FailedLogins, a.LockedUntil = 0, time.Time{}
	return m.change(ctx, op, by.Account.ID, a, "password reset by "+by.Account.ID)
}

// Unlock lifts a lockout before it expires. Errors: KindPermission, KindNotFound, the
// stores' errors.
func (m *Accounts) Unlock(ctx context.Context, by *Session, id string) error {
	const op = "unlock account"
	if err := by.Require(PermManageAccounts); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.store.Account(ctx, id)
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, id, err)
	}
	a.FailedLogins, a.LockedUntil = 0, time.Time{}
	return m.change(ctx, op, by.Account.ID, a, "unlocked")
}

// Recover sets a new password for an existing account using the recovery key printed at
// provisioning, for when no admin can log in. Errors: KindInvalid (the key does not
// unwrap the data key, a bad password), KindNotFound, KindConflict (removed account), the
// stores' errors.
func (m *Accounts) Recover(ctx context.Context, key RecoveryKey, id, newPassword string) error {
	const op = "recover account"
	if err := validPassword(newPassword); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	wrapped, err := m.store.RecoveryWrap(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	kek := key.kek()
	defer clear(kek)
	dataKey, err := unwrapKey(kek, wrapped, recoveryHolder)
	if err != nil {
		if _, lerr := m.log.Record(ctx, "", ActionLoginFailed, id, op+": wrong recovery key"); lerr != nil {
			return fmt.Errorf("%s: %w", op, lerr)
		}
		return enroll.E(op, enroll.KindInvalid, fmt.Errorf("wrong recovery key: %w", err))
	}
	defer clear(dataKey)
	a, err := m.store.Account(ctx, id)
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, id, err)
	}
	if a.Disabled {
		return enroll.Errorf(op, enroll.KindConflict, "account %s is removed", id)
	}
	a.setPassword(newPassword, dataKey, m.Params)
	a.FailedLogins, a.LockedUntil = 0, time.Time{}
	return m.change(ctx, op, "recovery-key", a, "password set with the recovery key")
}

// change records an account change in the audit log, then stores it.
func (m *Accounts) change(ctx context.Context, op, actor string, a Account, detail string) error {
	if _, err := m.log.Record(ctx, actor, ActionAccount, a.ID, detail); err != nil {
		return fmt.Errorf("%s %s: %w", op, a.ID, err)
	}
	if err := m.store.PutAccount(ctx, a); err != nil {
		return fmt.Errorf("%s %s: %w", op, a.ID, err)
	}
	return nil
}
