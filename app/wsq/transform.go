package wsq

// A plan lists, for every output sample of a 1-D filtering of one line, the input
// samples and coefficients to sum, in the order they must be summed. Output j reads
// terms[start[j]:start[j+1]]; the first term is assigned, the others are added.
// Keeping the order fixed makes float32 results reproducible bit for bit.
type plan struct {
	start []int32
	terms []term
}

type term struct {
	src int32
	c   float32
}

// reflect maps position m of the infinitely extended line of n samples onto the
// line, using whole-sample symmetric extension about 0 and n-1.
func reflect(m, n int) int {
	if n <= 1 {
		return 0
	}
	p := 2 * (n - 1)
	m %= p
	if m < 0 {
		m += p
	}
	if m >= n {
		m = p - m
	}
	return m
}

// bandOffsets returns where the lowpass and highpass halves of a line of n samples
// start, and their lengths.
func bandOffsets(n int, inv bool) (loOff, hiOff, loLen, hiLen int) {
	loLen, hiLen = (n+1)/2, n/2
	if inv {
		return hiLen, 0, loLen, hiLen
	}
	return 0, loLen, loLen, hiLen
}

// analysisPlan splits a line of n samples into lowpass samples L[k] (even phase) and
// highpass samples H[k] (odd phase), stored as the node's inversion flag says.
func analysisPlan(n int, inv bool, low, high []float32) plan {
	loOff, hiOff, loLen, hiLen := bandOffsets(n, inv)
	lc, hc := (len(low)-1)/2, (len(high)-1)/2
	p := plan{start: make([]int32, n+1), terms: make([]term, 0, loLen*len(low)+hiLen*len(high))}
	starts := make([]int32, n) // per stored position
	counts := make([]int32, n)
	for k := 0; k < loLen; k++ {
		starts[loOff+k] = int32(len(p.terms))
		for i, c := range low {
			p.terms = append(p.terms, term{int32(reflect(2*k+i-lc, n)), c})
		}
		counts[loOff+k] = int32(len(low))
	}
	for k := 0; k < hiLen; k++ {
		starts[hiOff+k] = int32(len(p.terms))
		for i, c := range high {
			p.terms = append(p.terms, term{int32(reflect(2*k+1+i-hc, n)), c})
		}
		counts[hiOff+k] = int32(len(high))
	}
	return reorder(p, starts, counts)
}

// reorder lays the terms out in output order.
func reorder(p plan, starts, counts []int32) plan {
	out := plan{start: p.start, terms: make([]term, 0, len(p.terms))}
	for j := range starts {
		out.start[j] = int32(len(out.terms))
		out.terms = append(out.terms, p.terms[starts[j]:starts[j]+counts[j]]...)
	}
	out.start[len(starts)] = int32(len(out.terms))
	return out
}

// synthesisPlan rebuilds a line of n samples from its stored halves with the
// synthesis filters lo (applied to the lowpass half) and hi (to the highpass half).
// Output j is sum_i lo[i]*Lup[j-lc+i] + sum_i hi[i]*Hup[j-hc+i] over the upsampled
// halves (lowpass samples at even, highpass samples at odd positions), summed in
// increasing i, lowpass first: the order of NIST's reference decoder. (The filters
// are symmetric, so this equals the convolution, but only this order reproduces the
// reference decoder's float32 results bit for bit.)
func synthesisPlan(n int, inv bool, lo, hi []float32) plan {
	loOff, hiOff, _, hiLen := bandOffsets(n, inv)
	lc, hc := (len(lo)-1)/2, (len(hi)-1)/2
	p := plan{start: make([]int32, n+1), terms: make([]term, 0, n*(len(lo)+len(hi))/2+n)}
	for j := 0; j < n; j++ {
		p.start[j] = int32(len(p.terms))
		for i, c := range lo {
			if m := j - lc + i; m&1 == 0 {
				p.terms = append(p.terms, term{int32(loOff + reflect(m, n)/2), c})
			}
		}
		if hiLen == 0 {
			continue
		}
		for i, c := range hi {
			if m := j - hc + i; m&1 == 1 {
				p.terms = append(p.terms, term{int32(hiOff + (reflect(m, n)-1)/2), c})
			}
		}
	}
	p.start[n] = int32(len(p.terms))
	return p
}

// filterRows applies p to every row of r, reading src and writing dst (both with the
// given stride).
func filterRows(dst, src []float32, stride int, r rect, p plan) {
	for y := r.y; y < r.y+r.h; y++ {
		base := y*stride + r.x
		in := src[base : base+r.w]
		out := dst[base : base+r.w]
		for j := range out {
			ts := p.terms[p.start[j]:p.start[j+1]]
			acc := in[ts[0].src] * ts[0].c
			for _, t := range ts[1:] {
				acc += float32(in[t.src] * t.c)
			}
			out[j] = acc
		}
	}
}

// filterCols applies p to every column of r. It walks whole rows term by term, so
// each sample still accumulates its terms in plan order.
func filterCols(dst, src []float32, stride int, r rect, p plan) {
	for j := 0; j < r.h; j++ {
		ob := (r.y+j)*stride + r.x
		out := dst[ob : ob+r.w]
		ts := p.terms[p.start[j]:p.start[j+1]]
		ib := (r.y+int(ts[0].src))*stride + r.x
		in := src[ib : ib+r.w]
		c := ts[0].c
		for x := range out {
			out[x] = in[x] * c
		}
		for _, t := range ts[1:] {
			ib := (r.y+int(t.src))*stride + r.x
			in := src[ib : ib+r.w]
			c := t.c
			for x := range out {
				out[x] += float32(in[x] * c)
			}
		}
	}
}

// forward runs the analysis of every node, parents first, on data (width l.width).
func (l *layout) forward(data, tmp []float32, fb filterBank) {
	low, high := full(fb.low, false), full(fb.high, false)
	for _, n := range l.nodes {
		if n.w == 0 || n.h == 0 {
			continue
		}
		filterRows(tmp, data, l.width, n.rect, analysisPlan(n.w, n.invRow, low, high))
		filterCols(data, tmp, l.width, n.rect, analysisPlan(n.h, n.invCol, low, high))
	}
}

// inverse runs the synthesis of every node, children first, on data.
func (l *layout) inverse(data, tmp []float32, fb filterBank) {
	// The synthesis lowpass filter is the modulated analysis highpass and vice versa.
	lo, hi := full(fb.high, true), full(fb.low, true)
	for i := numNodes - 1; i >= 0; i-- {
		n := l.nodes[i]
		if n.w == 0 || n.h == 0 {
			continue
		}
		filterCols(tmp, data, l.width, n.rect, synthesisPlan(n.h, n.invCol, lo, hi))
		filterRows(data, tmp, l.width, n.rect, synthesisPlan(n.w, n.invRow, lo, hi))
	}
}
