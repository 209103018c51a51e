package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name, in string
		code     int
		want     []string
	}{
		{"met", "BenchmarkX-2 \t 10\t 123 ns/op\t 42.5 store.save_enrollment_ms\n", 0,
			[]string{"bench: store.save_enrollment_ms 42.5 ms (budget <= 100)", "bench: face.detect_ms skipped"}},
		{"missed", "BenchmarkX-2 1 5 ns/op 7 store.nik_lookup_100k_ms\n", 1,
			[]string{"bench: store.nik_lookup_100k_ms 7 ms (budget <= 5)  MISSED"}},
		{"at least", "BenchmarkW-2 1 5 ns/op 11.5 wsq.ratio_fvc 31 wsq.psnr_fvc_db\n", 1,
			[]string{"wsq.ratio_fvc 11.5 ratio (budget >= 12)  MISSED", "wsq.psnr_fvc_db 31 dB (budget >= 30)\n"}},
		{"range", "BenchmarkL-2 1 5 ns/op 150 auth.login_ms\n", 1, []string{"auth.login_ms 150 ms (budget 200–1000)  MISSED"}},
		{"failure", "--- FAIL: BenchmarkY\n", 1, []string{"--- FAIL: BenchmarkY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if code := run(strings.NewReader(tt.in), &out); code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, out.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
