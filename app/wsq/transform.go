package wsq

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

// lowIndex and highIndex map index j of a lowpass or highpass half, possibly outside
// the half, to the stored sample that the symmetric extension of a line of n samples
// puts there (lowpass samples sit at even positions 2j, highpass ones at 2j+1).
func lowIndex(j, n int) int { return reflect(2*j, n) / 2 }

func highIndex(j, n int) int { return (reflect(2*j+1, n) - 1) / 2 }

// forward runs the analysis of every node, parents first, on data (width l.width).
func (l *layout) forward(data, tmp []float32, fb filterBank) {
	a := newAnalysis(fb)
	for _, n := range l.nodes {
		if n.w == 0 || n.h == 0 {
			continue
		}
		a.rows(tmp, data, l.width, n.rect, n.invRow)
		a.cols(data, tmp, l.width, n.rect, n.invCol)
	}
}

// inverse runs the synthesis of every node, children first, on data.
func (l *layout) inverse(data, tmp []float32, fb filterBank) {
	s := newSynthesis(fb)
	for i := numNodes - 1; i >= 0; i-- {
		n := l.nodes[i]
		if n.w == 0 || n.h == 0 {
			continue
		}
		s.cols(tmp, data, l.width, n.rect, n.invCol)
		s.rows(data, tmp, l.width, n.rect, n.invRow)
	}
}
