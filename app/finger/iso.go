package finger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// ISO/IEC 19794-2:2005 finger minutiae record layout: a 24-byte record header, then per
// finger view a 4-byte view header, 6 bytes per minutia and an extended data block
// whose first two bytes give its length.
const (
	isoHeaderLen   = 24
	isoViewLen     = 4
	isoMinutiaLen  = 6
	isoMaxRecord   = 1 << 20 // far above 255 views × 255 minutiae; guards allocations
	isoAngleUnits  = 256     // 1.40625° per unit
	isoMaxCoord    = 1<<14 - 1
	isoMaxMinutiae = 255
)

var isoMagic = [8]byte{'F', 'M', 'R', 0, ' ', '2', '0', 0}

// ErrISO is wrapped by every error ReadISO and ParseISO return for malformed input.
var ErrISO = errors.New("malformed ISO/IEC 19794-2 record")

func isoErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrISO, fmt.Sprintf(format, args...))
}

// ReadISO reads one ISO/IEC 19794-2:2005 finger minutiae record from r and returns its
// first finger view. Use ParseISO for records with several views.
func ReadISO(r io.Reader) (*Template, error) {
	var head [isoHeaderLen]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("read ISO record header: %w", err)
	}
	n := binary.BigEndian.Uint32(head[8:12])
	if n < isoHeaderLen || n > isoMaxRecord {
		return nil, isoErr("record length %d", n)
	}
	buf := make([]byte, n)
	copy(buf, head[:])
	if _, err := io.ReadFull(r, buf[isoHeaderLen:]); err != nil {
		return nil, fmt.Errorf("read ISO record body: %w", err)
	}
	views, err := ParseISO(buf)
	if err != nil {
		return nil, err
	}
	return views[0], nil
}

// ParseISO decodes a complete ISO/IEC 19794-2:2005 finger minutiae record, returning one
// template per finger view. Extended data blocks are validated and skipped.
func ParseISO(data []byte) ([]*Template, error) {
	if len(data) < isoHeaderLen {
		return nil, isoErr("%d bytes, shorter than the record header", len(data))
	}
	if !bytes.Equal(data[:8], isoMagic[:]) {
		return nil, isoErr("format identifier %q is not FMR 20", data[:8])
	}
	n := binary.BigEndian.Uint32(data[8:12])
	if n < isoHeaderLen || uint64(n) > uint64(len(data)) {
		return nil, isoErr("record length %d with %d bytes present", n, len(data))
	}
	data = data[:n]
	be := binary.BigEndian
	width := int(be.Uint16(data[14:16]))
	height := int(be.Uint16(data[16:18]))
	xres := int(be.Uint16(data[18:20]))
	views := int(data[22])
	if views == 0 {
		return nil, isoErr("no finger views")
	}
	ppi := int(math.Round(float64(xres) * 2.54))
	out := make([]*Template, 0, views)
	p := data[isoHeaderLen:]
	for v := range views {
		if len(p) < isoViewLen {
			return nil, isoErr("view %d header truncated", v)
		}
		t := &Template{Width: width, Height: height, PPI: ppi, Position: p[0], Quality: p[2]}
		count := int(p[3])
		p = p[isoViewLen:]
		if len(p) < count*isoMinutiaLen+2 {
			return nil, isoErr("view %d: %d minutiae truncated", v, count)
		}
		t.Minutiae = make([]Minutia, count)
		for i := range count {
			m := p[i*isoMinutiaLen:]
			xw, yw := be.Uint16(m[0:2]), be.Uint16(m[2:4])
			kind := Kind(xw >> 14)
			if kind > KindBifurcation {
				kind = KindOther
			}
			t.Minutiae[i] = Minutia{
				X:       int(xw & isoMaxCoord),
				Y:       int(yw & isoMaxCoord),
				Angle:   float64(m[4]) * 2 * math.Pi / isoAngleUnits,
				Kind:    kind,
				Quality: m[5],
			}
		}
		p = p[count*isoMinutiaLen:]
		ext := int(be.Uint16(p[0:2]))
		p = p[2:]
		if len(p) < ext {
			return nil, isoErr("view %d: extended data of %d bytes truncated", v, ext)
		}
		if err := checkISOExtended(p[:ext]); err != nil {
			return nil, fmt.Errorf("view %d: %w", v, err)
		}
		p = p[ext:]
		out = append(out, t)
	}
	return out, nil
}

// checkISOExtended walks the extended data areas (type, length, data) of one view.
func checkISOExtended(b []byte) error {
	for len(b) > 0 {
		if len(b) < 4 {
			return isoErr("extended data area header truncated")
		}
		n := int(binary.BigEndian.Uint16(b[2:4]))
		if n < 4 || n > len(b) {
			return isoErr("extended data area length %d with %d bytes left", n, len(b))
		}
		b = b[n:]
	}
	return nil
}

// MarshalISO encodes the template as an ISO/IEC 19794-2:2005 finger minutiae record with
// one finger view and no extended data. Minutiae beyond the format's 255 are dropped,
// keeping the ones of best quality.
func (t *Template) MarshalISO() ([]byte, error) {
	if t.Width < 0 || t.Height < 0 || t.Width > math.MaxUint16 || t.Height > math.MaxUint16 {
		return nil, fmt.Errorf("marshal ISO template: image size %dx%d out of range", t.Width, t.Height)
	}
	ms := t.Minutiae
	if len(ms) > isoMaxMinutiae {
		ms = bestMinutiae(ms, isoMaxMinutiae)
	}
	for i, m := range ms {
		if m.X < 0 || m.Y < 0 || m.X > isoMaxCoord || m.Y > isoMaxCoord {
			return nil, fmt.Errorf("marshal ISO template: minutia %d at (%d,%d) out of range", i, m.X, m.Y)
		}
	}
	n := isoHeaderLen + isoViewLen + len(ms)*isoMinutiaLen + 2
	b := make([]byte, 0, n)
	b = append(b, isoMagic[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	b = binary.BigEndian.AppendUint16(b, 0) // no certification, unknown capture device
	b = binary.BigEndian.AppendUint16(b, uint16(t.Width))
	b = binary.BigEndian.AppendUint16(b, uint16(t.Height))
	ppcm := uint16(math.Round(float64(t.PPI) / 2.54))
	b = binary.BigEndian.AppendUint16(b, ppcm)
	b = binary.BigEndian.AppendUint16(b, ppcm)
	b = append(b, 1, 0) // one finger view, reserved byte
	b = append(b, t.Position, 0, t.Quality, byte(len(ms)))
	for _, m := range ms {
		b = binary.BigEndian.AppendUint16(b, uint16(m.Kind&3)<<14|uint16(m.X))
		b = binary.BigEndian.AppendUint16(b, uint16(m.Y))
		a := int(math.Round(normAngle(m.Angle)*isoAngleUnits/(2*math.Pi))) % isoAngleUnits
		b = append(b, byte(a), m.Quality)
	}
	b = binary.BigEndian.AppendUint16(b, 0)
	return b, nil
}

// WriteISO writes the template to w as an ISO/IEC 19794-2:2005 record (see MarshalISO).
func (t *Template) WriteISO(w io.Writer) error {
	b, err := t.MarshalISO()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write ISO template: %w", err)
	}
	return nil
}

// bestMinutiae returns the n minutiae of highest quality, in their original order.
func bestMinutiae(ms []Minutia, n int) []Minutia {
	// Stable selection by quality: count qualities, find the cut-off.
	var hist [256]int
	for _, m := range ms {
		hist[m.Quality]++
	}
	cut, left := 255, n
	for ; cut > 0 && hist[cut] < left; cut-- {
		left -= hist[cut]
	}
	out := make([]Minutia, 0, n)
	for _, m := range ms {
		if int(m.Quality) > cut || (int(m.Quality) == cut && left > 0) {
			if int(m.Quality) == cut {
				left--
			}
			out = append(out, m)
		}
	}
	return out
}
