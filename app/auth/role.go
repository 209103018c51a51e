package auth

import (
	"fmt"

	"github.com/rekam-id/rekam/app/enroll"
)

// Role is what an account is for. Roles are not ranks: an admin manages the station but
// does not record people or read their data.
type Role string

// The roles.
const (
	RoleOperator   Role = "operator"   // Operator Perekaman: records applicants
	RoleSupervisor Role = "supervisor" // approves overrides, reads the audit, imports
	RoleAdmin      Role = "admin"      // manages accounts and settings
)

// Roles lists every role, in the order screens show them.
var Roles = []Role{RoleOperator, RoleSupervisor, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	_, ok := Table[r]
	return ok
}

// Permission is one kind of action that a role may or may not take.
type Permission string

// The permissions.
const (
	PermEnroll         Permission = "enroll"          // capture, save and sign off a recording
	PermReadRecords    Permission = "read_records"    // open records with their personal data
	PermOverride       Permission = "override"        // approve an override (re-recording, finger exceptions, warnings)
	PermExport         Permission = "export"          // export the sealed queue to a removable drive
	PermImport         Permission = "import"          // import sealed packets from a drive
	PermSync           Permission = "sync"            // start a sync with the centre
	PermPurge          Permission = "purge"           // purge biometric samples before the schedule does
	PermManageAccounts Permission = "manage_accounts" // add, remove, unlock accounts; reset passwords
	PermChangeSettings Permission = "change_settings" // change station settings (checklist, retention, idle lock)
	PermVerifyAudit    Permission = "verify_audit"    // read and verify the audit log
	PermExportAudit    Permission = "export_audit"    // export the audit log for a report
	PermProvision      Permission = "provision"       // re-provision a provisioned station (a new centre, CA or recipient)
	PermMasterData     Permission = "master_data"     // replace the region master data
)

// Permissions lists every permission, in the order of Table's documentation.
var Permissions = []Permission{
	PermEnroll, PermReadRecords, PermOverride, PermExport, PermImport, PermSync,
	PermPurge, PermManageAccounts, PermChangeSettings, PermVerifyAudit, PermExportAudit,
	PermProvision, PermMasterData,
}

// Table is who may do what. It is the only place where the rule lives:
//
//	permission        operator  supervisor  admin
//	enroll               ✓          ✓
//	read_records         ✓          ✓
//	override                        ✓
//	export               ✓          ✓
//	import                          ✓          ✓
//	sync                 ✓          ✓          ✓
//	purge                           ✓          ✓
//	manage_accounts                            ✓
//	change_settings                            ✓
//	verify_audit                    ✓          ✓
//	export_audit                    ✓          ✓
//	provision                                  ✓
//	master_data                     ✓          ✓
//
// An operator may export because a mobile team must carry its sealed queue to the office
// without a supervisor; the packets are sealed to the centre, so export reveals nothing.
// An admin may not read records: managing the station does not need the people's data.
var Table = map[Role]map[Permission]bool{
	RoleOperator: {
		PermEnroll: true, PermReadRecords: true, PermExport: true, PermSync: true,
	},
	RoleSupervisor: {
		PermEnroll: true, PermReadRecords: true, PermOverride: true, PermExport: true,
		PermImport: true, PermSync: true, PermPurge: true, PermVerifyAudit: true,
		PermExportAudit: true, PermMasterData: true,
	},
	RoleAdmin: {
		PermImport: true, PermSync: true, PermPurge: true, PermManageAccounts: true,
		PermChangeSettings: true, PermVerifyAudit: true, PermExportAudit: true,
		PermProvision: true, PermMasterData: true,
	},
}

// Allowed reports whether role r may take permission p. Unknown roles may do nothing.
func Allowed(r Role, p Permission) bool { return Table[r][p] }

// Check returns nil when role r may take permission p and an error of kind
// enroll.KindPermission when it may not.
func Check(r Role, p Permission) error {
	if Allowed(r, p) {
		return nil
	}
	return enroll.E(string(p), enroll.KindPermission, fmt.Errorf("role %q may not %s", r, p))
}
