package finger

import (
	"math"
	"sort"
	"sync"
)

// Matching, after the local-structure family (Jiang & Yau 2000; Maltoni et al. ch. 4):
//  1. every candidate edge is looked up in the probe's edge hash; each pair of similar
//     edges votes for its two minutia correspondences and for a rotation;
//  2. the correspondences with most votes become roots; for each root the candidate is
//     rotated and moved onto the probe, and minutiae are paired greedily within a
//     tolerance that grows with the distance from the root (skin distortion);
//  3. the best root's pairing is scored from the number of paired minutiae relative to
//     the minutiae in the overlapping area.
const (
	maxRoots     = 10
	pairAngleTol = 24 // 256ths of a turn (about 34°)
)

// match is the outcome of the best alignment.
type match struct {
	paired       int // minutiae paired
	supported    int // edges between paired minutiae that agree in both prints
	inA, inB     int // minutiae of each side inside the other's area
	nA, nB       int
	score        float64
	rotation     uint8
	dx, dy       float32
	rootA, rootB int
}

type pairing struct {
	a, b uint8
	cost float32
}

type scratch struct {
	votes   []uint16
	rc, rs  []float32
	touched []int32
	pairs   []pairing
	usedA   []bool
	usedB   []bool
	tx, ty  []float32
	ta      []uint8
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

var cos256, sin256 [256]float32

func init() {
	for i := range 256 {
		a := float64(i) * math.Pi / 128
		cos256[i], sin256[i] = float32(math.Cos(a)), float32(math.Sin(a))
	}
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
		s.rc = make([]float32, na*nb)
		s.rs = make([]float32, na*nb)
	}
	votes, rc, rs := s.votes[:na*nb], s.rc[:na*nb], s.rs[:na*nb]
	s.touched = s.touched[:0]
	vote := func(ia, ib uint8, rot uint8) {
		k := int32(ia)*int32(nb) + int32(ib)
		if votes[k] == 0 {
			s.touched = append(s.touched, k)
		}
		votes[k]++
		rc[k] += cos256[rot]
		rs[k] += sin256[rot]
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
			rot := f.dir - e.dir
			vote(f.i, e.i, rot)
			vote(f.j, e.j, rot)
		}
	}
	if len(s.touched) == 0 {
		return best
	}
	// Roots: the correspondences with the most votes.
	roots := s.touched
	sort.Slice(roots, func(i, j int) bool {
		vi, vj := votes[roots[i]], votes[roots[j]]
		if vi != vj {
			return vi > vj
		}
		return roots[i] < roots[j]
	})
	nr := min(len(roots), maxRoots)
	for _, k := range roots[:nr] {
		if votes[k] < 2 && nr > 1 && k != roots[0] {
			break
		}
		m := p.grow(c, s, int(k)/nb, int(k)%nb)
		if m.score > best.score {
			best = m
		}
	}
	for _, k := range s.touched {
		votes[k], rc[k], rs[k] = 0, 0, 0
	}
	return best
}

// align rotates the candidate by rot about its minutia rb, moves it onto the probe's
// minutia ra, pairs minutiae and scores the result.
func (p *Probe) align(c *Candidate, s *scratch, ra, rb int, rot uint8) match {
	na, nb := len(p.pts), len(c.pts)
	m := match{nA: na, nB: nb, rotation: rot, rootA: ra, rootB: rb}
	cs, sn := cos256[rot], sin256[rot]
	a0, b0 := p.pts[ra], c.pts[rb]
	if cap(s.tx) < nb {
		s.tx, s.ty, s.ta = make([]float32, nb), make([]float32, nb), make([]uint8, nb)
	}
	tx, ty, ta := s.tx[:nb], s.ty[:nb], s.ta[:nb]
	s.pairs = s.pairs[:0]
	for ib, q := range c.pts {
		dx, dy := q.x-b0.x, q.y-b0.y
		x := cs*dx - sn*dy + a0.x
		y := sn*dx + cs*dy + a0.y
		tx[ib], ty[ib], ta[ib] = x, y, q.a+rot
		r := float32(math.Sqrt(float64(dx*dx + dy*dy)))
		tol := min(10+0.08*r, 24)
		cx := (int(x) - p.gx0) >> cellShift
		cy := (int(y) - p.gy0) >> cellShift
		if x < float32(p.gx0) || y < float32(p.gy0) {
			cx, cy = -2, -2
		}
		for gy := cy - 1; gy <= cy+1; gy++ {
			if gy < 0 || gy >= p.gh {
				continue
			}
			for gx := cx - 1; gx <= cx+1; gx++ {
				if gx < 0 || gx >= p.gw {
					continue
				}
				for _, ia := range p.cells[gy*p.gw+gx] {
					a := p.pts[ia]
					ex, ey := a.x-x, a.y-y
					d2 := ex*ex + ey*ey
					if d2 > tol*tol {
						continue
					}
					da := absDiff8(a.a, ta[ib])
					if da > pairAngleTol {
						continue
					}
					cost := float32(math.Sqrt(float64(d2)))/tol + float32(da)/pairAngleTol
					s.pairs = append(s.pairs, pairing{a: ia, b: uint8(ib), cost: cost})
				}
			}
		}
	}
	sort.Slice(s.pairs, func(i, j int) bool { return s.pairs[i].cost < s.pairs[j].cost })
	if cap(s.usedA) < na {
		s.usedA = make([]bool, na)
	}
	if cap(s.usedB) < nb {
		s.usedB = make([]bool, nb)
	}
	usedA, usedB := s.usedA[:na], s.usedB[:nb]
	clear(usedA)
	clear(usedB)
	for _, pr := range s.pairs {
		if usedA[pr.a] || usedB[pr.b] {
			continue
		}
		usedA[pr.a], usedB[pr.b] = true, true
		m.paired++
	}
	// Overlap: minutiae of each side inside the other's bounding box.
	bx0, by0, bx1, by1 := tx[0], ty[0], tx[0], ty[0]
	for i := range nb {
		bx0, by0, bx1, by1 = min(bx0, tx[i]), min(by0, ty[i]), max(bx1, tx[i]), max(by1, ty[i])
	}
	ax0, ay0, ax1, ay1 := p.pts[0].x, p.pts[0].y, p.pts[0].x, p.pts[0].y
	for _, q := range p.pts {
		ax0, ay0, ax1, ay1 = min(ax0, q.x), min(ay0, q.y), max(ax1, q.x), max(ay1, q.y)
	}
	const margin = 10
	for _, q := range p.pts {
		if q.x >= bx0-margin && q.x <= bx1+margin && q.y >= by0-margin && q.y <= by1+margin {
			m.inA++
		}
	}
	for i := range nb {
		if tx[i] >= ax0-margin && tx[i] <= ax1+margin && ty[i] >= ay0-margin && ty[i] <= ay1+margin {
			m.inB++
		}
	}
	m.score = scoreOf(m)
	return m
}

// scoreOf turns a pairing into a similarity.
func scoreOf(m match) float64 {
	n := float64(m.paired)
	if n < 2 {
		return 0
	}
	return 10 * float64(m.supported) * n * n / (float64(max(m.nA, 12)) * float64(max(m.nB, 12)))
}
