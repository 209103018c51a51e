package an2k

import (
	"fmt"
	"io"
	"strings"
)

// Problem is one violation of the standard found by Check.
type Problem struct {
	// Record is the 1-based index of the record in the transaction (the Type-1 header
	// is record 1), or 0 for a problem of the transaction as a whole.
	Record int
	// Type is the record's type (0 when Record is 0).
	Type int
	// Field is the canonical field tag, for example "14.006", or "" when the problem
	// concerns the whole record.
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error formats the problem as "record 3 (type 14) field 14.006: declared width ...".
func (p Problem) Error() string {
	switch {
	case p.Record == 0:
		return "transaction: " + p.Msg
	case p.Field == "":
		return fmt.Sprintf("record %d (type %d): %s", p.Record, p.Type, p.Msg)
	default:
		return fmt.Sprintf("record %d (type %d) field %s: %s", p.Record, p.Type, p.Field, p.Msg)
	}
}

// Problems lists every problem Check found; it is the error Read returns in Strict mode.
type Problems []Problem

// Error lists the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Check reads a transaction from r and returns nil when it passes every strict check,
// a Problems error listing each problem, or the error that stopped reading.
func Check(r io.Reader) error {
	_, err := Read(r, Strict)
	return err
}

// checker collects problems while walking a transaction.
type checker struct {
	t       *Transaction
	version int // 1.002 as a number, e.g. 502; 0 when unreadable
	out     Problems
}

func (c *checker) add(idx int, r *Record, field int, format string, args ...any) {
	p := Problem{Record: idx + 1, Type: r.Type, Msg: fmt.Sprintf(format, args...)}
	if field > 0 {
		p.Field = canonicalTag(r.Type, field)
	}
	c.out = append(c.out, p)
}

// Check runs every strict check on the transaction and returns the problems found,
// nil when there are none: mandatory fields, field order, LEN fields, the content list
// against the records present and their IDCs, field formats of the header, and the
// declared image sizes and compression against the embedded image streams.
func (t *Transaction) Check() Problems {
	c := &checker{t: t}
	if len(t.Records) == 0 {
		return Problems{{Msg: "no records"}}
	}
	if t.Records[0].Type != 1 {
		c.add(0, t.Records[0], 0, "first record is not Type-1")
	} else {
		c.version, _ = t.Records[0].Int(2)
		c.checkContentList()
	}
	if len(t.Trailing) > 0 {
		c.out = append(c.out, Problem{Msg: fmt.Sprintf("%d bytes after the last record", len(t.Trailing))})
	}
	for i, r := range t.Records {
		c.checkLayout(i, r)
		c.checkMandatory(i, r)
		switch r.Type {
		case 1:
			c.checkHeader(i, r)
		case 4:
			c.checkType4(i, r)
		case 8:
			c.checkType8(i, r)
		case 10, 13, 14, 15, 16, 17:
			c.checkImage(i, r)
		}
	}
	if len(c.out) == 0 {
		return nil
	}
	return c.out
}

// checkContentList compares 1.003 with the records present.
func (c *checker) checkContentList() {
	hdr := c.t.Records[0]
	f, ok := hdr.Field(3)
	if !ok {
		return // reported as a missing mandatory field
	}
	subs := f.Subfields()
	if len(subs) == 0 || len(subs[0]) != 2 || subs[0][0] != "1" {
		c.add(0, hdr, 3, "first subfield must be 1<US>count of other records")
	} else if n, ok := atoi(subs[0][1]); !ok || n != len(c.t.Records)-1 {
		c.add(0, hdr, 3, "declares %s other records, transaction has %d", subs[0][1], len(c.t.Records)-1)
	}
	if len(subs)-1 != len(c.t.Records)-1 {
		c.add(0, hdr, 3, "lists %d records after Type-1, transaction has %d", max(len(subs)-1, 0), len(c.t.Records)-1)
	}
	for i := 1; i < len(subs) && i < len(c.t.Records); i++ {
		r := c.t.Records[i]
		sub := subs[i]
		typ, ok := atoi(sub[0])
		if !ok || typ != r.Type {
			c.add(0, hdr, 3, "entry %d names type %q, record %d is type %d", i, sub[0], i+1, r.Type)
			continue
		}
		if len(sub) < 2 {
			c.add(0, hdr, 3, "entry %d has no IDC", i)
			continue
		}
		want, ok1 := atoi(sub[1])
		got, ok2 := r.IDC()
		if !ok1 || !ok2 || want != got {
			c.add(i, r, 2, "IDC %q does not match content list IDC %q", r.Text(2), sub[1])
		}
	}
}

// checkLayout checks field order, duplicates and the LEN field of one record.
func (c *checker) checkLayout(i int, r *Record) {
	if r.Binary() {
		if n, ok := r.Int(1); !ok || n != r.encodedLen() {
			c.add(i, r, 1, "LEN %d, record is %d bytes", n, r.encodedLen())
		}
		return
	}
	prev := 0
	for j, f := range r.Fields {
		tag := f.Tag(r.Type)
		if typ, _, _, ok := scanTag([]byte(tag+":"), 0); ok && typ != r.Type {
			c.add(i, r, f.Number, "tag %s names type %d", tag, typ)
		}
		switch {
		case f.Number == prev:
			c.add(i, r, f.Number, "field repeated")
		case f.Number < prev:
			c.add(i, r, f.Number, "field out of order (after %s)", canonicalTag(r.Type, prev))
		}
		if f.Number == DataField && j != len(r.Fields)-1 {
			c.add(i, r, f.Number, "image data field is not the last field")
		}
		prev = f.Number
	}
	if len(r.Fields) > 0 && r.Fields[0].Number != 1 {
		c.add(i, r, 1, "LEN is not the first field")
	}
	if r.Type != 1 && (len(r.Fields) < 2 || r.Fields[1].Number != 2) {
		c.add(i, r, 2, "IDC is not the second field")
	}
	if n, ok := r.Int(1); !ok || n != r.encodedLen() {
		c.add(i, r, 1, "LEN %q, record is %d bytes", r.Text(1), r.encodedLen())
	}
}

// mandatory lists the fields ANSI/NIST-ITL 1-2011 requires in each tagged record type;
// types not listed require LEN and IDC.
var mandatory = map[int][]int{
	1:  {1, 2, 3, 4, 5, 7, 8, 9, 11, 12},
	2:  {1, 2},
	9:  {1, 2, 3, 4},
	10: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 999},
	13: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 999},
	14: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 999},
	15: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 999},
	17: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
}

func (c *checker) checkMandatory(i int, r *Record) {
	if r.Binary() {
		return
	}
	need, ok := mandatory[r.Type]
	if !ok {
		need = []int{1, 2}
	}
	for _, n := range need {
		if !r.Has(n) {
			c.add(i, r, n, "mandatory field missing")
		}
	}
	// GMT became mandatory in version 0500; the subject acquisition profile of a
	// face image in 0400.
	if r.Type == 1 && c.version >= 500 && !r.Has(14) {
		c.add(i, r, 14, "mandatory field missing")
	}
	if r.Type == 10 && c.version >= 400 && r.Text(3) == "FACE" && !r.Has(13) {
		c.add(i, r, 13, "mandatory field missing for a face image")
	}
	for _, f := range r.Fields {
		if f.Number != DataField && len(f.Value) == 0 {
			c.add(i, r, f.Number, "empty value")
		}
	}
	if r.Has(DataField) && len(r.Data()) == 0 {
		c.add(i, r, DataField, "no image data")
	}
}
