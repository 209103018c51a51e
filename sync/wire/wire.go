// Package wire is the vocabulary of sync protocol v1 that both ends share: paths,
// header names, the error body, and the station's request signature. It does no I/O;
// the message bodies are the sync/uplink types (Announcement, AnnounceReply, Receipt,
// StatusPage), serialised as JSON. docs/protocol.md describes the protocol.
package wire

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Paths of protocol v1.
const (
	PathHealth     = "/v1/health"
	PathRegister   = "/v1/stations/register"
	PathBatches    = "/v1/batches"
	PathPackets    = "/v1/packets/" // + packet ID
	PathStatus     = "/v1/status"   // ?since=cursor
	PathMasterData = "/v1/masterdata"
)

// Header names.
const (
	HeaderStation      = "Rekam-Station"
	HeaderDate         = "Rekam-Date"
	HeaderSignature    = "Rekam-Signature"
	HeaderUploadOffset = "Upload-Offset" // bytes the centre holds durably
	HeaderUploadLength = "Upload-Length" // the packet's total size
	HeaderPacketSHA256 = "Packet-Sha256"
	HeaderRecordID     = "Record-Id"
)

// MaxClockSkew is how far a request's date may be from the server's clock.
const MaxClockSkew = 5 * time.Minute

// MaxPacketSize is the largest packet the centre accepts.
const MaxPacketSize = 8 << 20

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error string `json:"error"` // a stable code, e.g. "bad_signature"
	// Reason says what is wrong in words an operator can act on.
	Reason string `json:"reason"`
	// Permanent is true when resending the same bytes can never succeed.
	Permanent bool `json:"permanent"`
}

// Registration is the body of a station registration.
type Registration struct {
	Station   string `json:"station"`
	PublicKey string `json:"public_key"` // base64 Ed25519
	Token     string `json:"token"`      // the one-time token from the provisioning bundle
}

// BodyHash returns the hex SHA-256 of a request body (of the empty body for none).
func BodyHash(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:])
}

// signed returns the bytes a station signs: method, path with query, date, body hash.
func signed(method, pathQuery, date, bodyHash string) []byte {
	return []byte(strings.Join([]string{"rekam-v1", method, pathQuery, date, bodyHash}, "\n"))
}

// Sign returns the Rekam-Signature value for a request. For an upload whose body is
// streamed, bodyHash is the packet's SHA-256 from the Packet-Sha256 header and the
// offset is part of the path's query.
func Sign(key ed25519.PrivateKey, method, pathQuery string, date time.Time, bodyHash string) (dateHeader, sig string) {
	dateHeader = date.UTC().Format(time.RFC3339Nano)
	return dateHeader, base64.StdEncoding.EncodeToString(ed25519.Sign(key, signed(method, pathQuery, dateHeader, bodyHash)))
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("bad request signature")
	ErrStaleDate    = errors.New("request date outside the allowed clock skew")
)

// Verify checks a request signature made by Sign at a time near now.
func Verify(pub ed25519.PublicKey, method, pathQuery, dateHeader, sig, bodyHash string, now time.Time) error {
	d, err := time.Parse(time.RFC3339Nano, dateHeader)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrStaleDate, err)
	}
	if skew := now.Sub(d); skew > MaxClockSkew || skew < -MaxClockSkew {
		return fmt.Errorf("%w: %v", ErrStaleDate, skew.Round(time.Second))
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, signed(method, pathQuery, dateHeader, bodyHash), raw) {
		return ErrBadSignature
	}
	return nil
}

// Bundle is what the centre gives a station at provisioning (`afisd provision`) and the
// station imports (`rekam provision BUNDLE`).
type Bundle struct {
	Station   string `json:"station"`
	ServerURL string `json:"server_url"`
	CAPEM     string `json:"ca_pem"`    // the CA the station pins
	Recipient string `json:"recipient"` // the age X25519 public key packets are sealed to
	Token     string `json:"token"`     // one-time registration token
}

// ParseBundle reads a bundle and checks that every field is present and well formed
// (the recipient's syntax is checked by sync/packet.ParseRecipient).
func ParseBundle(data []byte) (Bundle, error) {
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return b, fmt.Errorf("provisioning bundle is not valid JSON: %w", err)
	}
	if b.Station == "" || b.ServerURL == "" || b.Token == "" || b.Recipient == "" {
		return b, errors.New("provisioning bundle lacks station, server_url, recipient or token")
	}
	if !strings.HasPrefix(b.ServerURL, "https://") {
		return b, fmt.Errorf("provisioning bundle server_url %q is not https", b.ServerURL)
	}
	if blk, _ := pem.Decode([]byte(b.CAPEM)); blk == nil || blk.Type != "CERTIFICATE" {
		return b, errors.New("provisioning bundle has no CA certificate")
	}
	return b, nil
}
