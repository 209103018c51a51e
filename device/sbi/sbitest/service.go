// Package sbitest is a strict in-process model of a MOSIP SBI 0.9.5 registration device
// service, written from the specification: discovery (MOSIPDISC /device), device info
// (MOSIPDINFO /info), registration capture (RCAPTURE /capture) and M-JPEG preview
// (STREAM /stream) on a loopback listener, for a slap fingerprint scanner, a face
// camera and a double iris camera. It signs everything with a test PKI, chains capture
// hashes as the spec says, validates every request field, and injects faults on
// request (SetFault, or POST /admin/fault?mode=… when Options.Admin is set).
//
// Tests run it in-process with Start; cmd/sbimock wraps it as a binary.
package sbitest

import (
	"context"
	"errors"
	"fmt"
	"image"
	"net"
	"net/http"
	"sync"
	"time"
)

// Fault is an injected misbehaviour.
type Fault string

// The faults. They last until the next SetFault.
const (
	FaultNone          Fault = ""
	FaultNotReady      Fault = "not-ready"      // status "Not Ready", error 110 on capture and stream
	FaultBusy          Fault = "busy"           // status "Busy", error 111 on capture and stream
	FaultNotRegistered Fault = "not-registered" // unsigned device info with error 100; 100 on capture
	FaultSlow          Fault = "slow"           // captures answer only after Options.SlowDelay
	FaultLowQuality    Fault = "low-quality"    // qualityScore 25
	FaultBadSignature  Fault = "bad-signature"  // a capture's data signature has one bit flipped
	FaultUnsigned      Fault = "unsigned"       // a capture's data is the bare base64url payload
	FaultTampered      Fault = "tampered"       // a capture's data payload is changed after signing
	FaultBrokenChain   Fault = "broken-chain"   // a capture's hash ignores previousHash
	FaultDrop          Fault = "drop"           // the capture reply is cut off mid-body
)

// Faults lists every fault, for flags and documentation.
var Faults = []Fault{FaultNone, FaultNotReady, FaultBusy, FaultNotRegistered, FaultSlow, FaultLowQuality,
	FaultBadSignature, FaultUnsigned, FaultTampered, FaultBrokenChain, FaultDrop}

// Device is one device the service offers.
type Device struct {
	ID      string // deviceId
	Type    string // "Finger", "Face" or "Iris"
	SubType string // "Slap", "Single", "Full face", "Double"
	SubIDs  []int
	Serial  string
	Make    string
	Model   string
}

// DefaultDevices are a slap scanner ("1"), a face camera ("2") and a double iris camera ("3").
var DefaultDevices = []Device{
	{ID: "1", Type: "Finger", SubType: "Slap", SubIDs: []int{1, 2, 3}, Serial: "RKMFS0000001", Make: "Rekam", Model: "MockSlap 4-4-2"},
	{ID: "2", Type: "Face", SubType: "Full face", SubIDs: []int{0}, Serial: "RKMFC0000002", Make: "Rekam", Model: "MockFace"},
	{ID: "3", Type: "Iris", SubType: "Double", SubIDs: []int{1, 2, 3}, Serial: "RKMIR0000003", Make: "Rekam", Model: "MockIris"},
}

// Options configure a Service.
type Options struct {
	PKI       *PKI      // signing identity; required
	Devices   []Device  // default DefaultDevices
	Images    ImageFunc // default Procedural
	Env       string    // default "Developer"
	Quality   int       // qualityScore of a good capture; default 80
	FPS       int       // preview frames per second; default 10
	SlowDelay time.Duration
	Now       func() time.Time // default time.Now
	Admin     bool             // serve POST /admin/fault
	// BaseURL is the base URL announced in callbackId and Location; default the
	// listener's address (set it for byte-exact golden responses).
	BaseURL string
}

// Service is the device service.
type Service struct {
	opt     Options
	base    string // "http://127.0.0.1:port", set by Start
	port    int
	srv     *http.Server
	capture sync.Mutex // the device answers one capture at a time

	mu        sync.Mutex
	fault     Fault
	captures  int
	capturing bool
	images    map[string]image.Image
}

// New returns a service; call Start to serve it, or use Handler.
func New(opt Options) (*Service, error) {
	if opt.PKI == nil {
		return nil, errors.New("sbitest: Options.PKI is required")
	}
	if opt.Devices == nil {
		opt.Devices = DefaultDevices
	}
	if opt.Images == nil {
		opt.Images = Procedural
	}
	if opt.Env == "" {
		opt.Env = "Developer"
	}
	if opt.Quality == 0 {
		opt.Quality = 80
	}
	if opt.FPS <= 0 {
		opt.FPS = 10
	}
	if opt.SlowDelay <= 0 {
		opt.SlowDelay = 3 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Service{opt: opt, base: opt.BaseURL, images: map[string]image.Image{}}, nil
}

// Start serves on addr (e.g. "127.0.0.1:4501", or "127.0.0.1:0" for any free port)
// until Close.
func (s *Service) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sbitest: listen %s: %w", addr, err)
	}
	s.base = "http://" + ln.Addr().String()
	s.port = ln.Addr().(*net.TCPAddr).Port
	if s.opt.BaseURL != "" {
		s.base = s.opt.BaseURL
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	return nil
}

// URL returns the base URL the service announces ("http://127.0.0.1:port").
func (s *Service) URL() string { return s.base }

// Port returns the port the service listens on, or 0 before Start.
func (s *Service) Port() int { return s.port }

// Close stops the service and cuts open streams.
func (s *Service) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s.srv.Shutdown(ctx) //nolint:errcheck // Close below reports
	return s.srv.Close()
}

// SetFault injects f until the next SetFault (FaultNone heals).
func (s *Service) SetFault(f Fault) {
	s.mu.Lock()
	s.fault = f
	s.mu.Unlock()
}

// currentFault returns the injected fault.
func (s *Service) currentFault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault
}

// Capturing reports whether a capture is in progress.
func (s *Service) Capturing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.capturing
}

// Captures returns how many capture requests the service answered with biometrics.
func (s *Service) Captures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.captures
}

// image returns the (cached) picture for a bioSubType.
func (s *Service) image(sub string) image.Image {
	s.mu.Lock()
	img, ok := s.images[sub]
	s.mu.Unlock()
	if ok {
		return img
	}
	img = s.opt.Images(sub)
	s.mu.Lock()
	s.images[sub] = img
	s.mu.Unlock()
	return img
}

// device returns the device with the given ID.
func (s *Service) device(id string) (Device, bool) {
	for _, d := range s.opt.Devices {
		if d.ID == id {
			return d, true
		}
	}
	return Device{}, false
}

// Handler returns the service's HTTP handler.
func (s *Service) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "MOSIPDISC" && r.URL.Path == "/device":
			s.discover(w, r)
		case r.Method == "MOSIPDINFO" && r.URL.Path == "/info":
			s.info(w, r)
		case r.Method == "RCAPTURE" && r.URL.Path == "/capture":
			s.rcapture(w, r)
		case r.Method == "STREAM" && r.URL.Path == "/stream":
			s.stream(w, r)
		case r.Method == http.MethodPost && r.URL.Path == "/admin/fault" && s.opt.Admin:
			s.admin(w, r)
		default:
			http.Error(w, "sbitest: no such method and path", http.StatusMethodNotAllowed)
		}
	})
}

// admin sets the fault from the query parameter mode.
func (s *Service) admin(w http.ResponseWriter, r *http.Request) {
	f := Fault(r.URL.Query().Get("mode"))
	for _, k := range Faults {
		if k == f {
			s.SetFault(f)
			fmt.Fprintf(w, "fault %q\n", f)
			return
		}
	}
	http.Error(w, fmt.Sprintf("unknown fault %q", f), http.StatusBadRequest)
}
