package wsq

// bitWriter packs codes most significant bit first, stuffing a zero byte after every
// 0xFF so that entropy-coded data never imitates a marker.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(code uint32, n uint) {
	w.acc = w.acc<<n | uint64(code)&(1<<n-1)
	w.nacc += n
	for w.nacc >= 8 {
		w.nacc -= 8
		b := byte(w.acc >> w.nacc)
		w.buf = append(w.buf, b)
		if b == 0xFF {
			w.buf = append(w.buf, 0)
		}
	}
}

// flush pads the last byte with one bits.
func (w *bitWriter) flush() {
	if w.nacc > 0 {
		w.write(1<<(8-w.nacc)-1, 8-w.nacc)
	}
	w.acc = 0
}

// bitReader reads entropy-coded data up to the next marker.
type bitReader struct {
	data   []byte
	pos    int // next byte to load
	acc    uint64
	n      uint // valid bits in acc (the low n bits)
	marker bool // data[pos] starts a marker (or the data ended)
}

// fill loads bytes until at least 57 bits are buffered or a marker is reached.
func (r *bitReader) fill() {
	for r.n <= 56 && !r.marker {
		if r.pos >= len(r.data) {
			r.marker = true
			return
		}
		b := r.data[r.pos]
		if b == 0xFF {
			if r.pos+1 >= len(r.data) || r.data[r.pos+1] != 0 {
				r.marker = true
				return
			}
			r.pos++
		}
		r.pos++
		r.acc = r.acc<<8 | uint64(b)
		r.n += 8
	}
}

// bits returns the next n (<= 16) bits, or false when the data ends first.
func (r *bitReader) bits(n uint) (uint32, bool) {
	if r.n < n {
		r.fill()
		if r.n < n {
			return 0, false
		}
	}
	r.n -= n
	return uint32(r.acc>>r.n) & (1<<n - 1), true
}

// restart skips a restart marker RSTn at the current position, dropping the fill
// bits before it. It reports whether there was one.
func (r *bitReader) restart() bool {
	if !r.marker || r.pos+1 >= len(r.data) || r.data[r.pos] != 0xFF || r.data[r.pos+1]&0xF8 != markerRST&0xFF {
		return false
	}
	r.pos += 2
	r.n, r.acc, r.marker = 0, 0, false
	return true
}

// symbol status values returned by decodeSymbol.
const (
	symOK = iota
	symEnd
	symBad
)

// decodeSymbol reads one Huffman-coded symbol. symEnd means the data reached a
// marker before a complete code (the fill bits at the end of a block).
func (r *bitReader) decodeSymbol(d *huffDecoder) (uint8, int) {
	if r.n < maxCodeLen {
		r.fill()
	}
	if r.n >= lutBits {
		if e := d.lut[(r.acc>>(r.n-lutBits))&(1<<lutBits-1)]; e != 0 {
			r.n -= uint(e >> 8)
			return uint8(e), symOK
		}
	}
	code := int32(0)
	for l := 1; l <= maxCodeLen; l++ {
		if r.n == 0 {
			return 0, symEnd
		}
		r.n--
		code = code<<1 | int32(r.acc>>r.n)&1
		if code <= d.maxcode[l] {
			return d.vals[d.valptr[l]+code-d.mincode[l]], symOK
		}
	}
	return 0, symBad
}
