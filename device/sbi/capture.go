package sbi

import (
	"context"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// timeFormat is the spec's ISO 8601 form, in UTC.
const timeFormat = "2006-01-02T15:04:05Z"

// replyMargin is the part of the caller's deadline kept for the reply to travel back:
// the device is asked to answer within the rest.
const replyMargin = 250 * time.Millisecond

// errOtherSigner marks a capture signed by a trusted certificate other than the one
// that signed the device's info.
var errOtherSigner = errors.New("not by the device's certificate")

// CaptureRequest asks a device for one registration capture (RCAPTURE).
type CaptureRequest struct {
	Type        string   // "Finger", "Face" or "Iris"
	Count       int      // biometrics wanted (fingers or irises; 1 for a face)
	SubID       int      // deviceSubId: finger/iris 1 left, 2 right, 3 both thumbs/irises; 0 unknown
	BioSubTypes []string // e.g. "Left IndexFinger", "Right"; empty lets the device choose
	Exceptions  []string // fingers or irises that are missing
	MinQuality  int      // requestedScore, 0–100
}

// Biometric is one captured, verified biometric.
type Biometric struct {
	BioType        string
	BioSubType     string
	Record         []byte // the ISO/IEC 19794 record (decoded bioValue)
	Quality        int    // qualityScore rounded to 0–100; -1 if the device sent none
	RequestedScore int
	Timestamp      time.Time // the device's capture time; zero if unreadable
	TransactionID  string
	Hash           string            // this link of the hash chain, upper-case hex
	Data           string            // the signed data token as received (for audit)
	Signer         *x509.Certificate // the device key's certificate
}

// RCapture performs one registration capture and returns the biometrics after verifying
// each one's signature (by the device's own certificate), digital ID, transaction ID,
// type and subtype, and its link in the hash chain; the chain advances only when all
// verify. The device is told to answer within ctx's deadline or Config.CaptureTimeout,
// whichever is sooner, and the reply is awaited that long plus a short margin.
//
// Errors: KindNotConnected (service gone, device not ready, connection cut mid-reply),
// KindBusy, KindTimeout, KindInvalid (the device refuses the request), KindProtocol
// (anything unsigned, untrusted, tampered, inconsistent or off the chain).
func (c *Client) RCapture(ctx context.Context, r CaptureRequest) ([]Biometric, error) {
	const op = "sbi capture"
	timeout := c.cfg.CaptureTimeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl)-replyMargin)
	}
	if timeout < 100*time.Millisecond {
		return nil, enroll.Errorf(op, enroll.KindTimeout, "too little time left for a capture (%v)", timeout)
	}
	// The device is told to answer within timeout; the wait for its reply is bounded too.
	ctx, cancel := context.WithTimeout(ctx, timeout+replyMargin)
	defer cancel()
	if err := c.chain.acquire(ctx); err != nil {
		return nil, transportErr(op, ctx, err)
	}
	defer c.chain.release()
	bios, err := c.rcapture(ctx, op, r, timeout)
	c.setStatus(err)
	return bios, err
}

func (c *Client) rcapture(ctx context.Context, op string, r CaptureRequest, timeout time.Duration) ([]Biometric, error) {
	d := c.Device()
	txn := c.cfg.NewTransactionID()
	if !validTransactionID(txn) {
		return nil, enroll.Errorf(op, enroll.KindInternal, "transaction ID %q breaks the spec's rule", txn)
	}
	env := c.cfg.Env
	if env == "" {
		env = d.Env
	}
	prevHex := c.chain.Previous()
	prev, _ := parsePreviousHash(prevHex)
	req := captureRequest{
		Env: env, Purpose: "Registration", SpecVersion: SpecVersion,
		Timeout:       strconv.FormatInt(timeout.Milliseconds(), 10),
		CaptureTime:   c.cfg.Now().UTC().Format(timeFormat),
		TransactionID: txn,
		Bio: []bioRequest{{
			Type: r.Type, Count: strconv.Itoa(r.Count),
			BioSubType: nonNil(r.BioSubTypes), Exception: nonNil(r.Exceptions),
			RequestedScore: strconv.Itoa(r.MinQuality), DeviceID: d.DeviceID,
			DeviceSubID: strconv.Itoa(r.SubID), PreviousHash: prevHex,
		}},
		CustomOpts: map[string]string{},
	}
	b, err := callJSON(ctx, c.cfg, op, "RCAPTURE", d.BaseURL+"/capture", req)
	if err != nil {
		return nil, err
	}
	out, last, err := c.verifyResponse(op, d, b, txn, r, prev)
	if errors.Is(err, errOtherSigner) {
		// The device key may have been rotated (the spec suggests every 30 days) since
		// the last device info: fetch it again and check the reply once more.
		if c.Refresh(ctx) == nil {
			out, last, err = c.verifyResponse(op, c.Device(), b, txn, r, prev)
		}
	}
	if err != nil {
		return nil, err
	}
	c.chain.set(last)
	return out, nil
}

// verifyResponse decodes and verifies a capture response to a request with transaction
// ID txn sent with previous hash prev, and returns the biometrics and the last link.
func (c *Client) verifyResponse(op string, d DeviceInfo, b []byte, txn string, r CaptureRequest, prev []byte) ([]Biometric, []byte, error) {
	var resp captureResponse
	if err := decodeJSON(b, &resp); err != nil {
		return nil, nil, protoErr(op, "capture response: %v", err)
	}
	for _, e := range resp.Biometrics {
		if e.Error.failed() {
			return nil, nil, c.codeErr(op, e.Error)
		}
	}
	if len(resp.Biometrics) != r.Count {
		return nil, nil, protoErr(op, "device returned %d biometrics for %d requested", len(resp.Biometrics), r.Count)
	}
	out := make([]Biometric, 0, len(resp.Biometrics))
	link := prev
	for i, e := range resp.Biometrics {
		bio, next, err := c.verifyBiometric(d, txn, r, e, link)
		if err != nil {
			return nil, nil, enroll.E(op, enroll.KindProtocol, fmt.Errorf("biometric %d: %w", i, err))
		}
		if r.Type != "Face" && bio.BioSubType != "UNKNOWN" &&
			slices.ContainsFunc(out, func(o Biometric) bool { return o.BioSubType == bio.BioSubType }) {
			return nil, nil, protoErr(op, "biometric %d repeats %q", i, bio.BioSubType)
		}
		out = append(out, bio)
		link = next
	}
	return out, link, nil
}

// verifyBiometric checks one biometric of a capture response against the request and
// the previous link of the chain, and returns it with its own link.
func (c *Client) verifyBiometric(d DeviceInfo, txn string, r CaptureRequest, e biometricEntry, prev []byte) (Biometric, []byte, error) {
	signed, err := VerifyToken(e.Data, c.cfg.Roots, c.cfg.Now())
	if err != nil {
		return Biometric{}, nil, fmt.Errorf("data: %w", err)
	}
	if !sameCert(signed.Signer, d.Signer) {
		return Biometric{}, nil, fmt.Errorf("data signed by %q: %w", signed.Signer.Subject.CommonName, errOtherSigner)
	}
	var p captureData
	if err := decodeJSON(signed.Payload, &p); err != nil {
		return Biometric{}, nil, fmt.Errorf("data payload: %w", err)
	}
	switch {
	case p.TransactionID != txn:
		return Biometric{}, nil, fmt.Errorf("transaction ID %q, sent %q", p.TransactionID, txn)
	case p.BioType != r.Type:
		return Biometric{}, nil, fmt.Errorf("bioType %q, asked for %q", p.BioType, r.Type)
	case p.Purpose != "Registration":
		return Biometric{}, nil, fmt.Errorf("purpose %q", p.Purpose)
	case p.DeviceCode != d.Serial:
		return Biometric{}, nil, fmt.Errorf("deviceCode %q, device is %q", p.DeviceCode, d.Serial)
	case len(r.BioSubTypes) > 0 && !slices.Contains(r.BioSubTypes, p.BioSubType):
		return Biometric{}, nil, fmt.Errorf("bioSubType %q was not asked for", p.BioSubType)
	case slices.Contains(r.Exceptions, p.BioSubType):
		return Biometric{}, nil, fmt.Errorf("bioSubType %q was marked as an exception", p.BioSubType)
	}
	if _, err := verifyDigitalID(c.cfg, p.DigitalID, d.Serial); err != nil {
		return Biometric{}, nil, err
	}
	record, err := decodeB64URL(p.BioValue)
	if err != nil || len(record) == 0 {
		return Biometric{}, nil, fmt.Errorf("bioValue is not base64url: %v", err)
	}
	want := ChainHash(prev, record)
	got, err := hex.DecodeString(e.Hash)
	if err != nil || string(got) != string(want) {
		return Biometric{}, nil, fmt.Errorf("broken hash chain: hash %.70q, want %X", e.Hash, want)
	}
	q, err := score(p.QualityScore)
	if err != nil {
		return Biometric{}, nil, fmt.Errorf("qualityScore: %w", err)
	}
	rq, err := score(p.RequestedScore)
	if err != nil {
		return Biometric{}, nil, fmt.Errorf("requestedScore: %w", err)
	}
	ts, _ := time.Parse(time.RFC3339, p.Timestamp)
	return Biometric{
		BioType: p.BioType, BioSubType: p.BioSubType, Record: record, Quality: q, RequestedScore: rq,
		Timestamp: ts, TransactionID: p.TransactionID, Hash: fmt.Sprintf("%X", want),
		Data: e.Data, Signer: signed.Signer,
	}, want, nil
}

// score parses a 0–100 score; missing is -1.
func score(f flexString) (int, error) {
	v, err := f.float()
	if err != nil {
		return 0, err
	}
	if v == -1 && f == "" {
		return -1, nil
	}
	if math.IsNaN(v) || v < 0 || v > 100 {
		return 0, fmt.Errorf("%q is not in 0–100", string(f))
	}
	return int(math.Round(v)), nil
}

// nonNil returns s, or an empty slice so that JSON carries [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
