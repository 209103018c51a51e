package authtest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// Store is what the conformance suite checks: both ports of app/auth.
type Store interface {
	auth.AccountStore
	auth.AuditStore
}

// Conformance runs the checks that every Store must pass; newStore returns a fresh,
// empty store for each subtest.
func Conformance(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := context.Background()
	t.Run("account round trip", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Account(ctx, "siti"); !enroll.IsKind(err, enroll.KindNotFound) {
			t.Fatalf("Account of a missing ID: %v, want KindNotFound", err)
		}
		a := auth.Account{ID: "siti", Name: "Siti Rahayu", Role: auth.RoleSupervisor,
			Hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$x", FailedLogins: 3,
			LockedUntil: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC), WrappedDataKey: []byte{1, 2, 3}}
		if err := s.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.Account(ctx, "siti")
		if err != nil {
			t.Fatal(err)
		}
		if !sameAccount(got, a) {
			t.Fatalf("Account = %+v, want %+v", got, a)
		}
		a.Disabled, a.WrappedDataKey, a.Hash, a.LockedUntil = true, nil, "", time.Time{}
		if err := s.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.PutAccount(ctx, auth.Account{ID: "budi", Name: "Budi", Role: auth.RoleOperator}); err != nil {
			t.Fatal(err)
		}
		all, err := s.Accounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].ID != "budi" || !sameAccount(all[1], a) {
			t.Fatalf("Accounts = %+v, want budi then the updated siti", all)
		}
	})
	t.Run("recovery wrapping", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.RecoveryWrap(ctx); !enroll.IsKind(err, enroll.KindNotFound) {
			t.Fatalf("RecoveryWrap before provisioning: %v, want KindNotFound", err)
		}
		for _, w := range [][]byte{{9, 8, 7}, {6, 5}} {
			if err := s.PutRecoveryWrap(ctx, w); err != nil {
				t.Fatal(err)
			}
			got, err := s.RecoveryWrap(ctx)
			if err != nil || !bytes.Equal(got, w) {
				t.Fatalf("RecoveryWrap = %x, %v; want %x", got, err, w)
			}
		}
	})
	t.Run("audit append only", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.AuditHead(ctx); !enroll.IsKind(err, enroll.KindNotFound) {
			t.Fatalf("AuditHead of an empty log: %v, want KindNotFound", err)
		}
		at := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)
		var prev *auth.AuditEntry
		for i, act := range []auth.Action{auth.ActionLogin, auth.ActionCapture, auth.ActionLogout} {
			e := auth.Next(prev, at.Add(time.Duration(i)*time.Second), "siti", act, "R1", "détail ✓")
			if err := s.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
			prev = &e
		}
		dup := auth.Next(nil, at, "eve", auth.ActionLogin, "", "")
		if err := s.AppendAudit(ctx, dup); !enroll.IsKind(err, enroll.KindConflict) {
			t.Fatalf("AppendAudit of an existing Seq: %v, want KindConflict", err)
		}
		head, err := s.AuditHead(ctx)
		if err != nil || head.Seq != 3 || !bytes.Equal(head.Hash, prev.Hash) {
			t.Fatalf("AuditHead = %+v, %v; want entry 3", head, err)
		}
		all, err := s.AuditEntries(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 {
			t.Fatalf("AuditEntries = %d entries, want 3", len(all))
		}
		if i, err := auth.VerifyChain(all); err != nil {
			t.Fatalf("the stored entries do not verify at %d: %v (is At kept to the nanosecond?)", i, err)
		}
		tail, err := s.AuditEntries(ctx, 2)
		if err != nil || len(tail) != 2 || tail[0].Seq != 2 {
			t.Fatalf("AuditEntries(from 2) = %+v, %v", tail, err)
		}
	})
}

func sameAccount(a, b auth.Account) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Role == b.Role && a.Hash == b.Hash &&
		a.FailedLogins == b.FailedLogins && a.LockedUntil.Equal(b.LockedUntil) &&
		bytes.Equal(a.WrappedDataKey, b.WrappedDataKey) && a.Disabled == b.Disabled
}
