package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestCommandLine(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "rekam ") {
		t.Fatalf("version: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"help"}, &out, &errb); code != 0 {
		t.Fatalf("help: %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out.String(), c.usage) {
			t.Errorf("help does not list %q", c.name)
		}
	}
	errb.Reset()
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"import-wilayah"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
		t.Fatalf("missing argument: %d %q", code, errb.String())
	}
	errb.Reset()
	dir := t.TempDir()
	if code := run([]string{"import-wilayah", "--data", dir, dir + "/absent.csv"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "absent.csv") {
		t.Fatalf("absent file: %d %q", code, errb.String())
	}
}
