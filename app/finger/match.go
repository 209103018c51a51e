package finger

import (
	"sync"
)

// Matching, after the local-structure family (Jiang & Yau 2000; Maltoni et al. ch. 4):
//  1. every candidate edge is looked up in the probe's edge hash; each pair of similar
//     edges votes for its two minutia correspondences and for a rotation;
//  2. the correspondences with most votes become roots; from each root the pairing
//     grows along edges that look alike in both prints (see grow);
//  3. the best root's pairing is scored from the number of paired minutiae, relative
//     to both templates' sizes, times the number of edges that agree between them.
const maxRoots = 10

// match is the outcome of the best alignment.
type match struct {
	paired       int // minutiae paired
	supported    int // edges between paired minutiae that agree in both prints
	nA, nB       int
	score        float64
	rootA, rootB int
}

type scratch struct {
	votes   []uint16
	touched []int32
	pairA   []int16
	pairB   []int16
	heap    []growItem
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func absDiff8(a, b uint8) int {
	d := int(int8(a - b))
	if d < 0 {
		return -d
	}
	return d
}

// Compare returns the similarity of the probe and the candidate: 0 for nothing in
// common, growing with the evidence; Threshold separates matches from non-matches.
func (p *Probe) Compare(c *Candidate) float64 {
	return p.match(c).score
}

// Compare returns the similarity of two templates (see Probe.Compare). To compare one
// template with many, Prepare it once and use Probe.Compare.
func Compare(a, b *Template) float64 {
	return Prepare(a).Compare(NewCandidate(b))
}

func (p *Probe) match(c *Candidate) match {
	na, nb := len(p.pts), len(c.pts)
	best := match{nA: na, nB: nb}
	if na < 2 || nb < 2 {
		return best
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	if cap(s.votes) < na*nb {
		s.votes = make([]uint16, na*nb)
	}
	votes := s.votes[:na*nb]
	s.touched = s.touched[:0]
	vote := func(ia, ib uint8) {
		k := int32(ia)*int32(nb) + int32(ib)
		if votes[k] == 0 {
			s.touched = append(s.touched, k)
		}
		votes[k]++
	}
	for ei := range c.edges {
		e := &c.edges[ei]
		b := bucketOf(e)
		for _, k := range p.idx[p.start[b]:p.start[b+1]] {
			f := &p.edges[k]
			if d := f.length - e.length; d > lenTol(f.length) || -d > lenTol(f.length) {
				continue
			}
			if absDiff8(f.alpha, e.alpha) > angTol || absDiff8(f.beta, e.beta) > angTol {
				continue
			}
			vote(f.i, e.i)
			vote(f.j, e.j)
		}
	}
	if len(s.touched) == 0 {
		return best
	}
	// Roots: the correspondences with the most votes, best first.
	var roots [maxRoots]int32
	nr := 0
	for _, k := range s.touched {
		v := votes[k]
		if nr == maxRoots && v <= votes[roots[nr-1]] {
			continue
		}
		if nr < maxRoots {
			nr++
		}
		at := nr - 1
		for at > 0 && votes[roots[at-1]] < v {
			roots[at] = roots[at-1]
			at--
		}
		roots[at] = k
	}
	grown := false
	for r, k := range roots[:nr] {
		if r > 0 && votes[k] < 2 {
			break
		}
		ra, rb := int(k)/nb, int(k)%nb
		// A root already paired by the previous growth would grow the same way.
		if grown && s.pairA[ra] == int16(rb) {
			continue
		}
		m := p.grow(c, s, ra, rb)
		grown = true
		if m.score > best.score {
			best = m
		}
	}
	for _, k := range s.touched {
		votes[k] = 0
	}
	return best
}

// scoreOf turns a pairing into a similarity.
func scoreOf(m match) float64 {
	n := float64(m.paired)
	if n < 2 {
		return 0
	}
	return 10 * float64(m.supported) * n * n / (float64(max(m.nA, 12)) * float64(max(m.nB, 12)))
}
