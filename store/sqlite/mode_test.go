package sqlite

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
)

// testCipher returns the station cipher of a fixed test data key (seed selects the key).
func testCipher(t testing.TB, seed byte) *auth.Cipher {
	t.Helper()
	c, err := auth.NewCipher(bytes.Repeat([]byte{seed}, auth.DataKeyLen))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openSealed opens a new encrypted store in a temporary folder.
func openSealed(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "rekam.db"), WithCrypter(testCipher(t, 1)))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if !s.Encrypted() {
		t.Fatal("a store opened with a Crypter is not encrypted")
	}
	return s
}

// forModes runs check against a plain and an encrypted store: the store behaves the same
// with and without a Crypter.
func forModes(t *testing.T, check func(t *testing.T, s *Store)) {
	t.Run("plain", func(t *testing.T) { check(t, openTemp(t)) })
	t.Run("sealed", func(t *testing.T) { check(t, openSealed(t)) })
}
