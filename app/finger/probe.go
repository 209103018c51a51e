package finger

// Edge hashing: a Probe files each of its edges under every (length, alpha, beta) bin
// within matching tolerance, so a candidate edge needs a single look-up.
const (
	lenBin   = 10
	lenBins  = edgeMaxLen/lenBin + 1
	angBins  = 16
	angShift = 4  // 256 >> angShift == angBins
	angTol   = 20 // 256ths of a turn (about 28°)
	nBuckets = lenBins * angBins * angBins
)

// lenTol is the length tolerance for two edges to correspond: distortion grows with
// the distance.
func lenTol(l float32) float32 { return max(6, 0.1*l) }

// Probe is a template prepared for comparison with many Candidates. A Probe is
// immutable and safe for concurrent use.
type Probe struct {
	Candidate
	start []int32  // bucket b holds idx[start[b]:start[b+1]]
	idx   []uint16 // edge numbers
}

// Prepare turns t into a Probe.
func Prepare(t *Template) *Probe {
	p := &Probe{Candidate: *NewCandidate(t)}
	count := make([]int32, nBuckets+1)
	visit := func(e *edge, fn func(b int)) {
		tol := lenTol(e.length)
		l0 := max(int((e.length-tol)/lenBin), 0)
		l1 := min(int((e.length+tol)/lenBin), lenBins-1)
		a0, a1 := int(e.alpha)-angTol, int(e.alpha)+angTol
		b0, b1 := int(e.beta)-angTol, int(e.beta)+angTol
		for l := l0; l <= l1; l++ {
			for a := a0 >> angShift; a <= a1>>angShift; a++ {
				for b := b0 >> angShift; b <= b1>>angShift; b++ {
					fn((l*angBins+(a&(angBins-1)))*angBins + (b & (angBins - 1)))
				}
			}
		}
	}
	for k := range p.edges {
		visit(&p.edges[k], func(b int) { count[b+1]++ })
	}
	for b := 1; b <= nBuckets; b++ {
		count[b] += count[b-1]
	}
	p.start = count
	p.idx = make([]uint16, count[nBuckets])
	fill := make([]int32, nBuckets)
	copy(fill, count[:nBuckets])
	for k := range p.edges {
		visit(&p.edges[k], func(b int) { p.idx[fill[b]] = uint16(k); fill[b]++ })
	}
	return p
}

// bucketOf is the bin of a candidate edge.
func bucketOf(e *edge) int {
	l := min(int(e.length/lenBin), lenBins-1)
	return (l*angBins+int(e.alpha>>angShift))*angBins + int(e.beta>>angShift)
}
