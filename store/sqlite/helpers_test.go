package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"github.com/rekam-id/rekam/app/enroll"
)

// samplesHash returns a SHA-256 over every sample of r, by key in order: the fingerprint
// a crashed child prints so that the parent can check the bytes it reads back.
func samplesHash(r *enroll.Record) string {
	smp := r.Samples()
	keys := make([]string, 0, len(smp))
	for k := range smp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write(smp[k].Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}
