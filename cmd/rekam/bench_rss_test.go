package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/afis"
	"github.com/rekam-id/rekam/sync/remote"
	"github.com/rekam-id/rekam/sync/uplink"
	"github.com/rekam-id/rekam/sync/wire"
)

// sinkHandler speaks just enough of protocol v1 to take uploads and throw them away: it
// stands in for the centre when what is measured is the station's memory.
func sinkHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+wire.PathBatches, func(w http.ResponseWriter, r *http.Request) {
		var a uplink.Announcement
		json.NewDecoder(r.Body).Decode(&a)
		reply := uplink.AnnounceReply{KnownIncarnation: true}
		for _, p := range a.Packets {
			reply.Offers = append(reply.Offers, uplink.Offer{PacketID: p.PacketID})
		}
		json.NewEncoder(w).Encode(reply)
	})
	mux.HandleFunc("PATCH "+wire.PathPackets+"{id}", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		json.NewEncoder(w).Encode(uplink.Receipt{PacketID: r.PathValue("id"), RecordID: r.Header.Get(wire.HeaderRecordID),
			SHA256: r.Header.Get(wire.HeaderPacketSHA256), Status: string(enroll.StatusReceived)})
	})
	mux.HandleFunc("GET "+wire.PathStatus, func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(uplink.StatusPage{Cursor: "0"})
	})
	return mux
}

// BenchmarkSyncRSS syncs 10,000 queued enrollments from a child process and reports the
// child's peak resident memory.
func BenchmarkSyncRSS(b *testing.B) {
	const n, pktSize = 10_000, 48 << 10
	dir := b.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "rekam.db"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	pkt := make([]byte, pktSize)
	for i := 0; i < n; i++ {
		rand.Read(pkt[:64])
		sum := sha256.Sum256(pkt)
		r := &enroll.Record{ID: fmt.Sprintf("R%05d", i), Request: enroll.RequestNew, Operator: "op1",
			Biodata: enroll.Biodata{NIK: fmt.Sprintf("33130945120%05d", i+1), Name: "PENDUDUK"},
			Times:   enroll.Timestamps{Arrived: at, SignedOff: at}, SignOff: &enroll.SignOff{Operator: "op1", At: at},
			Status: enroll.StatusBioCaptured, Updated: at,
			Packet: &enroll.PacketRef{ID: "PKT-" + fmt.Sprintf("R%05d", i), SHA256: hex.EncodeToString(sum[:]), Size: pktSize}}
		if _, err := st.Commit(ctx, r, pkt); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	keys, _, err := afis.LoadOrCreateKeys(filepath.Join(dir, "centre"), []string{"127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: sinkHandler(), TLSConfig: &tls.Config{Certificates: []tls.Certificate{keys.TLS}}}
	go hs.ServeTLS(ln, "", "")
	defer hs.Close()
	os.WriteFile(filepath.Join(dir, "ca.pem"), keys.CAPEM, 0o600)
	b.ResetTimer()
	var peak float64
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSyncRSSChild$", "-test.v")
		cmd.Env = append(os.Environ(), "REKAM_RSS_CHILD="+dir, "REKAM_RSS_URL=https://"+ln.Addr().String())
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "rss-peak-kb" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				peak = kb / 1024
				b.Logf("child synced %s packets, peak RSS %.1f MB", f[2], peak)
			}
		}
	}
	if peak == 0 {
		b.Fatal("child reported no peak RSS")
	}
	b.ReportMetric(peak, "sync.rss_10k_mb")
}

// TestSyncRSSChild is the child of BenchmarkSyncRSS; it does nothing in a normal run.
func TestSyncRSSChild(t *testing.T) {
	dir := os.Getenv("REKAM_RSS_CHILD")
	if dir == "" {
		t.Skip("child process of BenchmarkSyncRSS")
	}
	st, err := sqlite.Open(filepath.Join(dir, "rekam.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pem, _ := os.ReadFile(filepath.Join(dir, "ca.pem"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	_, key, _ := ed25519.GenerateKey(nil)
	cl, err := remote.New(remote.Config{BaseURL: os.Getenv("REKAM_RSS_URL"), CA: pool, Station: "ST", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	eng := uplink.New(uplink.Config{Station: "ST", Outbox: storeOutbox{st}, Transport: cl, BatchSize: 50})
	sum, err := eng.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Printf("rss-peak-kb %s %d\n", strings.Fields(line)[1], sum.Uploaded)
		}
	}
}
