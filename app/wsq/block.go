package wsq

import (
	"errors"
	"fmt"
)

// Symbols of the coefficient code (the specification's Huffman code categories).
const (
	symMaxRun    = 100 // symbols 1..100: a run of that many zero coefficients
	symPos8      = 101 // positive coefficient, magnitude in the next 8 bits
	symNeg8      = 102 // negative coefficient, magnitude in the next 8 bits
	symPos16     = 103 // positive coefficient, magnitude in the next 16 bits
	symNeg16     = 104 // negative coefficient, magnitude in the next 16 bits
	symRun8      = 105 // zero run, length in the next 8 bits
	symRun16     = 106 // zero run, length in the next 16 bits
	symDirectMin = 107 // symbols 107..254 code coefficients -73..74 directly
	symDirectMax = 254
	symOffset    = 180 // symbol = coefficient + 180 for direct coefficients
)

// symbolStream is one block's coefficients turned into symbols, each packed as
// symbol | extra-bit count << 8 | extra bits << 16.
type symbolStream struct {
	syms []uint32
	run  int
}

func (s *symbolStream) add(c int32) {
	if c == 0 {
		s.run++
		return
	}
	s.flushRun()
	switch {
	case c >= symDirectMin-symOffset && c <= symDirectMax-symOffset:
		s.syms = append(s.syms, uint32(c+symOffset))
	case c > 0 && c <= 0xFF:
		s.syms = append(s.syms, symPos8|8<<8|uint32(c)<<16)
	case c > 0:
		s.syms = append(s.syms, symPos16|16<<8|uint32(c)<<16)
	case c >= -0xFF:
		s.syms = append(s.syms, symNeg8|8<<8|uint32(-c)<<16)
	default:
		s.syms = append(s.syms, symNeg16|16<<8|uint32(-c)<<16)
	}
}

func (s *symbolStream) flushRun() {
	for s.run > 0 {
		n := min(s.run, 0xFFFF)
		switch {
		case n <= symMaxRun:
			s.syms = append(s.syms, uint32(n))
		case n <= 0xFF:
			s.syms = append(s.syms, symRun8|8<<8|uint32(n)<<16)
		default:
			s.syms = append(s.syms, symRun16|16<<8|uint32(n)<<16)
		}
		s.run -= n
	}
}

// end closes the block, emitting a pending zero run.
func (s *symbolStream) end() { s.flushRun() }

func (s *symbolStream) count(freq *[256]int) {
	for _, v := range s.syms {
		freq[uint8(v)]++
	}
}

// emit appends the block's entropy-coded bytes, padded to a byte with one bits.
func (s *symbolStream) emit(buf []byte, e *huffEncoder) []byte {
	bw := bitWriter{buf: buf}
	for _, v := range s.syms {
		sym := uint8(v)
		bw.write(uint32(e.code[sym]), uint(e.size[sym]))
		if n := uint(v >> 8 & 0xFF); n > 0 {
			bw.write(v>>16, n)
		}
	}
	bw.flush()
	return bw.buf
}

var errTooManyCoefficients = errors.New("block holds more coefficients than the image")

// decodeBlock decodes entropy-coded data starting at data[pos] into coef from index
// *n on, until the next marker. It returns the position of that marker.
func decodeBlock(data []byte, pos int, h *huffDecoder, coef []int32, n *int) (int, error) {
	br := bitReader{data: data, pos: pos}
	i := *n
	defer func() { *n = i }()
	for {
		s, st := br.decodeSymbol(h)
		switch st {
		case symEnd:
			if br.restart() {
				continue
			}
			return br.pos, nil
		case symBad:
			return 0, fmt.Errorf("invalid Huffman code near byte %d", br.pos)
		}
		switch {
		case s >= 1 && s <= symMaxRun:
			i += int(s)
		case s >= symDirectMin && s <= symDirectMax:
			if i >= len(coef) {
				return 0, errTooManyCoefficients
			}
			coef[i] = int32(s) - symOffset
			i++
		case s >= symPos8 && s <= symRun16:
			nbits := uint(8)
			if s == symPos16 || s == symNeg16 || s == symRun16 {
				nbits = 16
			}
			v, ok := br.bits(nbits)
			if !ok {
				return 0, fmt.Errorf("entropy-coded data truncated near byte %d", br.pos)
			}
			switch s {
			case symRun8, symRun16:
				i += int(v)
			default:
				if i >= len(coef) {
					return 0, errTooManyCoefficients
				}
				if s == symNeg8 || s == symNeg16 {
					coef[i] = -int32(v)
				} else {
					coef[i] = int32(v)
				}
				i++
			}
		default:
			return 0, fmt.Errorf("invalid coefficient symbol %d near byte %d", s, br.pos)
		}
		if i > len(coef) {
			return 0, errTooManyCoefficients
		}
	}
}
