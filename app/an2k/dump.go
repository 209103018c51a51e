package an2k

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Dump writes a text listing of the transaction: a comment line for each record, then
// one line per field, "<type>.<field> = <value>" with the canonical three-digit field
// number. Text values show RS and US as <RS> and <US> and other control bytes as \xNN;
// binary values show as "<N bytes sha256:xxxxxxxx>" (the first 8 hex digits of their
// SHA-256). The numeric parts of binary records show as decimal numbers.
func (t *Transaction) Dump(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i, r := range t.Records {
		kind := "tagged"
		if r.Binary() {
			kind = "binary"
		}
		fmt.Fprintf(bw, "# record %d: type %d, %s, %d bytes\n", i+1, r.Type, kind, r.encodedLen())
		for j, f := range r.Fields {
			fmt.Fprintf(bw, "%s = %s\n", canonicalTag(r.Type, f.Number), r.dumpValue(f, j == len(r.Fields)-1))
		}
	}
	if len(t.Trailing) > 0 {
		fmt.Fprintf(bw, "# trailing = %s\n", binarySummary(t.Trailing))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("an2k: dump: %w", err)
	}
	return nil
}

// dumpValue renders one field; a data field that is not the last one of a tagged
// record was read as text.
func (r *Record) dumpValue(f Field, last bool) string {
	switch {
	case r.isBinaryValue(f) && (last || r.Binary()):
		return binarySummary(f.Value)
	case r.Binary() && len(f.Value) > 4:
		// Type-3 to 6 finger positions: six one-byte codes.
		parts := make([]string, len(f.Value))
		for i, b := range f.Value {
			parts[i] = strconv.Itoa(int(b))
		}
		return strings.Join(parts, " ")
	case r.Binary():
		return strconv.FormatUint(beUint(f.Value), 10)
	}
	return escapeText(f.Value)
}

func binarySummary(b []byte) string {
	sum := sha256.Sum256(b)
	return fmt.Sprintf("<%d bytes sha256:%s>", len(b), hex.EncodeToString(sum[:4]))
}

// escapeText renders a text value on one line.
func escapeText(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		c, size := utf8.DecodeRune(b)
		switch {
		case c == rune(RS):
			sb.WriteString("<RS>")
		case c == rune(US):
			sb.WriteString("<US>")
		case c == utf8.RuneError && size == 1, !unicode.IsPrint(c):
			for _, x := range b[:size] {
				fmt.Fprintf(&sb, "\\x%02x", x)
			}
		default:
			sb.Write(b[:size])
		}
		b = b[size:]
	}
	return sb.String()
}
