package sbi

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// readParts reads every part of a stream.
func readParts(body, contentType string) ([]string, error) {
	pr, err := NewPartReader(strings.NewReader(body), contentType)
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		p, err := pr.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(p.Body))
	}
}

func TestPartReader(t *testing.T) {
	const ct = "multipart/x-mixed-replace; boundary=frame"
	tests := []struct {
		name, ct, body string
		want           []string
		fail           bool
	}{
		{"content length", ct,
			"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\nabc\r\n--frame\r\nContent-Length: 2\r\n\r\nde\r\n--frame--\r\n",
			[]string{"abc", "de"}, false},
		{"no content length", ct,
			"--frame\r\nContent-Type: image/jpeg\r\n\r\nab\r\nc\r\n--frame\r\n\r\nxyz\r\n--frame--",
			[]string{"ab\r\nc", "xyz"}, false},
		{"LF line ends and a preamble", ct,
			"preamble\n--frame\nContent-Length: 1\n\nA\n--frame\n\nBB\n--frame--\n",
			[]string{"A", "BB"}, false},
		{"boundary declared with its dashes", "multipart/x-mixed-replace;boundary=\"--frame\"",
			"--frame\r\nContent-Length: 2\r\n\r\nok\r\n--frame--\r\n", []string{"ok"}, false},
		{"stream cut between parts", ct, "--frame\r\nContent-Length: 2\r\n\r\nok\r\n", []string{"ok"}, false},
		{"body cut short of its length", ct, "--frame\r\nContent-Length: 9\r\n\r\nshort", nil, true},
		{"bad length", ct, "--frame\r\nContent-Length: -1\r\n\r\n", nil, true},
		{"huge length", ct, "--frame\r\nContent-Length: 99999999999\r\n\r\n", nil, true},
		{"header without colon", ct, "--frame\r\nnonsense\r\n\r\nx\r\n--frame--", nil, true},
		{"no delimiter at all", ct, strings.Repeat("x", 100<<10), nil, true},
		{"long line", ct, "--frame\r\nX: " + strings.Repeat("y", 8<<10) + "\r\n\r\n", nil, true},
		{"too many headers", ct, "--frame\r\n" + strings.Repeat("A: b\r\n", 40) + "\r\nx\r\n--frame--", nil, true},
		{"no boundary", "multipart/x-mixed-replace", "", nil, true},
		{"not multipart", "image/jpeg; boundary=x", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readParts(tt.body, tt.ct)
			if (err != nil) != tt.fail {
				t.Fatalf("error %v, want failure %v", err, tt.fail)
			}
			if !tt.fail && strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("parts %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzPartReader: no input panics or loops, and no part exceeds its limit.
func FuzzPartReader(f *testing.F) {
	f.Add("--frame\r\nContent-Length: 3\r\n\r\nabc\r\n--frame--\r\n", "frame")
	f.Add("--frame\r\n\r\nab\r\n--frame\r\n\r\nc", "frame")
	f.Add("x\n--b\nContent-Length: 0\n\n\n--b--", "b")
	f.Add("----b\r\n\r\n\r\n----b--", "--b")
	f.Fuzz(func(t *testing.T, body, boundary string) {
		pr, err := NewPartReader(strings.NewReader(body), `multipart/x-mixed-replace; boundary="`+boundary+`"`)
		if err != nil {
			return
		}
		for range len(body) + 2 {
			p, err := pr.Next()
			if err != nil {
				return
			}
			if len(p.Body) > len(body) || len(p.Header) > maxPartHeaders {
				t.Fatalf("part of %d bytes from %d", len(p.Body), len(body))
			}
		}
		t.Fatalf("more parts than bytes in %q", body)
	})
}
