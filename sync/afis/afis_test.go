package afis

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/packet"
	"github.com/rekam-id/rekam/sync/remote"
	"github.com/rekam-id/rekam/sync/uplink"
	"github.com/rekam-id/rekam/sync/wire"
)

type fixture struct {
	srv     *Server
	ts      *httptest.Server
	client  *remote.Client
	key     ed25519.PrivateKey
	builder *packet.Builder
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	id, _ := age.GenerateX25519Identity()
	srv, err := Open(Config{Dir: t.TempDir(), Identity: id, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxPacket: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	_, key, _ := ed25519.GenerateKey(nil)
	c, err := remote.New(remote.Config{BaseURL: ts.URL, CA: pool, Station: "ST-1", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddStation(context.Background(), "ST-1", "tok"); err != nil {
		t.Fatal(err)
	}
	if err := c.Register(context.Background(), "tok"); err != nil {
		t.Fatal(err)
	}
	b := &packet.Builder{Station: "ST-1", Key: key, Recipient: id.Recipient()}
	return &fixture{srv, ts, c, key, b}
}

func testRecord(id, nik string) *enroll.Record {
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	var face bytes.Buffer
	jpeg.Encode(&face, image.NewGray(image.Rect(0, 0, 30, 40)), nil)
	var sig bytes.Buffer
	png.Encode(&sig, image.NewGray(image.Rect(0, 0, 50, 20)))
	r := &enroll.Record{ID: id, Request: enroll.RequestNew, Operator: "op1",
		Biodata:   enroll.Biodata{NIK: nik, Name: "A B"},
		Face:      &enroll.Sample{Format: enroll.FormatJPEG, Data: face.Bytes()},
		Signature: &enroll.Sample{Format: enroll.FormatPNG, Data: sig.Bytes()},
		SignOff:   &enroll.SignOff{Operator: "op1", Station: "ST-1", At: at}, Status: enroll.StatusBioCaptured}
	for i, p := range enroll.AllFingers {
		img := image.NewGray(image.Rect(0, 0, 96, 96))
		for j := range img.Pix {
			img.Pix[j] = byte((j/3 + j%96*i) % 256)
		}
		r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Sample: &enroll.Sample{Format: enroll.FormatGray8,
			Width: 96, Height: 96, PPI: 500, Quality: 60, Data: img.Pix}})
	}
	return r
}

func (f *fixture) seal(t testing.TB, id, nik string) (uplink.AnnouncedPkt, []byte) {
	t.Helper()
	ref, data, err := f.builder.Seal(context.Background(), testRecord(id, nik))
	if err != nil {
		t.Fatal(err)
	}
	return uplink.AnnouncedPkt{PacketID: ref.ID, RecordID: id, Size: ref.Size, SHA256: ref.SHA256}, data
}

func TestUploadAndStatus(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p1, d1 := f.seal(t, "R1", "3313094512000001")
	p2, d2 := f.seal(t, "R2", "3313094512000001") // same NIK: a duplicate recording
	reply, err := f.client.Announce(ctx, uplink.Announcement{Station: "ST-1", Incarnation: "i1", Packets: []uplink.AnnouncedPkt{p1, p2}})
	if err != nil || reply.KnownIncarnation || len(reply.Offers) != 2 || reply.Offers[0].Have {
		t.Fatalf("announce %+v %v", reply, err)
	}
	rc, err := f.client.Upload(ctx, p1, 0, bytes.NewReader(d1), nil)
	if err != nil || rc.Status != string(enroll.StatusPrintReady) {
		t.Fatalf("upload 1: %+v %v", rc, err)
	}
	// Resume: the first half arrives, the link drops, the rest follows from the offset.
	half := p2.Size / 2
	if _, err := f.srv.receive(ctx, upload{station: "ST-1", packetID: p2.PacketID, sha: p2.SHA256, size: p2.Size}, bytes.NewReader(d2[:half])); err == nil {
		t.Fatal("a cut upload reported success")
	}
	off, err := f.client.Offset(ctx, p2)
	if err != nil || off != half/int64(64<<10)*int64(64<<10) && off != half {
		t.Fatalf("offset after cut: %d %v (sent %d)", off, err, half)
	}
	rc, err = f.client.Upload(ctx, p2, off, bytes.NewReader(d2), nil)
	if err != nil || rc.Status != string(enroll.StatusDuplicate) {
		t.Fatalf("upload 2: %+v %v", rc, err)
	}
	// The same packet again keeps one copy.
	if rc2, err := f.client.Upload(ctx, p1, 0, bytes.NewReader(d1), nil); err != nil || rc2.PacketID != p1.PacketID {
		t.Fatalf("re-upload: %v", err)
	}
	reply, _ = f.client.Announce(ctx, uplink.Announcement{Station: "ST-1", Incarnation: "i1", Packets: []uplink.AnnouncedPkt{p1, p2}})
	if !reply.KnownIncarnation || !reply.Offers[0].Have || !reply.Offers[1].Have {
		t.Fatalf("second announce %+v", reply)
	}
	pkts, _ := f.srv.Packets(ctx)
	if len(pkts) != 2 {
		t.Fatalf("%d packets stored, want 2", len(pkts))
	}
	page, err := f.client.Statuses(ctx, "")
	if err != nil || len(page.Updates) != 4 {
		t.Fatalf("feed %+v %v", page, err)
	}
	if page.Updates[3].Status != enroll.StatusDuplicate || !strings.Contains(page.Updates[3].Reason, "R1") {
		t.Fatalf("duplicate status %+v", page.Updates[3])
	}
	page2, _ := f.client.Statuses(ctx, page.Cursor)
	if len(page2.Updates) != 0 {
		t.Fatalf("feed after cursor: %+v", page2)
	}
}

// raw sends a request signed with key as station (key nil: unsigned).
func (f *fixture) raw(t *testing.T, method, path string, body []byte, station string, key ed25519.PrivateKey, hdr map[string]string, bodyHash string) (*http.Response, wire.ErrorBody) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, bytes.NewReader(body))
	req.Header.Set(wire.HeaderStation, station)
	if key != nil {
		if bodyHash == "" {
			bodyHash = wire.BodyHash(body)
		}
		d, s := wire.Sign(key, method, path, time.Now(), bodyHash)
		req.Header.Set(wire.HeaderDate, d)
		req.Header.Set(wire.HeaderSignature, s)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var eb wire.ErrorBody
	dec := newJSON(resp.Body)
	dec.Decode(&eb)
	return resp, eb
}

func uploadHeaders(p uplink.AnnouncedPkt) map[string]string {
	return map[string]string{wire.HeaderUploadOffset: "0", wire.HeaderUploadLength: strconv.FormatInt(p.Size, 10),
		wire.HeaderPacketSHA256: p.SHA256}
}

func TestBadInputIsRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p, data := f.seal(t, "R1", "3313094512000001")
	_, otherKey, _ := ed25519.GenerateKey(nil)
	upPath := wire.PathPackets + p.PacketID + "?offset=0"

	tampered := bytes.Clone(data)
	tampered[len(tampered)/2] ^= 1
	ts := sha256.Sum256(tampered)
	pt := p
	pt.SHA256 = hex.EncodeToString(ts[:])

	// A packet properly signed and sealed whose ANSI/NIST transaction is garbage.
	m := packet.Manifest{Format: packet.FormatVersion, PacketID: "PKT-RX", RecordID: "RX", Station: "ST-1",
		Transaction: packet.TransactionInfo{SHA256: hex.EncodeToString(sha256.New().Sum(nil)[:0]), Size: 9}}
	tx := []byte("not an2k!")
	sum := sha256.Sum256(tx)
	m.Transaction.SHA256 = hex.EncodeToString(sum[:])
	env, _ := packet.Sign(f.key, m, tx)
	var sealedBad bytes.Buffer
	w, _ := age.Encrypt(&sealedBad, f.srv.cfg.Identity.Recipient())
	w.Write(env)
	w.Close()
	badPkt := append(append([]byte("RKMSEAL1"), be64(uint64(sealedBad.Len()))...), sealedBad.Bytes()...)
	bs := sha256.Sum256(badPkt)
	pb := uplink.AnnouncedPkt{PacketID: "PKT-RX", RecordID: "RX", Size: int64(len(badPkt)), SHA256: hex.EncodeToString(bs[:])}

	replayReq := func() (*http.Response, wire.ErrorBody) {
		body := []byte(`{"station":"ST-1","incarnation":"i1","packets":[]}`)
		req, _ := http.NewRequest("POST", f.ts.URL+wire.PathBatches, bytes.NewReader(body))
		d, s := wire.Sign(f.key, "POST", wire.PathBatches, time.Now(), wire.BodyHash(body))
		req.Header.Set(wire.HeaderStation, "ST-1")
		req.Header.Set(wire.HeaderDate, d)
		req.Header.Set(wire.HeaderSignature, s)
		resp, _ := f.ts.Client().Do(req)
		resp.Body.Close()
		req2, _ := http.NewRequest("POST", f.ts.URL+wire.PathBatches, bytes.NewReader(body))
		req2.Header = req.Header.Clone()
		resp2, err := f.ts.Client().Do(req2)
		if err != nil {
			t.Fatal(err)
		}
		defer resp2.Body.Close()
		var eb wire.ErrorBody
		newJSON(resp2.Body).Decode(&eb)
		return resp2, eb
	}

	tests := []struct {
		name      string
		do        func() (*http.Response, wire.ErrorBody)
		status    int
		code      string
		permanent bool
	}{
		{"unsigned", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "PATCH", upPath, data, "ST-1", nil, uploadHeaders(p), "")
		}, 401, "unsigned", false},
		{"wrong station key", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "PATCH", upPath, data, "ST-1", otherKey, uploadHeaders(p), p.SHA256)
		}, 401, "bad_signature", false},
		{"unknown station", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "PATCH", upPath, data, "ST-9", f.key, uploadHeaders(p), p.SHA256)
		}, 401, "unknown_station", false},
		{"tampered", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "PATCH", wire.PathPackets+pt.PacketID+"?offset=0", tampered, "ST-1", f.key, uploadHeaders(pt), pt.SHA256)
		}, 422, "bad_packet", true},
		{"replayed", replayReq, 401, "replayed", false},
		{"oversized", func() (*http.Response, wire.ErrorBody) {
			h := uploadHeaders(p)
			h[wire.HeaderUploadLength] = strconv.Itoa(2 << 20)
			return f.raw(t, "PATCH", upPath, data, "ST-1", f.key, h, p.SHA256)
		}, 413, "too_large", true},
		{"malformed AN2K", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "PATCH", wire.PathPackets+"PKT-RX?offset=0", badPkt, "ST-1", f.key, uploadHeaders(pb), pb.SHA256)
		}, 422, "malformed_an2k", true},
		{"garbage JSON", func() (*http.Response, wire.ErrorBody) {
			return f.raw(t, "POST", wire.PathBatches, []byte(`{"station": [1,2`), "ST-1", f.key, nil, "")
		}, 400, "bad_json", true},
	}
	for _, tt := range tests {
		resp, eb := tt.do()
		if resp.StatusCode != tt.status || eb.Error != tt.code || eb.Permanent != tt.permanent || eb.Reason == "" {
			t.Errorf("%s: %d %+v; want %d %s permanent=%v", tt.name, resp.StatusCode, eb, tt.status, tt.code, tt.permanent)
		}
	}
	pkts, _ := f.srv.Packets(ctx)
	if len(pkts) != 0 {
		t.Fatalf("refused input stored %d packets", len(pkts))
	}
	refusals, _ := f.srv.Refusals(ctx)
	if len(refusals) != len(tests) {
		t.Errorf("%d refusals logged, want %d: %+v", len(refusals), len(tests), refusals)
	}
	// After all that, the genuine packet still goes through.
	if _, err := f.client.Upload(ctx, p, 0, bytes.NewReader(data), nil); err != nil {
		t.Fatalf("genuine upload after refusals: %v", err)
	}
	_ = fmt.Sprint
}

func be64(n uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	return b
}
