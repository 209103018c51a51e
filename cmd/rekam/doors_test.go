package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
)

// TestEveryCommandAtTheDoor runs every rekam subcommand that changes state or reads
// protected data on a provisioned station, without a login and as each role, and checks
// it against the station core's action table: refused with KindPermission and nothing
// changed, or let through the door.
func TestEveryCommandAtTheDoor(t *testing.T) {
	c := startCentre(t)
	p := newProvisioned(t, c) // admin, operator budi, two queued records
	t.Setenv("REKAM_PASSWORD", "kata-sandi-admin")
	if err := runOperator([]string{"--data", p.data, "--as", "admin", "add", "sari", "supervisor", "Sari"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	drive := filepath.Join(t.TempDir(), "drive")
	os.MkdirAll(drive, 0o700)
	csv := filepath.Join(t.TempDir(), "w.csv")
	os.WriteFile(csv, []byte("kode,kode_induk,tingkat,nama,kodepos\n33,,provinsi,Jawa Tengah,\n"), 0o600)
	bundle := writeBundle(t, c, "3313-PRV-01", "tok-again")
	commands := []struct {
		name   string
		action core.Action
		run    func([]string, io.Writer) error
		args   []string
	}{
		{"demo enroll", core.ActionEnroll, runDemo, []string{"enroll", "--count", "1", "--seed", "9"}},
		{"export", core.ActionExport, runExport, []string{"--to", drive}},
		{"import", core.ActionImport, runImport, []string{drive}},
		{"import-wilayah", core.ActionMasterData, runImportWilayah, []string{csv}},
		{"operator list", core.ActionAccounts, runOperator, []string{"list"}},
		{"audit verify", core.ActionVerifyAudit, runAudit, []string{"verify"}},
		{"audit export", core.ActionExportAudit, runAudit, []string{"export", "--to", filepath.Join(t.TempDir(), "a.jsonl")}},
		{"purge", core.ActionPurge, runPurge, []string{"--days", "30"}},
		{"provision", core.ActionReprovision, runProvision, []string{"--offline", bundle}},
		{"sync --once", core.ActionSync, runSync, []string{"--once"}},
	}
	roles := map[string]auth.Role{"": "", "budi": auth.RoleOperator, "sari": auth.RoleSupervisor, "admin": auth.RoleAdmin}
	for _, cmd := range commands {
		for _, as := range []string{"", "budi", "sari", "admin"} {
			want := as != "" && core.RoleAllows(roles[as], cmd.action)
			before := snapshot(t, p.data)
			head := auditHead(t, p.data)
			args := append([]string{"--data", p.data}, cmd.args...)
			if as != "" {
				args = append(args, "--as", as)
			}
			err := cmd.run(args, io.Discard)
			if !want {
				if enroll.KindOf(err) != enroll.KindPermission {
					t.Errorf("%s as %q: %v, want KindPermission", cmd.name, as, err)
				}
				sameSnapshot(t, cmd.name+" refused", before, snapshot(t, p.data))
				if h := auditHead(t, p.data); as == "" && h != head {
					t.Errorf("%s without a login wrote to the audit log (%d → %d)", cmd.name, head, h)
				}
				continue
			}
			if enroll.KindOf(err) == enroll.KindPermission {
				t.Errorf("%s as %q (%s): refused: %v", cmd.name, as, roles[as], err)
			}
		}
	}
}

func auditHead(t *testing.T, data string) uint64 {
	t.Helper()
	st, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := st.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}
