package an2k

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Write writes the transaction exactly as its records hold it. It does not recompute
// LEN fields or the content list: call Finalize first for a transaction that was built
// or edited.
func (t *Transaction) Write(w io.Writer) error {
	b, err := t.Bytes()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("an2k: write transaction: %w", err)
	}
	return nil
}

// Bytes returns the encoded transaction (see Write).
func (t *Transaction) Bytes() ([]byte, error) {
	size := len(t.Trailing)
	for _, r := range t.Records {
		size += r.encodedLen()
	}
	out := make([]byte, 0, size)
	for i, r := range t.Records {
		var err error
		if out, err = r.appendTo(out); err != nil {
			return nil, fmt.Errorf("an2k: encode record %d (type %d): %w", i+1, r.Type, err)
		}
	}
	return append(out, t.Trailing...), nil
}

// encodedLen returns the number of bytes r occupies when written.
func (r *Record) encodedLen() int {
	n := 0
	for _, f := range r.Fields {
		n += len(f.Value)
		if !r.Binary() {
			n += len(f.Tag(r.Type)) + 2 // colon and GS or FS
		}
	}
	return n
}

// encodable reports why r cannot be written, or nil.
func (r *Record) encodable() error {
	if r.Binary() {
		layout := binaryLayout[r.Type]
		if len(r.Fields) != len(layout)+1 {
			return fmt.Errorf("binary record has %d parts, want %d", len(r.Fields), len(layout)+1)
		}
		for i, w := range layout {
			if len(r.Fields[i].Value) != w {
				return fmt.Errorf("part %d is %d bytes, want %d", i+1, len(r.Fields[i].Value), w)
			}
		}
		return nil
	}
	if len(r.Fields) == 0 {
		return errors.New("tagged record has no fields")
	}
	for i, f := range r.Fields {
		tag := f.Tag(r.Type)
		if !validLabel(tag) {
			return fmt.Errorf("field tag %q is not of the form T.F", tag)
		}
		last := i == len(r.Fields)-1
		if !(last && r.isBinaryValue(f)) && bytes.ContainsAny(f.Value, string([]byte{FS, GS})) {
			return fmt.Errorf("field %s: text value contains a GS or FS separator", tag)
		}
	}
	return nil
}

func (r *Record) appendTo(out []byte) ([]byte, error) {
	if err := r.encodable(); err != nil {
		return out, err
	}
	if r.Binary() {
		for _, f := range r.Fields {
			out = append(out, f.Value...)
		}
		return out, nil
	}
	for i, f := range r.Fields {
		out = append(out, f.Tag(r.Type)...)
		out = append(out, ':')
		out = append(out, f.Value...)
		if i == len(r.Fields)-1 {
			out = append(out, FS)
		} else {
			out = append(out, GS)
		}
	}
	return out, nil
}

func validLabel(tag string) bool {
	b := []byte(tag + ":")
	_, _, colon, ok := scanTag(b, 0)
	return ok && colon == len(b)-1
}

// Finalize recomputes what a writer must keep consistent: the Type-1 content list
// (1.003) from the records present, in order, with each record's IDC, and then every
// record's LEN field. Call it after building or editing a transaction, never on one
// that must be reproduced byte for byte.
func (t *Transaction) Finalize() error {
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return errors.New("an2k: finalize: the first record must be Type-1")
	}
	subs := []string{Items("1", strconv.Itoa(len(t.Records)-1))}
	for i, r := range t.Records[1:] {
		idc, err := idcText(r)
		if err != nil {
			return fmt.Errorf("an2k: finalize record %d (type %d): %w", i+2, r.Type, err)
		}
		subs = append(subs, Items(strconv.Itoa(r.Type), idc))
	}
	t.Records[0].SetText(3, Subfields(subs...))
	for i, r := range t.Records {
		if err := r.setLen(); err != nil {
			return fmt.Errorf("an2k: finalize record %d (type %d): %w", i+1, r.Type, err)
		}
	}
	return nil
}

// idcText returns the IDC as the content list writes it.
func idcText(r *Record) (string, error) {
	if r.Binary() {
		f, ok := r.Field(2)
		if !ok || len(f.Value) != 1 {
			return "", errors.New("binary record has no IDC byte")
		}
		return fmt.Sprintf("%02d", f.Value[0]), nil
	}
	f, ok := r.Field(2)
	if !ok {
		return "", errors.New("record has no IDC field (2)")
	}
	return string(f.Value), nil
}

// setLen sets field 1 to the record's encoded length.
func (r *Record) setLen() error {
	if r.Binary() {
		if !r.Has(1) {
			r.SetBytes(1, make([]byte, 4))
		}
		n := r.encodedLen()
		if n > 0xFFFFFFFF {
			return fmt.Errorf("record of %d bytes exceeds the 4-byte LEN", n)
		}
		r.SetBytes(1, be(uint64(n), 4))
		return nil
	}
	r.SetText(1, "")
	base := r.encodedLen()
	for d := 1; ; d++ {
		if s := strconv.Itoa(base + d); len(s) == d {
			r.SetText(1, s)
			return nil
		}
	}
}
