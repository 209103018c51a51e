package main

import (
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "github.com/rekam-id/rekam"

// homes lists, for each third-party module, the only packages that may import it directly
// (DESIGN.md rule 4). A package prefix ending in "/" covers its sub-packages.
var homes = map[string][]string{
	"fyne.io/fyne/v2":           {"app/ui", "assets", "cmd/rekam"},
	"modernc.org/sqlite":        {"store/sqlite", "sync/afis"}, // the central server keeps its own database
	"github.com/google/gousb":   {"device/usb"},
	"github.com/robfig/cron/v3": {"cmd/rekam"},
	"github.com/esimov/pigo":    {"app/face"},
	"filippo.io/age":            {"sync/packet", "sync/afis"}, // sealing, and the centre's identity
	"golang.org/x/crypto":       {"sync/packet", "store/sqlite", "app/auth"},
	"github.com/jtejido/go-wsq": {}, // test-only oracle
}

type pkgInfo struct {
	path    string   // relative to the module
	imports []string // direct imports
	deps    []string // transitive imports
}

func listPackages(t *testing.T) []pkgInfo {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", module+"/...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkgInfo
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkgs = append(pkgs, pkgInfo{path: rel(f[0]), imports: strings.Fields(f[1]), deps: strings.Fields(f[2])})
	}
	if len(pkgs) < 3 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func rel(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, module), "/") }

func under(p, prefix string) bool { return p == prefix || strings.HasPrefix(p, prefix+"/") }

func isStd(p string) bool { return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") }

// family returns the adapter family of a package ("device/sbi", "store/sqlite",
// "sync/packet"), or "" for non-adapters.
func family(p string) string {
	parts := strings.Split(p, "/")
	if len(parts) >= 2 && (parts[0] == "device" || parts[0] == "store" || parts[0] == "sync") {
		return parts[0] + "/" + parts[1]
	}
	return ""
}

// allowedAdapterEdges are the adapter-to-adapter imports DESIGN.md's table names:
// the central server opens packets, and the HTTP client implements the uplink's transport.
var allowedAdapterEdges = map[[2]string]bool{
	{"sync/afis", "sync/packet"}:   true, // the centre opens packets
	{"sync/afis", "sync/uplink"}:   true, // the protocol's message types
	{"sync/afis", "sync/wire"}:     true, // the protocol's headers and signatures
	{"sync/remote", "sync/uplink"}: true, // the client implements the uplink transport
	{"sync/remote", "sync/wire"}:   true,
}

// stdOnly are the pure packages that may import nothing outside the standard library
// (besides the module's own pure packages).
var stdOnly = []string{"app/enroll", "app/an2k", "app/wsq", "app/finger", "app/refdata"}

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		// Rule 1: app/* other than app/ui: no Fyne, SQL, net/http, gousb, even transitively.
		if under(p.path, "app") && !under(p.path, "app/ui") {
			for _, d := range p.deps {
				if strings.HasPrefix(d, "fyne.io/") || d == "database/sql" || strings.HasPrefix(d, "modernc.org/sqlite") ||
					d == "net/http" || strings.HasPrefix(d, "github.com/google/gousb") {
					t.Errorf("rule 1: %s depends on %s", p.path, d)
				}
			}
		}
		for _, s := range stdOnly {
			if under(p.path, s) {
				for _, d := range p.imports {
					if !isStd(d) && !(strings.HasPrefix(d, module+"/app/") && !strings.HasPrefix(d, module+"/app/ui")) {
						t.Errorf("%s must import only the standard library, imports %s", p.path, d)
					}
				}
			}
		}
		for _, d := range p.imports {
			if !strings.HasPrefix(d, module) {
				continue
			}
			dp := rel(d)
			// Rule 2: adapters never import other adapters, app/ui or cmd.
			if f := family(p.path); f != "" {
				if g := family(dp); g != "" && g != f && !allowedAdapterEdges[[2]string{f, g}] {
					t.Errorf("rule 2: adapter %s imports adapter %s", p.path, dp)
				}
				if under(dp, "app/ui") {
					t.Errorf("rule 2: adapter %s imports %s", p.path, dp)
				}
			}
			// Rule 3: the UI receives small interfaces, never the adapters.
			if under(p.path, "app/ui") && family(dp) != "" {
				t.Errorf("rule 3: %s imports %s", p.path, dp)
			}
			// Rule 4 (second half): nothing imports cmd.
			if under(dp, "cmd") {
				t.Errorf("rule 4: %s imports %s", p.path, dp)
			}
		}
		// Rule 4: each third-party module has its homes.
		for _, d := range p.imports {
			if isStd(d) || strings.HasPrefix(d, module) {
				continue
			}
			found := false
			for mod, allowed := range homes {
				if d == mod || strings.HasPrefix(d, mod+"/") {
					found = true
					ok := false
					for _, h := range allowed {
						if under(p.path, h) {
							ok = true
						}
					}
					if !ok {
						t.Errorf("rule 4: %s imports %s, whose homes are %v", p.path, d, allowed)
					}
				}
			}
			if !found {
				t.Errorf("rule 4: %s imports %s, which has no home in the table", p.path, d)
			}
		}
		// Rule 5: no grab-bag package names.
		switch path.Base(p.path) {
		case "util", "utils", "common", "types", "models", "helpers":
			t.Errorf("rule 5: package %s", p.path)
		}
	}
}
