package an2k

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func TestEditKeepsLegacyTagsAndFinalizeFixesLengths(t *testing.T) {
	tr := referenceFile(t, "valid1.1.an2")
	hdr := tr.Records[0]
	if f, _ := hdr.Field(9); f.Label != "1.09" {
		t.Fatalf("1.009 label = %q, want the legacy 1.09 as written", f.Label)
	}
	hdr.SetText(9, "TCN-EDITED-0001")
	ud := tr.Find(2)[0]
	ud.SetText(19, "inserted")
	if err := tr.Finalize(); err != nil {
		t.Fatal(err)
	}
	data, err := tr.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("\x1d1.09:TCN-EDITED-0001\x1d")) {
		t.Error("edited field not written under its legacy tag")
	}
	if !bytes.Contains(data, []byte("2.018:JOHN,CLINTON\x1d2.019:inserted\x1d2.020:")) {
		t.Error("new field not inserted in field-number order")
	}
	back, err := Parse(data, Strict)
	if err != nil {
		t.Fatalf("strict read after edit: %v", err)
	}
	if got := back.Records[0].Text(9); got != "TCN-EDITED-0001" {
		t.Errorf("1.009 = %q", got)
	}
	if n, _ := back.Records[1].Int(1); n != back.Records[1].encodedLen() || n == 231 {
		t.Errorf("2.001 = %d after inserting a field (was 231)", n)
	}
}

func TestRecordAccessors(t *testing.T) {
	r := &Record{Type: 2}
	r.SetText(2, "00")
	r.SetText(5, Subfields(Items("a", "b"), "c"))
	r.SetText(3, "x")
	var nums []int
	for _, f := range r.Fields {
		nums = append(nums, f.Number)
	}
	if fmt.Sprint(nums) != "[2 3 5]" {
		t.Errorf("field order %v", nums)
	}
	f, _ := r.Field(5)
	if got := fmt.Sprint(f.Subfields()); got != "[[a b] [c]]" {
		t.Errorf("subfields %s", got)
	}
	if f.Tag(2) != "2.005" {
		t.Errorf("tag %q", f.Tag(2))
	}
	r.Delete(3)
	if r.Has(3) || r.Text(3) != "" {
		t.Error("field 3 still present")
	}
	if idc, ok := r.IDC(); !ok || idc != 0 {
		t.Errorf("IDC = %d, %v", idc, ok)
	}
	r.Fields = append(r.Fields, Field{Number: 7, Label: "2.7;bad"})
	if _, err := (&Transaction{Records: []*Record{r}}).Bytes(); err == nil {
		t.Error("bad label written without error")
	}
}

func TestDumpReference(t *testing.T) {
	tr := referenceFile(t, "valid1.9.an2")
	var b bytes.Buffer
	if err := tr.Dump(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	nFields := len(tr.Records)
	for _, r := range tr.Records {
		nFields += len(r.Fields)
	}
	if len(lines) != nFields {
		t.Errorf("%d lines, want one per record and field (%d)", len(lines), nFields)
	}
	face := tr.Find(10)[0].Data()
	sum := sha256.Sum256(face)
	for _, want := range []string{
		"# record 3: type 4, binary, 31166 bytes",
		"1.003 = 1<US>7<RS>2<US>00<RS>4<US>01<RS>7<US>02<RS>8<US>09<RS>10<US>03<RS>14<US>10<RS>17<US>07",
		"4.004 = 1 255 255 255 255 255",
		"8.006 = 1000",
		fmt.Sprintf("10.999 = <%d bytes sha256:%s>", len(face), hex.EncodeToString(sum[:4])),
	} {
		if !strings.Contains(b.String(), want+"\n") {
			t.Errorf("dump lacks %q", want)
		}
	}
	if got := escapeText([]byte("a\x1eb\x1fc\x01é")); got != `a<RS>b<US>c\x01é` {
		t.Errorf("escapeText = %q", got)
	}
}

func BenchmarkParseReference(b *testing.B) {
	data := referenceFiles(b)["valid1.9.an2"]
	if data == nil {
		b.Skip("skipping: valid1.9.an2 absent")
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, Strict); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRepeatedDataFieldWithText covers files (such as NIST's valid1.7) that write a
// short text 14.999 before the real image: the image must still be found.
func TestRepeatedDataFieldWithText(t *testing.T) {
	_, faceJPEG := testImages(t)
	img := append([]byte(nil), faceJPEG...)
	hdr, err := testHeader().record()
	if err != nil {
		t.Fatal(err)
	}
	r := &Record{Type: 14, Fields: []Field{{Number: 2, Value: []byte("01")}, {Number: 999, Value: []byte("011010")}, {Number: 999, Value: img}}}
	tr := &Transaction{Records: []*Record{hdr, r}}
	if err := tr.Finalize(); err != nil {
		t.Fatal(err)
	}
	data, err := tr.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data, Tolerant)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Records[1]
	if len(got.Fields) != 4 || string(got.Fields[2].Value) != "011010" || !bytes.Equal(got.Data(), img) {
		t.Fatalf("fields %d, first data field %q, image found %v", len(got.Fields), got.Fields[2].Value, bytes.Equal(got.Data(), img))
	}
}
