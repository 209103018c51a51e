package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// lockoutEnv switches the test binary into a guessing child: it names the database.
const lockoutEnv = "REKAM_LOCKOUT_CHILD"

// guessParams make a hash cost a few milliseconds: long enough that children overlap
// between reading the lockout counter and writing it back, as Argon2id's 0.5 s does.
var guessParams = auth.Params{Time: 2, Memory: 8 * 1024, Threads: 1}

// TestParallelLoginLockout: 16 processes guess the password of one account at the same
// moment. Exactly MaxFailedLogins wrong passwords are ever checked, the account is then
// locked (one lock entry in the audit), and the right password is refused while locked.
func TestParallelLoginLockout(t *testing.T) {
	if path := os.Getenv(lockoutEnv); path != "" {
		guessChild(path)
		return
	}
	const procs = 16
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	accounts := auth.NewAccounts(s, auth.NewLog(s))
	accounts.Params = guessParams
	admin, _, err := accounts.Provision(ctx, "admin", "Admin", "password-admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Add(ctx, admin, "latihan", "Latihan", auth.RoleSupervisor, "password-latihan"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	var wg sync.WaitGroup
	start := make([]*os.File, procs)
	results := make([]string, procs)
	for i := range procs {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestParallelLoginLockout$", "-test.count=1")
		cmd.Env = append(os.Environ(), lockoutEnv+"="+path, fmt.Sprintf("REKAM_GUESS=guess-%02d", i))
		cmd.Stdin = r
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		start[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "RESULT ") {
					results[i] = strings.TrimPrefix(sc.Text(), "RESULT ")
				}
			}
			cmd.Wait()
		}()
	}
	for _, w := range start { // release them together
		w.Close()
	}
	wg.Wait()
	t.Logf("results: %v", results)

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.AuditEntries(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.VerifyChain(entries); err != nil {
		t.Fatal(err)
	}
	wrong, locks := 0, 0
	for _, e := range entries {
		switch {
		case e.Action == auth.ActionLoginFailed && e.Subject == "latihan" && !strings.Contains(e.Detail, "locked"):
			wrong++
		case e.Action == auth.ActionLock && e.Subject == "latihan":
			locks++
		}
	}
	if wrong != auth.MaxFailedLogins || locks != 1 {
		t.Errorf("%d wrong passwords checked and %d lock entries, want exactly %d and 1", wrong, locks, auth.MaxFailedLogins)
	}
	accounts = auth.NewAccounts(s, auth.NewLog(s))
	accounts.Params = guessParams
	if _, err := accounts.Login(ctx, "latihan", "password-latihan"); enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("the right password after the guesses: %v, want refused (locked)", err)
	}
}

// guessChild waits for its standard input to close, tries one wrong password, and
// prints the outcome.
func guessChild(path string) {
	bufio.NewReader(os.Stdin).ReadString('\n')
	s, err := Open(path)
	if err != nil {
		fmt.Printf("RESULT open: %v\n", err)
		os.Exit(0)
	}
	defer s.Close()
	accounts := auth.NewAccounts(s, auth.NewLog(s))
	accounts.Params = guessParams
	_, err = accounts.Login(context.Background(), "latihan", os.Getenv("REKAM_GUESS"))
	fmt.Printf("RESULT %v\n", enroll.KindOf(err))
	os.Exit(0)
}
