package sbi

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// freePorts finds n consecutive free loopback ports and returns the first.
func freePorts(t *testing.T, n int) int {
	t.Helper()
	for range 50 {
		first := 20000 + rand.IntN(40000)
		ok := true
		for p := first; p < first+n && ok; p++ {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				ok = false
				continue
			}
			ln.Close()
		}
		if ok {
			return first
		}
	}
	t.Fatal("no run of free ports")
	return 0
}

// TestDiscover lays out a port range: a service with three devices, nothing, a plain
// HTTP server, a single-finger service, and a service signed by an untrusted provider.
func TestDiscover(t *testing.T) {
	p := freePorts(t, 5)
	mock := func(port int, opt sbitest.Options) {
		if opt.PKI == nil {
			opt.PKI = loadPKI(t, "pki")
		}
		opt.Now = clock
		svc, err := sbitest.New(opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Start(fmt.Sprintf("127.0.0.1:%d", port)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Close() })
	}
	mock(p, sbitest.Options{})
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+2))
	if err != nil {
		t.Fatal(err)
	}
	other := &http.Server{Handler: http.NotFoundHandler()}
	go other.Serve(ln)
	t.Cleanup(func() { other.Close() })
	single := sbitest.Device{ID: "7", Type: "Finger", SubType: "Single", SubIDs: []int{0}, Serial: "RKMSG0000007", Make: "Rekam", Model: "MockSingle"}
	mock(p+3, sbitest.Options{Devices: []sbitest.Device{single}})
	mock(p+4, sbitest.Options{PKI: loadPKI(t, "pki-other")})

	clients, err := Discover(context.Background(), testConfig(t), "127.0.0.1", PortRange{p, p + 4})
	var got []string
	for _, c := range clients {
		d := c.Device()
		got = append(got, fmt.Sprintf("%s/%s/%s", d.BaseURL, d.DeviceID, d.Type))
	}
	want := []string{
		fmt.Sprintf("http://127.0.0.1:%d/1/Finger", p),
		fmt.Sprintf("http://127.0.0.1:%d/2/Face", p),
		fmt.Sprintf("http://127.0.0.1:%d/3/Iris", p),
		fmt.Sprintf("http://127.0.0.1:%d/7/Finger", p+3),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("discovered %v\nwant %v", got, want)
	}
	// The untrusted service's three devices are rejected, and said so.
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 3 {
		t.Fatalf("discovery error %v, want three rejections", err)
	}
	for _, e := range joined.Unwrap() {
		wantKind(t, e, enroll.KindProtocol)
	}
	if len(clients) > 0 && clients[0].Device().Serial != "RKMFS0000001" {
		t.Errorf("first device serial %q", clients[0].Device().Serial)
	}

	if _, err := Discover(context.Background(), testConfig(t), "localhost", DefaultPorts); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Errorf("discovery on a host name: %v, want KindInvalid", err)
	}
}

// TestDiscoverNotRegistered: an unregistered device is reported, not offered.
func TestDiscoverNotRegistered(t *testing.T) {
	svc := startMock(t, sbitest.Options{})
	svc.SetFault(sbitest.FaultNotRegistered)
	clients, err := Discover(context.Background(), testConfig(t), "127.0.0.1", PortRange{svc.Port(), svc.Port()})
	if len(clients) != 0 {
		t.Errorf("offered %d unregistered devices", len(clients))
	}
	wantKind(t, err, enroll.KindNotConnected)
}
