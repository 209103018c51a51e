package wsq

import (
	"errors"
	"fmt"
)

// maxCodeLen is the longest Huffman code a table may define.
const maxCodeLen = 16

// huffTable is a Huffman table as a DHT segment carries it: counts[l-1] codes of
// length l, assigned canonically to vals in order.
type huffTable struct {
	counts [maxCodeLen]uint8
	vals   []uint8
}

// buildHuffTable makes a length-limited Huffman table for the symbol frequencies by
// the procedure of JPEG's Annex K: a reserved symbol of frequency one takes part in
// building the tree and ends with the longest code, which is then dropped, so no code
// consists of all one bits (the fill pattern at the end of a block never decodes).
func buildHuffTable(freq *[256]int) huffTable {
	const reserved = 256
	var f [257]int
	copy(f[:], freq[:])
	f[reserved] = 1
	var size, next [257]int
	for i := range next {
		next[i] = -1
	}
	for {
		// The two least frequent subtrees; ties go to the higher symbol so the
		// reserved symbol sinks deepest.
		v1, v2 := -1, -1
		for v := range f {
			if f[v] == 0 {
				continue
			}
			switch {
			case v1 < 0 || f[v] <= f[v1]:
				v2, v1 = v1, v
			case v2 < 0 || f[v] <= f[v2]:
				v2 = v
			}
		}
		if v2 < 0 {
			break
		}
		f[v1] += f[v2]
		f[v2] = 0
		for v := v1; ; v = next[v] {
			size[v]++
			if next[v] < 0 {
				next[v] = v2
				break
			}
		}
		for v := v2; v >= 0; v = next[v] {
			size[v]++
		}
	}
	var bits [258]int
	for _, l := range size {
		if l > 0 {
			bits[l]++
		}
	}
	limitLengths(bits[:])
	for l := maxCodeLen; l > 0; l-- { // drop the reserved code
		if bits[l] > 0 {
			bits[l]--
			break
		}
	}
	var t huffTable
	for l := 1; l <= maxCodeLen; l++ {
		t.counts[l-1] = uint8(bits[l])
	}
	for l := 1; l < len(bits); l++ {
		for s := 0; s < 256; s++ {
			if size[s] == l {
				t.vals = append(t.vals, uint8(s))
			}
		}
	}
	return t
}

// limitLengths moves codes longer than maxCodeLen up the tree (JPEG Annex K.3).
func limitLengths(bits []int) {
	for i := len(bits) - 1; i > maxCodeLen; i-- {
		for bits[i] > 0 {
			j := i - 2
			for bits[j] == 0 {
				j--
			}
			bits[i] -= 2
			bits[i-1]++
			bits[j+1] += 2
			bits[j]--
		}
	}
}

// huffEncoder maps symbols to canonical codes.
type huffEncoder struct {
	code [256]uint16
	size [256]uint8
}

func newHuffEncoder(t huffTable) *huffEncoder {
	e := &huffEncoder{}
	code, k := 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		for n := 0; n < int(t.counts[l-1]); n++ {
			s := t.vals[k]
			e.code[s], e.size[s] = uint16(code), uint8(l)
			code++
			k++
		}
		code <<= 1
	}
	return e
}

// huffDecoder decodes canonical codes: a lookup table for codes of up to lutBits
// bits, and per-length code ranges for longer ones.
type huffDecoder struct {
	lut     [1 << lutBits]uint16 // code length << 8 | symbol; 0 when not resolved
	maxcode [maxCodeLen + 1]int32
	mincode [maxCodeLen + 1]int32
	valptr  [maxCodeLen + 1]int32
	vals    []uint8
}

const lutBits = 8

var errEmptyTable = errors.New("Huffman table defines no codes")

func newHuffDecoder(t huffTable) (*huffDecoder, error) {
	d := &huffDecoder{vals: t.vals}
	code, k := int32(0), int32(0)
	for l := 1; l <= maxCodeLen; l++ {
		n := int32(t.counts[l-1])
		d.valptr[l], d.mincode[l], d.maxcode[l] = k, code, code+n-1
		if n == 0 {
			d.maxcode[l] = -1
		}
		for i := int32(0); i < n; i++ {
			if l <= lutBits {
				shift := lutBits - l
				for f := int32(0); f < 1<<shift; f++ {
					d.lut[(code+i)<<shift|f] = uint16(l)<<8 | uint16(t.vals[k+i])
				}
			}
		}
		code += n
		k += n
		if code > 1<<l {
			return nil, fmt.Errorf("Huffman table oversubscribed at code length %d", l)
		}
		code <<= 1
	}
	if k == 0 {
		return nil, errEmptyTable
	}
	return d, nil
}
