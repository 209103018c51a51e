package sbi

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// rawToken assembles a token from a header object, a payload and a signature.
func rawToken(header any, payload, sig []byte) string {
	h, _ := json.Marshal(header)
	e := base64.RawURLEncoding.EncodeToString
	return e(h) + "." + e(payload) + "." + e(sig)
}

// signHeader signs payload under an arbitrary protected header.
func signHeader(t *testing.T, key *rsa.PrivateKey, header any, payload []byte) string {
	t.Helper()
	h, _ := json.Marshal(header)
	e := base64.RawURLEncoding.EncodeToString
	input := e(h) + "." + e(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + e(sig)
}

func TestVerifyToken(t *testing.T) {
	pki := loadPKI(t, "pki")
	roots := pki.Pool()
	payload := []byte(`{"deviceId":"1"}`)
	good := pki.Sign(payload)
	parts := strings.Split(good, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	x5c := base64.StdEncoding.EncodeToString(pki.Cert.Raw)

	signed, err := VerifyToken(good, roots, fixedNow)
	if err != nil {
		t.Fatalf("good token: %v", err)
	}
	if string(signed.Payload) != string(payload) || !sameCert(signed.Signer, pki.Cert) {
		t.Fatalf("payload %q signer %v", signed.Payload, signed.Signer.Subject)
	}
	// x5c as one string rather than an array, as some devices send it, is accepted.
	one := signHeader(t, pki.Key, map[string]any{"alg": "RS256", "x5c": x5c}, payload)
	if _, err := VerifyToken(one, roots, fixedNow); err != nil {
		t.Errorf("x5c as a string: %v", err)
	}

	// A 1024-bit key is refused even when its certificate is trusted.
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "small"},
		NotBefore: fixedNow.Add(-time.Hour), NotAfter: fixedNow.Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &small.PublicKey, small)
	if err != nil {
		t.Fatal(err)
	}
	smallRoots := x509.NewCertPool()
	smallCert, _ := x509.ParseCertificate(der)
	smallRoots.AddCert(smallCert)
	smallTok := signHeader(t, small, map[string]any{"alg": "RS256", "x5c": []string{base64.StdEncoding.EncodeToString(der)}}, payload)

	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"deviceId":"2"}`)) + "." + parts[2]
	tests := []struct {
		name  string
		token string
		roots *x509.CertPool
		now   time.Time
		want  string
	}{
		{"untrusted", loadPKI(t, "pki-other").Sign(payload), roots, fixedNow, "not trusted"},
		{"tampered payload", tampered, roots, fixedNow, "bad signature"},
		{"signature of another payload", parts[0] + "." + parts[1] + "." + strings.Split(pki.Sign([]byte("{}")), ".")[2], roots, fixedNow, "bad signature"},
		{"unsigned", base64.RawURLEncoding.EncodeToString(payload), roots, fixedNow, "not signed"},
		{"empty signature", parts[0] + "." + parts[1] + ".", roots, fixedNow, "not signed"},
		{"alg none", rawToken(map[string]any{"alg": "none", "x5c": []string{x5c}}, payload, []byte{1}), roots, fixedNow, "alg"},
		{"alg HS256", rawToken(map[string]any{"alg": "HS256", "x5c": []string{x5c}}, payload, sig), roots, fixedNow, "alg"},
		{"no x5c", rawToken(map[string]any{"alg": "RS256"}, payload, sig), roots, fixedNow, "x5c"},
		{"crit", rawToken(map[string]any{"alg": "RS256", "x5c": []string{x5c}, "crit": []string{"exp"}}, payload, sig), roots, fixedNow, "critical"},
		{"expired", good, roots, time.Date(2046, 1, 1, 0, 0, 0, 0, time.UTC), "not trusted"},
		{"not yet valid", good, roots, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "not trusted"},
		{"no roots", good, nil, fixedNow, "roots"},
		{"garbage x5c", rawToken(map[string]any{"alg": "RS256", "x5c": []string{"AAAA"}}, payload, sig), roots, fixedNow, "x5c"},
		{"four parts", good + ".x", roots, fixedNow, "not signed"},
		{"standard base64 payload", parts[0] + "." + base64.StdEncoding.EncodeToString([]byte("{\"a\":\"??>\"}")) + "." + parts[2], roots, fixedNow, "payload"},
		{"small key", smallTok, smallRoots, fixedNow, "bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VerifyToken(tt.token, tt.roots, tt.now)
			if err == nil {
				t.Fatal("verified")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

// FuzzParseToken: parsing never panics, and whatever parses re-verifies consistently.
func FuzzParseToken(f *testing.F) {
	pki, err := sbitest.ReadPKI("testdata/pki")
	if err != nil {
		f.Fatal(err)
	}
	good := pki.Sign([]byte(`{"deviceId":"1"}`))
	f.Add(good)
	f.Add(strings.Split(good, ".")[1])
	f.Add("e30.e30.AA")
	f.Add("..")
	f.Add(rawToken(map[string]any{"alg": "RS256", "x5c": "AAAA"}, []byte("{}"), []byte{1}))
	roots := pki.Pool()
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := ParseToken(s)
		if err != nil {
			return
		}
		signed, err := tok.Verify(roots, fixedNow)
		if err == nil && (!sameCert(signed.Signer, pki.Cert) || string(signed.Payload) != string(tok.Payload())) {
			t.Fatalf("verified a token not signed by the device: %q", s)
		}
	})
}
