package an2k

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// Mode selects how much Read checks.
type Mode int

const (
	// Tolerant reads whatever real-world files contain and fails only when the record
	// structure cannot be recovered.
	Tolerant Mode = iota
	// Strict reads like Tolerant and then runs Transaction.Check, returning the
	// transaction together with a Problems error when anything is wrong.
	Strict
)

// Transaction is one ANSI/NIST-ITL transaction: the Type-1 header record followed by
// the records its content list names.
type Transaction struct {
	// Records holds every record in file order; Records[0] is the Type-1 header.
	Records []*Record
	// Trailing holds bytes found after the last record that do not form a record.
	// Write reproduces them; Check reports them.
	Trailing []byte
}

// SyntaxError reports input whose record structure cannot be recovered.
type SyntaxError struct {
	Record int    // 1-based index of the record being read
	Type   int    // its record type, 0 when not known yet
	Offset int    // byte offset in the input
	Msg    string // what is wrong
}

// Error implements error.
func (e *SyntaxError) Error() string {
	if e.Type > 0 {
		return fmt.Sprintf("an2k: record %d (type %d) at offset %d: %s", e.Record, e.Type, e.Offset, e.Msg)
	}
	return fmt.Sprintf("an2k: record %d at offset %d: %s", e.Record, e.Offset, e.Msg)
}

// Read reads a whole transaction from r. The transaction aliases the bytes read.
// In Strict mode a transaction that parses but has problems is returned together
// with a Problems error.
func Read(r io.Reader, mode Mode) (*Transaction, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("an2k: read transaction: %w", err)
	}
	return Parse(data, mode)
}

// Parse is Read for a byte slice. Field values alias data, which the caller must not
// modify afterwards.
func Parse(data []byte, mode Mode) (*Transaction, error) {
	t, err := parse(data)
	if err != nil {
		return nil, err
	}
	if mode == Strict {
		if p := t.Check(); len(p) > 0 {
			return t, p
		}
	}
	return t, nil
}

func parse(data []byte) (*Transaction, error) {
	if len(data) == 0 {
		return nil, &SyntaxError{Record: 1, Msg: "empty input"}
	}
	if typ, _, _, ok := scanTag(data, 0); !ok || typ != 1 {
		return nil, &SyntaxError{Record: 1, Msg: "input does not start with a Type-1 record tag"}
	}
	hdr, n, err := parseTagged(data, 0, 1)
	if err != nil {
		return nil, err
	}
	t := &Transaction{Records: []*Record{hdr}}
	types := contentTypes(hdr)
	p := n
	for idx := 2; p < len(data); idx++ {
		typ := 0
		if idx-2 < len(types) {
			typ = types[idx-2]
		}
		var rec *Record
		tt, _, _, tagged := scanTag(data, p)
		switch {
		case tagged && IsBinaryType(tt):
			return nil, &SyntaxError{Record: idx, Type: tt, Offset: p, Msg: "tagged record of a binary record type"}
		case tagged:
			rec, n, err = parseTagged(data, p, idx)
		case IsBinaryType(typ):
			rec, n, err = parseBinary(data, p, idx, typ)
		default:
			t.Trailing = data[p:]
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Records = append(t.Records, rec)
		p += n
	}
	return t, nil
}

// contentTypes returns the record types the Type-1 content list names after its first
// subfield; an unreadable type is 0.
func contentTypes(hdr *Record) []int {
	f, ok := hdr.Field(3)
	if !ok {
		return nil
	}
	v := f.Value
	types := make([]int, 0, bytes.Count(v, []byte{RS}))
	for {
		i := bytes.IndexByte(v, RS)
		if i < 0 {
			return types
		}
		v = v[i+1:]
		end := 0
		for end < len(v) && v[end] != US && v[end] != RS {
			end++
		}
		n, _ := parseDigits(v[:end])
		types = append(types, n)
	}
}

// scanTag reads a "T.F:" tag at data[p:]; colon is the index of the colon.
func scanTag(data []byte, p int) (typ, num, colon int, ok bool) {
	end := min(len(data), p+20)
	c := bytes.IndexByte(data[p:end], ':')
	if c < 0 {
		return 0, 0, 0, false
	}
	tag := data[p : p+c]
	dot := bytes.IndexByte(tag, '.')
	if dot < 0 {
		return 0, 0, 0, false
	}
	typ, ok1 := parseDigits(tag[:dot])
	num, ok2 := parseDigits(tag[dot+1:])
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	return typ, num, p + c, true
}

// parseTagged reads one tagged record starting at data[p]. It trusts the LEN field
// when it points at an FS; otherwise it falls back to the first FS, which works for
// records without binary data.
func parseTagged(data []byte, p, idx int) (*Record, int, error) {
	typ, num, colon, _ := scanTag(data, p)
	if num == 1 {
		vEnd := colon + 1
		for vEnd < len(data) && data[vEnd] != GS && data[vEnd] != FS {
			vEnd++
		}
		if ln, ok := parseDigits(data[colon+1 : vEnd]); ok && ln > 0 && ln <= len(data)-p && data[p+ln-1] == FS {
			if rec, err := splitFields(data[p:p+ln], typ, true); err == nil {
				return rec, ln, nil
			}
		}
	}
	end := bytes.IndexByte(data[p:], FS)
	if end < 0 {
		return nil, 0, &SyntaxError{Record: idx, Type: typ, Offset: p, Msg: "record has no FS terminator"}
	}
	rec, err := splitFields(data[p:p+end+1], typ, false)
	if err != nil {
		return nil, 0, &SyntaxError{Record: idx, Type: typ, Offset: p, Msg: err.Error()}
	}
	return rec, end + 1, nil
}

// splitFields splits one tagged record (ending in FS) into fields. It scans twice, once
// to count and once to fill, so the field slice is allocated exactly once.
func splitFields(rec []byte, typ int, allowData bool) (*Record, error) {
	count := 0
	if err := scanFields(rec, typ, allowData, func(Field) { count++ }); err != nil {
		return nil, err
	}
	r := &Record{Type: typ, Fields: make([]Field, 0, count)}
	err := scanFields(rec, typ, allowData, func(f Field) { r.Fields = append(r.Fields, f) })
	return r, err
}

func scanFields(rec []byte, typ int, allowData bool, emit func(Field)) error {
	pos := 0
	for {
		_, num, colon, ok := scanTag(rec, pos)
		if !ok {
			return fmt.Errorf("no field tag at record offset %d", pos)
		}
		f := Field{Number: num}
		if !isCanonicalTag(rec[pos:colon], typ) {
			f.Label = string(rec[pos:colon])
		}
		vs := colon + 1
		if num == DataField && typ != 1 && typ != 2 && !textBeforeTag(rec, vs, typ) {
			if !allowData {
				return fmt.Errorf("image data field at record offset %d but no usable LEN", pos)
			}
			f.Value = rec[vs : len(rec)-1]
			emit(f)
			return nil
		}
		sep := vs
		for sep < len(rec) && rec[sep] != GS && rec[sep] != FS {
			sep++
		}
		if sep == len(rec) {
			return fmt.Errorf("field %s runs past the end of the record", f.Tag(typ))
		}
		f.Value = rec[vs:sep]
		emit(f)
		if rec[sep] == FS {
			if sep != len(rec)-1 {
				return fmt.Errorf("FS at record offset %d before the end of the record", sep)
			}
			return nil
		}
		pos = sep + 1
	}
}

// textBeforeTag reports whether a data field starting at rec[vs] is really a short
// text value followed by another field of the same record (some files repeat the
// data field tag with a text value before the real image).
func textBeforeTag(rec []byte, vs, typ int) bool {
	for i := vs; i < len(rec) && i < vs+64; i++ {
		c := rec[i]
		if c == GS {
			tt, _, _, ok := scanTag(rec, i+1)
			return ok && tt == typ
		}
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return false
}

// parseBinary reads one binary record of type typ at data[p].
func parseBinary(data []byte, p, idx, typ int) (*Record, int, error) {
	hs := headerSize(typ)
	rest := data[p:]
	if len(rest) < hs {
		return nil, 0, &SyntaxError{Record: idx, Type: typ, Offset: p, Msg: fmt.Sprintf("truncated: %d bytes left, header needs %d", len(rest), hs)}
	}
	ln := uint64(binary.BigEndian.Uint32(rest))
	if ln < uint64(hs) || ln > uint64(len(rest)) {
		return nil, 0, &SyntaxError{Record: idx, Type: typ, Offset: p, Msg: fmt.Sprintf("LEN %d outside %d..%d (bytes remaining)", ln, hs, len(rest))}
	}
	layout := binaryLayout[typ]
	r := &Record{Type: typ, Fields: make([]Field, 0, len(layout)+1)}
	off := 0
	for i, w := range layout {
		r.Fields = append(r.Fields, Field{Number: i + 1, Value: rest[off : off+w]})
		off += w
	}
	r.Fields = append(r.Fields, Field{Number: len(layout) + 1, Value: rest[off:ln]})
	return r, int(ln), nil
}
