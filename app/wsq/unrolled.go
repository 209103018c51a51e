package wsq

// Unrolled synthesis sums for the tap counts of the 9/7 filter pair: an even output
// takes 3 lowpass and 4 highpass terms, an odd output 4 and 5. They keep every
// term's rounding and order (see synthesis) but hold the sum in a register.

// terms gathers the input slices and coefficients of one output row or parity.
type terms struct {
	in [9][]float32
	c  [9]float32
}

// unrolled reports whether the kernel has one of the unrolled shapes.
func (k *kernel) unrolled() bool {
	return len(k.low) == 3 && len(k.high) == 4 || len(k.low) == 4 && len(k.high) == 5
}

// run computes out[x] from the gathered terms (nLow lowpass terms first).
func (t *terms) run(out []float32, nLow int) {
	n := len(out)
	if nLow == 3 {
		a, b, c, d := t.in[0][:n], t.in[1][:n], t.in[2][:n], t.in[3][:n]
		e, f, g := t.in[4][:n], t.in[5][:n], t.in[6][:n]
		k := t.c
		for x := range out {
			s := a[x] * k[0]
			s += float32(b[x] * k[1])
			s += float32(c[x] * k[2])
			s += float32(d[x] * k[3])
			s += float32(e[x] * k[4])
			s += float32(f[x] * k[5])
			s += float32(g[x] * k[6])
			out[x] = s
		}
		return
	}
	a, b, c, d := t.in[0][:n], t.in[1][:n], t.in[2][:n], t.in[3][:n]
	e, f, g, h, i := t.in[4][:n], t.in[5][:n], t.in[6][:n], t.in[7][:n], t.in[8][:n]
	k := t.c
	for x := range out {
		s := a[x] * k[0]
		s += float32(b[x] * k[1])
		s += float32(c[x] * k[2])
		s += float32(d[x] * k[3])
		s += float32(e[x] * k[4])
		s += float32(f[x] * k[5])
		s += float32(g[x] * k[6])
		s += float32(h[x] * k[7])
		s += float32(i[x] * k[8])
		out[x] = s
	}
}
