package an2k

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestCheckFindsEachProblem breaks a valid built transaction in one way per case and
// expects Check to name the record and field.
func TestCheckFindsEachProblem(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(tr *Transaction)
		want   []string
	}{
		{"tagged LEN", func(tr *Transaction) { tr.Records[1].SetText(1, "65") },
			[]string{`record 2 (type 2) field 2.001: LEN "65", record is 64 bytes`}},
		{"binary LEN", func(tr *Transaction) { tr.Records[13].SetBytes(1, be(7, 4)) },
			[]string{"record 14 (type 8) field 8.001: LEN 7, record is 20 bytes"}},
		{"IDC against content list", func(tr *Transaction) { tr.Records[4].SetText(2, "07") },
			[]string{`record 5 (type 14) field 14.002: IDC "07" does not match content list IDC "03"`}},
		{"record missing from content list", func(tr *Transaction) { tr.Records = tr.Records[:13] },
			[]string{`record 1 (type 1) field 1.003: declares 13 other records, transaction has 12`,
				`record 1 (type 1) field 1.003: lists 13 records after Type-1, transaction has 12`}},
		{"type against content list", func(tr *Transaction) { tr.Records[11], tr.Records[12] = tr.Records[12], tr.Records[11] },
			[]string{`record 1 (type 1) field 1.003: entry 11 names type "14", record 12 is type 10`,
				`record 1 (type 1) field 1.003: entry 12 names type "10", record 13 is type 14`}},
		{"mandatory field", func(tr *Transaction) { tr.Records[2].Delete(5); fixLen(tr, 2) },
			[]string{"record 3 (type 14) field 14.005: mandatory field missing"}},
		{"declared height", func(tr *Transaction) { tr.Records[3].SetText(7, "31"); fixLen(tr, 3) },
			[]string{"record 4 (type 14) field 14.007: declared height 31, image is 30"}},
		{"compression against data", func(tr *Transaction) { tr.Records[3].SetText(11, "WSQ20"); fixLen(tr, 3) },
			[]string{"record 4 (type 14) field 14.011: compression WSQ20, but the data is PNG"}},
		{"finger position", func(tr *Transaction) { tr.Records[3].SetText(13, "42"); fixLen(tr, 3) },
			[]string{`record 4 (type 14) field 14.013: finger position "42" is not a valid code`}},
		{"EJI without print position descriptors", func(tr *Transaction) { tr.Records[3].SetText(13, "19"); fixLen(tr, 3) },
			[]string{"record 4 (type 14) field 14.014: print position descriptors are mandatory for finger position 19"}},
		{"date", func(tr *Transaction) { tr.Records[0].SetText(5, "20251332"); fixLen(tr, 0) },
			[]string{`record 1 (type 1) field 1.005: date "20251332" is not YYYYMMDD`}},
		{"GMT missing in 0502", func(tr *Transaction) { tr.Records[0].Delete(14); fixLen(tr, 0) },
			[]string{"record 1 (type 1) field 1.014: mandatory field missing"}},
		{"face width", func(tr *Transaction) { tr.Records[12].SetText(6, "15"); fixLen(tr, 12) },
			[]string{"record 13 (type 10) field 10.006: declared width 15, image is 16"}},
		{"signature size", func(tr *Transaction) { tr.Records[13].SetBytes(7, be(3, 2)) },
			[]string{"record 14 (type 8) field 8.008: uncompressed 4x3 does not fit 8 bytes of data"}},
		{"trailing bytes", func(tr *Transaction) { tr.Trailing = []byte{0, 0} },
			[]string{"transaction: 2 bytes after the last record"}},
		{"field order", func(tr *Transaction) {
			r := tr.Records[1]
			r.Fields[2], r.Fields[3] = r.Fields[3], r.Fields[2]
		}, []string{"record 2 (type 2) field 2.018: field out of order (after 2.022)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, _, _, _ := testPacket(t)
			if ps := tr.Check(); ps != nil {
				t.Fatalf("built transaction has problems: %v", ps)
			}
			c.break_(tr)
			got := tr.Check()
			if got.Error() != strings.Join(c.want, "\n") {
				t.Errorf("Check:\n%v\nwant:\n%s", got, strings.Join(c.want, "\n"))
			}
		})
	}
}

// fixLen recomputes one record's LEN so a case breaks only what it means to.
func fixLen(tr *Transaction, i int) {
	if err := tr.Records[i].setLen(); err != nil {
		panic(err)
	}
}

func TestStrictReadReturnsAllProblems(t *testing.T) {
	tr, _, _, _ := testPacket(t)
	tr.Records[2].SetText(6, "99")
	tr.Records[5].SetText(7, "99")
	if err := tr.Finalize(); err != nil {
		t.Fatal(err)
	}
	data, err := tr.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(data), Strict)
	var ps Problems
	if !errors.As(err, &ps) || got == nil {
		t.Fatalf("Read strict = %v", err)
	}
	if len(ps) != 2 || ps[0].Record != 3 || ps[0].Field != "14.006" || ps[1].Record != 6 || ps[1].Field != "14.007" {
		t.Errorf("problems = %+v", ps)
	}
	if err := Check(bytes.NewReader(data[:len(data)-1])); err == nil || errors.As(err, &ps) {
		t.Errorf("Check of a truncated file = %v, want a syntax error", err)
	}
}
