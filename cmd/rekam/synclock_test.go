package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

// TestSyncLockHolderChild is the other process of TestOneSyncAcrossProcesses: it takes
// the sync lock of $REKAM_LOCK_DIR, says "locked", and holds it until its standard input
// closes.
func TestSyncLockHolderChild(t *testing.T) {
	dir := os.Getenv("REKAM_LOCK_DIR")
	if dir == "" {
		t.Skip("child process of TestOneSyncAcrossProcesses")
	}
	release, err := lockSync(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	os.Stdout.WriteString("locked\n")
	io.Copy(io.Discard, os.Stdin)
}

// TestOneSyncAcrossProcesses: while another process syncs (holds the data folder's sync
// lock), `rekam sync --once` refuses with KindConflict and sends nothing; once that
// process ends, the sync runs.
func TestOneSyncAcrossProcesses(t *testing.T) {
	c := startCentre(t)
	p := newProvisioned(t, c)
	child := exec.Command(os.Args[0], "-test.run=^TestSyncLockHolderChild$", "-test.count=1")
	child.Env = append(os.Environ(), "REKAM_LOCK_DIR="+p.data)
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("the child did not take the lock: %q %v", line, err)
	}
	err = runSync([]string{"--data", p.data, "--once", "--as", "admin"}, io.Discard)
	if enroll.KindOf(err) != enroll.KindConflict {
		t.Errorf("sync while another process syncs: %v, want KindConflict", err)
	}
	if n := c.received.Load(); n != 0 {
		t.Errorf("the refused sync sent %d bytes", n)
	}
	stdin.Close()
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	if err := runSync([]string{"--data", p.data, "--once", "--as", "admin"}, io.Discard); err != nil {
		t.Fatalf("sync after the other process ended: %v", err)
	}
	if n := c.received.Load(); n == 0 {
		t.Error("the sync after the other process ended sent nothing")
	}
}
