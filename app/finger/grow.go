package finger

// Pairing by growth from a root (as SourceAFIS describes it): starting from one pair
// of corresponding minutiae, the pairing spreads along edges that look alike in both
// prints. Only local geometry is compared, so skin distortion, which bends the print
// as a whole, does little harm, while a chance pairing of an impostor rarely spreads.

// growAngleTol and growLenTol bound how much two edges may differ to extend a pairing.
// Tuned on FVC2002 DB1_B and DB2_B with our extractor (averaged over mirrored and
// transposed copies of the images, which vary the extraction noise): a tighter angle
// and a looser length than the former 15.5° and 8 px lowered the EER on our templates
// by a few tenths of a point.
const growAngleTol = 9 // 256ths of a turn (12.7°)

func growLenTol(l float32) float32 { return max(10, 0.1*l) }

type growItem struct {
	cost float32
	a, b uint8
}

// grow pairs minutiae outwards from the root (ra, rb) and fills the pairing counts.
func (p *Probe) grow(c *Candidate, s *scratch, ra, rb int) match {
	na, nb := len(p.pts), len(c.pts)
	m := match{nA: na, nB: nb, rootA: ra, rootB: rb}
	if cap(s.pairA) < na {
		s.pairA = make([]int16, na)
	}
	if cap(s.pairB) < nb {
		s.pairB = make([]int16, nb)
	}
	pairA, pairB := s.pairA[:na], s.pairB[:nb]
	for i := range pairA {
		pairA[i] = -1
	}
	for i := range pairB {
		pairB[i] = -1
	}
	h := s.heap[:0]
	push := func(it growItem) {
		h = append(h, it)
		for i := len(h) - 1; i > 0; {
			up := (i - 1) / 2
			if h[up].cost <= h[i].cost {
				break
			}
			h[up], h[i] = h[i], h[up]
			i = up
		}
	}
	pop := func() growItem {
		top := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		for i := 0; ; {
			l, r, small := 2*i+1, 2*i+2, i
			if l < len(h) && h[l].cost < h[small].cost {
				small = l
			}
			if r < len(h) && h[r].cost < h[small].cost {
				small = r
			}
			if small == i {
				break
			}
			h[i], h[small] = h[small], h[i]
			i = small
		}
		return top
	}
	var supported int
	push(growItem{a: uint8(ra), b: uint8(rb)})
	for len(h) > 0 {
		it := pop()
		if pairA[it.a] >= 0 || pairB[it.b] >= 0 {
			continue
		}
		pairA[it.a], pairB[it.b] = int16(it.b), int16(it.a)
		m.paired++
		ea := p.edges[p.from[it.a]:p.from[int(it.a)+1]]
		eb := c.edges[c.from[it.b]:c.from[int(it.b)+1]]
		for i := range ea {
			x := &ea[i]
			for j := range eb {
				y := &eb[j]
				tol := growLenTol(x.length)
				dl := x.length - y.length
				if dl > tol || -dl > tol {
					continue
				}
				da, db := absDiff8(x.alpha, y.alpha), absDiff8(x.beta, y.beta)
				if da > growAngleTol || db > growAngleTol {
					continue
				}
				pa, pb := pairA[x.j], pairB[y.j]
				if pa >= 0 || pb >= 0 {
					if int(pa) == int(y.j) {
						supported++
					}
					continue
				}
				cost := abs32(dl)/tol + float32(da+db)/(2*growAngleTol)
				push(growItem{cost: cost, a: x.j, b: y.j})
			}
		}
	}
	s.heap = h
	m.supported = supported
	m.score = scoreOf(m)
	return m
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
