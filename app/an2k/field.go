package an2k

import (
	"bytes"
	"strconv"
	"strings"
)

// Separator characters of the traditional encoding.
const (
	FS byte = 0x1C // FS ends a record.
	GS byte = 0x1D // GS separates fields in a tagged record.
	RS byte = 0x1E // RS separates subfields (repeated values) in a field.
	US byte = 0x1F // US separates items inside a subfield.
)

// DataField is the number of the binary image data field of tagged image records.
const DataField = 999

// Field is one field of a record. In a tagged record it is one "T.FFF:value" element;
// in a binary record it is one fixed-width part of the record (see Record).
type Field struct {
	// Number is the field number (the FFF of a tag, or the part number in a binary
	// record).
	Number int
	// Label is the tag exactly as read when it differs from the canonical form
	// "T.FFF" with a three-digit field number (for example the legacy "1.01").
	// It is empty for canonical tags, for binary records and for new fields.
	Label string
	// Value holds the raw bytes between the colon and the separator, or the raw bytes
	// of a binary record part. After Read it aliases the input buffer.
	Value []byte
}

// Tag returns the tag under which f is written in a record of type typ: Label if set,
// otherwise "T.FFF".
func (f Field) Tag(typ int) string {
	if f.Label != "" {
		return f.Label
	}
	return canonicalTag(typ, f.Number)
}

// String returns the value as text.
func (f Field) String() string { return string(f.Value) }

// Subfields splits a tagged field value into subfields (split on RS) and each subfield
// into items (split on US).
func (f Field) Subfields() [][]string {
	if len(f.Value) == 0 {
		return nil
	}
	subs := strings.Split(string(f.Value), string(RS))
	out := make([][]string, len(subs))
	for i, s := range subs {
		out[i] = strings.Split(s, string(US))
	}
	return out
}

// Items joins items with US into one subfield value.
func Items(items ...string) string { return strings.Join(items, string(US)) }

// Subfields joins subfield values with RS into one field value.
func Subfields(subs ...string) string { return strings.Join(subs, string(RS)) }

func canonicalTag(typ, num int) string {
	n := strconv.Itoa(num)
	if len(n) < 3 {
		n = strings.Repeat("0", 3-len(n)) + n
	}
	return strconv.Itoa(typ) + "." + n
}

// isCanonicalTag reports whether the tag bytes t (without the colon) are exactly the
// canonical form "T.FFF" for a field of a record of type recType, without allocating.
func isCanonicalTag(t []byte, recType int) bool {
	dot := bytes.IndexByte(t, '.')
	if dot <= 0 {
		return false
	}
	tp, fp := t[:dot], t[dot+1:]
	typ, ok1 := parseDigits(tp)
	num, ok2 := parseDigits(fp)
	if !ok1 || !ok2 || typ != recType || (len(tp) > 1 && tp[0] == '0') {
		return false
	}
	if num < 1000 {
		return len(fp) == 3
	}
	return fp[0] != '0'
}

// parseDigits parses a run of at most nine ASCII digits; ok is false for anything else.
func parseDigits(b []byte) (n int, ok bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// atoi parses a decimal text value, returning ok false when it is not a plain number.
func atoi(s string) (int, bool) {
	s = strings.TrimSpace(s)
	return parseDigits([]byte(s))
}
