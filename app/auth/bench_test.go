package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/auth/authtest"
)

// BenchmarkLogin measures one login at DefaultParams: the Argon2id evaluation, the
// unwrap of the data key and the audit entry. Budget auth.login_ms: 200–1000 ms.
func BenchmarkLogin(b *testing.B) {
	ctx := context.Background()
	store := &authtest.MemStore{}
	accounts := auth.NewAccounts(store, auth.NewLog(store))
	if _, _, err := accounts.Provision(ctx, "admin", "Admin", "password-admin"); err != nil {
		b.Fatal(err)
	}
	// make bench runs every benchmark once (-benchtime=1x): each iteration logs in three
	// times and the metric is the median, so one unlucky scheduling does not decide it.
	b.ResetTimer()
	var times []time.Duration
	for range b.N * 3 {
		start := time.Now()
		s, err := accounts.Login(ctx, "admin", "password-admin")
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		s.Close()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "auth.login_ms")
}

// BenchmarkSealSample measures sealing one 150 KB sample (a face JPEG).
func BenchmarkSealSample(b *testing.B) {
	c, err := auth.NewCipher(make([]byte, auth.DataKeyLen))
	if err != nil {
		b.Fatal(err)
	}
	pt := make([]byte, 150<<10)
	b.SetBytes(int64(len(pt)))
	for b.Loop() {
		c.Seal(pt, []byte("sample/R1/face"))
	}
}
