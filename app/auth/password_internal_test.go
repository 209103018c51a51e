package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestHashRoundTrip(t *testing.T) {
	h := hashParts{params: Params{Time: 3, Memory: 65536, Threads: 4}, salt: bytes.Repeat([]byte{7}, 16), verifier: bytes.Repeat([]byte{9}, 32)}
	s := h.encode()
	if !strings.HasPrefix(s, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Fatalf("encode = %q", s)
	}
	got, err := parseHash(s)
	if err != nil || got.params != h.params || !bytes.Equal(got.salt, h.salt) || !bytes.Equal(got.verifier, h.verifier) {
		t.Fatalf("parseHash = %+v, %v", got, err)
	}
}

func TestParseHashRefuses(t *testing.T) {
	good := hashParts{params: Params{Time: 1, Memory: 64, Threads: 1}, salt: make([]byte, 16), verifier: make([]byte, 32)}.encode()
	bad := []string{
		"",
		"$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=64", "m=4194304", 1), // 4 GiB: a doctored row must not exhaust memory
		strings.Replace(good, "t=1", "t=100000", 1),
		strings.Replace(good, "p=1", "p=0", 1),
		strings.Replace(good, "p=1", "p=300", 1),
		strings.Replace(good, "t=1", "t=01", 1),
		strings.Replace(good, "m=64", "x=64", 1),
		strings.Replace(good, "m=64,", "m=64,,", 1),
		good + "$",
		good[:len(good)-4],
		strings.Replace(good, "$AAAA", "$!AAA", 1),
	}
	for _, s := range bad {
		if _, err := parseHash(s); err == nil {
			t.Errorf("parseHash(%q) accepted", s)
		}
	}
	if _, err := parseHash(good); err != nil {
		t.Fatalf("parseHash(good) = %v", err)
	}
}

func TestVerifierDoesNotGiveTheWrappingKey(t *testing.T) {
	d := derive("password-budi", make([]byte, 16), Params{Time: 1, Memory: 64, Threads: 1})
	if bytes.Equal(d.verifier, d.kek) {
		t.Fatal("the stored verifier equals the key-encryption key")
	}
	again := derive("password-budi", make([]byte, 16), Params{Time: 1, Memory: 64, Threads: 1})
	if !bytes.Equal(again.kek, d.kek) {
		t.Fatal("derive is not deterministic")
	}
	if other := derive("password-budi", bytes.Repeat([]byte{1}, 16), Params{Time: 1, Memory: 64, Threads: 1}); bytes.Equal(other.kek, d.kek) {
		t.Fatal("the salt does not change the key")
	}
}

func TestWrapIsBoundToItsHolder(t *testing.T) {
	kek, dk := bytes.Repeat([]byte{1}, 32), NewDataKey()
	w := wrapKey(kek, dk, accountHolder("budi"))
	if got, err := unwrapKey(kek, w, accountHolder("budi")); err != nil || !bytes.Equal(got, dk) {
		t.Fatalf("unwrap = %v", err)
	}
	if _, err := unwrapKey(kek, w, accountHolder("sari")); err == nil {
		t.Fatal("a wrapping copied to another account unwraps")
	}
	if _, err := unwrapKey(bytes.Repeat([]byte{2}, 32), w, accountHolder("budi")); err == nil {
		t.Fatal("another key unwraps")
	}
}
