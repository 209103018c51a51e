package sbi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// emptyHash is SHA-256 of the empty string, the chain's starting point.
var emptyHash = sha256.Sum256(nil)

// Chain is the hash chain of one enrollment's captures across devices and modalities
// (spec bio.previousHash). Share one Chain between the clients of an enrollment
// (Config.Chain) and Reset it when the next applicant starts. It is safe for concurrent
// use; captures that race on one chain are serialised by the device anyway.
type Chain struct {
	mu   sync.Mutex
	last []byte // nil before the first capture
}

// NewChain returns a chain at its start.
func NewChain() *Chain { return &Chain{} }

// Previous returns the previousHash to send with the next capture: the last accepted
// hash, or the hex of SHA-256("") at the start.
func (c *Chain) Previous() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		return strings.ToUpper(hex.EncodeToString(emptyHash[:]))
	}
	return strings.ToUpper(hex.EncodeToString(c.last))
}

// Reset returns the chain to its start.
func (c *Chain) Reset() {
	c.mu.Lock()
	c.last = nil
	c.mu.Unlock()
}

// advance sets the last hash if it is still prev (so that a capture verified against a
// stale link cannot overwrite a newer one).
func (c *Chain) advance(prev, next []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.last
	if cur == nil {
		cur = emptyHash[:]
	}
	if string(cur) != string(prev) {
		return fmt.Errorf("hash chain moved on during the capture")
	}
	c.last = next
	return nil
}

// ChainHash computes one link: SHA-256(prev || SHA-256(bio)), where prev is the previous
// hash (SHA-256("") at the start) and bio the decoded bioValue.
func ChainHash(prev, bio []byte) []byte {
	inner := sha256.Sum256(bio)
	h := sha256.New()
	h.Write(prev)
	h.Write(inner[:])
	return h.Sum(nil)
}

// parsePreviousHash decodes a previousHash value: empty means the chain's start.
func parsePreviousHash(s string) ([]byte, error) {
	if s == "" {
		return emptyHash[:], nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("previousHash %.80q is not a hex SHA-256", s)
	}
	return b, nil
}
