package main

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/sync/uplink"
)

// BenchmarkSyncLink uploads packets through a shaped 1 Mbit/s link with a 200 ms round
// trip and reports the share of the link the packet bytes used.
func BenchmarkSyncLink(b *testing.B) {
	const rate = 1_000_000 / 8 // 1 Mbit/s in bytes per second
	var pct float64
	for i := 0; i < b.N; i++ {
		c := startCentre(b)
		ln, err := newLink(c.addr, rate, 100*time.Millisecond)
		if err != nil {
			b.Fatal(err)
		}
		st := newStation(b, c, "3313-LINK-01", "https://"+ln.addr())
		total := st.fill(b, 14, 115) // ≈ 140 KB packets, 14 of them: about 16 s of link time
		eng := uplink.New(uplink.Config{Station: st.id, Outbox: storeOutbox{st.store}, Transport: st.client})
		start := time.Now()
		sum, err := eng.SyncOnce(context.Background())
		elapsed := time.Since(start)
		if err != nil || sum.Uploaded != 14 {
			b.Fatalf("sync: %+v %v", sum, err)
		}
		pct = float64(total) / (elapsed.Seconds() * rate) * 100
		b.Logf("%d packet bytes in %v over a %d B/s link: %.1f %% (link carried %d bytes upstream incl. TLS and HTTP)",
			total, elapsed.Round(time.Millisecond), rate, pct, ln.bytes.Load())
		ln.close()
	}
	b.ReportMetric(pct, "sync.link_utilisation_pct")
}
