package sbi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// SpecVersion is the SBI specification version this package speaks.
const SpecVersion = "0.9.5"

// Config is what every client of a device service shares.
type Config struct {
	// Roots are the device-provider (and FTM) CA certificates the station trusts. Every
	// signed block must chain to one of them. Required.
	Roots *x509.CertPool
	// HTTP reaches the device service; nil means a private client without proxies.
	HTTP *http.Client
	// AppName is sent in the EXT header; default "rekam".
	AppName string
	// Env is the capture request's target environment; default: the env the device
	// reports in its device info.
	Env string
	// CaptureTimeout bounds a capture when its context has no deadline; default 30 s.
	CaptureTimeout time.Duration
	// CallTimeout bounds discovery and device info calls when the context has no
	// earlier deadline; default 2 s.
	CallTimeout time.Duration
	// Chain is the enrollment's hash chain; nil gives each client its own.
	Chain *Chain
	// Decoders decode the image codecs the standard library lacks (WSQ, JPEG 2000).
	Decoders map[Codec]Decoder
	// ErrorKinds classifies vendor error codes (5xx) the spec leaves open.
	ErrorKinds map[string]enroll.Kind
	// Now is the clock for certificate validity and capture times; default time.Now.
	Now func() time.Time
	// NewTransactionID returns a fresh transaction ID (4–50 letters, digits, hyphens);
	// default 32 random hex digits.
	NewTransactionID func() string
}

// withDefaults returns cfg with its zero fields filled in.
func (cfg Config) withDefaults() Config {
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: time.Second}).DialContext,
			MaxIdleConnsPerHost: 4,
			DisableCompression:  true,
		}}
	}
	if cfg.AppName == "" {
		cfg.AppName = "rekam"
	}
	if cfg.CaptureTimeout <= 0 {
		cfg.CaptureTimeout = 30 * time.Second
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 2 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewTransactionID == nil {
		cfg.NewTransactionID = randomTransactionID
	}
	return cfg
}

// randomTransactionID returns 32 random hex digits.
func randomTransactionID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // cannot happen on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// validTransactionID checks the spec's rule: 4–50 characters, letters, digits, hyphens.
func validTransactionID(s string) bool {
	if len(s) < 4 || len(s) > 50 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// checkLoopback rejects base URLs that are not plain http on a loopback IP address.
func checkLoopback(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("device URL %q: %w", base, err)
	}
	ip := net.ParseIP(u.Hostname())
	if u.Scheme != "http" || ip == nil || !ip.IsLoopback() || u.Port() == "" {
		return nil, fmt.Errorf("device URL %q is not http://<loopback IP>:<port>", base)
	}
	return u, nil
}

// maxResponse bounds a JSON response body.
const maxResponse = 64 << 20

// call sends an SBI request and returns the response; the caller closes its body.
// A status other than 200 is a protocol error.
func call(ctx context.Context, cfg Config, method, rawURL string, body any) (*http.Response, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("EXT", cfg.AppName)
	return cfg.HTTP.Do(req)
}

// callJSON sends an SBI request and reads the whole JSON response.
func callJSON(ctx context.Context, cfg Config, op, method, rawURL string, body any) ([]byte, error) {
	resp, err := call(ctx, cfg, method, rawURL, body)
	if err != nil {
		return nil, transportErr(op, ctx, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, transportErr(op, ctx, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, protoErr(op, "%s %s: HTTP status %s", method, rawURL, resp.Status)
	}
	if len(b) > maxResponse {
		return nil, protoErr(op, "%s response larger than %d bytes", method, maxResponse)
	}
	return b, nil
}
