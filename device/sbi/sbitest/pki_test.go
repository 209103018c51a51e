package sbitest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var writePKI = flag.Bool("write-pki", false, "regenerate ../testdata/pki and ../testdata/pki-other")

// PKIEpoch is when the committed test PKI starts to be valid (it lasts 20 years).
var pkiEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// TestWritePKI regenerates the committed test PKIs when run with -write-pki; otherwise
// it checks that they load and that the device certificate chains to its CA.
func TestWritePKI(t *testing.T) {
	for _, dir := range []string{"pki", "pki-other"} {
		path := filepath.Join("..", "testdata", dir)
		if *writePKI {
			p, err := NewPKI(pkiEpoch)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := p.WritePEM(path); err != nil {
				t.Fatal(err)
			}
		}
		p, err := ReadPKI(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Cert.CheckSignatureFrom(p.CA); err != nil {
			t.Errorf("%s: device certificate not issued by its CA: %v", dir, err)
		}
		if !p.Key.PublicKey.Equal(p.Cert.PublicKey) {
			t.Errorf("%s: device key does not match its certificate", dir)
		}
	}
}
