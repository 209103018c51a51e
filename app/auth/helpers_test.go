package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/auth/authtest"
)

// fastParams keep tests quick; the real cost is measured by BenchmarkLogin.
var fastParams = auth.Params{Time: 1, Memory: 64, Threads: 1}

// clock is a fake clock that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// station is a provisioned station with an admin "admin", a supervisor "sari" and an
// operator "budi", all with password "password-<id>".
type station struct {
	store    *authtest.MemStore
	log      *auth.Log
	accounts *auth.Accounts
	clock    *clock
	admin    *auth.Session
	recovery auth.RecoveryKey
}

func newStation(t *testing.T) *station {
	t.Helper()
	ctx := context.Background()
	st := &station{store: &authtest.MemStore{}, clock: &clock{t: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)}}
	st.log = auth.NewLog(st.store)
	st.log.Now = st.clock.now
	st.accounts = auth.NewAccounts(st.store, st.log)
	st.accounts.Now = st.clock.now
	st.accounts.Params = fastParams
	var err error
	st.admin, st.recovery, err = st.accounts.Provision(ctx, "admin", "Admin Kecamatan", "password-admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		id   string
		role auth.Role
	}{{"sari", auth.RoleSupervisor}, {"budi", auth.RoleOperator}} {
		if _, err := st.accounts.Add(ctx, st.admin, a.id, "Name of "+a.id, a.role, "password-"+a.id); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func (st *station) login(t *testing.T, id string) *auth.Session {
	t.Helper()
	s, err := st.accounts.Login(context.Background(), id, "password-"+id)
	if err != nil {
		t.Fatalf("login %s: %v", id, err)
	}
	return s
}

// actions returns the audit log's actions in order, after checking its chain.
func (st *station) actions(t *testing.T) []auth.Action {
	t.Helper()
	entries, i, err := st.log.Verify(context.Background())
	if err != nil {
		t.Fatalf("audit chain broken at %d: %v", i, err)
	}
	var out []auth.Action
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

// sameKey reports whether two sessions hold the same data key: what one seals, the other
// opens.
func sameKey(a, b *auth.Session) bool {
	ct := a.Cipher.Seal([]byte("probe"), []byte("aad"))
	pt, err := b.Cipher.Open(ct, []byte("aad"))
	return err == nil && string(pt) == "probe"
}
