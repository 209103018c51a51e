package packet

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/enroll"
)

// Why Open refuses a packet. Each is wrapped in an *enroll.Error of KindInvalid.
var (
	ErrWrongRecipient = errors.New("packet is not sealed to this server's key")
	ErrTampered       = errors.New("packet was modified after sealing (authentication failed)")
	ErrTruncated      = errors.New("packet is truncated")
	ErrMalformed      = errors.New("packet envelope is malformed")
	ErrUnknownStation = errors.New("packet comes from an unknown station")
	ErrBadSignature   = errors.New("station signature does not verify")
	ErrMismatch       = errors.New("transaction does not match its manifest")
)

// Opened is a verified, decrypted packet.
type Opened struct {
	Manifest    Manifest
	Transaction []byte // the ANSI/NIST-ITL transaction bytes, as signed
}

// Keys looks up a station's registered public key.
type Keys func(station string) (ed25519.PublicKey, bool)

// maxEnvelope bounds the decrypted size, so a hostile packet cannot exhaust memory.
const maxEnvelope = 16 << 20

// Open decrypts a sealed packet with the server's identity, checks the station's
// signature against its registered key and the transaction against the manifest, and
// says precisely why when it cannot.
func Open(sealed []byte, id age.Identity, keys Keys) (*Opened, error) {
	const op = "open packet"
	if len(sealed) < sealHeader || !bytes.HasPrefix(sealed, sealMagic) {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%w: not a Rekam sealed packet", ErrMalformed)
	}
	if n := binary.BigEndian.Uint64(sealed[len(sealMagic):]); n != uint64(len(sealed)-sealHeader) {
		if n > uint64(len(sealed)-sealHeader) {
			return nil, enroll.Errorf(op, enroll.KindInvalid, "%w: %d of %d bytes", ErrTruncated, len(sealed)-sealHeader, n)
		}
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%w: %d bytes where the header says %d", ErrTampered, len(sealed)-sealHeader, n)
	}
	r, err := age.Decrypt(bytes.NewReader(sealed[sealHeader:]), id)
	if err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, classifyAge(err))
	}
	env, err := io.ReadAll(io.LimitReader(r, maxEnvelope+1))
	if err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, classifyAge(err))
	}
	if len(env) > maxEnvelope {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%w: larger than %d bytes", ErrMalformed, maxEnvelope)
	}
	o, signedLen, err := parseEnvelope(env)
	if err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, err)
	}
	pub, ok := keys(o.Manifest.Station)
	if !ok {
		return nil, enroll.E(op, enroll.KindInvalid, fmt.Errorf("%w %q", ErrUnknownStation, o.Manifest.Station))
	}
	if !ed25519.Verify(pub, env[:signedLen], env[signedLen:]) {
		return nil, enroll.E(op, enroll.KindInvalid, fmt.Errorf("%w (station %s)", ErrBadSignature, o.Manifest.Station))
	}
	sum := sha256.Sum256(o.Transaction)
	if hex.EncodeToString(sum[:]) != o.Manifest.Transaction.SHA256 || len(o.Transaction) != o.Manifest.Transaction.Size {
		return nil, enroll.E(op, enroll.KindInvalid, ErrMismatch)
	}
	if o.Manifest.PacketID != PacketID(o.Manifest.RecordID) || o.Manifest.Format != FormatVersion {
		return nil, enroll.E(op, enroll.KindInvalid, fmt.Errorf("%w: packet %q, record %q, format %q", ErrMismatch,
			o.Manifest.PacketID, o.Manifest.RecordID, o.Manifest.Format))
	}
	return o, nil
}

// classifyAge maps age's errors to ours.
func classifyAge(err error) error {
	var nm *age.NoIdentityMatchError
	switch {
	case errors.As(err, &nm):
		return ErrWrongRecipient
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	msg := err.Error()
	if bytes.Contains([]byte(msg), []byte("header")) || bytes.Contains([]byte(msg), []byte("parse")) {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if bytes.Contains([]byte(msg), []byte("last chunk")) || bytes.Contains([]byte(msg), []byte("short")) {
		return fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	return fmt.Errorf("%w: %v", ErrTampered, err)
}

// parseEnvelope splits the signed envelope; it returns the length of the signed part.
func parseEnvelope(env []byte) (*Opened, int, error) {
	if !bytes.HasPrefix(env, magic) {
		return nil, 0, fmt.Errorf("%w: no envelope magic", ErrMalformed)
	}
	rest := env[len(magic):]
	next := func(what string) ([]byte, error) {
		if len(rest) < 4 {
			return nil, fmt.Errorf("%w: %s length missing", ErrTruncated, what)
		}
		n := binary.BigEndian.Uint32(rest)
		rest = rest[4:]
		if uint64(n) > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: %s of %d bytes, %d left", ErrTruncated, what, n, len(rest))
		}
		b := rest[:n]
		rest = rest[n:]
		return b, nil
	}
	mj, err := next("manifest")
	if err != nil {
		return nil, 0, err
	}
	tx, err := next("transaction")
	if err != nil {
		return nil, 0, err
	}
	if len(rest) != ed25519.SignatureSize {
		return nil, 0, fmt.Errorf("%w: signature is %d bytes, want %d", ErrTruncated, len(rest), ed25519.SignatureSize)
	}
	o := &Opened{Transaction: tx}
	if err := json.Unmarshal(mj, &o.Manifest); err != nil {
		return nil, 0, fmt.Errorf("%w: manifest: %v", ErrMalformed, err)
	}
	return o, len(env) - ed25519.SignatureSize, nil
}

// Check reads the transaction in strict mode and returns its problems (nil when clean).
func (o *Opened) Check() error {
	return an2k.Check(bytes.NewReader(o.Transaction))
}
