package wsq

// analysis splits lines into lowpass and highpass halves with the symmetric analysis
// filters: L[k] = sum_j low[|j|] x[2k+j], H[k] = sum_j high[|j|] x[2k+1+j], where x
// is extended symmetrically about its first and last samples. The encoder's float
// order is free, so symmetric taps are paired; the float32 conversions forbid fused
// multiply-adds so the output bytes are the same on every platform.
type analysis struct {
	low, high []float32 // right halves, centre first
	pad       int
	ext       []float32
}

func newAnalysis(fb filterBank) *analysis {
	return &analysis{low: fb.low, high: fb.high, pad: max(len(fb.low), len(fb.high)) + 1}
}

// rows filters every row of r from src into dst.
func (a *analysis) rows(dst, src []float32, stride int, r rect, inv bool) {
	n := r.w
	loOff, hiOff, loLen, hiLen := bandOffsets(n, inv)
	p := a.pad
	if cap(a.ext) < n+2*p {
		a.ext = make([]float32, n+2*p)
	}
	ext := a.ext[:n+2*p]
	for y := r.y; y < r.y+r.h; y++ {
		in := src[y*stride+r.x : y*stride+r.x+n]
		out := dst[y*stride+r.x : y*stride+r.x+n]
		copy(ext[p:], in)
		for j := 1; j <= p; j++ {
			ext[p-j] = in[reflect(-j, n)]
			ext[p+n-1+j] = in[reflect(n-1+j, n)]
		}
		filterEven(out[loOff:loOff+loLen], ext, p, a.low)
		filterEven(out[hiOff:hiOff+hiLen], ext, p+1, a.high)
	}
}

// filterEven computes out[k] = sum_t half[t] (ext[base+2k-t] + ext[base+2k+t]) (the
// centre tap once).
func filterEven(out, ext []float32, base int, half []float32) {
	if len(half) == 5 || len(half) == 4 {
		filterEvenUnrolled(out, ext, base, half)
		return
	}
	c := half[0]
	for k := range out {
		out[k] = c * ext[base+2*k]
	}
	for t := 1; t < len(half); t++ {
		c := half[t]
		for k := range out {
			out[k] += float32(c * (ext[base+2*k-t] + ext[base+2*k+t]))
		}
	}
}

// cols filters every column of r from src into dst, a whole row at a time.
func (a *analysis) cols(dst, src []float32, stride int, r rect, inv bool) {
	n := r.h
	loOff, hiOff, loLen, hiLen := bandOffsets(n, inv)
	row := func(i int) []float32 {
		y := r.y + reflect(i, n)
		return src[y*stride+r.x : y*stride+r.x+r.w]
	}
	emit := func(outRow, centre int, half []float32) {
		y := r.y + outRow
		out := dst[y*stride+r.x : y*stride+r.x+r.w]
		if len(half) == 5 || len(half) == 4 {
			var rows [9][]float32
			for t := -len(half) + 1; t < len(half); t++ {
				rows[t+len(half)-1] = row(centre + t)
			}
			sumSymmetric(out, &rows, half)
			return
		}
		in := row(centre)[:len(out)]
		c := half[0]
		for x := range out {
			out[x] = c * in[x]
		}
		for t := 1; t < len(half); t++ {
			a, b := row(centre - t)[:len(out)], row(centre + t)[:len(out)]
			c := half[t]
			for x := range out {
				out[x] += float32(c * (a[x] + b[x]))
			}
		}
	}
	for k := 0; k < loLen; k++ {
		emit(loOff+k, 2*k, a.low)
	}
	for k := 0; k < hiLen; k++ {
		emit(hiOff+k, 2*k+1, a.high)
	}
}

// filterEvenUnrolled is filterEven for the 9- and 7-tap filters, summing in a
// register.
func filterEvenUnrolled(out, ext []float32, base int, half []float32) {
	c0, c1, c2, c3 := half[0], half[1], half[2], half[3]
	var c4 float32
	if len(half) == 5 {
		c4 = half[4]
	}
	x := ext[base-4 : base-4+2*len(out)+8] // taps reach 4 samples either side
	for k := range out {
		w := x[2*k : 2*k+9]
		s := c0 * w[4]
		s += float32(c1 * (w[3] + w[5]))
		s += float32(c2 * (w[2] + w[6]))
		s += float32(c3 * (w[1] + w[7]))
		s += float32(c4 * (w[0] + w[8]))
		out[k] = s
	}
}

// sumSymmetric computes out[x] = sum_t half[t] (rows[c-t][x] + rows[c+t][x]) for the
// 9- and 7-tap filters, where c = len(half)-1 is the centre row.
func sumSymmetric(out []float32, rows *[9][]float32, half []float32) {
	n := len(out)
	if len(half) == 5 {
		r0, r1, r2, r3, r4 := rows[0][:n], rows[1][:n], rows[2][:n], rows[3][:n], rows[4][:n]
		r5, r6, r7, r8 := rows[5][:n], rows[6][:n], rows[7][:n], rows[8][:n]
		c0, c1, c2, c3, c4 := half[0], half[1], half[2], half[3], half[4]
		for x := range out {
			s := c0 * r4[x]
			s += float32(c1 * (r3[x] + r5[x]))
			s += float32(c2 * (r2[x] + r6[x]))
			s += float32(c3 * (r1[x] + r7[x]))
			s += float32(c4 * (r0[x] + r8[x]))
			out[x] = s
		}
		return
	}
	r0, r1, r2, r3, r4, r5, r6 := rows[0][:n], rows[1][:n], rows[2][:n], rows[3][:n], rows[4][:n], rows[5][:n], rows[6][:n]
	c0, c1, c2, c3 := half[0], half[1], half[2], half[3]
	for x := range out {
		s := c0 * r3[x]
		s += float32(c1 * (r2[x] + r4[x]))
		s += float32(c2 * (r1[x] + r5[x]))
		s += float32(c3 * (r0[x] + r6[x]))
		out[x] = s
	}
}
