package remote_test

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/remote"
)

func pool(srv *httptest.Server) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(srv.Certificate())
	return p
}

func client(t *testing.T, url string, ca *x509.CertPool, call time.Duration) *remote.Client {
	t.Helper()
	_, key, _ := ed25519.GenerateKey(nil)
	c, err := remote.New(remote.Config{BaseURL: url, CA: ca, Station: "ST-1", Key: key, CallTimeout: call, DialTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestNetworkFailuresAreNetworkKind: a refused connection and a server that stops
// answering are network failures (KindNetwork), never a device timeout or a permission.
func TestNetworkFailuresAreNetworkKind(t *testing.T) {
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := client(t, "https://"+addr, pool(srv), time.Second).Statuses(ctx, ""); enroll.KindOf(err) != enroll.KindNetwork {
		t.Errorf("refused connection: %v (kind %v), want KindNetwork", err, enroll.KindOf(err))
	}

	release := make(chan struct{})
	stall := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer stall.Close()
	defer close(release)
	if _, err := client(t, stall.URL, pool(stall), 200*time.Millisecond).Statuses(ctx, ""); enroll.KindOf(err) != enroll.KindNetwork {
		t.Errorf("stalled server: %v (kind %v), want KindNetwork", err, enroll.KindOf(err))
	}
}

// TestUntrustedServerIsUntrustedKind: a server whose certificate the pinned CA did not
// sign is KindUntrusted, not a wrong password.
func TestUntrustedServerIsUntrustedKind(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	_, err := client(t, srv.URL, x509.NewCertPool(), time.Second).Statuses(context.Background(), "")
	if enroll.KindOf(err) != enroll.KindUntrusted {
		t.Errorf("untrusted certificate: %v (kind %v), want KindUntrusted", err, enroll.KindOf(err))
	}
}
