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
