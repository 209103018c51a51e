package sbi

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// maxTokenLen bounds a JWS token; a registration capture of a slap with lossless images
// stays far below it.
const maxTokenLen = 32 << 20

// minRSABits is the smallest RSA key the spec's cryptography table allows for signatures.
const minRSABits = 2048

// Signed is a verified JWS compact token: its payload and the certificate that signed it.
type Signed struct {
	Payload []byte
	Signer  *x509.Certificate
}

// jwsHeader is the protected header of an SBI token. x5c is an array of base64 (not
// base64url) DER certificates per RFC 7515 §4.1.6; some devices send one string.
type jwsHeader struct {
	Alg  string     `json:"alg"`
	Typ  string     `json:"typ,omitempty"`
	X5c  stringList `json:"x5c"`
	Crit []string   `json:"crit,omitempty"`
}

// stringList accepts a JSON array of strings or a single string.
type stringList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = stringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("x5c: want a string or an array of strings")
	}
	*l = many
	return nil
}

// Token is a parsed but not yet verified JWS compact token.
type Token struct {
	header       jwsHeader
	signingInput string // base64url(header) "." base64url(payload)
	payload      []byte
	signature    []byte
	certs        []*x509.Certificate // x5c, leaf first
}

// errUnsigned reports a token without a signature (SBI's "unsigned" device info is the
// bare base64url payload).
var errUnsigned = errors.New("token is not signed")

// ParseToken splits and decodes a JWS compact token and its x5c certificates without
// verifying anything. A token that is not three dot-separated parts is reported as
// unsigned.
func ParseToken(s string) (*Token, error) {
	if len(s) > maxTokenLen {
		return nil, fmt.Errorf("token of %d bytes is too long", len(s))
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: %d part(s), want header.payload.signature", errUnsigned, len(parts))
	}
	hb, err := decodeB64URL(parts[0])
	if err != nil {
		return nil, fmt.Errorf("token header: %w", err)
	}
	t := &Token{signingInput: parts[0] + "." + parts[1]}
	if err := json.Unmarshal(hb, &t.header); err != nil {
		return nil, fmt.Errorf("token header: %w", err)
	}
	if t.payload, err = decodeB64URL(parts[1]); err != nil {
		return nil, fmt.Errorf("token payload: %w", err)
	}
	if t.signature, err = decodeB64URL(parts[2]); err != nil {
		return nil, fmt.Errorf("token signature: %w", err)
	}
	if len(t.signature) == 0 {
		return nil, fmt.Errorf("%w: empty signature", errUnsigned)
	}
	for i, c := range t.header.X5c {
		der, err := decodeB64Std(c)
		if err != nil {
			return nil, fmt.Errorf("x5c[%d]: %w", i, err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("x5c[%d]: %w", i, err)
		}
		t.certs = append(t.certs, cert)
	}
	return t, nil
}

// Payload returns the token's payload bytes (unverified).
func (t *Token) Payload() []byte { return t.payload }

// Verify checks the token: alg RS256, no critical extensions, an x5c leaf that chains to
// roots at time now (intermediates from the rest of x5c), an RSA key of at least 2048
// bits, and a PKCS #1 v1.5 SHA-256 signature over the signing input.
func (t *Token) Verify(roots *x509.CertPool, now time.Time) (Signed, error) {
	if t.header.Alg != "RS256" {
		return Signed{}, fmt.Errorf("token alg %q, want RS256", t.header.Alg)
	}
	if len(t.header.Crit) > 0 {
		return Signed{}, fmt.Errorf("token has critical header parameters %q", t.header.Crit)
	}
	if len(t.certs) == 0 {
		return Signed{}, errors.New("token has no x5c certificate")
	}
	if roots == nil {
		return Signed{}, errors.New("no trusted device-provider roots configured")
	}
	leaf := t.certs[0]
	inter := x509.NewCertPool()
	for _, c := range t.certs[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return Signed{}, fmt.Errorf("signer %q is not trusted: %w", leaf.Subject.CommonName, err)
	}
	pub, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok {
		return Signed{}, fmt.Errorf("signer key is %T, want RSA", leaf.PublicKey)
	}
	if pub.N.BitLen() < minRSABits {
		return Signed{}, fmt.Errorf("signer key has %d bits, want at least %d", pub.N.BitLen(), minRSABits)
	}
	sum := sha256.Sum256([]byte(t.signingInput))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], t.signature); err != nil {
		return Signed{}, fmt.Errorf("bad signature by %q: %w", leaf.Subject.CommonName, err)
	}
	return Signed{Payload: t.payload, Signer: leaf}, nil
}

// VerifyToken parses and verifies a JWS compact token; see Token.Verify.
func VerifyToken(s string, roots *x509.CertPool, now time.Time) (Signed, error) {
	t, err := ParseToken(s)
	if err != nil {
		return Signed{}, err
	}
	return t.Verify(roots, now)
}

// sameCert reports whether a and b are the same certificate.
func sameCert(a, b *x509.Certificate) bool {
	return a != nil && b != nil && bytes.Equal(a.Raw, b.Raw)
}

// decodeB64URL decodes base64url with or without padding, rejecting the standard
// alphabet's '+' and '/'.
func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.Strict().DecodeString(strings.TrimRight(s, "="))
}

// decodeB64Std decodes the standard base64 alphabet with or without padding (x5c);
// the URL alphabet is accepted too because some devices use it.
func decodeB64Std(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "-_") {
		return base64.RawURLEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}
