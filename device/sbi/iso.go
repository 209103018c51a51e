package sbi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The ISO/IEC 19794:2011 biometric data interchange records an SBI registration device
// returns in bioValue: part 4 (finger image, "FIR" 020), part 5 (face image, "FAC" 030)
// and part 6 (iris image, "IIR" 020). The layouts follow the 2011 editions as MOSIP's
// bio-utils reads them (the records MOSIP registration clients accept). Only the fields
// the station needs are kept.

// Codec names an image compression carried in a record.
type Codec string

// The codecs the records can carry.
const (
	CodecRaw      Codec = "raw" // 8-bit grayscale, no compression
	CodecWSQ      Codec = "wsq"
	CodecJPEG     Codec = "jpeg"
	CodecJPEG2000 Codec = "jpeg2000"
	CodecPNG      Codec = "png"
)

// Record is one image representation from an ISO/IEC 19794 record.
type Record struct {
	Position int // finger: ISO/ANSI position code (0 unknown, 1–10, 13–15 slaps); iris: 0 unspecified, 1 right, 2 left; face: 0
	Quality  int // 0–100 from the first quality block; -1 if absent or not computed
	PPI      int // finger only: image sampling rate in pixels per inch; 0 if unknown
	Width    int
	Height   int
	Codec    Codec
	Data     []byte // the compressed image
}

var errShort = errors.New("record truncated")

// reader is a bounds-checked big-endian cursor.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.err = fmt.Errorf("%w at byte %d (need %d more)", errShort, r.off, n)
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *reader) u8() int {
	p := r.take(1)
	if p == nil {
		return 0
	}
	return int(p[0])
}

func (r *reader) u16() int {
	p := r.take(2)
	if p == nil {
		return 0
	}
	return int(binary.BigEndian.Uint16(p))
}

func (r *reader) u32() int {
	p := r.take(4)
	if p == nil {
		return 0
	}
	v := binary.BigEndian.Uint32(p)
	if v > math.MaxInt32 {
		r.err = fmt.Errorf("length %d at byte %d is too large", v, r.off-4)
		return 0
	}
	return int(v)
}

// header checks the format identifier and version and returns the declared total
// length, clamped to the record.
func (r *reader) header(format, version string) {
	if f := r.take(4); f != nil && string(f) != format+"\x00" {
		r.err = fmt.Errorf("format identifier %q, want %q", f, format)
		return
	}
	if v := r.take(4); v != nil && string(v) != version+"\x00" {
		r.err = fmt.Errorf("version %q, want %q", v, version)
		return
	}
	if total := r.u32(); r.err == nil && total != len(r.b) {
		r.err = fmt.Errorf("record length field %d, record has %d bytes", total, len(r.b))
	}
}

// representation returns a reader over the next representation, whose length field
// counts itself.
func (r *reader) representation(minLen int) *reader {
	start := r.off
	n := r.u32()
	if r.err != nil {
		return &reader{err: r.err}
	}
	if n < minLen {
		r.err = fmt.Errorf("representation length %d is below the minimum %d", n, minLen)
		return &reader{err: r.err}
	}
	r.off = start
	body := r.take(n)
	if r.err != nil {
		return &reader{err: r.err}
	}
	return &reader{b: body, off: 4}
}

// quality reads the quality block count and blocks and returns the first score.
func (r *reader) quality() int {
	n := r.u8()
	q := -1
	for i := 0; i < n; i++ {
		s := r.u8()
		r.take(4) // quality algorithm vendor and algorithm identifiers
		if i == 0 && s <= 100 {
			q = s
		}
	}
	return q
}

// imageData reads the 4-byte image length and the image.
func (r *reader) imageData() []byte {
	n := r.u32()
	if n == 0 && r.err == nil {
		r.err = errors.New("empty image data")
	}
	return r.take(n)
}

// ParseFingerRecord parses an ISO/IEC 19794-4:2011 finger image record.
func ParseFingerRecord(b []byte) ([]Record, error) {
	r := &reader{b: b}
	r.header("FIR", "020")
	nrep := r.u16()
	cert := r.u8()
	r.u8() // number of distinct finger positions
	if r.err == nil && nrep == 0 {
		return nil, errors.New("finger record has no representation")
	}
	var out []Record
	for i := 0; i < nrep && r.err == nil; i++ {
		p := r.representation(41)
		p.take(9 + 1 + 2 + 2) // capture date-time, device technology, vendor, type
		rec := Record{Quality: p.quality()}
		if cert != 0 {
			p.take(3 * p.u8())
		}
		rec.Position = p.u8()
		p.u8() // representation number
		scale := p.u8()
		p.take(4) // capture device sampling rates
		h, v := p.u16(), p.u16()
		if depth := p.u8(); p.err == nil && depth != 8 {
			return nil, fmt.Errorf("finger %d: bit depth %d, want 8", i, depth)
		}
		comp := p.u8()
		p.u8() // impression type
		rec.Width, rec.Height = p.u16(), p.u16()
		rec.Data = p.imageData()
		if p.err != nil {
			return nil, fmt.Errorf("finger %d: %w", i, p.err)
		}
		if h != v {
			return nil, fmt.Errorf("finger %d: sampling rates %d×%d differ", i, h, v)
		}
		rec.PPI = h
		if scale == 2 { // pixels per centimetre
			rec.PPI = int(math.Round(float64(h) * 2.54))
		}
		codecs := [...]Codec{CodecRaw, "", CodecWSQ, CodecJPEG, CodecJPEG2000, CodecJPEG2000, CodecPNG}
		if comp >= len(codecs) || codecs[comp] == "" {
			return nil, fmt.Errorf("finger %d: unsupported compression %d", i, comp)
		}
		rec.Codec = codecs[comp]
		out = append(out, rec)
	}
	if r.err != nil {
		return nil, fmt.Errorf("finger record: %w", r.err)
	}
	return out, nil
}

// ParseFaceRecord parses an ISO/IEC 19794-5:2011 face image record.
func ParseFaceRecord(b []byte) ([]Record, error) {
	r := &reader{b: b}
	r.header("FAC", "030")
	nrep := r.u16()
	if cert := r.u8(); r.err == nil && cert != 0 {
		return nil, errors.New("face record: certification blocks are not supported")
	}
	r.u16() // temporal semantics
	if r.err == nil && nrep == 0 {
		return nil, errors.New("face record has no representation")
	}
	var out []Record
	for i := 0; i < nrep && r.err == nil; i++ {
		p := r.representation(51)
		p.take(9 + 1 + 2 + 2)
		rec := Record{Quality: p.quality()}
		landmarks := p.u16()
		p.take(15) // gender, eye and hair colour, height, property mask, expression, pose
		p.take(8 * landmarks)
		p.u8() // face image type
		dt := p.u8()
		rec.Width, rec.Height = p.u16(), p.u16()
		p.take(1 + 2 + 1 + 1) // sampling rate, post-acquisition, cross reference, colour space
		rec.Data = p.imageData()
		if p.err != nil {
			return nil, fmt.Errorf("face %d: %w", i, p.err)
		}
		codecs := [...]Codec{CodecJPEG, CodecJPEG2000, CodecJPEG2000, CodecPNG}
		if dt >= len(codecs) {
			return nil, fmt.Errorf("face %d: unsupported image data type %d", i, dt)
		}
		rec.Codec = codecs[dt]
		out = append(out, rec)
	}
	if r.err != nil {
		return nil, fmt.Errorf("face record: %w", r.err)
	}
	return out, nil
}

// ParseIrisRecord parses an ISO/IEC 19794-6:2011 iris image record.
func ParseIrisRecord(b []byte) ([]Record, error) {
	r := &reader{b: b}
	r.header("IIR", "020")
	nrep := r.u16()
	if cert := r.u8(); r.err == nil && cert != 0 {
		return nil, errors.New("iris record: certification blocks are not supported")
	}
	r.u8() // number of eyes
	if r.err == nil && nrep == 0 {
		return nil, errors.New("iris record has no representation")
	}
	var out []Record
	for i := 0; i < nrep && r.err == nil; i++ {
		p := r.representation(52)
		p.take(9 + 1 + 2 + 2)
		rec := Record{Quality: p.quality()}
		p.u16() // representation number
		rec.Position = p.u8()
		p.u8() // image type
		format := p.u8()
		p.u8() // orientation and compression history
		rec.Width, rec.Height = p.u16(), p.u16()
		if depth := p.u8(); p.err == nil && depth != 8 {
			return nil, fmt.Errorf("iris %d: bit depth %d, want 8", i, depth)
		}
		p.take(18) // range, roll angle and uncertainty, iris centre and diameter
		rec.Data = p.imageData()
		if p.err != nil {
			return nil, fmt.Errorf("iris %d: %w", i, p.err)
		}
		switch format {
		case 0x02:
			rec.Codec = CodecRaw
		case 0x0A:
			rec.Codec = CodecJPEG2000
		case 0x0E:
			rec.Codec = CodecPNG
		default:
			return nil, fmt.Errorf("iris %d: unsupported image format %#x", i, format)
		}
		out = append(out, rec)
	}
	if r.err != nil {
		return nil, fmt.Errorf("iris record: %w", r.err)
	}
	return out, nil
}
