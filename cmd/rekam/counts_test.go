package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestWindowAndCLICountsAgree: the window's backend and `rekam sync status` read the
// same data and must say the same numbers, before a sync, after it, and after the
// centre's status pull moves records on.
func TestWindowAndCLICountsAgree(t *testing.T) {
	c := startCentre(t)
	p := newProvisioned(t, c)
	compare := func(when string) {
		t.Helper()
		var out bytes.Buffer
		if err := runSync([]string{"--data", p.data, "status"}, &out); err != nil {
			t.Fatal(err)
		}
		rt, err := openRuntime(p.data, runtimeOptions{fast: true})
		if err != nil {
			t.Fatal(err)
		}
		defer rt.close()
		b, err := newBackend(rt, accountLogin(rt))
		if err != nil {
			t.Fatal(err)
		}
		w, err := b.QueueCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for name, n := range map[string]int{"waiting": w.Waiting, "sent": w.Sent, "print_ready": w.PrintReady, "problems": w.Problems} {
			if line := fmt.Sprintf("%s %d\n", name, n); !strings.Contains(out.String(), line) {
				t.Errorf("%s: the window counts %q but rekam sync status says:\n%s", when, line, out.String())
			}
		}
	}
	compare("before a sync")
	if err := runSync([]string{"--data", p.data, "--once", "--as", "admin"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	compare("after the upload and the status pull")
}
