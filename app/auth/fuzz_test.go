package auth

import (
	"bytes"
	"testing"
)

func FuzzParseHash(f *testing.F) {
	f.Add(hashParts{params: Params{Time: 1, Memory: 64, Threads: 1}, salt: make([]byte, 16), verifier: make([]byte, 32)}.encode())
	f.Add("$argon2id$v=19$m=131072,t=2,p=2$c2FsdHNhbHRzYWx0$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHash(s)
		if err != nil {
			return
		}
		if h.params.check() != nil {
			t.Fatalf("accepted parameters outside the limits: %+v", h.params)
		}
		again, err := parseHash(h.encode())
		if err != nil || again.params != h.params || !bytes.Equal(again.salt, h.salt) || !bytes.Equal(again.verifier, h.verifier) {
			t.Fatalf("re-encoding %q does not round-trip: %v", s, err)
		}
	})
}

func FuzzParseRecoveryKey(f *testing.F) {
	f.Add("7KQM-3W9D-0000-ZZZZ-ABCD-EFGH-JKMN-PQRS")
	f.Add("oooo oooo iiii llll 0000 0000 0000 0000")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseRecoveryKey(s)
		if err != nil {
			return
		}
		again, err := ParseRecoveryKey(k.String())
		if err != nil || again != k {
			t.Fatalf("%q: String does not parse back: %v", s, err)
		}
	})
}

func FuzzOpen(f *testing.F) {
	c, err := NewCipher(bytes.Repeat([]byte{3}, DataKeyLen))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(c.Seal([]byte("hello"), []byte("aad")), []byte("aad"))
	f.Add([]byte{1}, []byte(nil))
	f.Fuzz(func(t *testing.T, ct, aad []byte) {
		if pt, err := c.Open(ct, aad); err == nil {
			// Only a genuine ciphertext opens; the seed is one.
			if !bytes.Equal(pt, []byte("hello")) {
				t.Fatalf("forged ciphertext opened to %q", pt)
			}
		} else if pt != nil {
			t.Fatal("partial plaintext with an error")
		}
	})
}

func FuzzUnwrapKey(f *testing.F) {
	kek := bytes.Repeat([]byte{5}, 32)
	f.Add(wrapKey(kek, make([]byte, DataKeyLen), "recovery"))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, w []byte) {
		if k, err := unwrapKey(kek, w, "recovery"); err == nil && !bytes.Equal(k, make([]byte, DataKeyLen)) {
			t.Fatalf("forged wrapping unwrapped to %x", k)
		}
	})
}
