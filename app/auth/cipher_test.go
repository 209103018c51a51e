package auth_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

func testCipher(t testing.TB, seed byte) *auth.Cipher {
	t.Helper()
	c, err := auth.NewCipher(bytes.Repeat([]byte{seed}, auth.DataKeyLen))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSealOpenRoundTrip(t *testing.T) {
	c := testCipher(t, 1)
	for _, pt := range [][]byte{nil, {}, []byte("3313094512000001"), bytes.Repeat([]byte{0xAB}, 1<<20)} {
		ct := c.Seal(pt, []byte("record/R1/meta"))
		if len(ct) != len(pt)+auth.Overhead {
			t.Fatalf("len(ciphertext) = %d, want %d", len(ct), len(pt)+auth.Overhead)
		}
		if len(pt) >= 16 && bytes.Contains(ct, pt[:16]) {
			t.Fatal("the plaintext shows in the ciphertext")
		}
		got, err := c.Open(ct, []byte("record/R1/meta"))
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("Open = %d bytes, %v; want the %d plaintext bytes", len(got), err, len(pt))
		}
	}
	a, b := c.Seal([]byte("same"), nil), c.Seal([]byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same plaintext are equal: the nonce is not fresh")
	}
}

func TestTamperedCiphertextGivesNoData(t *testing.T) {
	c := testCipher(t, 1)
	aad := []byte("sample/R1/face")
	pt := []byte("JFIF face bytes of a real person")
	ct := c.Seal(pt, aad)
	check := func(name string, ct, aad []byte, c *auth.Cipher) {
		t.Helper()
		got, err := c.Open(ct, aad)
		if got != nil || !enroll.IsKind(err, enroll.KindInvalid) || !errors.Is(err, auth.ErrDecrypt) {
			t.Errorf("%s: Open = %q, %v; want nil, KindInvalid ErrDecrypt", name, got, err)
		}
	}
	for i := range ct { // every byte: version, nonce, body, tag
		bad := bytes.Clone(ct)
		bad[i] ^= 0x01
		check(fmt.Sprintf("bit flipped at byte %d", i), bad, aad, c)
	}
	check("truncated by one byte", ct[:len(ct)-1], aad, c)
	check("only a header", ct[:auth.Overhead-1], aad, c)
	check("empty", nil, aad, c)
	check("extended", append(bytes.Clone(ct), 0), aad, c)
	check("moved to another record", ct, []byte("sample/R2/face"), c)
	check("moved to another column", ct, []byte("sample/R1/signature"), c)
	check("no associated data", ct, nil, c)
	check("another station's key", ct, aad, testCipher(t, 2))
}

func TestBlindIndex(t *testing.T) {
	c, other := testCipher(t, 1), testCipher(t, 2)
	nik := []byte("3313094512000001")
	a := c.BlindIndex("nik", nik)
	if len(a) != auth.BlindIndexLen {
		t.Fatalf("len = %d, want %d", len(a), auth.BlindIndexLen)
	}
	if !bytes.Equal(a, c.BlindIndex("nik", bytes.Clone(nik))) {
		t.Fatal("the index is not deterministic")
	}
	for name, b := range map[string][]byte{
		"another value":   c.BlindIndex("nik", []byte("3313094512000002")),
		"another domain":  c.BlindIndex("kk", nik),
		"shifted domain":  c.BlindIndex("ni", append([]byte("k"), nik...)),
		"another station": other.BlindIndex("nik", nik),
	} {
		if bytes.Equal(a, b) {
			t.Errorf("%s gives the same index", name)
		}
	}
}

func TestNewCipherRefusesBadKeys(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := auth.NewCipher(make([]byte, n)); !enroll.IsKind(err, enroll.KindInvalid) {
			t.Errorf("NewCipher(%d bytes) = %v, want KindInvalid", n, err)
		}
	}
	if s := fmt.Sprintf("%v %+v", testCipher(t, 7), testCipher(t, 7)); bytes.Contains([]byte(s), []byte{7, 7}) || s != "auth.Cipher auth.Cipher" {
		t.Fatalf("fmt shows %q", s)
	}
}

func TestAppendSealKeepsThePrefix(t *testing.T) {
	c := testCipher(t, 1)
	buf := make([]byte, 0, 4096)
	buf = append(buf, "prefix"...)
	out := c.AppendSeal(buf, []byte("finger bytes"), []byte("aad"))
	if string(out[:6]) != "prefix" || len(out) != 6+auth.Overhead+12 {
		t.Fatalf("AppendSeal = %q (%d bytes)", out[:6], len(out))
	}
	if &out[0] != &buf[:1][0] {
		t.Fatal("AppendSeal did not reuse the buffer's capacity")
	}
	pt, err := c.Open(out[6:], []byte("aad"))
	if err != nil || string(pt) != "finger bytes" {
		t.Fatalf("Open = %q, %v", pt, err)
	}
}
