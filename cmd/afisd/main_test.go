package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/sync/wire"
)

func TestProvisionStatusImport(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"provision", "--dir", dir, "--station", "3313-A-01"}, &out, &errb); code != 0 {
		t.Fatalf("provision: %d %s", code, errb.String())
	}
	b, err := wire.ParseBundle(out.Bytes())
	if err != nil || b.Station != "3313-A-01" || b.ServerURL != "https://127.0.0.1:8443" || !strings.HasPrefix(b.Recipient, "age1") {
		t.Fatalf("bundle %+v %v", b, err)
	}
	for _, f := range []string{"ca.pem", "ca.key", "server.pem", "server.key", "packets.agekey"} {
		st, err := os.Stat(filepath.Join(dir, "keys", f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("keys/%s: %v %v", f, st.Mode(), err)
		}
	}
	out.Reset()
	if code := run([]string{"status", "--dir", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "0 packets") {
		t.Fatalf("status: %d %q", code, out.String())
	}
	errb.Reset()
	if code := run([]string{"import", "--dir", dir, t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not a Rekam transfer folder") {
		t.Fatalf("import of an empty folder: %d %q", code, errb.String())
	}
	if code := run([]string{"provision", "--dir", dir}, &out, &errb); code != 1 {
		t.Fatalf("provision without --station: %d", code)
	}
	if code := run([]string{"bogus"}, &out, &errb); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
}
