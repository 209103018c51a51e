package sim

import (
	"container/list"
	"image"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
)

// FingerOptions configures a FingerGenerator. The zero value is usable.
type FingerOptions struct {
	// Width and Height are the impression size in pixels at 500 ppi; 400×500 when zero.
	Width, Height int
	// CacheSize is how many master fingerprints are kept (least recently used are
	// dropped); 64 when zero, enough for several applicants' ten fingers.
	CacheSize int
}

// FingerGenerator makes synthetic fingerprint impressions. It is deterministic: the
// same identity, finger and impression number always give the same image. It is safe
// for concurrent use.
type FingerGenerator struct {
	w, h  int
	limit int

	mu    sync.Mutex
	order *list.List // of masterKey, most recently used first
	cache map[masterKey]*list.Element
}

type masterKey struct {
	identity string
	pos      enroll.FingerPosition
}

type cacheEntry struct {
	key    masterKey
	master *master
}

// NewFingerGenerator returns a generator with the given options.
func NewFingerGenerator(opts FingerOptions) *FingerGenerator {
	g := &FingerGenerator{w: opts.Width, h: opts.Height, limit: opts.CacheSize,
		order: list.New(), cache: map[masterKey]*list.Element{}}
	if g.w <= 0 {
		g.w = 400
	}
	if g.h <= 0 {
		g.h = 500
	}
	if g.limit <= 0 {
		g.limit = 64
	}
	return g
}

// PPI is the resolution of the impressions.
const PPI = 500

// Size returns the width and height of the impressions.
func (g *FingerGenerator) Size() (width, height int) { return g.w, g.h }

// Impression returns impression number impression of finger pos of the person named by
// identity: an 8-bit grayscale image at 500 ppi, dark ridges on a light background.
// Different impression numbers place, distort and press the same finger differently.
func (g *FingerGenerator) Impression(identity string, pos enroll.FingerPosition, impression int) *image.Gray {
	return g.impression(identity, pos, impression, false)
}

// impression renders one impression; poor makes it of low quality (dry, faint, partial).
func (g *FingerGenerator) impression(identity string, pos enroll.FingerPosition, n int, poor bool) *image.Gray {
	m := g.master(identity, pos)
	p := newPlacement(newRand("impression", identity, int(pos), n), g.w, g.h, poor)
	return render(m, p, g.w, g.h)
}

// class returns the pattern class of a finger (for tests and demonstrations).
func (g *FingerGenerator) class(identity string, pos enroll.FingerPosition) patternClass {
	return g.master(identity, pos).pat.class
}

// master returns the master fingerprint of a finger, from the cache or grown anew.
func (g *FingerGenerator) master(identity string, pos enroll.FingerPosition) *master {
	k := masterKey{identity, pos}
	g.mu.Lock()
	if e, ok := g.cache[k]; ok {
		g.order.MoveToFront(e)
		g.mu.Unlock()
		return e.Value.(*cacheEntry).master
	}
	g.mu.Unlock()
	// Grown outside the lock: two callers racing for the same finger both grow it, and
	// since growing is deterministic either result will do.
	m := growMaster(identity, pos)
	g.mu.Lock()
	defer g.mu.Unlock()
	if e, ok := g.cache[k]; ok {
		return e.Value.(*cacheEntry).master
	}
	g.cache[k] = g.order.PushFront(&cacheEntry{k, m})
	for g.order.Len() > g.limit {
		last := g.order.Back()
		delete(g.cache, last.Value.(*cacheEntry).key)
		g.order.Remove(last)
	}
	return m
}
