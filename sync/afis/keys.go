package afis

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
)

// Keys are the centre's long-lived secrets: the TLS certificate authority that stations
// pin, the server's TLS certificate, and the age identity packets are sealed to.
type Keys struct {
	CAPEM    []byte
	TLS      tls.Certificate
	Identity *age.X25519Identity
}

// LoadOrCreateKeys reads the keys under dir/keys, creating them on first start. hosts
// are the names and IP addresses the server certificate is valid for.
func LoadOrCreateKeys(dir string, hosts []string) (*Keys, bool, error) {
	kd := filepath.Join(dir, "keys")
	caCert, caKey := filepath.Join(kd, "ca.pem"), filepath.Join(kd, "ca.key")
	srvCert, srvKey := filepath.Join(kd, "server.pem"), filepath.Join(kd, "server.key")
	idPath := filepath.Join(kd, "packets.agekey")
	created := false
	if _, err := os.Stat(idPath); errors.Is(err, os.ErrNotExist) {
		if err := createKeys(kd, hosts); err != nil {
			return nil, false, err
		}
		created = true
	}
	k := &Keys{}
	var err error
	if k.CAPEM, err = os.ReadFile(caCert); err != nil {
		return nil, false, err
	}
	if k.TLS, err = tls.LoadX509KeyPair(srvCert, srvKey); err != nil {
		return nil, false, fmt.Errorf("load server certificate: %w", err)
	}
	_ = caKey
	raw, err := os.ReadFile(idPath)
	if err != nil {
		return nil, false, err
	}
	if k.Identity, err = age.ParseX25519Identity(strings.TrimSpace(string(raw))); err != nil {
		return nil, false, fmt.Errorf("load packet identity: %w", err)
	}
	return k, created, nil
}

func createKeys(kd string, hosts []string) error {
	if err := os.MkdirAll(kd, 0o700); err != nil {
		return err
	}
	caPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Rekam AFIS CA", Organization: []string{"Rekam"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(20, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caPriv.PublicKey, caPriv)
	if err != nil {
		return err
	}
	caParsed, _ := x509.ParseCertificate(caDER)
	srvPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	srv := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Rekam AFIS"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			srv.IPAddresses = append(srv.IPAddresses, ip)
		} else {
			srv.DNSNames = append(srv.DNSNames, h)
		}
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srv, caParsed, &srvPriv.PublicKey, caPriv)
	if err != nil {
		return err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	caKeyDER, _ := x509.MarshalECPrivateKey(caPriv)
	srvKeyDER, _ := x509.MarshalECPrivateKey(srvPriv)
	files := map[string][]byte{
		"ca.pem":         pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		"ca.key":         pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: caKeyDER}),
		"server.pem":     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvDER}),
		"server.key":     pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: srvKeyDER}),
		"packets.agekey": []byte(id.String() + "\n"),
	}
	for name, data := range files {
		if err := writeDurable(filepath.Join(kd, name), data); err != nil {
			return err
		}
	}
	return nil
}

// NewToken returns a random registration token.
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}
