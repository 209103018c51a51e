package refdata

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
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

type fatalRecorder struct{ msg string }

func (f *fatalRecorder) Helper()                           {}
func (f *fatalRecorder) Fatalf(format string, args ...any) { f.msg = format }

func TestGray(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rgb.png")
	rgb := image.NewRGBA(image.Rect(0, 0, 3, 2))
	rgb.Set(1, 1, color.RGBA{R: 255, G: 255, B: 255, A: 255})
	var buf bytes.Buffer
	png.Encode(&buf, rgb)
	os.WriteFile(p, buf.Bytes(), 0o644)
	g := Gray(t, p)
	if g.Bounds().Dx() != 3 || g.GrayAt(1, 1).Y != 255 || g.GrayAt(0, 0).Y != 0 {
		t.Fatalf("converted %v", g.Pix)
	}
	var f fatalRecorder
	Gray(&f, filepath.Join(dir, "absent.png"))
	if f.msg == "" {
		t.Fatal("a missing file did not fail")
	}
}
