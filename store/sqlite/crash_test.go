package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// crashEnv switches the test binary into the crash child: it names the database file.
const crashEnv = "REKAM_STORE_CRASH_CHILD"

// TestCrashDurability kills a child that commits enrollments in a loop with SIGKILL at
// random moments, many times, and checks that every enrollment the child reported as
// committed is present and intact afterwards, and that the file passes integrity_check.
func TestCrashDurability(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path, os.Getenv(crashEnv+"_ROUND"))
		return
	}
	const rounds = 100 // ≥ 100 SIGKILLs during sign-off (issue 11)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	path := filepath.Join(t.TempDir(), "rekam.db")
	committed := map[string]string{} // id → samples hash
	var order []string
	killsMidOpen := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDurability$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, fmt.Sprintf("%s_ROUND=%02d", crashEnv, round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1000)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		var got []string
		if round%6 == 5 {
			// Now and then, kill it while it opens (and recovers) the database.
			time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
			killsMidOpen++
		} else {
			// Wait until it has opened the database, then let it commit for a while.
			for l := range lines {
				got = append(got, l)
				if l == "READY" {
					break
				}
				if strings.HasPrefix(l, "FAIL") {
					t.Fatalf("round %d: child: %s", round, l)
				}
			}
			time.Sleep(time.Duration(20+rng.IntN(150)) * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("round %d: kill: %v", round, err)
		}
		for l := range lines {
			got = append(got, l)
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: child ended before the kill (%v): %v", round, err, got)
		}
		for _, l := range got {
			f := strings.Fields(l)
			switch {
			case len(f) == 3 && f[0] == "COMMIT":
				committed[f[1]] = f[2]
				order = append(order, f[1])
			case strings.HasPrefix(l, "FAIL"):
				t.Fatalf("round %d: child: %s", round, l)
			}
		}
	}
	if len(committed) < rounds {
		t.Fatalf("only %d enrollments committed in %d rounds: the test proves little", len(committed), rounds)
	}
	t.Logf("%d kills (%d while opening), %d committed enrollments", rounds, killsMidOpen, len(committed))

	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after the last kill: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range order {
		r, err := s.Get(ctx, id)
		if err != nil {
			t.Fatalf("committed %s is lost: %v", id, err)
		}
		if r.Status != enroll.StatusBioCaptured || len(r.Samples()) != 12 {
			t.Fatalf("committed %s reads back as %s with %d samples", id, r.Status, len(r.Samples()))
		}
		if h := samplesHash(r); h != committed[id] {
			t.Fatalf("committed %s: samples hash %s, child printed %s", id, h, committed[id])
		}
	}
	items, err := s.Outbox(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]bool{}
	for i, it := range items {
		queued[it.RecordID] = true
		if i > 0 && it.Seq <= items[i-1].Seq {
			t.Fatalf("outbox sequence not increasing: %d after %d", it.Seq, items[i-1].Seq)
		}
	}
	for _, id := range order {
		if !queued[id] {
			t.Fatalf("committed %s is not in the outbox", id)
		}
	}
	// Every signed-off record has its sign-off entry, and every sign-off entry names a
	// committed record: the entry commits in the transaction of the change.
	rows, err := s.AuditEntries(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	entries := rows
	signed := map[string]int{}
	for _, e := range rows {
		if e.Action == auth.ActionSignOff {
			signed[e.Subject]++
		}
	}
	if i, err := auth.VerifyChain(entries); err != nil {
		t.Fatalf("audit chain broken at %d: %v", i, err)
	}
	for id := range queued {
		if signed[id] != 1 {
			t.Errorf("signed-off record %s has %d sign-off audit entries, want 1", id, signed[id])
		}
	}
	for id := range signed {
		if !queued[id] {
			t.Errorf("audit entry for the sign-off of %s, which did not commit", id)
		}
	}
	t.Logf("%d sign-off audit entries for %d committed records", len(signed), len(queued))
}

// crashChild commits complete enrollments until it is killed, printing each ID and the
// hash of its samples after Commit returns.
func crashChild(path, round string) {
	fail := func(err error) {
		fmt.Printf("FAIL %v\n", err)
		os.Exit(2)
	}
	s, err := Open(path)
	if err != nil {
		fail(err)
	}
	fmt.Println("READY")
	ctx := context.Background()
	start := time.Now()
	for i := 0; time.Since(start) < 20*time.Second; i++ {
		id := fmt.Sprintf("crash-%s-%04d", round, i)
		at := time.Now()
		r := enrolltest.Fixture(id, fmt.Sprintf("3313094512%06d", i+1), "SRI WAHYUNI", at, enrolltest.SampleBytes)
		if i%2 == 0 { // half of them go through a draft first, as at the desk
			if err := s.SaveDraft(ctx, r); err != nil {
				fail(err)
			}
		}
		enrolltest.Sign(r, at.Add(time.Second))
		signOff := auth.WithIntent(ctx, auth.Intent{Actor: "budi", Action: auth.ActionSignOff, Subject: id, Detail: "signed off"})
		if _, err := s.Commit(signOff, r, []byte("packet of "+id)); err != nil {
			fail(err)
		}
		fmt.Printf("COMMIT %s %s\n", id, samplesHash(r))
	}
	os.Exit(3) // the parent should have killed it long before
}
