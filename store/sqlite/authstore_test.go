package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/auth/authtest"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

func TestAuthStoreConformance(t *testing.T) {
	authtest.Conformance(t, func(t *testing.T) authtest.Store { return openTemp(t) })
}

// TestAccountsOnTheStore runs provisioning, login and an override against the real
// store, then checks the audit chain read back from SQLite.
func TestAccountsOnTheStore(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	st := s
	log := auth.NewLog(st)
	accounts := auth.NewAccounts(st, log)
	accounts.Params = auth.Params{Time: 1, Memory: 64, Threads: 1}
	admin, _, err := accounts.Provision(ctx, "admin", "Admin", "password-admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(ctx, admin.Cipher); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Add(ctx, admin, "sari", "Sari", auth.RoleSupervisor, "password-sari"); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Login(ctx, "sari", "wrong-password"); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("wrong password: %v", err)
	}
	sari, err := accounts.Login(ctx, "sari", "password-sari")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Override(ctx, "sari", "password-sari", "R1/RERECORD_NIK", "kartu hilang"); err != nil {
		t.Fatal(err)
	}
	// The data key from sari's password opens what the admin's session sealed.
	if err := s.SaveDraft(ctx, enrolltest.Fixture("d1", "3313094512000001", "Sri Wahyuni", day, 1000)); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := s.Unlock(ctx, sari.Cipher); err != nil {
		t.Fatalf("unlock with the supervisor's session: %v", err)
	}
	if _, err := s.Get(ctx, "d1"); err != nil {
		t.Fatal(err)
	}
	entries, i, err := log.Verify(ctx)
	if err != nil {
		t.Fatalf("chain read back from SQLite broken at %d: %v", i, err)
	}
	var acts []auth.Action
	for _, e := range entries {
		acts = append(acts, e.Action)
	}
	want := []auth.Action{auth.ActionAccount, auth.ActionAccount, auth.ActionLoginFailed, auth.ActionLogin, auth.ActionOverride}
	if !slices.Equal(acts, want) {
		t.Fatalf("audit actions = %v, want %v", acts, want)
	}
	// The program cannot change or delete an entry either.
	if _, err := s.db.Exec(`UPDATE audit SET detail = 'nothing' WHERE seq = 2`); err == nil {
		t.Fatal("the audit table accepted an UPDATE")
	}
	if _, err := s.db.Exec(`DELETE FROM audit WHERE seq = 2`); err == nil {
		t.Fatal("the audit table accepted a DELETE")
	}
}
