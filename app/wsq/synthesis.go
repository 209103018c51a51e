package wsq

// synthesis rebuilds lines from their halves. Output n of a line is
//
//	sum_i lo[i] Lup[n-lc+i]  +  sum_i hi[i] Hup[n-hc+i]
//
// over the upsampled halves (lowpass samples at even, highpass samples at odd
// positions, symmetrically extended), where lo and hi are the full synthesis filters
// with centres lc and hc. The terms are summed in increasing i, lowpass first, one
// rounding per operation: NIST's reference decoder does exactly this, and any other
// order changes a few pixels per megapixel. The explicit float32 conversions forbid
// fused multiply-adds, which would change the rounding on some platforms.
type synthesis struct {
	even, odd  kernel // taps for outputs 2k and 2k+1
	pad        int
	lext, hext []float32
	ev, od     []float32
	t          terms
}

// kernel lists the taps of one output parity in summation order: output k reads
// lowpass sample k+off (or highpass sample k+off) times c.
type kernel struct {
	low, high []ktap
}

type ktap struct {
	c   float32
	off int
}

func newSynthesis(fb filterBank) *synthesis {
	// The synthesis lowpass filter is the modulated analysis highpass and vice versa.
	lo, hi := full(fb.high, true), full(fb.low, true)
	lc, hc := (len(lo)-1)/2, (len(hi)-1)/2
	s := &synthesis{pad: max(len(lo), len(hi))}
	for i, c := range lo {
		if (i-lc)%2 == 0 { // n = 2k: m = 2k-lc+i even
			s.even.low = append(s.even.low, ktap{c, (i - lc) / 2})
		} else { // n = 2k+1
			s.odd.low = append(s.odd.low, ktap{c, (i - lc + 1) / 2})
		}
	}
	for i, c := range hi {
		if (i-hc)%2 != 0 { // n = 2k: m = 2k-hc+i odd
			s.even.high = append(s.even.high, ktap{c, (i - hc - 1) / 2})
		} else {
			s.odd.high = append(s.odd.high, ktap{c, (i - hc) / 2})
		}
	}
	return s
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// rows rebuilds every row of r from src into dst.
func (s *synthesis) rows(dst, src []float32, stride int, r rect, inv bool) {
	n := r.w
	loOff, hiOff, loLen, hiLen := bandOffsets(n, inv)
	p := s.pad
	s.lext, s.hext = grow(s.lext, loLen+2*p), grow(s.hext, hiLen+2*p)
	s.ev, s.od = grow(s.ev, loLen), grow(s.od, hiLen)
	lext, hext, ev, od := s.lext, s.hext, s.ev, s.od
	for y := r.y; y < r.y+r.h; y++ {
		in := src[y*stride+r.x : y*stride+r.x+n]
		out := dst[y*stride+r.x : y*stride+r.x+n]
		copy(lext[p:], in[loOff:loOff+loLen])
		for j := 1; j <= p; j++ {
			lext[p-j] = in[loOff+lowIndex(-j, n)]
			lext[p+loLen-1+j] = in[loOff+lowIndex(loLen-1+j, n)]
		}
		if hiLen > 0 {
			copy(hext[p:], in[hiOff:hiOff+hiLen])
			for j := 1; j <= p; j++ {
				hext[p-j] = in[hiOff+highIndex(-j, n)]
				hext[p+hiLen-1+j] = in[hiOff+highIndex(hiLen-1+j, n)]
			}
		}
		if hiLen > 0 && s.even.unrolled() && s.odd.unrolled() {
			s.gather(&s.t, &s.even, lext, hext, p, len(ev))
			s.t.run(ev, len(s.even.low))
			s.gather(&s.t, &s.odd, lext, hext, p, len(od))
			s.t.run(od, len(s.odd.low))
		} else {
			sumTaps(ev, lext, p, s.even.low, true)
			sumTaps(od, lext, p, s.odd.low, true)
			if hiLen > 0 {
				sumTaps(ev, hext, p, s.even.high, false)
				sumTaps(od, hext, p, s.odd.high, false)
			}
		}
		for k, v := range od {
			out[2*k] = ev[k]
			out[2*k+1] = v
		}
		if loLen > hiLen {
			out[n-1] = ev[loLen-1]
		}
	}
}

// gather points t at the extended halves for the taps of kern.
func (s *synthesis) gather(t *terms, kern *kernel, lext, hext []float32, p, n int) {
	i := 0
	for _, tp := range kern.low {
		t.in[i], t.c[i] = lext[p+tp.off:p+tp.off+n], tp.c
		i++
	}
	for _, tp := range kern.high {
		t.in[i], t.c[i] = hext[p+tp.off:p+tp.off+n], tp.c
		i++
	}
}

// sumTaps accumulates out[k] (+)= ext[base+k+off]*c for each tap in order; with
// assign the first tap overwrites out.
func sumTaps(out, ext []float32, base int, taps []ktap, assign bool) {
	if assign && len(taps) == 0 {
		clear(out)
	}
	for i, t := range taps {
		in := ext[base+t.off : base+t.off+len(out)]
		c := t.c
		if assign && i == 0 {
			for k := range out {
				out[k] = in[k] * c
			}
			continue
		}
		for k := range out {
			out[k] += float32(in[k] * c)
		}
	}
}

// cols rebuilds every column of r from src into dst, a whole row at a time, which
// keeps each sample's summation order.
func (s *synthesis) cols(dst, src []float32, stride int, r rect, inv bool) {
	n := r.h
	loOff, hiOff, _, hiLen := bandOffsets(n, inv)
	row := func(i int) []float32 {
		y := r.y + i
		return src[y*stride+r.x : y*stride+r.x+r.w]
	}
	for j := 0; j < n; j++ {
		y := r.y + j
		out := dst[y*stride+r.x : y*stride+r.x+r.w]
		k, kern := j/2, &s.even
		if j%2 == 1 {
			kern = &s.odd
		}
		if hiLen > 0 && kern.unrolled() {
			i := 0
			for _, t := range kern.low {
				s.t.in[i], s.t.c[i] = row(loOff+lowIndex(k+t.off, n)), t.c
				i++
			}
			for _, t := range kern.high {
				s.t.in[i], s.t.c[i] = row(hiOff+highIndex(k+t.off, n)), t.c
				i++
			}
			s.t.run(out, len(kern.low))
			continue
		}
		if len(kern.low) == 0 {
			clear(out)
		}
		for i, t := range kern.low {
			in := row(loOff + lowIndex(k+t.off, n))[:len(out)]
			c := t.c
			if i == 0 {
				for x := range out {
					out[x] = in[x] * c
				}
				continue
			}
			for x := range out {
				out[x] += float32(in[x] * c)
			}
		}
		if hiLen == 0 {
			continue
		}
		for _, t := range kern.high {
			in := row(hiOff + highIndex(k+t.off, n))[:len(out)]
			c := t.c
			for x := range out {
				out[x] += float32(in[x] * c)
			}
		}
	}
}
