package wire

import (
	"crypto/ed25519"
	"errors"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	other, _, _ := ed25519.GenerateKey(nil)
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	h := BodyHash([]byte(`{"a":1}`))
	date, sig := Sign(key, "POST", "/v1/batches", now, h)
	if err := Verify(pub, "POST", "/v1/batches", date, sig, h, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"other key":    Verify(other, "POST", "/v1/batches", date, sig, h, now),
		"other method": Verify(pub, "PUT", "/v1/batches", date, sig, h, now),
		"other path":   Verify(pub, "POST", "/v1/batches?x=1", date, sig, h, now),
		"other body":   Verify(pub, "POST", "/v1/batches", date, sig, BodyHash(nil), now),
		"garbage sig":  Verify(pub, "POST", "/v1/batches", date, "!!", h, now),
	} {
		if !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := Verify(pub, "POST", "/v1/batches", date, sig, h, now.Add(6*time.Minute)); !errors.Is(err, ErrStaleDate) {
		t.Errorf("stale: %v", err)
	}
	if err := Verify(pub, "POST", "/v1/batches", "yesterday", sig, h, now); !errors.Is(err, ErrStaleDate) {
		t.Errorf("bad date: %v", err)
	}
}
