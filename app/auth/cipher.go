package auth

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/rekam-id/rekam/app/enroll"
	"golang.org/x/crypto/chacha20poly1305"
)

// ErrDecrypt is the cause of every failure to open a ciphertext: it was changed, cut,
// moved to another row or column (other associated data), or sealed under another key.
// Open never returns partial plaintext.
var ErrDecrypt = errors.New("ciphertext does not authenticate (tampered, moved to another field, or another station's key)")

// sealVersion is the first byte of every ciphertext Seal makes: XChaCha20-Poly1305 under
// the sub-key "rekam/v1/aead" of the data key, with a random 24-byte nonce.
const sealVersion = 1

// Overhead is how many bytes Seal adds to a plaintext: a version byte, the nonce and the
// Poly1305 tag.
const Overhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

// BlindIndexLen is the length of a blind index in bytes (128 bits: no accidental
// collisions among a station's records).
const BlindIndexLen = 16

// DataKeyLen is the length of the station data key in bytes.
const DataKeyLen = 32

// Cipher seals and opens fields and samples with keys derived from the station data key,
// and computes blind indexes. It is safe for concurrent use.
type Cipher struct {
	aead  cipher.AEAD
	index []byte // HMAC-SHA256 key of the blind index
}

// NewCipher returns a Cipher for a 32-byte data key. The key is not kept: only the
// sub-keys derived from it by HKDF-SHA256 ("rekam/v1/aead", "rekam/v1/blind-index").
// Errors: KindInvalid (wrong key length).
func NewCipher(dataKey []byte) (*Cipher, error) {
	if len(dataKey) != DataKeyLen {
		return nil, enroll.Errorf("make cipher", enroll.KindInvalid, "data key is %d bytes, want %d", len(dataKey), DataKeyLen)
	}
	ak := subKey(dataKey, "rekam/v1/aead")
	defer clear(ak)
	aead, err := chacha20poly1305.NewX(ak)
	if err != nil {
		return nil, enroll.E("make cipher", enroll.KindInternal, err)
	}
	return &Cipher{aead: aead, index: subKey(dataKey, "rekam/v1/blind-index")}, nil
}

// Seal encrypts and authenticates plaintext, binding it to aad: the associated data
// names where the ciphertext lives (for example "record/<id>/meta" or
// "sample/<record>/<kind>"), so a ciphertext copied into another place fails to open.
// The result is Overhead bytes longer than plaintext.
func (c *Cipher) Seal(plaintext, aad []byte) []byte {
	return c.AppendSeal(make([]byte, 0, Overhead+len(plaintext)), plaintext, aad)
}

// AppendSeal is Seal that appends the ciphertext to dst and returns the extended slice,
// so that a caller sealing many large samples can reuse its buffers. dst must not
// overlap plaintext.
func (c *Cipher) AppendSeal(dst, plaintext, aad []byte) []byte {
	n := len(dst)
	dst = append(dst, sealVersion)
	dst = append(dst, make([]byte, chacha20poly1305.NonceSizeX)...)
	nonce := dst[n+1 : n+1+chacha20poly1305.NonceSizeX]
	rand.Read(nonce) // never fails (crypto/rand panics rather than return an error)
	return c.aead.Seal(dst, nonce, plaintext, c.bind(sealVersion, aad))
}

// Open authenticates and decrypts a ciphertext made by Seal with the same aad. Errors:
// KindInvalid wrapping ErrDecrypt; the plaintext is nil whenever the error is not.
func (c *Cipher) Open(ciphertext, aad []byte) ([]byte, error) {
	const op = "decrypt"
	if len(ciphertext) < Overhead {
		return nil, enroll.E(op, enroll.KindInvalid, fmt.Errorf("%w: %d bytes is too short", ErrDecrypt, len(ciphertext)))
	}
	if ciphertext[0] != sealVersion {
		return nil, enroll.E(op, enroll.KindInvalid, fmt.Errorf("%w: unknown format %d", ErrDecrypt, ciphertext[0]))
	}
	nonce := ciphertext[1 : 1+chacha20poly1305.NonceSizeX]
	pt, err := c.aead.Open(nil, nonce, ciphertext[1+chacha20poly1305.NonceSizeX:], c.bind(ciphertext[0], aad))
	if err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, ErrDecrypt)
	}
	return pt, nil
}

// bind prefixes the associated data with the format byte, so the header is authenticated.
func (c *Cipher) bind(version byte, aad []byte) []byte {
	b := make([]byte, 1+len(aad))
	b[0] = version
	copy(b[1:], aad)
	return b
}

// BlindIndex returns a keyed, deterministic 16-byte index of value within domain (for
// example "nik" or "name-prefix"): HMAC-SHA256 under the blind-index sub-key over the
// domain and the value, truncated. Equal values in one domain give equal indexes, so a
// store can look a NIK up without holding it in the clear; without the data key the
// index reveals nothing but equality.
func (c *Cipher) BlindIndex(domain string, value []byte) []byte {
	m := hmac.New(sha256.New, c.index)
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(domain)))
	m.Write(n[:])
	m.Write([]byte(domain))
	m.Write(value)
	return m.Sum(nil)[:BlindIndexLen]
}

// String hides the keys from fmt.
func (c *Cipher) String() string { return "auth.Cipher" }
