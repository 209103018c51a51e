package an2k

import (
	"fmt"
	"sort"
)

// Builder assembles a new transaction: a Type-1 header and then records in the order
// added. It computes every LEN field and the content list. The first error sticks and
// is returned by Transaction.
type Builder struct {
	t   Transaction
	err error
}

// NewBuilder starts a transaction with header h (Version defaults to 0502).
func NewBuilder(h Header) *Builder {
	b := &Builder{}
	r, err := h.record()
	if err != nil {
		b.err = fmt.Errorf("an2k: build header: %w", err)
		return b
	}
	b.t.Records = []*Record{r}
	return b
}

// AddUserDefined adds a Type-2 user-defined descriptive text record with the given
// IDC and fields (numbers 3 to 999; values are text, items joined with Items and
// subfields with Subfields).
func (b *Builder) AddUserDefined(idc int, fields map[int]string) *Builder {
	if err := checkIDC(idc); err != nil {
		return b.fail(2, err)
	}
	r := &Record{Type: 2}
	r.SetText(2, fmt.Sprintf("%02d", idc))
	nums := make([]int, 0, len(fields))
	for n := range fields {
		if n < 3 || n > 999 {
			return b.fail(2, fmt.Errorf("field number %d is not 3 to 999", n))
		}
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		r.SetText(n, fields[n])
	}
	return b.AddRecord(r)
}

// AddFinger adds a Type-14 fingerprint image record (see FingerImage.Record).
func (b *Builder) AddFinger(f FingerImage) *Builder {
	r, err := f.Record()
	if err != nil {
		return b.fail(14, err)
	}
	return b.AddRecord(r)
}

// AddFace adds a Type-10 face image record (see FaceImage.Record).
func (b *Builder) AddFace(f FaceImage) *Builder {
	r, err := f.Record()
	if err != nil {
		return b.fail(10, err)
	}
	return b.AddRecord(r)
}

// AddSignature adds a Type-8 signature record (see Signature.Record).
func (b *Builder) AddSignature(s Signature) *Builder {
	r, err := s.Record()
	if err != nil {
		return b.fail(8, err)
	}
	return b.AddRecord(r)
}

// AddRecord adds a record built by hand. Its LEN field is computed by Transaction.
func (b *Builder) AddRecord(r *Record) *Builder {
	if b.err == nil {
		b.t.Records = append(b.t.Records, r)
	}
	return b
}

func (b *Builder) fail(typ int, err error) *Builder {
	if b.err == nil {
		b.err = fmt.Errorf("an2k: build record %d (type %d): %w", len(b.t.Records)+1, typ, err)
	}
	return b
}

// Transaction finalizes and returns the transaction, or the first error met while
// building. The result passes Check when the inputs were consistent.
func (b *Builder) Transaction() (*Transaction, error) {
	if b.err != nil {
		return nil, b.err
	}
	t := &Transaction{Records: b.t.Records}
	if err := t.Finalize(); err != nil {
		return nil, err
	}
	for i, r := range t.Records {
		if err := r.encodable(); err != nil {
			return nil, fmt.Errorf("an2k: build record %d (type %d): %w", i+1, r.Type, err)
		}
	}
	return t, nil
}

// Find returns the records of type typ in file order.
func (t *Transaction) Find(typ int) []*Record {
	var out []*Record
	for _, r := range t.Records {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}
