package auth_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

func TestLoginWrongPasswordAndUnknownAccount(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	for _, c := range []struct{ id, pw string }{{"budi", "password-sari"}, {"budi", ""}, {"nobody", "password-budi"}} {
		s, err := st.accounts.Login(ctx, c.id, c.pw)
		if s != nil || !enroll.IsKind(err, enroll.KindInvalid) || !errors.Is(err, auth.ErrWrongPassword) {
			t.Errorf("Login(%s, %q) = %v, %v; want nil, KindInvalid ErrWrongPassword", c.id, c.pw, s, err)
		}
	}
	a, _ := st.store.Account(ctx, "budi")
	if a.FailedLogins != 2 {
		t.Fatalf("FailedLogins = %d after two wrong passwords, want 2", a.FailedLogins)
	}
	st.login(t, "budi")
	a, _ = st.store.Account(ctx, "budi")
	if a.FailedLogins != 0 {
		t.Fatalf("FailedLogins = %d after a good login, want 0", a.FailedLogins)
	}
	entries, _ := st.store.AuditEntries(ctx, 1)
	var failed []string
	for _, e := range entries {
		if e.Action == auth.ActionLoginFailed {
			failed = append(failed, e.Subject)
		}
		if strings.Contains(e.Subject+e.Detail, "password-") {
			t.Errorf("audit entry %d holds a password: %+v", e.Seq, e)
		}
	}
	if !slices.Equal(failed, []string{"budi", "budi", "(unknown account)"}) {
		t.Fatalf("login_failed subjects = %q", failed)
	}
}

func TestLockoutAfterFiveFailuresAndUnlockAfterFiveMinutes(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	for i := 1; i <= auth.MaxFailedLogins; i++ {
		if _, err := st.accounts.Login(ctx, "budi", "wrong-password"); !errors.Is(err, auth.ErrWrongPassword) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// Locked: even the right password is refused, without saying whether it was right.
	_, err := st.accounts.Login(ctx, "budi", "password-budi")
	if !enroll.IsKind(err, enroll.KindPermission) || !errors.Is(err, auth.ErrLocked) {
		t.Fatalf("login while locked: %v, want KindPermission ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "08:05:00") {
		t.Errorf("the lock message %q does not say until when", err)
	}
	st.clock.advance(auth.LockoutDuration - time.Second)
	if _, err := st.accounts.Login(ctx, "budi", "password-budi"); !errors.Is(err, auth.ErrLocked) {
		t.Fatalf("login 1 s before the lock ends: %v, want ErrLocked", err)
	}
	st.clock.advance(time.Second)
	st.login(t, "budi")
	// Another account was never affected.
	st.login(t, "sari")
	acts := st.actions(t)
	if n := countOf(acts, auth.ActionLock); n != 1 {
		t.Fatalf("audit has %d lock entries, want 1: %v", n, acts)
	}
	// Five wrong passwords and two attempts while locked are all on record.
	if n := countOf(acts, auth.ActionLoginFailed); n != auth.MaxFailedLogins+2 {
		t.Fatalf("audit has %d failed logins, want %d: %v", n, auth.MaxFailedLogins+2, acts)
	}
}

func TestAdminUnlocks(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	for range auth.MaxFailedLogins {
		st.accounts.Login(ctx, "sari", "wrong-password")
	}
	if err := st.accounts.Unlock(ctx, st.admin, "sari"); err != nil {
		t.Fatal(err)
	}
	st.login(t, "sari")
}

func TestProvisionTwiceIsRefused(t *testing.T) {
	st := newStation(t)
	if _, _, err := st.accounts.Provision(t.Context(), "admin2", "Other", "password-admin2"); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("second provisioning: %v, want KindConflict", err)
	}
}

func TestRewrapAfterPasswordChange(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	before := st.login(t, "budi")
	old, _ := st.store.Account(ctx, "budi")
	if err := st.accounts.ChangePassword(ctx, "budi", "not-the-password", "password-new1"); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("change with a wrong old password: %v", err)
	}
	if err := st.accounts.ChangePassword(ctx, "budi", "password-budi", "short"); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("change to a short password: %v, want KindInvalid", err)
	}
	if err := st.accounts.ChangePassword(ctx, "budi", "password-budi", "password-new1"); err != nil {
		t.Fatal(err)
	}
	now, _ := st.store.Account(ctx, "budi")
	if now.Hash == old.Hash || string(now.WrappedDataKey) == string(old.WrappedDataKey) {
		t.Fatal("the hash or the wrapping did not change")
	}
	if _, err := st.accounts.Login(ctx, "budi", "password-budi"); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("login with the old password: %v", err)
	}
	after, err := st.accounts.Login(ctx, "budi", "password-new1")
	if err != nil {
		t.Fatal(err)
	}
	if !sameKey(before, after) {
		t.Fatal("the re-wrapped data key differs from the old one")
	}
	// An admin's reset also re-wraps the same key.
	if err := st.accounts.ResetPassword(ctx, st.admin, "budi", "password-new2"); err != nil {
		t.Fatal(err)
	}
	reset, err := st.accounts.Login(ctx, "budi", "password-new2")
	if err != nil || !sameKey(before, reset) {
		t.Fatalf("login after reset: %v, same key %v", err, err == nil && sameKey(before, reset))
	}
}

func TestRemovedOperatorCannotUnwrap(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	st.login(t, "budi")
	sari := st.login(t, "sari")
	if err := st.accounts.Remove(ctx, sari, "budi"); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("supervisor removes an operator: %v, want KindPermission", err)
	}
	if err := st.accounts.Remove(ctx, st.admin, "budi"); err != nil {
		t.Fatal(err)
	}
	a, err := st.store.Account(ctx, "budi")
	if err != nil || !a.Disabled || a.WrappedDataKey != nil || a.Hash != "" {
		t.Fatalf("removed account = %+v, %v; want disabled, no wrapping, no hash", a, err)
	}
	if _, err := st.accounts.Login(ctx, "budi", "password-budi"); !errors.Is(err, auth.ErrDisabled) || !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("removed operator logs in: %v, want KindPermission ErrDisabled", err)
	}
	if err := st.accounts.Remove(ctx, st.admin, "admin"); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("removing the last admin: %v, want KindConflict", err)
	}
	if _, err := st.accounts.Add(ctx, st.admin, "budi", "Budi again", auth.RoleOperator, "password-budi"); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("reusing a removed ID: %v, want KindConflict", err)
	}
}

func TestRecoveryKeyUnwraps(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	wrong := auth.NewRecoveryKey()
	if err := st.accounts.Recover(ctx, wrong, "admin", "password-recovered"); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("recover with a wrong key: %v, want KindInvalid", err)
	}
	printed := st.recovery.String()
	key, err := auth.ParseRecoveryKey(strings.ToLower(strings.ReplaceAll(printed, "-", " ")))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.accounts.Recover(ctx, key, "admin", "password-recovered"); err != nil {
		t.Fatal(err)
	}
	s, err := st.accounts.Login(ctx, "admin", "password-recovered")
	if err != nil {
		t.Fatal(err)
	}
	if !sameKey(st.admin, s) {
		t.Fatal("the recovered data key differs")
	}
}

func TestSupervisorOverride(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	ap, err := st.accounts.Override(ctx, "sari", "password-sari", "R-0001/rerecord-nik", "  kartu rusak, perekaman ulang  ")
	if err != nil {
		t.Fatal(err)
	}
	if ap.SupervisorID != "sari" || ap.SupervisorName != "Name of sari" || ap.Reason != "kartu rusak, perekaman ulang" || !ap.At.Equal(st.clock.t) {
		t.Fatalf("approval = %+v", ap)
	}
	entries, _ := st.store.AuditEntries(ctx, ap.Audit)
	if len(entries) != 1 || entries[0].Action != auth.ActionOverride || entries[0].Detail != ap.Reason || entries[0].Subject != "R-0001/rerecord-nik" {
		t.Fatalf("audit of the override = %+v", entries)
	}
	cases := []struct {
		id, pw, reason string
		kind           enroll.Kind
	}{
		{"budi", "password-budi", "reason", enroll.KindPermission}, // an operator cannot approve
		{"admin", "password-admin", "reason", enroll.KindPermission},
		{"sari", "wrong-password", "reason", enroll.KindInvalid},
		{"sari", "password-sari", "   ", enroll.KindInvalid},
	}
	for _, c := range cases {
		if _, err := st.accounts.Override(ctx, c.id, c.pw, "R-0001", c.reason); enroll.KindOf(err) != c.kind {
			t.Errorf("Override(%s, %q, reason %q) = %v, want %v", c.id, c.pw, c.reason, err, c.kind)
		}
	}
	if n := countOf(st.actions(t), auth.ActionOverride); n != 1 {
		t.Fatalf("audit has %d overrides, want 1", n)
	}
}

func TestLoginUpgradesParameters(t *testing.T) {
	st := newStation(t)
	ctx := t.Context()
	before := st.login(t, "budi")
	st.accounts.Params = auth.Params{Time: 2, Memory: 128, Threads: 1}
	st.login(t, "budi")
	a, _ := st.store.Account(ctx, "budi")
	if !strings.Contains(a.Hash, "$m=128,t=2,p=1$") {
		t.Fatalf("hash %q was not upgraded", a.Hash)
	}
	after := st.login(t, "budi")
	if !sameKey(before, after) {
		t.Fatal("the upgrade lost the data key")
	}
}

// brokenAudit is an audit store whose disk is full.
type brokenAudit struct{ auth.AuditStore }

func (brokenAudit) AppendAudit(context.Context, auth.AuditEntry) error {
	return enroll.Errorf("append audit", enroll.KindUnavailable, "disk full")
}

func TestAuditFailureStopsLogin(t *testing.T) {
	st := newStation(t)
	fresh := auth.NewAccounts(st.store, auth.NewLog(brokenAudit{st.store}))
	fresh.Params = fastParams
	if s, err := fresh.Login(t.Context(), "budi", "password-budi"); s != nil || !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("login with an unwritable audit log = %v, %v; want refused", s, err)
	}
}

func countOf(acts []auth.Action, a auth.Action) int {
	n := 0
	for _, x := range acts {
		if x == a {
			n++
		}
	}
	return n
}
