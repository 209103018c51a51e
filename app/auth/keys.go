package auth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// NewDataKey returns a fresh random station data key.
func NewDataKey() []byte {
	k := make([]byte, DataKeyLen)
	rand.Read(k)
	return k
}

// wrapVersion is the first byte of a wrapped data key: XChaCha20-Poly1305 under a
// key-encryption key, with associated data naming the holder of the wrapping.
const wrapVersion = 1

// errUnwrap is the cause when a wrapping does not open: wrong password or recovery key,
// or a wrapping copied from another holder.
var errUnwrap = errors.New("data key does not unwrap")

// wrapKey seals dataKey under kek for holder ("account:<id>" or "recovery").
func wrapKey(kek, dataKey []byte, holder string) []byte {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		panic("auth: wrap key: " + err.Error()) // kek is always 32 bytes
	}
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, 1+chacha20poly1305.NonceSizeX+len(dataKey)+aead.Overhead())
	out[0] = wrapVersion
	rand.Read(out[1:])
	return aead.Seal(out, out[1:], dataKey, wrapAAD(holder))
}

// unwrapKey opens a wrapping made by wrapKey for the same holder.
func unwrapKey(kek, wrapped []byte, holder string) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	const n = 1 + chacha20poly1305.NonceSizeX
	if len(wrapped) != n+DataKeyLen+aead.Overhead() || wrapped[0] != wrapVersion {
		return nil, fmt.Errorf("%w: malformed wrapping", errUnwrap)
	}
	k, err := aead.Open(nil, wrapped[1:n], wrapped[n:], wrapAAD(holder))
	if err != nil {
		return nil, errUnwrap
	}
	return k, nil
}

func wrapAAD(holder string) []byte { return []byte("rekam/v1/data-key/" + holder) }

func accountHolder(id string) string { return "account:" + id }

const recoveryHolder = "recovery"

// RecoveryKey is the secret printed at provisioning that unwraps the station's data key
// when no operator can log in. It is 160 random bits, written as 32 characters of
// Crockford's base32 in eight groups of four, e.g. "7KQM-3W9D-…".
type RecoveryKey [20]byte

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a printed key is not
// misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewRecoveryKey returns a fresh random recovery key.
func NewRecoveryKey() RecoveryKey {
	var k RecoveryKey
	rand.Read(k[:])
	return k
}

// String returns the key as eight dash-separated groups of four characters.
func (k RecoveryKey) String() string {
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range k {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(crockford[(acc>>bits)&31])
			n++
		}
	}
	return b.String()
}

// ParseRecoveryKey reads a key as String writes it. It ignores case, spaces and dashes,
// and reads O as 0 and I or L as 1, as Crockford's base32 asks.
func ParseRecoveryKey(s string) (RecoveryKey, error) {
	var k RecoveryKey
	var acc uint64
	bits, n, chars := 0, 0, 0
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		v := strings.IndexRune(crockford, r)
		if v < 0 {
			return RecoveryKey{}, fmt.Errorf("recovery key: %q is not a key character", r)
		}
		chars++
		if chars > 32 {
			return RecoveryKey{}, errors.New("recovery key: too long, want 32 characters")
		}
		acc = acc<<5 | uint64(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			k[n] = byte(acc >> bits)
			n++
		}
	}
	if chars != 32 {
		return RecoveryKey{}, fmt.Errorf("recovery key: %d characters, want 32", chars)
	}
	return k, nil
}

// kek returns the key-encryption key of the recovery wrapping. The recovery key has 160
// random bits, so a fast derivation (HKDF) suffices where a password needs Argon2id.
func (k RecoveryKey) kek() []byte { return subKey(k[:], "rekam/v1/recovery-wrap") }

// randRead fills b from crypto/rand, which never fails.
func randRead(b []byte) { rand.Read(b) }
