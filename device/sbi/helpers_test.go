package sbi

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// fixedNow is the tests' clock: inside the committed test PKI's validity.
var fixedNow = time.Date(2025, 6, 1, 8, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// loadPKI reads a committed test PKI ("pki" or "pki-other").
func loadPKI(t testing.TB, name string) *sbitest.PKI {
	t.Helper()
	p, err := sbitest.ReadPKI(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// startMock starts a mock device service on a free loopback port.
func startMock(t testing.TB, opt sbitest.Options) *sbitest.Service {
	t.Helper()
	if opt.PKI == nil {
		opt.PKI = loadPKI(t, "pki")
	}
	if opt.Now == nil {
		opt.Now = clock
	}
	if opt.SlowDelay == 0 {
		opt.SlowDelay = 2 * time.Second
	}
	svc, err := sbitest.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// testConfig trusts the committed test CA and numbers transactions.
func testConfig(t testing.TB) Config {
	var n atomic.Int64
	return Config{
		Roots:            loadPKI(t, "pki").Pool(),
		Now:              clock,
		CaptureTimeout:   10 * time.Second,
		NewTransactionID: func() string { return fmt.Sprintf("txn-%04d", n.Add(1)) },
	}
}

// dial connects to one device of a mock.
func dial(t testing.TB, cfg Config, svc *sbitest.Service, id string) *Client {
	t.Helper()
	c, err := Dial(context.Background(), cfg, svc.URL(), id)
	if err != nil {
		t.Fatalf("dial device %s: %v", id, err)
	}
	return c
}

// scanner returns the mock's slap scanner.
func scanner(t testing.TB, cfg Config, svc *sbitest.Service) *Scanner {
	t.Helper()
	s, err := NewScanner(dial(t, cfg, svc, "1"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wantKind fails unless err is of kind k.
func wantKind(t testing.TB, err error, k enroll.Kind) {
	t.Helper()
	if got := enroll.KindOf(err); got != k {
		t.Fatalf("error kind %v (%v), want %v", got, err, k)
	}
}

// mustHex decodes hex.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
