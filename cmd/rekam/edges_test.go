package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateEdges = flag.Bool("update-edges", false, "rewrite testdata/edges.txt from the tree")

// guardedIO are the standard-library packages that reach the outside world: an import of
// one of them is an edge like an import of an adapter (DESIGN.md: the doors).
func guardedIO(p string) bool {
	switch p {
	case "os", "os/exec", "os/signal", "net", "database/sql", "syscall", "unsafe", "plugin":
		return true
	}
	return strings.HasPrefix(p, "net/") || strings.HasPrefix(p, "golang.org/x/sys/")
}

// edges returns every non-test import edge of the module that the allowlist governs:
// to the module's own packages, to third-party modules, and to guarded standard-library
// I/O, as "package -> import" lines, sorted.
func edges(t *testing.T) []string {
	var out []string
	for _, p := range listPackages(t) {
		for _, d := range p.imports {
			switch {
			case strings.HasPrefix(d, module+"/"):
				out = append(out, p.path+" -> "+rel(d))
			case !isStd(d) || guardedIO(d):
				out = append(out, p.path+" -> "+d)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestEdgesAllowlist is the checked-in list of who imports what (tailscale's depaware
// habit): a new edge, or an edge that went away, fails until testdata/edges.txt says so,
// so that every new door shows up in review. Regenerate with
// `go test ./cmd/rekam -run TestEdgesAllowlist -update-edges` and read the diff.
func TestEdgesAllowlist(t *testing.T) {
	file := filepath.Join("testdata", "edges.txt")
	got := edges(t)
	if *updateEdges {
		if err := os.WriteFile(file, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(strings.ReplaceAll(string(raw), " -> ", "->"))
	have := map[string]bool{}
	for _, w := range want {
		have[strings.Replace(w, "->", " -> ", 1)] = true
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e] = true
		if !have[e] {
			t.Errorf("new import edge %q: not in %s (a new door? check DESIGN.md's rules, then add the line)", e, file)
		}
	}
	for e := range have {
		if !seen[e] {
			t.Errorf("edge %q is in %s but no longer in the tree: remove the line", e, file)
		}
	}
}
