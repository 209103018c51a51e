package wsq

import (
	"fmt"
	"strconv"
	"strings"
)

// nistComment is the NIST_COM comment NIST's tools write into every WSQ file: a
// first line "NIST_COM n" (n counts the lines) and one "NAME value" line per field.
func nistComment(width, height, ppi int, bitrate float64) string {
	fields := [][2]string{
		{"PIX_WIDTH", strconv.Itoa(width)},
		{"PIX_HEIGHT", strconv.Itoa(height)},
		{"PIX_DEPTH", "8"},
		{"PPI", strconv.Itoa(ppi)},
		{"LOSSY", "1"},
		{"COLORSPACE", "GRAY"},
		{"COMPRESSION", "WSQ"},
		{"WSQ_BITRATE", fmt.Sprintf("%f", bitrate)},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "NIST_COM %d\n", len(fields)+1)
	for _, f := range fields {
		b.WriteString(f[0])
		b.WriteByte(' ')
		b.WriteString(f[1])
		b.WriteByte('\n')
	}
	return b.String()
}

// nistField returns the value of a field of a NIST_COM comment.
func nistField(comment, name string) (string, bool) {
	if !strings.HasPrefix(comment, "NIST_COM") {
		return "", false
	}
	for _, line := range strings.Split(comment, "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(line, "\r\x00"), " ")
		if ok && k == name {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}
