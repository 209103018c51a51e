package afis

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkIngest measures how many sealed packets per second the centre opens, checks
// and stores: seal, station signature, strict ANSI/NIST check, WSQ decode, fsync and
// the SQLite commit.
func BenchmarkIngest(b *testing.B) {
	f := newFixture(b)
	const n = 40
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		pkts := make([][]byte, n)
		for j := range pkts {
			_, pkts[j] = f.seal(b, fmt.Sprintf("R%d-%d", i, j), fmt.Sprintf("3313094512%06d", i*n+j+1))
		}
		b.StartTimer()
		start := time.Now()
		for _, p := range pkts {
			if _, err := f.srv.Ingest(context.Background(), "ST-1", p, "bench"); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "afisd.ingest_packets_per_s")
}
