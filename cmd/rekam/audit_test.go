package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
)

// authCLI is a provisioned data directory driven through the operator, audit and purge
// commands with passwords piped in.
type authCLI struct {
	t        *testing.T
	dir      string
	recovery string // the key provisioning printed
}

func newAuthCLI(t *testing.T) *authCLI {
	old := authParams
	authParams = auth.Params{Time: 1, Memory: 64, Threads: 1}
	promptOutput = io.Discard
	t.Cleanup(func() { authParams = old })
	c := &authCLI{t: t, dir: t.TempDir()}
	st, err := openStore(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c.feed("password-admin", "password-admin")
	var out bytes.Buffer
	if _, err := provisionOperators(context.Background(), st, "admin", "Admin Kecamatan", &out); err != nil {
		t.Fatal(err)
	}
	c.recovery = strings.TrimSpace(strings.SplitAfter(out.String(), "can log in.\n")[1])
	if _, err := auth.ParseRecoveryKey(c.recovery); err != nil {
		t.Fatalf("provisioning printed no recovery key: %q (%v)", out.String(), err)
	}
	if !st.Encrypted() {
		t.Fatal("provisioning did not encrypt the store")
	}
	return c
}

func (c *authCLI) feed(lines ...string) {
	secretInput = bufio.NewReader(strings.NewReader(strings.Join(lines, "\n") + "\n"))
}

// do runs one command with the given secrets and returns its output and error.
func (c *authCLI) do(secrets []string, cmd func([]string, io.Writer) error, args ...string) (string, error) {
	c.feed(secrets...)
	var out bytes.Buffer
	err := cmd(append([]string{"--data", c.dir}, args...), &out)
	return out.String(), err
}

func TestOperatorAndAuditCommands(t *testing.T) {
	c := newAuthCLI(t)
	steps := []struct {
		secrets []string
		cmd     func([]string, io.Writer) error
		args    []string
		want    string // in the output, or in the error when fail
		fail    bool
	}{
		{[]string{"password-admin", "password-budi", "password-budi"}, runOperator, []string{"--as", "admin", "add", "budi", "operator", "Budi", "Santoso"}, "budi (Budi Santoso, operator) added", false},
		{[]string{"password-admin", "password-sari", "password-sari"}, runOperator, []string{"--as", "admin", "add", "sari", "supervisor", "Sari"}, "added", false},
		{[]string{"password-budi", "password-sari", "password-sari"}, runOperator, []string{"--as", "budi", "add", "eve", "admin", "Eve"}, "may not manage_accounts", true},
		{[]string{"wrong-password"}, runOperator, []string{"--as", "admin", "list"}, "wrong account or password", true},
		{[]string{"password-admin"}, runOperator, []string{"--as", "admin", "list"}, "budi             operator   active", false},
		{[]string{"password-budi", "password-budi2", "password-budi2"}, runOperator, []string{"passwd", "budi"}, "password of budi changed", false},
		{[]string{"password-budi2"}, runAudit, []string{"--as", "budi", "verify"}, "may not verify_audit", true},
		{[]string{"password-sari"}, runAudit, []string{"--as", "sari", "verify"}, "audit log intact", false},
		{[]string{"password-sari"}, runAudit, []string{"--as", "sari", "export"}, `"action":"export"`, false},
		{[]string{"password-admin"}, runPurge, []string{"--as", "admin"}, "purged the biometric samples of 0 records", false},
		{[]string{"password-admin"}, runOperator, []string{"--as", "admin", "remove", "budi"}, "no longer opens", false},
		{[]string{"0000-0000-0000-0000-0000-0000-0000-0000", "password-new1", "password-new1"}, runOperator, []string{"recover", "admin"}, "wrong recovery key", true},
		{[]string{c.recovery, "password-new1", "password-new1"}, runOperator, []string{"recover", "admin"}, "set with the recovery key", false},
		{[]string{"password-new1"}, runOperator, []string{"--as", "admin", "list"}, "budi             operator   removed", false},
		{[]string{"password-budi2"}, runAudit, []string{"--as", "budi", "verify"}, "account removed", true},
	}
	for i, s := range steps {
		out, err := c.do(s.secrets, s.cmd, s.args...)
		got := out
		if s.fail {
			if err == nil {
				t.Fatalf("step %d %v: succeeded, want an error with %q; output %q", i, s.args, s.want, out)
			}
			got = err.Error()
		} else if err != nil {
			t.Fatalf("step %d %v: %v", i, s.args, err)
		}
		if !strings.Contains(got, s.want) {
			t.Fatalf("step %d %v: %q does not contain %q", i, s.args, got, s.want)
		}
	}
}

func TestAuditVerifyNamesDeletedAndTamperedEntries(t *testing.T) {
	for _, tamper := range []struct{ name, sql, want string }{
		{"deleted", `DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3`, "at entry 4 (position 3): entries 3..3 before it are missing"},
		{"tampered", `DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'added as admin' WHERE seq = 3`, "at entry 3 (position 3): its content does not match"},
	} {
		t.Run(tamper.name, func(t *testing.T) {
			c := newAuthCLI(t)
			if _, err := c.do([]string{"password-admin", "password-sari", "password-sari"}, runOperator,
				"--as", "admin", "add", "sari", "supervisor", "Sari"); err != nil {
				t.Fatal(err)
			}
			out, err := c.do([]string{"password-sari"}, runAudit, "--as", "sari", "verify")
			if err != nil || !strings.Contains(out, "intact") {
				t.Fatalf("before tampering: %q, %v", out, err)
			}
			anchor := strings.TrimPrefix(strings.TrimSpace(out[strings.Index(out, "head "):]), "head ")
			db, err := sql.Open("sqlite", filepath.Join(c.dir, "rekam.db"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(tamper.sql); err != nil {
				t.Fatal(err)
			}
			db.Close()
			_, err = c.do([]string{"password-sari"}, runAudit, "--as", "sari", "verify", "--anchor", anchor)
			if err == nil || !strings.Contains(err.Error(), tamper.want) {
				t.Fatalf("verify after the log was %s: %v; want %q", tamper.name, err, tamper.want)
			}
		})
	}
}
