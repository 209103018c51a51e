package an2k

import (
	"encoding/binary"
	"strconv"
)

// Record is one logical record of a transaction. Fields keep the order in which they
// were read or added; for a binary record they are its fixed-width parts in layout
// order, the last one holding the data.
type Record struct {
	// Type is the record type (1 for the transaction header, 14 for a fingerprint
	// image, ...).
	Type int
	// Fields are the record's fields in file order.
	Fields []Field
}

// binaryLayout gives the widths of the fixed header parts of the binary record types;
// a final data part of any length follows. Types 3, 5 and 6 are deprecated but share
// Type-4's layout (5 and 6 name their last header byte BCA instead of GCA).
var binaryLayout = map[int][]int{
	3: {4, 1, 1, 6, 1, 2, 2, 1},
	4: {4, 1, 1, 6, 1, 2, 2, 1},
	5: {4, 1, 1, 6, 1, 2, 2, 1},
	6: {4, 1, 1, 6, 1, 2, 2, 1},
	7: {4, 1},
	8: {4, 1, 1, 1, 1, 2, 2},
}

// IsBinaryType reports whether records of type typ use the binary layout (types 3 to 8)
// rather than tagged fields.
func IsBinaryType(typ int) bool { return typ >= 3 && typ <= 8 }

// headerSize returns the size of a binary record's fixed part.
func headerSize(typ int) int {
	n := 0
	for _, w := range binaryLayout[typ] {
		n += w
	}
	return n
}

// Binary reports whether r is a binary record (types 3 to 8).
func (r *Record) Binary() bool { return IsBinaryType(r.Type) }

// index returns the position of the first field numbered n, or -1.
func (r *Record) index(n int) int {
	for i := range r.Fields {
		if r.Fields[i].Number == n {
			return i
		}
	}
	return -1
}

// Field returns the first field numbered n and whether it exists.
func (r *Record) Field(n int) (Field, bool) {
	if i := r.index(n); i >= 0 {
		return r.Fields[i], true
	}
	return Field{}, false
}

// Has reports whether r has a field numbered n.
func (r *Record) Has(n int) bool { return r.index(n) >= 0 }

// Text returns the value of field n as text, or "" when absent. For the numeric parts
// of a binary record it returns the decimal value.
func (r *Record) Text(n int) string {
	f, ok := r.Field(n)
	if !ok {
		return ""
	}
	if r.Binary() && !r.isDataPart(n) {
		return strconv.FormatUint(beUint(f.Value), 10)
	}
	return string(f.Value)
}

// Int returns the value of field n as a non-negative integer; ok is false when the
// field is absent or not a plain number.
func (r *Record) Int(n int) (int, bool) {
	if r.Binary() {
		f, ok := r.Field(n)
		if !ok || r.isDataPart(n) || len(f.Value) > 4 {
			return 0, false
		}
		return int(beUint(f.Value)), true
	}
	return atoi(r.Text(n))
}

// SetText sets tagged field n to v, replacing the first field numbered n (its tag stays
// as it was written) or inserting a new field in ascending field-number order.
func (r *Record) SetText(n int, v string) { r.SetBytes(n, []byte(v)) }

// SetBytes is SetText for a raw value. For a binary record the value must have the
// part's fixed width; Write reports a mismatch.
func (r *Record) SetBytes(n int, v []byte) {
	if i := r.index(n); i >= 0 {
		r.Fields[i].Value = v
		return
	}
	at := len(r.Fields)
	for i := range r.Fields {
		if r.Fields[i].Number > n {
			at = i
			break
		}
	}
	r.Fields = append(r.Fields, Field{})
	copy(r.Fields[at+1:], r.Fields[at:])
	r.Fields[at] = Field{Number: n, Value: v}
}

// Delete removes every field numbered n.
func (r *Record) Delete(n int) {
	out := r.Fields[:0]
	for _, f := range r.Fields {
		if f.Number != n {
			out = append(out, f)
		}
	}
	r.Fields = out
}

// IDC returns the record's information designation character: field 2 of a tagged
// record or the IDC byte of a binary record. Type-1 has none.
func (r *Record) IDC() (int, bool) {
	if r.Type == 1 {
		return 0, false
	}
	return r.Int(2)
}

// isDataPart reports whether part n of a binary record is its variable-length data.
func (r *Record) isDataPart(n int) bool {
	return n == len(binaryLayout[r.Type])+1
}

// isBinaryValue reports whether field f of r holds binary data rather than text.
func (r *Record) isBinaryValue(f Field) bool {
	if r.Binary() {
		return r.isDataPart(f.Number)
	}
	return f.Number == DataField && r.Type != 1 && r.Type != 2
}

// Data returns the record's image or signature data: field 999 of a tagged record
// (the last one, when a file repeats it) or the data part of a binary record.
func (r *Record) Data() []byte {
	if r.Binary() {
		f, _ := r.Field(len(binaryLayout[r.Type]) + 1)
		return f.Value
	}
	for i := len(r.Fields) - 1; i >= 0; i-- {
		if r.Fields[i].Number == DataField {
			return r.Fields[i].Value
		}
	}
	return nil
}

func beUint(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

func be(v uint64, width int) []byte {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return append([]byte(nil), buf[8-width:]...)
}
