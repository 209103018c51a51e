package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
)

// Crypter seals and opens what the store keeps about people and computes the blind
// indexes it looks them up by. cmd wires in app/auth's Cipher (made from the station data
// key at login); the store does not import app/auth.
//
// With a Crypter the store seals the record's metadata and summary (name, NIK, KK, birth
// data, address, parents — the whole biodata), every sample and every packet, each
// bound to its place by the associated data; the nik column holds a blind index and the
// name search uses blind indexes of name prefixes. Status, times, sample formats and
// sizes, and the outbox stay in the clear.
type Crypter interface {
	// Seal encrypts and authenticates plaintext bound to aad.
	Seal(plaintext, aad []byte) []byte
	// Open reverses Seal; it fails, with no plaintext, when ciphertext or aad changed.
	Open(ciphertext, aad []byte) ([]byte, error)
	// BlindIndex returns a keyed deterministic index of value within domain.
	BlindIndex(domain string, value []byte) []byte
}

// appendSealer is implemented by Crypters that can seal into a caller's buffer
// (app/auth's Cipher does); the store then reuses the buffers of large samples instead
// of allocating about 1.2 MB on every save.
type appendSealer interface {
	AppendSeal(dst, plaintext, aad []byte) []byte
}

// sealBuffers holds sample buffers between saves.
var sealBuffers = sync.Pool{New: func() any { return new([]byte) }}

// sealPooled seals plaintext into a pooled buffer when c allows it; the returned buffer
// (nil when none was used) goes back with releaseBuffer once the data is written.
func sealPooled(c Crypter, plaintext []byte, aad string) ([]byte, *[]byte) {
	as, ok := c.(appendSealer)
	if !ok || len(plaintext) < 4096 {
		return sealBlob(c, plaintext, aad), nil
	}
	buf := sealBuffers.Get().(*[]byte)
	*buf = as.AppendSeal((*buf)[:0], plaintext, []byte(aad))
	return *buf, buf
}

func releaseBuffer(buf *[]byte) {
	if buf != nil && cap(*buf) <= 1<<20 {
		sealBuffers.Put(buf)
	}
}

// Option changes how Open opens a store.
type Option func(*options)

// WithCrypter opens the store unlocked with c (see Unlock).
func WithCrypter(c Crypter) Option { return func(o *options) { o.crypter = c } }

// keyCheck is sealed with the station's Crypter into station.key_check the first time the
// store is unlocked, so a wrong key is refused before it writes anything.
var keyCheck = []byte("rekam key check v1")

const keyCheckAAD = "rekam/station/key-check"

// crypterBox lets a Crypter interface value live in an atomic.Pointer.
type crypterBox struct{ c Crypter }

// Unlock gives the store the station's Crypter. The first Unlock of a database without
// records makes it an encrypted database for good; later ones check that c is the same
// key. Lock forgets the Crypter; until the next Unlock, everything that reads or writes
// records, samples or packets fails with KindPermission, while accounts and the audit
// log stay usable (login needs them). Errors: KindInvalid (another station's key),
// KindConflict (the database already holds unencrypted records), KindUnavailable,
// KindInternal.
func (s *Store) Unlock(ctx context.Context, c Crypter) error {
	const op = "unlock database"
	if c == nil {
		return enroll.Errorf(op, enroll.KindInvalid, "no key")
	}
	var check []byte
	if err := s.db.QueryRowContext(ctx, `SELECT key_check FROM station WHERE id = 1`).Scan(&check); err != nil {
		return classify(op, err)
	}
	if check != nil {
		if _, err := c.Open(check, []byte(keyCheckAAD)); err != nil {
			return enroll.E(op, enroll.KindInvalid, fmt.Errorf("the key is not this station's key: %w", err))
		}
		s.crypt.Store(&crypterBox{c})
		s.encrypted.Store(true)
		return nil
	}
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM packets)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return enroll.Errorf(op, enroll.KindConflict, "%s holds %d unencrypted records or packets; it cannot be encrypted in place", s.path, n)
		}
		_, err := tx.ExecContext(ctx, `UPDATE station SET key_check = ? WHERE id = 1`, c.Seal(keyCheck, []byte(keyCheckAAD)))
		return err
	})
	if err != nil {
		return err
	}
	s.crypt.Store(&crypterBox{c})
	s.encrypted.Store(true)
	return nil
}

// Lock forgets the Crypter given to Unlock.
func (s *Store) Lock() { s.crypt.Store(nil) }

// Encrypted reports whether the database keeps its records encrypted.
func (s *Store) Encrypted() bool { return s.encrypted.Load() }

// crypter returns the Crypter to use: nil for a plain database, an error of kind
// KindPermission for an encrypted one that is locked.
func (s *Store) crypter(op string) (Crypter, error) {
	if !s.encrypted.Load() {
		return nil, nil
	}
	b := s.crypt.Load()
	if b == nil {
		return nil, enroll.Errorf(op, enroll.KindPermission, "the station is locked: log in to read or write records")
	}
	return b.c, nil
}

// sealedJSON is how a sealed value sits in a TEXT column that must hold JSON.
type sealedJSON struct {
	Sealed []byte `json:"sealed"` // base64 in the JSON text
}

// sealText returns plaintext as the column should hold it: unchanged without a Crypter,
// else sealed under aad and wrapped in sealedJSON.
func sealText(c Crypter, plaintext []byte, aad string) ([]byte, error) {
	if c == nil {
		return plaintext, nil
	}
	return json.Marshal(sealedJSON{Sealed: c.Seal(plaintext, []byte(aad))})
}

// openText reverses sealText.
func openText(c Crypter, stored []byte, aad string) ([]byte, error) {
	if c == nil {
		return stored, nil
	}
	var w sealedJSON
	if err := json.Unmarshal(stored, &w); err != nil || w.Sealed == nil {
		return nil, enroll.Errorf("decrypt "+aad, enroll.KindInvalid, "the stored value is not sealed")
	}
	pt, err := c.Open(w.Sealed, []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("decrypt %s: %w", aad, err)
	}
	return pt, nil
}

// sealBlob seals bytes for a BLOB column; without a Crypter it returns them unchanged.
func sealBlob(c Crypter, plaintext []byte, aad string) []byte {
	if c == nil {
		return plaintext
	}
	return c.Seal(plaintext, []byte(aad))
}

// openBlob reverses sealBlob.
func openBlob(c Crypter, stored []byte, aad string) ([]byte, error) {
	if c == nil {
		return stored, nil
	}
	pt, err := c.Open(stored, []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("decrypt %s: %w", aad, err)
	}
	return pt, nil
}

// The associated data of each sealed place: a ciphertext moved elsewhere does not open.
func metaAAD(id string) string         { return "rekam/record/" + id + "/meta" }
func summaryAAD(id string) string      { return "rekam/record/" + id + "/summary" }
func sampleAAD(id, key string) string  { return "rekam/sample/" + id + "/" + key }
func packetAAD(recordID string) string { return "rekam/packet/" + recordID }

// digest returns what the sha256 column holds for sample bytes: the hex SHA-256 in a
// plain database; in an encrypted one a keyed index of it, so the column does not let
// anyone confirm that a known image is stored.
func digest(c Crypter, data []byte) string {
	sum := sha256.Sum256(data)
	if c == nil {
		return hex.EncodeToString(sum[:])
	}
	return hex.EncodeToString(c.BlindIndex("sample-sha256", sum[:]))
}

// nikIndex returns what the nik column holds: the NIK in a plain database, its blind
// index in an encrypted one ("" for no NIK).
func nikIndex(c Crypter, nik string) string {
	if c == nil || nik == "" {
		return nik
	}
	return hex.EncodeToString(c.BlindIndex("nik", []byte(nik)))
}

// namePrefixLen is how many leading characters of a normalized name get a blind index
// each; longer search prefixes are matched on the decrypted summaries.
const namePrefixLen = 8

// namePrefixes returns the blind indexes of the first 1..namePrefixLen characters of
// NameKey(name).
func namePrefixes(c Crypter, name string) []string {
	key := []rune(NameKey(name))
	var out []string
	for n := 1; n <= min(len(key), namePrefixLen); n++ {
		out = append(out, prefixIndex(c, string(key[:n])))
	}
	return out
}

func prefixIndex(c Crypter, prefix string) string {
	return hex.EncodeToString(c.BlindIndex("name-prefix", []byte(prefix)))
}
