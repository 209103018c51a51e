package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "rekam.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRepositoryConformance(t *testing.T) {
	enrolltest.RunRepository(t, func(t *testing.T) enroll.Repository { return openTemp(t) })
}

func TestRepositoryConformanceSealed(t *testing.T) {
	enrolltest.RunRepository(t, func(t *testing.T) enroll.Repository { return openSealed(t) })
}

func TestOpenNotADatabase(t *testing.T) {
	for name, content := range map[string][]byte{
		"text":  bytes.Repeat([]byte("this is a shopping list, not a database\n"), 200),
		"short": []byte("hello\n"),
		"jpeg":  append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, make([]byte, 5000)...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "notes.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open accepted a file that is not a database")
			}
			if !enroll.IsKind(err, enroll.KindInvalid) {
				t.Fatalf("kind %v, want invalid: %v", enroll.KindOf(err), err)
			}
			want := path + " is not a Rekam database (file is not a database)"
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("error %q does not say %q", err, want)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, content) {
				t.Fatal("Open changed a file that is not a database")
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					t.Errorf("Open left %s beside a file it refused", path+suffix)
				}
			}
		})
	}
}

func TestOpenForeignDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// Make it look like another program's database: no schema_version.
	for _, q := range []string{`DROP TABLE schema_version`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	_, err = Open(path)
	if !enroll.IsKind(err, enroll.KindInvalid) || !strings.Contains(err.Error(), "is not a Rekam database") {
		t.Fatalf("Open(foreign) = %v, want invalid, not a Rekam database", err)
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`INSERT INTO schema_version (version, name, applied) VALUES (9999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(path)
	if !enroll.IsKind(err, enroll.KindInvalid) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open(newer schema) = %v, want invalid, newer", err)
	}
}

func TestOpenSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	inc := s.Incarnation()
	if len(inc) != 32 || strings.Trim(inc, "0123456789abcdef") != "" {
		t.Fatalf("incarnation %q is not 128 bits of hex", inc)
	}
	ctx := context.Background()
	// Every pooled connection must carry the per-connection settings: hold several at once.
	var conns []interface{ Close() error }
	for range 4 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mode string
		var sync, fk int
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
		c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
		if mode != "wal" || sync != 2 || fk != 1 {
			t.Fatalf("connection settings: journal_mode=%s synchronous=%d foreign_keys=%d; want wal, 2 (FULL), 1", mode, sync, fk)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Incarnation() != inc {
		t.Fatalf("incarnation changed on reopen: %s → %s", inc, s.Incarnation())
	}
	var versions int
	s.db.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&versions)
	ms, _ := migrations()
	if versions != len(ms) {
		t.Fatalf("%d schema versions recorded, want %d (once each)", versions, len(ms))
	}
	other := openTemp(t)
	if other.Incarnation() == inc {
		t.Fatal("two databases share an incarnation")
	}
}
