// Package remote is the station's only HTTP client: it implements the sync/uplink
// Transport over HTTPS (TLS 1.3, the centre's CA pinned at provisioning), signing every
// request with the station's Ed25519 key. Packets are streamed from the store: no batch
// is ever held in memory. Every phase has a timeout: connecting, the TLS handshake,
// waiting for response headers, and an upload that stops making progress.
package remote

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/uplink"
	"github.com/rekam-id/rekam/sync/wire"
)

// Config configures a Client.
type Config struct {
	BaseURL string             // e.g. https://afis.example:8443
	CA      *x509.CertPool     // the pinned CA; the system roots are never used
	Station string             // station ID
	Key     ed25519.PrivateKey // may be nil, then SetKey before signed calls
	// Timeouts; zero values take the defaults in brackets.
	DialTimeout   time.Duration // [10 s]
	HeaderTimeout time.Duration // waiting for response headers after the request is sent [60 s]
	StallTimeout  time.Duration // an upload that sends nothing for this long is cut [30 s]
	CallTimeout   time.Duration // whole announce/status/offset calls [60 s]
	Now           func() time.Time
	// Dial, when set, replaces the network dialer (tests put a fault-injecting proxy here).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Client talks protocol v1 to the centre.
type Client struct {
	cfg  Config
	http *http.Client
	mu   sync.Mutex
	key  ed25519.PrivateKey // the station's signing key; nil until the station is unlocked
}

// SetKey gives the client the station's signing key (kept sealed at rest and unsealed
// at login). Requests that need a signature fail with KindPermission until then.
func (c *Client) SetKey(k ed25519.PrivateKey) {
	c.mu.Lock()
	c.key = k
	c.mu.Unlock()
}

func (c *Client) signingKey() ed25519.PrivateKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.key
}

var _ uplink.Transport = (*Client)(nil)

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if _, err := url.Parse(cfg.BaseURL); err != nil || cfg.BaseURL == "" {
		return nil, enroll.Errorf("configure sync client", enroll.KindInvalid, "bad server URL %q", cfg.BaseURL)
	}
	if cfg.CA == nil {
		return nil, enroll.Errorf("configure sync client", enroll.KindInvalid, "no pinned CA: provision the station first")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.DialTimeout, 10*time.Second)
	def(&cfg.HeaderTimeout, 60*time.Second)
	def(&cfg.StallTimeout, 30*time.Second)
	def(&cfg.CallTimeout, 60*time.Second)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	dial := cfg.Dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second}).DialContext
	}
	tr := &http.Transport{
		DialContext:           dial,
		TLSClientConfig:       &tls.Config{RootCAs: cfg.CA, MinVersion: tls.VersionTLS13},
		TLSHandshakeTimeout:   cfg.DialTimeout,
		ResponseHeaderTimeout: cfg.HeaderTimeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     false,
	}
	return &Client{cfg: cfg, http: &http.Client{Transport: tr}, key: cfg.Key}, nil
}

// Health asks whether the centre answers (a cheap probe; unsigned).
func (c *Client) Health(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.DialTimeout+5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.cfg.BaseURL+wire.PathHealth, nil)
	if err != nil {
		return enroll.E("health", enroll.KindInternal, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return netErr("health", err)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return statusErr("health", resp)
	}
	return nil
}

// Register registers the station's public key with the one-time provisioning token.
func (c *Client) Register(ctx context.Context, token string) error {
	key := c.signingKey()
	if key == nil {
		return enroll.Errorf("register", enroll.KindPermission, "the station key is locked: log in first")
	}
	body, _ := json.Marshal(wire.Registration{Station: c.cfg.Station, PublicKey: encodeKey(key.Public().(ed25519.PublicKey)), Token: token})
	return c.call(ctx, "register", http.MethodPost, wire.PathRegister, body, false, nil)
}

// Announce offers a batch of packets.
func (c *Client) Announce(ctx context.Context, a uplink.Announcement) (uplink.AnnounceReply, error) {
	var r uplink.AnnounceReply
	body, err := json.Marshal(a)
	if err != nil {
		return r, enroll.E("announce", enroll.KindInternal, err)
	}
	return r, c.call(ctx, "announce", http.MethodPost, wire.PathBatches, body, true, &r)
}

// Statuses pulls the status feed after cursor.
func (c *Client) Statuses(ctx context.Context, cursor string) (uplink.StatusPage, error) {
	var p uplink.StatusPage
	return p, c.call(ctx, "pull statuses", http.MethodGet, wire.PathStatus+"?since="+url.QueryEscape(cursor), nil, true, &p)
}

// MasterData fetches the master data document if its version differs from have; it
// returns nil when the station is up to date.
func (c *Client) MasterData(ctx context.Context, have string) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.call(ctx, "fetch master data", http.MethodGet, wire.PathMasterData+"?have="+url.QueryEscape(have), nil, true, &raw)
	if err != nil || len(raw) == 0 || string(raw) == "null" {
		return nil, err
	}
	return raw, nil
}

// Offset asks how many bytes of a packet the centre holds.
func (c *Client) Offset(ctx context.Context, p uplink.AnnouncedPkt) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	path := wire.PathPackets + url.PathEscape(p.PacketID)
	req, err := c.request(ctx, http.MethodHead, path, nil, wire.BodyHash(nil))
	if err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, netErr("ask upload offset", err)
	}
	defer drain(resp)
	if resp.StatusCode == http.StatusNotFound {
		return 0, nil
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		return 0, statusErr("ask upload offset", resp)
	}
	return strconv.ParseInt(resp.Header.Get(wire.HeaderUploadOffset), 10, 64)
}

// Upload streams the packet from offset to its end in one request; the centre makes
// what it receives durable as it goes, so a cut loses at most its last unflushed chunk.
func (c *Client) Upload(ctx context.Context, p uplink.AnnouncedPkt, offset int64, src io.ReaderAt, progress func(int64)) (uplink.Receipt, error) {
	var rc uplink.Receipt
	if offset < 0 || offset > p.Size {
		return rc, enroll.Errorf("upload", enroll.KindInternal, "offset %d outside packet of %d bytes", offset, p.Size)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	body := &stallReader{r: io.NewSectionReader(src, offset, p.Size-offset), sent: offset, progress: progress}
	body.timer = time.AfterFunc(c.cfg.StallTimeout, func() { cancel(errStalled) })
	defer body.timer.Stop()
	body.stall = c.cfg.StallTimeout
	path := fmt.Sprintf("%s%s?offset=%d", wire.PathPackets, url.PathEscape(p.PacketID), offset)
	if p.Relay {
		path += "&relay=1"
	}
	req, err := c.request(ctx, http.MethodPatch, path, body, p.SHA256)
	if err != nil {
		return rc, err
	}
	req.ContentLength = p.Size - offset
	req.Header.Set(wire.HeaderUploadOffset, strconv.FormatInt(offset, 10))
	req.Header.Set(wire.HeaderUploadLength, strconv.FormatInt(p.Size, 10))
	req.Header.Set(wire.HeaderPacketSHA256, p.SHA256)
	req.Header.Set(wire.HeaderRecordID, p.RecordID)
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(context.Cause(ctx), errStalled) {
			return rc, enroll.Errorf("upload "+p.PacketID, enroll.KindNetwork, "no progress for %v", c.cfg.StallTimeout)
		}
		return rc, netErr("upload "+p.PacketID, err)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return rc, statusErr("upload "+p.PacketID, resp)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&rc); err != nil {
		return rc, enroll.E("read receipt of "+p.PacketID, enroll.KindNetwork, err)
	}
	if progress != nil {
		progress(p.Size)
	}
	return rc, nil
}

var errStalled = errors.New("upload stalled")

// stallReader counts bytes handed to the connection and re-arms the stall timer.
type stallReader struct {
	r        io.Reader
	sent     int64
	progress func(int64)
	timer    *time.Timer
	stall    time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	if len(p) > 32<<10 {
		p = p[:32<<10] // small writes keep progress and the stall timer fine-grained
	}
	n, err := s.r.Read(p)
	if err == io.EOF {
		// The whole body is handed to the connection: from here the wait for the
		// receipt is bounded by the response-header timeout, not the stall timer.
		s.timer.Stop()
	}
	if n > 0 {
		if err != io.EOF {
			s.timer.Reset(s.stall)
		}
		s.sent += int64(n)
		if s.progress != nil {
			s.progress(s.sent)
		}
	}
	return n, err
}

func (c *Client) request(ctx context.Context, method, pathQuery string, body io.Reader, bodyHash string) (*http.Request, error) {
	key := c.signingKey()
	if len(key) != ed25519.PrivateKeySize {
		return nil, enroll.Errorf(method+" "+pathQuery, enroll.KindPermission, "the station key is locked: log in first")
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+pathQuery, body)
	if err != nil {
		return nil, enroll.E(method+" "+pathQuery, enroll.KindInternal, err)
	}
	date, sig := wire.Sign(key, method, pathQuery, c.cfg.Now(), bodyHash)
	req.Header.Set(wire.HeaderStation, c.cfg.Station)
	req.Header.Set(wire.HeaderDate, date)
	req.Header.Set(wire.HeaderSignature, sig)
	return req, nil
}

// call does a small JSON request/response with the call timeout.
func (c *Client) call(ctx context.Context, op, method, pathQuery string, body []byte, sign bool, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	var req *http.Request
	var err error
	if sign {
		req, err = c.request(ctx, method, pathQuery, bytes.NewReader(body), wire.BodyHash(body))
	} else {
		req, err = http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+pathQuery, bytes.NewReader(body))
		if err != nil {
			err = enroll.E(op, enroll.KindInternal, err)
		}
	}
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return netErr(op, err)
	}
	defer drain(resp)
	if resp.StatusCode == http.StatusNotModified {
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		return statusErr(op, resp)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(out); err != nil {
		return enroll.E(op, enroll.KindNetwork, fmt.Errorf("read response: %w", err))
	}
	return nil
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}

// netErr classifies a transport failure: a server whose certificate the pinned CA did not
// sign is KindUntrusted; every other failure of the link (refused, reset, DNS, a stall
// past the deadline) is KindNetwork. Both are transient for the sync engine.
func netErr(op string, err error) error {
	var ve *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	if errors.As(err, &ve) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) {
		return enroll.E(op, enroll.KindUntrusted, fmt.Errorf("the centre's certificate is not signed by the pinned CA: %w", err))
	}
	return enroll.E(op, enroll.KindNetwork, err)
}

// statusErr turns an error response into an *enroll.Error: a permanent rejection is
// KindInvalid; authentication problems KindPermission; all others transient.
func statusErr(op string, resp *http.Response) error {
	var eb wire.ErrorBody
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&eb)
	msg := eb.Reason
	if msg == "" {
		msg = resp.Status
	}
	err := fmt.Errorf("server: %s (%s)", msg, resp.Status)
	switch {
	case eb.Permanent:
		return enroll.E(op, enroll.KindInvalid, err)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return enroll.E(op, enroll.KindPermission, err)
	}
	return enroll.E(op, enroll.KindUnavailable, err) // 409 offset mismatch, 429, 5xx: try again
}
