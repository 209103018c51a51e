package refdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirOverride(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("REKAM_SHARED_DATA", tmp)
	got, err := Dir()
	if err != nil || got != tmp {
		t.Fatalf("Dir() = %q, %v; want %q", got, err, tmp)
	}
	t.Setenv("REKAM_SHARED_DATA", filepath.Join(tmp, "absent"))
	if _, err := Dir(); err != ErrMissing {
		t.Fatalf("Dir() with absent override err = %v, want ErrMissing", err)
	}
}

func TestDirFindsSharedBesideModule(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "repo")
	data := filepath.Join(root, "shared", "data")
	sub := filepath.Join(mod, "a", "b")
	for _, d := range []string{data, sub} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("REKAM_SHARED_DATA", "")
	t.Chdir(sub)
	got, err := Dir()
	if err != nil || got != data {
		t.Fatalf("Dir() = %q, %v; want %q", got, err, data)
	}
}
