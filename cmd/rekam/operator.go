package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
)

// authParams are the Argon2id parameters of new password hashes; tests lower them.
var authParams = auth.DefaultParams

// stationAccounts returns the account manager and the audit log of the store.
func stationAccounts(st *sqlite.Store) (*auth.Accounts, *auth.Log) {
	log := auth.NewLog(st)
	accounts := auth.NewAccounts(st, log)
	accounts.Params = authParams
	return accounts, log
}

// secretInput is where the command-line tools read passwords: one per line, so that
// scripts can pipe them in; promptOutput is where they ask for them (standard error, so
// that an export to standard output stays clean). Tests replace both.
var (
	secretInput            = bufio.NewReader(os.Stdin)
	promptOutput io.Writer = os.Stderr
)

// readSecret prints prompt and reads one line. The line is not hidden: the station
// window is the normal way in; these commands are for an admin at a console.
func readSecret(_ io.Writer, prompt string) (string, error) {
	if pw := os.Getenv("REKAM_PASSWORD"); pw != "" {
		return pw, nil // scripted use (make run's training station, tests)
	}
	fmt.Fprint(promptOutput, prompt)
	line, err := secretInput.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", fmt.Errorf("read %s: %w", strings.TrimSuffix(strings.TrimSpace(prompt), ":"), err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// loginAs asks for id's password and logs in. Commands that read records then unlock the
// store with the session's Cipher (st.Unlock); account and audit commands need not.
func loginAs(ctx context.Context, accounts *auth.Accounts, id string, out io.Writer) (*auth.Session, error) {
	if id == "" {
		return nil, enroll.Errorf("log in", enroll.KindPermission, "this command needs --as ACCOUNT (who is doing it)")
	}
	pw, err := readSecret(out, "password for "+id+": ")
	if err != nil {
		return nil, err
	}
	return accounts.Login(ctx, id, pw)
}

// newPassword asks for a new password twice.
func newPassword(out io.Writer, whose string) (string, error) {
	a, err := readSecret(out, "new password for "+whose+": ")
	if err != nil {
		return "", err
	}
	b, err := readSecret(out, "repeat it: ")
	if err != nil {
		return "", err
	}
	if a != b {
		return "", fmt.Errorf("the two passwords differ")
	}
	return a, nil
}

// provisionOperators creates the station's data key and first admin account on a new
// database, unlocks the store with it, and prints the recovery key once. runProvision
// calls it after the bundle is imported.
func provisionOperators(ctx context.Context, st *sqlite.Store, id, name string, out io.Writer) (*auth.Session, error) {
	accounts, _ := stationAccounts(st)
	pw, err := newPassword(out, id)
	if err != nil {
		return nil, err
	}
	s, key, err := accounts.Provision(ctx, id, name, pw)
	if err != nil {
		return nil, err
	}
	if err := st.Unlock(ctx, s.Cipher); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "admin account %s created\n\n", id)
	fmt.Fprintf(out, "RECOVERY KEY (KUNCI PEMULIHAN) — write it down and keep it in the office safe.\n")
	fmt.Fprintf(out, "It is the only way into the station's data when no admin can log in.\n\n")
	fmt.Fprintf(out, "    %s\n\n", key)
	return s, nil
}

func runOperator(args []string, out io.Writer) error {
	fs := newFlags("operator", out)
	data := dataFlag(fs)
	as := fs.String("as", "", "the account doing it (an admin, or the operator for their own passwd)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	usage := usageError{"usage: rekam operator [--data DIR] --as ADMIN add ID ROLE NAME… | remove ID | unlock ID | list | passwd ID" +
		"\n       rekam operator [--data DIR] passwd ID (your own) | recover ID (with the recovery key)"}
	if len(pos) == 0 {
		return usage
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	accounts, _ := stationAccounts(st)
	if pos[0] == "passwd" && len(pos) == 2 && (*as == "" || *as == pos[1]) {
		old, err := readSecret(out, "current password for "+pos[1]+": ")
		if err != nil {
			return err
		}
		pw, err := newPassword(out, pos[1])
		if err != nil {
			return err
		}
		if err := accounts.ChangePassword(ctx, pos[1], old, pw); err != nil {
			return err
		}
		fmt.Fprintf(out, "password of %s changed\n", pos[1])
		return nil
	}
	if pos[0] == "recover" && len(pos) == 2 {
		raw, err := readSecret(out, "recovery key: ")
		if err != nil {
			return err
		}
		key, err := auth.ParseRecoveryKey(raw)
		if err != nil {
			return usageError{err.Error()}
		}
		pw, err := newPassword(out, pos[1])
		if err != nil {
			return err
		}
		if err := accounts.Recover(ctx, key, pos[1], pw); err != nil {
			return err
		}
		fmt.Fprintf(out, "password of %s set with the recovery key\n", pos[1])
		return nil
	}
	admin, err := loginAs(ctx, accounts, *as, out)
	if err != nil {
		return err
	}
	defer accounts.Logout(ctx, admin, "command line")
	switch {
	case pos[0] == "add" && len(pos) >= 4:
		role := auth.Role(pos[2])
		pw, err := newPassword(out, pos[1])
		if err != nil {
			return err
		}
		a, err := accounts.Add(ctx, admin, pos[1], strings.Join(pos[3:], " "), role, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "account %s added\n", a)
	case pos[0] == "remove" && len(pos) == 2:
		if err := accounts.Remove(ctx, admin, pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(out, "account %s removed; its password no longer opens the station's data\n", pos[1])
	case pos[0] == "unlock" && len(pos) == 2:
		if err := accounts.Unlock(ctx, admin, pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(out, "account %s unlocked\n", pos[1])
	case pos[0] == "passwd" && len(pos) == 2:
		pw, err := newPassword(out, pos[1])
		if err != nil {
			return err
		}
		if err := accounts.ResetPassword(ctx, admin, pos[1], pw); err != nil {
			return err
		}
		fmt.Fprintf(out, "password of %s reset\n", pos[1])
	case pos[0] == "list" && len(pos) == 1:
		list, err := accounts.List(ctx, admin)
		if err != nil {
			return err
		}
		for _, a := range list {
			state := "active"
			switch {
			case a.Disabled:
				state = "removed"
			case a.Locked(accounts.Now()):
				state = "locked until " + a.LockedUntil.Format("15:04:05")
			}
			fmt.Fprintf(out, "%-16s %-10s %-8s %s\n", a.ID, a.Role, state, a.Name)
		}
	default:
		return usage
	}
	return nil
}
