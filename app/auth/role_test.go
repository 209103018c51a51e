package auth_test

import (
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// want is the role table written out independently of auth.Table: the cells that are
// allowed. Every other cell must be refused.
var want = map[auth.Role][]auth.Permission{
	auth.RoleOperator: {auth.PermEnroll, auth.PermReadRecords, auth.PermExport, auth.PermSync},
	auth.RoleSupervisor: {auth.PermEnroll, auth.PermReadRecords, auth.PermOverride, auth.PermExport,
		auth.PermImport, auth.PermSync, auth.PermPurge, auth.PermVerifyAudit, auth.PermExportAudit,
		auth.PermMasterData},
	auth.RoleAdmin: {auth.PermImport, auth.PermSync, auth.PermPurge, auth.PermManageAccounts,
		auth.PermChangeSettings, auth.PermVerifyAudit, auth.PermExportAudit, auth.PermProvision,
		auth.PermMasterData},
}

func TestEveryRolePermissionCell(t *testing.T) {
	roles := append(append([]auth.Role{}, auth.Roles...), "", "root", "Admin")
	for _, r := range roles {
		for _, p := range append(append([]auth.Permission{}, auth.Permissions...), "fly") {
			allowed := false
			for _, q := range want[r] {
				allowed = allowed || q == p
			}
			if got := auth.Allowed(r, p); got != allowed {
				t.Errorf("Allowed(%q, %q) = %v, want %v", r, p, got, allowed)
			}
			err := auth.Check(r, p)
			switch {
			case allowed && err != nil:
				t.Errorf("Check(%q, %q) = %v, want nil", r, p, err)
			case !allowed && enroll.KindOf(err) != enroll.KindPermission:
				t.Errorf("Check(%q, %q) = %v, want KindPermission", r, p, err)
			}
		}
	}
}

func TestSessionRequireRefusesBeyondRole(t *testing.T) {
	st := newStation(t)
	budi := st.login(t, "budi")
	if err := budi.Require(auth.PermEnroll); err != nil {
		t.Fatalf("operator enroll: %v", err)
	}
	for _, p := range []auth.Permission{auth.PermOverride, auth.PermManageAccounts, auth.PermPurge, auth.PermVerifyAudit} {
		if err := budi.Require(p); !enroll.IsKind(err, enroll.KindPermission) {
			t.Errorf("operator %s: %v, want KindPermission", p, err)
		}
	}
	// An operator cannot manage accounts through the API either.
	if _, err := st.accounts.Add(t.Context(), budi, "eve", "Eve", auth.RoleAdmin, "password-eve"); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("operator adds an admin: %v, want KindPermission", err)
	}
	if err := st.accounts.ResetPassword(t.Context(), budi, "sari", "password-new"); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("operator resets a password: %v, want KindPermission", err)
	}
	// An admin manages accounts but does not read records.
	if err := st.admin.Require(auth.PermReadRecords); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("admin reads records: %v, want KindPermission", err)
	}
	budi.Close()
	if err := budi.Require(auth.PermEnroll); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("closed session: %v, want KindPermission", err)
	}
	var nilSession *auth.Session
	if err := nilSession.Require(auth.PermSync); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("nil session: %v, want KindPermission", err)
	}
}
