package main

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/uplink"
)

// chunk is the centre's durability unit (afis.Config.FlushEvery default).
const chunk = 64 << 10

// TestSyncEndToEnd: a station core and the reference centre over loopback TLS, with a
// proxy between them that cuts connections at random byte offsets, stalls and resets
// them, and the centre killed and restarted in the middle of a batch. In the end every
// record is at the centre exactly once, its status is back at the station, and no cut
// cost more than one chunk of resent bytes.
func TestSyncEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end sync test skipped in -short mode")
	}
	const n = 200
	c := startCentre(t)
	proxy, err := newFaultProxy(c.addr, 42)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.close()
	st := newStation(t, c, "3313-JATEN-01", "https://"+proxy.addr())
	total := st.fill(t, n, 150) // ≈ 230 KB packets (lossless prints)
	t.Logf("%d packets, %.1f MB in all", n, float64(total)/1e6)

	// Cut most connections somewhere in their first 1.5 MB, a quarter of those after a
	// stall (kept-alive connections carry several packets each).
	proxy.setFaults(0.9, 1500<<10, 0.25)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	eng := uplink.New(uplink.Config{Station: st.id, Outbox: storeOutbox{st.store}, Transport: st.client, BatchSize: 25,
		MaxAttempts: 8, BackoffBase: 20 * time.Millisecond, BackoffMax: 300 * time.Millisecond})

	restarted := make(chan struct{})
	go func() {
		defer close(restarted)
		for ctx.Err() == nil {
			if pk, err := c.server().Packets(ctx); err == nil && len(pk) >= 70 {
				c.restart() // afisd killed and restarted mid-batch
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	runs, errs := 0, 0
	for ; ctx.Err() == nil; runs++ {
		_, err := eng.SyncOnce(ctx)
		if err != nil {
			errs++
		}
		counts, cerr := st.store.QueueCounts(ctx)
		if cerr != nil {
			t.Fatal(cerr)
		}
		if err == nil && counts["queued"] == 0 {
			break
		}
	}
	<-restarted
	// One clean pass (no faults) to pull the last statuses.
	proxy.setFaults(0, 0, 0)
	if _, err := eng.SyncOnce(ctx); err != nil {
		t.Fatalf("final clean sync: %v", err)
	}
	t.Logf("%d sync runs (%d ended in a transient error), %d connection cuts, 1 centre restart", runs+1, errs, proxy.cuts.Load())

	pk, err := c.server().Packets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, p := range pk {
		seen[p.RecordID]++
		if p.Status != enroll.StatusPrintReady {
			t.Errorf("centre: %s is %s (%s)", p.RecordID, p.Status, p.Reason)
		}
	}
	if len(pk) != n || len(seen) != n {
		t.Fatalf("centre holds %d packets of %d records, want %d once each", len(pk), len(seen), n)
	}
	for i := 0; i < n; i++ {
		r, err := st.store.Get(ctx, enrollment(t, i, st.id, 1).ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != enroll.StatusPrintReady {
			t.Errorf("station: %s is %s", r.ID, r.Status)
		}
	}
	resent := c.received.Load() - total
	cuts := proxy.cuts.Load() + 1 // the restart counts as a cut
	t.Logf("centre received %d bytes for %d bytes of packets: %d resent over %d cuts (%.1f KB per cut, bound %d KB)",
		c.received.Load(), total, resent, cuts, float64(resent)/1024/float64(max(cuts, 1)), chunk>>10)
	if resent < 0 || resent > cuts*chunk {
		t.Errorf("resent %d bytes over %d cuts: more than one %d-byte chunk per cut", resent, cuts, chunk)
	}
	if proxy.cuts.Load() < 10 {
		t.Errorf("only %d cuts happened: the test did not exercise the faults", proxy.cuts.Load())
	}
}
