package sbitest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// PKI is a test device provider: a CA and the device certificate and key it issued.
// Stations trust CA; the service signs with Key and presents Cert in x5c.
type PKI struct {
	CA   *x509.Certificate
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
}

// NewPKI generates a CA and a device key pair (RSA 2048) valid from now-1h for 20 years.
func NewPKI(now time.Time) (*PKI, error) {
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	devKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate device key: %w", err)
	}
	from, to := now.Add(-time.Hour), now.AddDate(20, 0, 0)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Rekam Test Device Provider CA", Organization: []string{"Rekam test"}},
		NotBefore: from, NotAfter: to, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate: %w", err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	devTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Rekam Test SBI Device", Organization: []string{"Rekam test"}},
		NotBefore: from, NotAfter: to, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	devDER, err := x509.CreateCertificate(rand.Reader, devTmpl, ca, &devKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("create device certificate: %w", err)
	}
	cert, _ := x509.ParseCertificate(devDER)
	return &PKI{CA: ca, Cert: cert, Key: devKey}, nil
}

// The file names WritePEM and ReadPKI use.
const (
	CAFile   = "ca.pem"
	CertFile = "device.pem"
	KeyFile  = "device-key.pem"
)

// WritePEM writes the CA certificate, the device certificate and the device key (PKCS #8)
// into dir.
func (p *PKI) WritePEM(dir string) error {
	keyDER, err := x509.MarshalPKCS8PrivateKey(p.Key)
	if err != nil {
		return err
	}
	files := map[string]*pem.Block{
		CAFile:   {Type: "CERTIFICATE", Bytes: p.CA.Raw},
		CertFile: {Type: "CERTIFICATE", Bytes: p.Cert.Raw},
		KeyFile:  {Type: "PRIVATE KEY", Bytes: keyDER},
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(b), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// ReadPKI reads what WritePEM wrote.
func ReadPKI(dir string) (*PKI, error) {
	read := func(name, typ string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		blk, _ := pem.Decode(b)
		if blk == nil || blk.Type != typ {
			return nil, fmt.Errorf("%s: no %s PEM block", name, typ)
		}
		return blk.Bytes, nil
	}
	p := &PKI{}
	der, err := read(CAFile, "CERTIFICATE")
	if err == nil {
		p.CA, err = x509.ParseCertificate(der)
	}
	if err == nil {
		der, err = read(CertFile, "CERTIFICATE")
	}
	if err == nil {
		p.Cert, err = x509.ParseCertificate(der)
	}
	if err == nil {
		der, err = read(KeyFile, "PRIVATE KEY")
	}
	var key any
	if err == nil {
		key, err = x509.ParsePKCS8PrivateKey(der)
	}
	if err != nil {
		return nil, fmt.Errorf("read test PKI from %s: %w", dir, err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("device key is not RSA")
	}
	p.Key = rk
	return p, nil
}

// Pool returns a pool holding the CA, for the station's Config.Roots.
func (p *PKI) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.CA)
	return pool
}

// Sign returns the JWS compact serialisation of payload, RS256 with the device
// certificate in x5c (standard base64 DER, RFC 7515 §4.1.6), typ JWT (spec change of
// 4 Dec 2020).
func (p *PKI) Sign(payload []byte) string {
	hdr, _ := json.Marshal(struct {
		Alg string   `json:"alg"`
		Typ string   `json:"typ"`
		X5c []string `json:"x5c"`
	}{"RS256", "JWT", []string{base64.StdEncoding.EncodeToString(p.Cert.Raw)}})
	input := b64(hdr) + "." + b64(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, p.Key, crypto.SHA256, sum[:])
	if err != nil {
		panic(fmt.Sprintf("sign: %v", err)) // only for a broken key, which ReadPKI/NewPKI exclude
	}
	return input + "." + b64(sig)
}

// b64 is unpadded base64url.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
