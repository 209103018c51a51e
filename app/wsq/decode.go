package wsq

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"strconv"
)

// Limits that keep a hostile header from making the decoder allocate much more than
// its input justifies: any image up to freePixels pixels, and larger ones only while
// they claim at most maxPixelsPerByte pixels per input byte (a compression ratio of
// 512:1, far beyond what WSQ reaches on real fingerprints).
const (
	freePixels       = 1 << 20
	maxPixelsPerByte = 512
)

// ErrFormat is wrapped by every error about a malformed or unsupported stream.
var ErrFormat = errors.New("invalid WSQ data")

// Info describes a WSQ stream without decoding its pixels.
type Info struct {
	// Width and Height are the image size in pixels.
	Width, Height int
	// PPI is the scanning resolution from the NIST_COM comment, 0 when the stream
	// does not record one (or records NIST's "unknown", -1).
	PPI int
	// Comments holds the text of every COM segment before the first block, in order.
	Comments []string
}

func init() {
	image.RegisterFormat("wsq", "\xff\xa0", func(r io.Reader) (image.Image, error) { return Decode(r) }, DecodeConfig)
}

// Decode reads a WSQ stream and returns its image.
func Decode(r io.Reader) (*image.Gray, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("wsq: decode: %w", err)
	}
	d := &decoder{c: cursor{data: data}}
	img, err := d.decode()
	if err != nil {
		return nil, fmt.Errorf("wsq: decode: %w", err)
	}
	return img, nil
}

// DecodeConfig returns the size and color model of a WSQ stream without decoding it.
func DecodeConfig(r io.Reader) (image.Config, error) {
	info, err := DecodeInfo(r)
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: color.GrayModel, Width: info.Width, Height: info.Height}, nil
}

// DecodeInfo reads the headers of a WSQ stream: its size, its resolution (from the
// NIST_COM comment) and its comments.
func DecodeInfo(r io.Reader) (Info, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Info{}, fmt.Errorf("wsq: decode info: %w", err)
	}
	d := &decoder{c: cursor{data: data}}
	if err := d.readHeaders(); err != nil {
		return Info{}, fmt.Errorf("wsq: decode info: %w", err)
	}
	return d.info(), nil
}

// decoder holds the tables and frame parameters read so far.
type decoder struct {
	c             cursor
	width, height int
	shift, scale  float32
	frame         bool
	filters       filterBank
	quant         quantTable
	haveQuant     bool
	huff          [8]*huffDecoder
	comments      []string
}

func (d *decoder) info() Info {
	in := Info{Width: d.width, Height: d.height, Comments: d.comments}
	for _, c := range d.comments {
		if v, ok := nistField(c, "PPI"); ok {
			if p, err := strconv.Atoi(v); err == nil && p > 0 {
				in.PPI = p
			}
			break
		}
	}
	return in
}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

func (d *decoder) marker() (int, error) {
	at := d.c.pos
	m := int(d.c.u16())
	if d.c.err != nil {
		return 0, formatErr("missing EOI: %v", d.c.err)
	}
	if m&0xFF00 != 0xFF00 {
		return 0, formatErr("expected a marker at byte %d, found 0x%04X", at, m)
	}
	return m, nil
}

// readHeaders reads SOI and every segment up to the first SOB (or EOI), leaving the
// cursor on that marker.
func (d *decoder) readHeaders() error {
	if m := d.c.u16(); d.c.err != nil || m != markerSOI {
		return formatErr("not a WSQ stream: missing SOI marker")
	}
	for {
		at := d.c.pos
		m, err := d.marker()
		if err != nil {
			return err
		}
		switch m {
		case markerSOB, markerEOI:
			if !d.frame {
				return formatErr("%s before the frame header", markerName(m))
			}
			d.c.pos = at
			return nil
		case markerSOF:
			if d.frame {
				return formatErr("second frame header at byte %d", at)
			}
			if err := d.readFrame(); err != nil {
				return err
			}
		default:
			if err := d.readTable(m); err != nil {
				return err
			}
		}
	}
}

func (d *decoder) readFrame() error {
	s, err := d.c.segment(markerSOF)
	if err != nil {
		return formatErr("%v", err)
	}
	s.u8() // black
	s.u8() // white
	d.height, d.width = int(s.u16()), int(s.u16())
	d.shift, d.scale = s.scaled(), s.scaled()
	s.u8()  // encoder number
	s.u16() // software
	if s.err != nil {
		return formatErr("SOF segment: %v", s.err)
	}
	if d.width < 1 || d.height < 1 || d.width > MaxDimension || d.height > MaxDimension {
		return formatErr("image size %dx%d outside 1..%d", d.width, d.height, MaxDimension)
	}
	if px := d.width * d.height; px > freePixels && px > maxPixelsPerByte*len(d.c.data) {
		return formatErr("image size %dx%d implausible for a %d-byte stream", d.width, d.height, len(d.c.data))
	}
	d.frame = true
	return nil
}

// readTable reads a table or comment segment.
func (d *decoder) readTable(m int) error {
	s, err := d.c.segment(m)
	if err != nil {
		return formatErr("%v", err)
	}
	switch m {
	case markerDTT:
		err = d.readTransformTable(s)
	case markerDQT:
		err = d.readQuantTable(s)
	case markerDHT:
		err = d.readHuffTables(s)
	case markerDRT:
		s.u16() // the restart interval; restart markers are honoured wherever they occur
	case markerCOM:
		d.comments = append(d.comments, string(bytes.Clone(s.data)))
	default:
		return formatErr("unexpected marker %s at byte %d", markerName(m), d.c.pos-len(s.data)-4)
	}
	if err == nil && s.err != nil {
		err = s.err
	}
	if err != nil {
		return formatErr("%s segment: %v", markerName(m), err)
	}
	return nil
}

func (d *decoder) readTransformTable(s *cursor) error {
	lowHalf, highHalf, err := filterLens(int(s.u8()), int(s.u8()))
	if err != nil {
		return err
	}
	fb := filterBank{low: make([]float32, lowHalf), high: make([]float32, highHalf)}
	for _, half := range [][]float32{fb.low, fb.high} {
		for i := range half {
			neg := s.u8() != 0
			exp := s.u8()
			half[i] = decodeCoef(neg, exp, s.u32())
		}
	}
	if s.err != nil {
		return s.err
	}
	d.filters = fb
	return nil
}

func (d *decoder) readQuantTable(s *cursor) error {
	var t quantTable
	t.center = s.scaled()
	for k := 0; k < numSubbands; k++ {
		t.q[k], t.z[k] = s.scaled(), s.scaled()
	}
	if s.err != nil {
		return s.err
	}
	d.quant, d.haveQuant = t, true
	return nil
}

func (d *decoder) readHuffTables(s *cursor) error {
	for s.pos < len(s.data) {
		id := s.u8()
		var t huffTable
		n := 0
		for i := range t.counts {
			t.counts[i] = s.u8()
			n += int(t.counts[i])
		}
		if n > 256 {
			return fmt.Errorf("table %d defines %d codes", id, n)
		}
		if s.need(n) {
			t.vals = bytes.Clone(s.data[s.pos : s.pos+n])
			s.pos += n
		}
		if s.err != nil {
			return s.err
		}
		if int(id) >= len(d.huff) {
			return fmt.Errorf("table id %d out of range 0..%d", id, len(d.huff)-1)
		}
		h, err := newHuffDecoder(t)
		if err != nil {
			return fmt.Errorf("table %d: %w", id, err)
		}
		d.huff[id] = h
	}
	return nil
}
