package auth

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the Argon2id cost parameters. They are stored in every Hash, so a station
// can raise them later: an account is re-hashed with the current parameters at its next
// successful login.
type Params struct {
	Time    uint32 // passes over memory (Argon2 t)
	Memory  uint32 // memory in KiB (Argon2 m)
	Threads uint8  // lanes (Argon2 p)
}

// DefaultParams are the station's Argon2id parameters: 128 MiB, 3 passes, 1 lane. The
// budget for one login is 200–1000 ms (benchmark auth.login_ms): slow enough that every
// guess against a stolen hash costs a third of a core-second and 128 MiB, fast enough for
// a busy desk. One lane, because a login must stay inside the budget on a station whose
// cores are busy: with two lanes Argon2 waits at every slice for the lane that was
// descheduled. On the reference 2-core machine, with about eight runnable processes
// competing for it, a login took 580–720 ms (two lanes and 4 passes: 840–1080 ms; 256 MiB
// and 3 passes: 320–360 ms idle but 1.1–1.5 s under that load).
var DefaultParams = Params{Time: 3, Memory: 128 * 1024, Threads: 1}

// Limits on parameters read from a stored hash, so that a doctored account row cannot
// make a login allocate unbounded memory or spin forever.
const (
	maxMemory  = 2 * 1024 * 1024 // 2 GiB
	maxTime    = 64
	maxThreads = 16
	saltLen    = 16
	keyLen     = 32
	minPassLen = 8
)

// phcID is the algorithm identifier of the Hash strings; the version is Argon2 1.3.
const phcID = "argon2id"

// errHashFormat is the cause for a Hash that cannot be parsed.
var errHashFormat = errors.New("password hash is not a Rekam argon2id hash")

// hashParts is a parsed Hash.
type hashParts struct {
	params   Params
	salt     []byte
	verifier []byte
}

// encode returns the PHC string format:
//
//	$argon2id$v=19$m=131072,t=3,p=1$<salt>$<verifier>
//
// with salt and verifier in unpadded standard base64. The verifier is not the raw Argon2id
// output but HKDF-SHA256 of it with the label "rekam/v1/verify" (see derive), so the
// string does not verify with other Argon2 tools; everything else follows the format.
func (h hashParts) encode() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s", phcID, argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.verifier))
}

// parseHash reads a string made by encode and checks its parameters against the limits.
func parseHash(s string) (hashParts, error) {
	var h hashParts
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != phcID || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, errHashFormat
	}
	for _, kv := range strings.Split(f[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return h, errHashFormat
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || (len(v) > 1 && v[0] == '0') {
			return h, errHashFormat
		}
		switch k {
		case "m":
			h.params.Memory = uint32(n)
		case "t":
			h.params.Time = uint32(n)
		case "p":
			if n > 255 {
				return h, errHashFormat
			}
			h.params.Threads = uint8(n)
		default:
			return h, errHashFormat
		}
	}
	if err := h.params.check(); err != nil {
		return h, err
	}
	b64 := base64.RawStdEncoding.Strict()
	var err error
	if h.salt, err = b64.DecodeString(f[4]); err != nil || len(h.salt) < 8 || len(h.salt) > 64 {
		return h, errHashFormat
	}
	if h.verifier, err = b64.DecodeString(f[5]); err != nil || len(h.verifier) != keyLen {
		return h, errHashFormat
	}
	return h, nil
}

// check refuses parameters that are too weak to mean anything or too costly to run.
func (p Params) check() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("%w: time %d outside 1..%d", errHashFormat, p.Time, maxTime)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("%w: threads %d outside 1..%d", errHashFormat, p.Threads, maxThreads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("%w: memory %d KiB outside %d..%d", errHashFormat, p.Memory, 8*uint32(p.Threads), maxMemory)
	}
	return nil
}

// derived is what one password evaluation yields.
type derived struct {
	verifier []byte // stored in the Hash
	kek      []byte // unwraps the account's copy of the data key; never stored
}

// derive runs Argon2id once and splits its output with HKDF-SHA256 into the verifier and
// the key-encryption key. Knowing the verifier (the stolen hash) does not give the kek.
func derive(password string, salt []byte, p Params) derived {
	master := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	defer clear(master)
	return derived{
		verifier: subKey(master, "rekam/v1/verify"),
		kek:      subKey(master, "rekam/v1/wrap"),
	}
}

// subKey derives a 32-byte key from secret for one purpose.
func subKey(secret []byte, label string) []byte {
	k, err := hkdf.Key(sha256.New, secret, nil, label, keyLen)
	if err != nil { // only for lengths HKDF cannot produce; keyLen is fixed
		panic("auth: hkdf: " + err.Error())
	}
	return k
}

// verify evaluates password against h and returns the derived keys when it matches.
func (h hashParts) verify(password string) (derived, bool) {
	d := derive(password, h.salt, h.params)
	if subtle.ConstantTimeCompare(d.verifier, h.verifier) != 1 {
		clear(d.kek)
		return derived{}, false
	}
	return d, true
}
