package wsq

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Markers of the WSQ stream syntax.
const (
	markerSOI = 0xFFA0 // start of image
	markerEOI = 0xFFA1 // end of image
	markerSOF = 0xFFA2 // start of frame
	markerSOB = 0xFFA3 // start of block
	markerDTT = 0xFFA4 // define transform table
	markerDQT = 0xFFA5 // define quantization table
	markerDHT = 0xFFA6 // define Huffman table(s)
	markerDRT = 0xFFA7 // define restart interval
	markerCOM = 0xFFA8 // comment
	markerRST = 0xFFB0 // first of the eight restart markers RST0..RST7
)

func markerName(m int) string {
	switch m {
	case markerSOI:
		return "SOI"
	case markerEOI:
		return "EOI"
	case markerSOF:
		return "SOF"
	case markerSOB:
		return "SOB"
	case markerDTT:
		return "DTT"
	case markerDQT:
		return "DQT"
	case markerDHT:
		return "DHT"
	case markerDRT:
		return "DRT"
	case markerCOM:
		return "COM"
	}
	return fmt.Sprintf("0x%04X", m)
}

// encodeScaled writes a non-negative parameter as a decimal exponent and a 16-bit
// value (v = value / 10^exp), keeping as many digits as fit.
func encodeScaled(v float64) (exp uint8, val uint16) {
	if !(v > 0) {
		return 0, 0
	}
	if v >= math.MaxUint16 {
		return 0, math.MaxUint16
	}
	for exp < 20 && math.Round(v*math.Pow10(int(exp)+1)) <= math.MaxUint16 {
		exp++
	}
	return exp, uint16(math.Round(v * math.Pow10(int(exp))))
}

// decodeScaled is the decoder's reading of a scaled parameter: the value divided by
// ten exp times in float32, as NIST's reference decoder does.
func decodeScaled(exp uint8, val uint16) float32 {
	v := float32(val)
	for i := uint8(0); i < exp; i++ {
		v /= 10
	}
	return v
}

// roundScaled returns v as a decoder will read it back after encodeScaled.
func roundScaled(v float64) float32 { return decodeScaled(encodeScaled(v)) }

// segmentWriter builds a WSQ stream in memory.
type segmentWriter struct{ buf []byte }

func (w *segmentWriter) u8(v uint8)   { w.buf = append(w.buf, v) }
func (w *segmentWriter) u16(v uint16) { w.buf = binary.BigEndian.AppendUint16(w.buf, v) }
func (w *segmentWriter) u32(v uint32) { w.buf = binary.BigEndian.AppendUint32(w.buf, v) }

func (w *segmentWriter) scaled(v float64) {
	e, s := encodeScaled(v)
	w.u8(e)
	w.u16(s)
}

// cursor reads big-endian fields from a byte slice; the first read past the end
// sets err and every later read returns zero.
type cursor struct {
	data []byte
	pos  int
	err  error
}

func (c *cursor) need(n int) bool {
	if c.err != nil {
		return false
	}
	if n > len(c.data)-c.pos {
		c.err = fmt.Errorf("truncated at byte %d: need %d more bytes, have %d", c.pos, n, len(c.data)-c.pos)
		return false
	}
	return true
}

func (c *cursor) u8() uint8 {
	if !c.need(1) {
		return 0
	}
	c.pos++
	return c.data[c.pos-1]
}

func (c *cursor) u16() uint16 {
	if !c.need(2) {
		return 0
	}
	c.pos += 2
	return binary.BigEndian.Uint16(c.data[c.pos-2:])
}

func (c *cursor) u32() uint32 {
	if !c.need(4) {
		return 0
	}
	c.pos += 4
	return binary.BigEndian.Uint32(c.data[c.pos-4:])
}

func (c *cursor) scaled() float32 {
	e := c.u8()
	return decodeScaled(e, c.u16())
}

// segment reads a segment length field and returns a cursor over the segment body.
func (c *cursor) segment(marker int) (*cursor, error) {
	start := c.pos
	n := int(c.u16())
	if c.err != nil {
		return nil, fmt.Errorf("%s segment: %w", markerName(marker), c.err)
	}
	if n < 2 {
		return nil, fmt.Errorf("%s segment at byte %d: length %d too small", markerName(marker), start, n)
	}
	if !c.need(n - 2) {
		return nil, fmt.Errorf("%s segment: %w", markerName(marker), c.err)
	}
	body := &cursor{data: c.data[c.pos : c.pos+n-2]}
	c.pos += n - 2
	return body, nil
}
