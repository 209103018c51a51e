package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/packet"
	"github.com/rekam-id/rekam/sync/remote"
	"github.com/rekam-id/rekam/sync/uplink"
	"github.com/rekam-id/rekam/sync/wire"
)

// afisdProc runs the real afisd binary.
type afisdProc struct {
	t        *testing.T
	bin, dir string
	addr     string
	cmd      *exec.Cmd
	log      bytes.Buffer
}

func (a *afisdProc) start() {
	a.t.Helper()
	a.cmd = exec.Command(a.bin, "--dir", a.dir, "--listen", a.addr)
	a.cmd.Stderr = &a.log
	if err := a.cmd.Start(); err != nil {
		a.t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", a.addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	a.t.Fatalf("afisd did not listen on %s:\n%s", a.addr, a.log.String())
}

// kill ends afisd with SIGKILL: no shutdown, no flushing.
func (a *afisdProc) kill() {
	if a.cmd != nil && a.cmd.Process != nil {
		a.cmd.Process.Signal(syscall.SIGKILL)
		a.cmd.Wait()
		a.cmd = nil
	}
}

func (a *afisdProc) run(args ...string) string {
	a.t.Helper()
	out, err := exec.Command(a.bin, append(args, "--dir", a.dir, "--listen", a.addr)...).CombinedOutput()
	if err != nil {
		a.t.Fatalf("afisd %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestSyncSurvivesAfisdSIGKILL runs the real afisd binary, SIGKILLs it while a batch is
// uploading, starts it again on the same data, and checks that every record reaches the
// centre exactly once with its status back at the station.
func TestSyncSurvivesAfisdSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: no go command to build afisd: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "afisd")
	if out, err := exec.Command(goTool, "build", "-o", bin, "../afisd").CombinedOutput(); err != nil {
		t.Fatalf("go build afisd: %v\n%s", err, out)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	a := &afisdProc{t: t, bin: bin, dir: t.TempDir(), addr: addr}
	a.start()
	t.Cleanup(a.kill)
	b, err := wire.ParseBundle([]byte(a.run("provision", "--station", "3313-KILL-01")))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(b.CAPEM))
	_, key, _ := ed25519.GenerateKey(nil)
	cl, err := remote.New(remote.Config{BaseURL: b.ServerURL, CA: pool, Station: b.Station, Key: key,
		CallTimeout: 5 * time.Second, HeaderTimeout: 10 * time.Second, StallTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := cl.Register(ctx, b.Token); err != nil {
		t.Fatal(err)
	}
	rcp, err := packet.ParseRecipient(b.Recipient)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "rekam.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &station{id: b.Station, store: st, client: cl,
		builder: &packet.Builder{Station: b.Station, Key: key, Recipient: rcp, Lossless: true}}
	const n = 60
	s.fill(t, n, 150)

	eng := uplink.New(uplink.Config{Station: s.id, Outbox: storeOutbox{st}, Transport: cl, BatchSize: 20,
		MaxAttempts: 3, BackoffBase: 50 * time.Millisecond, BackoffMax: 300 * time.Millisecond})
	killed := make(chan struct{})
	go func() {
		defer close(killed)
		for {
			c, _ := st.QueueCounts(ctx)
			if c["sent"] >= 15 {
				a.kill() // mid-batch: the engine is uploading the second batch
				time.Sleep(300 * time.Millisecond)
				a.start()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	deadline := time.Now().Add(3 * time.Minute)
	runs := 0
	for time.Now().Before(deadline) {
		runs++
		_, err := eng.SyncOnce(ctx)
		c, _ := st.QueueCounts(ctx)
		if err == nil && c["queued"] == 0 {
			select {
			case <-killed:
			default:
				continue // the kill has not happened yet
			}
			break
		}
	}
	<-killed
	if _, err := eng.SyncOnce(ctx); err != nil {
		t.Fatalf("final sync: %v\nafisd log:\n%s", err, a.log.String())
	}
	status := a.run("status")
	if !strings.Contains(status, fmt.Sprintf("%d packets", n)) {
		t.Fatalf("afisd status after the kill:\n%s", status)
	}
	seen := map[string]int{}
	for _, line := range strings.Split(status, "\n") {
		if f := strings.Split(line, "\t"); len(f) >= 4 {
			seen[f[0]]++
			if f[3] != string(enroll.StatusPrintReady) {
				t.Errorf("centre: %s", line)
			}
		}
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("packet %s listed %d times", id, k)
		}
	}
	if len(seen) != n {
		t.Fatalf("centre lists %d packets, want %d", len(seen), n)
	}
	for i := 0; i < n; i++ {
		r, err := st.Get(ctx, enrollment(t, i, s.id, 1).ID)
		if err != nil || r.Status != enroll.StatusPrintReady {
			t.Fatalf("station: %v %v", r.Status, err)
		}
	}
	t.Logf("%d sync runs; afisd SIGKILLed and restarted mid-batch; %d packets at the centre once each, all print-ready at the station", runs, len(seen))
}
