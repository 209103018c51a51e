package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// ErrWrongPassword is the cause when a login, an override or a password change fails
// because the account does not exist or the password does not match; the two are not
// told apart.
var ErrWrongPassword = errors.New("wrong account or password")

// ErrLocked is the cause when an account is locked after failed logins.
var ErrLocked = errors.New("account locked after too many wrong passwords")

// ErrDisabled is the cause when an account was removed.
var ErrDisabled = errors.New("account removed")

// SystemActor is the audit actor of what the station does by itself (the retention
// purge, scheduled syncs).
const SystemActor = "system"

// Accounts manages the operators of a station: provisioning, login with lockout, the
// supervisor override and account changes. Every such event is recorded in the audit
// log; when the log cannot be written, the action fails. It is safe for concurrent use.
type Accounts struct {
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// Params are the Argon2id parameters for new hashes; they default to DefaultParams.
	Params Params

	store AccountStore
	log   *Log
	mu    sync.Mutex // serialises read-modify-write of account rows
	dummy hashParts  // evaluated for unknown accounts, so they take as long as known ones
}

// NewAccounts returns an Accounts over store that records events in log (not nil).
func NewAccounts(store AccountStore, log *Log) *Accounts {
	return &Accounts{Now: time.Now, Params: DefaultParams, store: store, log: log}
}

// Provision makes the station's data key, wraps it under a new recovery key and creates
// the first admin account. It returns the admin's session and the recovery key, which
// the caller prints once and never stores. Errors: KindConflict (already provisioned),
// KindInvalid (bad ID or password), the stores' errors.
func (m *Accounts) Provision(ctx context.Context, id, name, password string) (*Session, RecoveryKey, error) {
	const op = "provision accounts"
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := firstErr(validID(id), validPassword(password)); err != nil {
		return nil, RecoveryKey{}, err
	}
	if _, err := m.store.RecoveryWrap(ctx); err == nil {
		return nil, RecoveryKey{}, enroll.Errorf(op, enroll.KindConflict, "the station already has a data key")
	} else if !enroll.IsKind(err, enroll.KindNotFound) {
		return nil, RecoveryKey{}, fmt.Errorf("%s: %w", op, err)
	}
	existing, err := m.store.Accounts(ctx)
	if err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("%s: %w", op, err)
	}
	if len(existing) > 0 {
		return nil, RecoveryKey{}, enroll.Errorf(op, enroll.KindConflict, "the station already has %d accounts", len(existing))
	}
	dataKey := NewDataKey()
	rk := NewRecoveryKey()
	kek := rk.kek()
	defer clear(kek)
	a := Account{ID: id, Name: strings.TrimSpace(name), Role: RoleAdmin}
	a.setPassword(password, dataKey, m.Params)
	if _, err := m.log.Record(ctx, id, ActionAccount, id, "provisioned: data key and recovery key made, first admin created"); err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := m.store.PutRecoveryWrap(ctx, wrapKey(kek, dataKey, recoveryHolder)); err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := m.store.PutAccount(ctx, a); err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("%s: %w", op, err)
	}
	s, err := newSession(a, m.Now(), dataKey)
	return s, rk, err
}

// Login checks id's password and returns a session holding the unwrapped data key. A
// wrong password counts towards the lockout. Errors: KindInvalid wrapping
// ErrWrongPassword (unknown account or wrong password), KindPermission wrapping ErrLocked
// (the message says until when) or ErrDisabled, the stores' errors.
func (m *Accounts) Login(ctx context.Context, id, password string) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, d, err := m.authenticate(ctx, "log in", id, password)
	if err != nil {
		return nil, err
	}
	defer clear(d.kek)
	dataKey, err := unwrapKey(d.kek, a.WrappedDataKey, accountHolder(a.ID))
	if err != nil {
		return nil, enroll.E("log in", enroll.KindInternal, fmt.Errorf("account %s: password matches but %w (the account row was altered)", a.ID, err))
	}
	if _, err := m.log.Record(ctx, a.ID, ActionLogin, a.ID, ""); err != nil {
		clear(dataKey)
		return nil, fmt.Errorf("log in: %w", err)
	}
	if h, _ := parseHash(a.Hash); h.params != m.Params {
		a.setPassword(password, dataKey, m.Params) // upgrade to the current parameters
		if err := m.store.PutAccount(ctx, a); err != nil {
			clear(dataKey)
			return nil, fmt.Errorf("log in: %w", err)
		}
	}
	return newSession(a, m.Now(), dataKey)
}

// Logout records the end of s and closes it. A nil or closed session is a no-op.
func (m *Accounts) Logout(ctx context.Context, s *Session, why string) error {
	if s == nil || s.dataKey == nil {
		return nil
	}
	s.Close()
	if _, err := m.log.Record(ctx, s.Account.ID, ActionLogout, s.Account.ID, why); err != nil {
		return fmt.Errorf("log out: %w", err)
	}
	return nil
}

// Approval is a supervisor's consent to an override.
type Approval struct {
	SupervisorID   string    // the account that approved
	SupervisorName string    // its display name
	Subject        string    // what was approved, e.g. "<record ID>/rerecord-nik"
	Reason         string    // why, as the supervisor gave it
	At             time.Time // when
	Audit          uint64    // the Seq of the audit entry that records it
}

// Override authenticates a supervisor on the spot and records their approval of subject
// with reason. The password counts towards the supervisor's lockout like a login.
// Errors: KindInvalid (empty reason, or ErrWrongPassword), KindPermission (the account's
// role may not override, ErrLocked, ErrDisabled), the stores' errors.
func (m *Accounts) Override(ctx context.Context, supervisorID, password, subject, reason string) (Approval, error) {
	const op = "approve override"
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Approval{}, enroll.Errorf(op, enroll.KindInvalid, "an override needs a reason")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, d, err := m.authenticate(ctx, op, supervisorID, password)
	if err != nil {
		return Approval{}, err
	}
	clear(d.kek)
	if err := Check(a.Role, PermOverride); err != nil {
		return Approval{}, fmt.Errorf("%s by %s: %w", op, a.ID, err)
	}
	e, err := m.log.Record(ctx, a.ID, ActionOverride, subject, reason)
	if err != nil {
		return Approval{}, fmt.Errorf("%s: %w", op, err)
	}
	return Approval{SupervisorID: a.ID, SupervisorName: a.Name, Subject: subject, Reason: reason, At: e.At, Audit: e.Seq}, nil
}

// authenticate checks id's password with the lockout. The attempt is claimed in the
// store before the hash is evaluated (AccountStore.ClaimAttempt, atomic across
// processes), so parallel guesses from many processes get at most MaxFailedLogins
// password checks before the account locks; a success releases the claim. m.mu only
// serialises this process's own callers.
func (m *Accounts) authenticate(ctx context.Context, op, id, password string) (Account, derived, error) {
	now := m.Now()
	a, claim, err := m.store.ClaimAttempt(ctx, id, now, MaxFailedLogins, now.Add(LockoutDuration))
	if enroll.IsKind(err, enroll.KindNotFound) {
		m.burn(password)
		// The typed name is not logged: it is sometimes a password typed in the wrong box.
		if _, lerr := m.log.Record(ctx, "", ActionLoginFailed, "(unknown account)", op); lerr != nil {
			return Account{}, derived{}, fmt.Errorf("%s: %w", op, lerr)
		}
		return Account{}, derived{}, enroll.E(op, enroll.KindInvalid, ErrWrongPassword)
	}
	if err != nil {
		return Account{}, derived{}, fmt.Errorf("%s: %w", op, err)
	}
	switch claim {
	case ClaimDisabled:
		if _, lerr := m.log.Record(ctx, a.ID, ActionLoginFailed, a.ID, op+": account removed"); lerr != nil {
			return Account{}, derived{}, fmt.Errorf("%s: %w", op, lerr)
		}
		return Account{}, derived{}, enroll.E(op, enroll.KindPermission, fmt.Errorf("%w: %s", ErrDisabled, a.ID))
	case ClaimLocked, ClaimLockedNow:
		if claim == ClaimLockedNow {
			if err := m.logLock(ctx, op, a); err != nil {
				return Account{}, derived{}, err
			}
		}
		if _, err := m.log.Record(ctx, a.ID, ActionLoginFailed, a.ID, op+": refused, account locked"); err != nil {
			return Account{}, derived{}, fmt.Errorf("%s: %w", op, err)
		}
		return Account{}, derived{}, enroll.E(op, enroll.KindPermission,
			fmt.Errorf("%w: %s until %s", ErrLocked, a.ID, a.LockedUntil.Format("15:04:05")))
	}
	h, err := parseHash(a.Hash)
	if err != nil {
		return Account{}, derived{}, enroll.E(op, enroll.KindInternal, fmt.Errorf("account %s: %w", a.ID, err))
	}
	d, ok := h.verify(password)
	if !ok {
		return Account{}, derived{}, m.failed(ctx, op, a)
	}
	if err := m.store.ClearAttempts(ctx, a.ID, m.Now()); err != nil {
		clear(d.kek)
		return Account{}, derived{}, fmt.Errorf("%s: %w", op, err)
	}
	a.FailedLogins = 0
	return a, d, nil
}

// failed records a wrong password whose attempt was claimed; the claim that reached
// the limit locks the account. It returns the error for the caller.
func (m *Accounts) failed(ctx context.Context, op string, a Account) error {
	if _, err := m.log.Record(ctx, a.ID, ActionLoginFailed, a.ID, op+": wrong password"); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if a.FailedLogins >= MaxFailedLogins {
		now := m.Now()
		a.LockedUntil = now.Add(LockoutDuration)
		newly, err := m.store.LockAccount(ctx, a.ID, now, a.LockedUntil)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if newly {
			if err := m.logLock(ctx, op, a); err != nil {
				return err
			}
		}
	}
	return enroll.E(op, enroll.KindInvalid, ErrWrongPassword)
}

// logLock records that a's account locked after MaxFailedLogins wrong passwords.
func (m *Accounts) logLock(ctx context.Context, op string, a Account) error {
	if _, err := m.log.Record(ctx, a.ID, ActionLock, a.ID,
		fmt.Sprintf("%d wrong passwords: locked until %s", MaxFailedLogins, a.LockedUntil.UTC().Format(time.RFC3339))); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// burn spends one password evaluation, so that an unknown account answers as slowly as a
// known one.
func (m *Accounts) burn(password string) {
	if m.dummy.salt == nil {
		m.dummy = hashParts{params: m.Params, salt: make([]byte, saltLen)}
	}
	d := derive(password, m.dummy.salt, m.dummy.params)
	clear(d.kek)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
