package sbi

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenBase is the service address the golden responses announce.
const goldenBase = "http://127.0.0.1:4501"

// tinyFinger is a small deterministic image so that the golden files stay readable.
func tinyFinger(sub string) image.Image {
	g := image.NewGray(image.Rect(0, 0, 24, 30))
	for i := range g.Pix {
		g.Pix[i] = uint8(i*7 + len(sub))
	}
	return g
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got %.400s\nwant %.400s", name, got, want)
	}
}

// readGolden returns a golden file.
func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goldenMock is the mock whose responses the golden files hold.
func goldenMock(t *testing.T) *sbitest.Service {
	svc, err := sbitest.New(sbitest.Options{PKI: loadPKI(t, "pki"), Now: clock, Images: tinyFinger, BaseURL: goldenBase})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// serve runs one request through a handler and returns the response body.
func serve(t *testing.T, h http.Handler, method, path string, body []byte) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, goldenBase+path, bytes.NewReader(body)))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%s %s: %d %q", method, path, rec.Code, rec.Header().Get("Content-Type"))
	}
	return rec.Body.Bytes()
}

// recorder is an http.RoundTripper that records requests and answers them from a
// handler, in process.
type recorder struct {
	h    http.Handler
	reqs map[string][]byte // method → last body
	ext  map[string]string // method → EXT header
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(req.Body)
	r.reqs[req.Method], r.ext[req.Method] = body, req.Header.Get("EXT")
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, httptest.NewRequest(req.Method, req.URL.String(), bytes.NewReader(body)))
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// TestGoldenClient runs the client against the golden replies and compares what it
// sends with the golden requests, byte for byte. It runs before TestGoldenDevice, which
// answers the requests it records.
func TestGoldenClient(t *testing.T) {
	replay := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "STREAM" { // one frame, then the close delimiter
			var frame bytes.Buffer
			jpeg.Encode(&frame, tinyFinger(""), nil)
			w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary=sbiframe")
			fmt.Fprintf(w, "--sbiframe\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", frame.Len())
			w.Write(frame.Bytes())
			w.Write([]byte("\r\n--sbiframe--\r\n"))
			return
		}
		name := map[string]string{"MOSIPDISC": "discover_response.json", "MOSIPDINFO": "info_response.json",
			"RCAPTURE": "rcapture_response.json"}[r.Method]
		w.Header().Set("Content-Type", "application/json")
		w.Write(readGolden(t, name))
	})
	var h http.Handler = replay
	if *update { // the golden replies are being rewritten: talk to the mock itself
		mock := goldenMock(t).Handler()
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "STREAM" { // the mock streams for minutes
				replay(w, r)
				return
			}
			mock.ServeHTTP(w, r)
		})
	}
	rt := &recorder{h: h, reqs: map[string][]byte{}, ext: map[string]string{}}
	cfg := testConfig(t)
	cfg.HTTP = &http.Client{Transport: rt}
	clients, err := Discover(context.Background(), cfg, "127.0.0.1", PortRange{4501, 4501})
	if err != nil || len(clients) != 3 {
		t.Fatalf("discovered %d devices from the golden replies: %v", len(clients), err)
	}
	s, err := NewScanner(clients[0])
	if err != nil {
		t.Fatal(err)
	}
	sm, err := s.Capture(context.Background(), enroll.RightIndex, 40)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, sm.Image, tinyFinger("Right IndexFinger"))
	frames, err := s.Preview(context.Background(), enroll.LeftIndex)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for f := range frames {
		if f.Image.Bounds().Dx() != 24 {
			t.Errorf("preview frame %v", f.Image.Bounds())
		}
		n++
	}
	if n != 1 && !*update {
		t.Errorf("%d preview frames, want 1", n)
	}
	golden(t, "stream_request.json", rt.reqs["STREAM"])
	golden(t, "discover_request.json", rt.reqs["MOSIPDISC"])
	golden(t, "rcapture_request.json", rt.reqs["RCAPTURE"])
	if len(rt.reqs["MOSIPDINFO"]) != 0 || rt.ext["RCAPTURE"] != "rekam" {
		t.Errorf("device info body %q, EXT header %q", rt.reqs["MOSIPDINFO"], rt.ext["RCAPTURE"])
	}
}

// TestGoldenDevice answers the golden requests with the mock device and compares its
// replies byte for byte (RS256 signatures are deterministic for a fixed key).
func TestGoldenDevice(t *testing.T) {
	h := goldenMock(t).Handler()
	golden(t, "discover_response.json", serve(t, h, "MOSIPDISC", "/device", readGolden(t, "discover_request.json")))
	golden(t, "info_response.json", serve(t, h, "MOSIPDINFO", "/info", nil))
	golden(t, "rcapture_response.json", serve(t, h, "RCAPTURE", "/capture", readGolden(t, "rcapture_request.json")))
}
