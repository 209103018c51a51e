package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/afis"
	"github.com/rekam-id/rekam/sync/packet"
	"github.com/rekam-id/rekam/sync/remote"
)

// centre is an in-process afisd: the same code, data directory and keys as the
// binary, serving TLS on a fixed loopback address so it can be killed and restarted.
type centre struct {
	t        testing.TB
	dir      string
	addr     string
	keys     *afis.Keys
	received atomic.Int64
	md       *afis.MasterData

	mu  sync.Mutex
	srv *afis.Server
	hs  *http.Server
}

func startCentre(t testing.TB) *centre {
	t.Helper()
	c := &centre{t: t, dir: t.TempDir()}
	keys, _, err := afis.LoadOrCreateKeys(c.dir, []string{"127.0.0.1", "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	c.keys = keys
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	c.serve(ln)
	t.Cleanup(c.kill)
	return c
}

func (c *centre) serve(ln net.Listener) {
	srv, err := afis.Open(afis.Config{Dir: c.dir, Identity: c.keys.Identity,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Received: func(n int) { c.received.Add(int64(n)) }, MasterData: c.md})
	if err != nil {
		c.t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), TLSConfig: &tls.Config{Certificates: []tls.Certificate{c.keys.TLS}, MinVersion: tls.VersionTLS13}}
	go hs.ServeTLS(ln, "", "")
	c.mu.Lock()
	c.srv, c.hs = srv, hs
	c.mu.Unlock()
}

// kill stops the server abruptly: listener and every connection closed at once.
func (c *centre) kill() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hs != nil {
		c.hs.Close()
		c.srv.Close()
		c.hs, c.srv = nil, nil
	}
}

// restart kills the server and starts it again on the same address and data.
func (c *centre) restart() {
	c.kill()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", c.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		c.t.Fatalf("restart centre: %v", err)
	}
	c.serve(ln)
}

func (c *centre) server() *afis.Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.srv
}

// station is a provisioned station core: store, packet builder, sync client.
type station struct {
	id      string
	store   *sqlite.Store
	builder *packet.Builder
	client  *remote.Client
}

func newStation(t testing.TB, c *centre, id, url string) *station {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "rekam.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	_, key, _ := ed25519.GenerateKey(nil)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.keys.CAPEM)
	cl, err := remote.New(remote.Config{BaseURL: url, CA: pool, Station: id, Key: key, StallTimeout: 2 * time.Second,
		CallTimeout: 10 * time.Second, HeaderTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.server().AddStation(ctx, id, "tok-"+id); err != nil {
		t.Fatal(err)
	}
	// Register directly (not through the faulty link).
	direct, _ := remote.New(remote.Config{BaseURL: "https://" + c.addr, CA: pool, Station: id, Key: key})
	if err := direct.Register(ctx, "tok-"+id); err != nil {
		t.Fatal(err)
	}
	return &station{id: id, store: st, client: cl,
		builder: &packet.Builder{Station: id, Key: key, Recipient: c.keys.Identity.Recipient(), Lossless: true}}
}

// enrollment builds a complete, signed-off record whose packet is about fingerKB×10 KB.
func enrollment(t testing.TB, i int, station string, fingerSide int) *enroll.Record {
	rng := rand.New(rand.NewPCG(uint64(i), 99))
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	var face, sig bytes.Buffer
	fimg := image.NewRGBA(image.Rect(0, 0, 60, 80))
	for p := range fimg.Pix {
		fimg.Pix[p] = byte(rng.IntN(256))
	}
	jpeg.Encode(&face, fimg, nil)
	simg := image.NewGray(image.Rect(0, 0, 200, 60))
	for x := 0; x < 200; x++ {
		simg.SetGray(x, 30+rng.IntN(10), color.Gray{200})
	}
	png.Encode(&sig, simg)
	r := &enroll.Record{ID: fmt.Sprintf("%s-R%04d", station, i), Request: enroll.RequestNew, Operator: "op1",
		Biodata:   enroll.Biodata{NIK: fmt.Sprintf("331309451200%04d", i+1), Name: "PENDUDUK " + fmt.Sprint(i), Sex: 2},
		Face:      &enroll.Sample{Format: enroll.FormatJPEG, Data: face.Bytes(), At: at},
		Signature: &enroll.Sample{Format: enroll.FormatPNG, Data: sig.Bytes(), At: at},
		Times:     enroll.Timestamps{Arrived: at.Add(-9 * time.Minute), SignedOff: at},
		SignOff:   &enroll.SignOff{Operator: "op1", Station: station, At: at}, Status: enroll.StatusBioCaptured, Updated: at}
	for _, p := range enroll.AllFingers {
		img := image.NewGray(image.Rect(0, 0, fingerSide, fingerSide))
		for j := range img.Pix {
			img.Pix[j] = byte(rng.IntN(256))
		}
		r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Tries: 1, Sample: &enroll.Sample{Format: enroll.FormatGray8,
			Width: fingerSide, Height: fingerSide, PPI: 500, Quality: 60, At: at, Data: img.Pix}})
	}
	return r
}

// fill commits n sealed enrollments into the station's store.
func (s *station) fill(t testing.TB, n, fingerSide int) (total int64) {
	ctx := context.Background()
	for i := 0; i < n; i++ {
		r := enrollment(t, i, s.id, fingerSide)
		ref, data, err := s.builder.Seal(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		r.Packet = &ref
		if _, err := s.store.Commit(ctx, r, data); err != nil {
			t.Fatal(err)
		}
		total += ref.Size
	}
	return total
}
