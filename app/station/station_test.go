package station_test

import (
	"context"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/auth/authtest"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
)

// allowed is the action table written out independently of the package: for each role,
// the actions it may take. No session may take only the first provisioning.
var allowed = map[auth.Role][]station.Action{
	auth.RoleOperator: {station.ActionFirstProvision, station.ActionEnroll, station.ActionReadRecords,
		station.ActionSync, station.ActionSyncStatus, station.ActionExport},
	auth.RoleSupervisor: {station.ActionFirstProvision, station.ActionMasterData, station.ActionEnroll,
		station.ActionReadRecords, station.ActionApprove, station.ActionSync, station.ActionSyncStatus,
		station.ActionExport, station.ActionImport, station.ActionPurge, station.ActionVerifyAudit,
		station.ActionExportAudit},
	auth.RoleAdmin: {station.ActionFirstProvision, station.ActionReprovision, station.ActionMasterData,
		station.ActionSync, station.ActionSyncStatus, station.ActionImport, station.ActionPurge,
		station.ActionAccounts, station.ActionSettings, station.ActionVerifyAudit, station.ActionExportAudit},
}

// sessions logs in one account of each role on an in-memory station.
func sessions(t *testing.T) map[auth.Role]*auth.Session {
	t.Helper()
	ctx := context.Background()
	st := &authtest.MemStore{}
	log := auth.NewLog(st)
	m := auth.NewAccounts(st, log)
	m.Params = auth.Params{Time: 1, Memory: 64, Threads: 1}
	admin, _, err := m.Provision(ctx, "admin", "Admin", "kata-sandi-admin")
	if err != nil {
		t.Fatal(err)
	}
	out := map[auth.Role]*auth.Session{auth.RoleAdmin: admin}
	for _, r := range []auth.Role{auth.RoleOperator, auth.RoleSupervisor} {
		if _, err := m.Add(ctx, admin, string(r), string(r), r, "kata-sandi-"+string(r)); err != nil {
			t.Fatal(err)
		}
		s, err := m.Login(ctx, string(r), "kata-sandi-"+string(r))
		if err != nil {
			t.Fatal(err)
		}
		out[r] = s
	}
	return out
}

// TestEveryActionRoleAndState: every action × (no session, a closed session, each role)
// is allowed exactly as the table above says, and refused with KindPermission otherwise.
func TestEveryActionRoleAndState(t *testing.T) {
	ss := sessions(t)
	closed := sessions(t)[auth.RoleAdmin]
	closed.Close()
	states := map[string]*auth.Session{"no session": nil, "closed session": closed}
	for r, s := range ss {
		states[string(r)] = s
	}
	for name, s := range states {
		for _, a := range station.Actions {
			want := a == station.ActionFirstProvision
			if s != nil && s.Cipher != nil {
				for _, b := range allowed[s.Account.Role] {
					want = want || a == b
				}
			}
			err := station.Authorize(s, a)
			switch {
			case want && err != nil:
				t.Errorf("%s, %s: refused: %v", name, a, err)
			case !want && enroll.KindOf(err) != enroll.KindPermission:
				t.Errorf("%s, %s: got %v, want KindPermission", name, a, err)
			}
			if station.Allowed(s, a) != want {
				t.Errorf("%s, %s: Allowed disagrees with Authorize", name, a)
			}
		}
	}
	if err := station.Authorize(ss[auth.RoleAdmin], "fly"); enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("an unknown action was not refused: %v", err)
	}
}

func TestProvisioningRules(t *testing.T) {
	fresh := station.Provisioning{NewStation: "A"}
	if station.ProvisionAction(fresh) != station.ActionFirstProvision || station.CheckProvisioning(fresh) != nil {
		t.Error("a new, empty station must provision without a session")
	}
	again := station.Provisioning{Provisioned: true, Encrypted: true, OldStation: "A", NewStation: "A", Queued: 2}
	if station.ProvisionAction(again) != station.ActionReprovision {
		t.Error("a provisioned station re-provisions")
	}
	if err := station.CheckProvisioning(again); enroll.KindOf(err) != enroll.KindConflict {
		t.Errorf("a new centre with 2 queued packets: %v, want KindConflict", err)
	}
	again.SameCentre = true
	if err := station.CheckProvisioning(again); err != nil {
		t.Errorf("the same centre again: %v", err)
	}
	again.NewStation = "B"
	if err := station.CheckProvisioning(again); enroll.KindOf(err) != enroll.KindConflict {
		t.Errorf("another station ID: %v", err)
	}
}
