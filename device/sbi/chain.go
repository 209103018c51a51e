package sbi

import (
	"context"
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
// use; captures on one chain are serialised. Use NewChain: the zero Chain is not usable.
type Chain struct {
	turn chan struct{} // one capture at a time
	mu   sync.Mutex
	last []byte // nil before the first capture
}

// NewChain returns a chain at its start.
func NewChain() *Chain { return &Chain{turn: make(chan struct{}, 1)} }

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

// acquire takes the chain's turn: captures on one chain run one after another, so that
// each is sent the hash its predecessor produced.
func (c *Chain) acquire(ctx context.Context) error {
	select {
	case c.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release gives the turn back.
func (c *Chain) release() { <-c.turn }

// set records the last verified hash.
func (c *Chain) set(last []byte) {
	c.mu.Lock()
	c.last = last
	c.mu.Unlock()
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
