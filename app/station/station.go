// Package station is the station core's door check: the actions a window, a command or
// the schedule may ask of the station, the permission each needs, and Authorize, the one
// place where a session's role is checked against app/auth's table. It also holds the
// rules that decide whether a provisioning may proceed (the four-eyes rule for approvals
// lives with the workflow, in app/enroll's Service.Override). It is pure logic: the doors (cmd/rekam, app/ui through its backend) call
// it before they change anything.
//
// The words:
//
//   - An Action is one thing a door may ask: enroll, approve, sync, export, import,
//     re-provision, import master data, purge, manage accounts, change settings, read
//     and export the audit log.
//   - A session is an *auth.Session: a login. No action changes state without one,
//     except the first provisioning of a new, empty station (ActionFirstProvision).
package station

import (
	"fmt"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// Action is one thing a door may ask the station to do.
type Action string

// The actions.
const (
	ActionFirstProvision Action = "first_provision" // provision a new, empty station: needs no session
	ActionReprovision    Action = "reprovision"     // provision an already provisioned station again
	ActionMasterData     Action = "import_master_data"
	ActionEnroll         Action = "enroll"
	ActionReadRecords    Action = "read_records"
	ActionApprove        Action = "approve" // approve an override or a finger exception
	ActionSync           Action = "sync"
	ActionSyncStatus     Action = "sync_status"
	ActionExport         Action = "export"
	ActionImport         Action = "import"
	ActionPurge          Action = "purge"
	ActionAccounts       Action = "manage_accounts"
	ActionSettings       Action = "change_settings"
	ActionVerifyAudit    Action = "verify_audit"
	ActionExportAudit    Action = "export_audit"
)

// needs is the permission each action needs; "" means the action needs no session.
var needs = map[Action]auth.Permission{
	ActionFirstProvision: "",
	ActionReprovision:    auth.PermProvision,
	ActionMasterData:     auth.PermMasterData,
	ActionEnroll:         auth.PermEnroll,
	ActionReadRecords:    auth.PermReadRecords,
	ActionApprove:        auth.PermOverride,
	ActionSync:           auth.PermSync,
	ActionSyncStatus:     auth.PermSync,
	ActionExport:         auth.PermExport,
	ActionImport:         auth.PermImport,
	ActionPurge:          auth.PermPurge,
	ActionAccounts:       auth.PermManageAccounts,
	ActionSettings:       auth.PermChangeSettings,
	ActionVerifyAudit:    auth.PermVerifyAudit,
	ActionExportAudit:    auth.PermExportAudit,
}

// Actions lists every action, in the order of the table above.
var Actions = []Action{
	ActionFirstProvision, ActionReprovision, ActionMasterData, ActionEnroll, ActionReadRecords,
	ActionApprove, ActionSync, ActionSyncStatus, ActionExport, ActionImport, ActionPurge,
	ActionAccounts, ActionSettings, ActionVerifyAudit, ActionExportAudit,
}

// Needs returns the permission a needs and whether a is a known action.
func Needs(a Action) (auth.Permission, bool) {
	p, ok := needs[a]
	return p, ok
}

// Authorize returns nil when session s may take action a, and an error of kind
// enroll.KindPermission when it may not: no session (or a closed one), a role the table
// refuses, or an unknown action. It is the one place that checks a role.
func Authorize(s *auth.Session, a Action) error {
	p, ok := needs[a]
	if !ok {
		return enroll.Errorf(string(a), enroll.KindPermission, "unknown action %q", a)
	}
	if p == "" {
		return nil
	}
	if err := s.Require(p); err != nil {
		return fmt.Errorf("%s: %w", a, err)
	}
	return nil
}

// Allowed reports whether s may take a; the window uses it to hide what a role may not
// do (Authorize still refuses at the door).
func Allowed(s *auth.Session, a Action) bool { return Authorize(s, a) == nil }

// RoleAllows reports whether role r may take action a; for screens that know only the
// role of the logged-in operator.
func RoleAllows(r auth.Role, a Action) bool {
	p, ok := needs[a]
	return ok && (p == "" || auth.Allowed(r, p))
}
