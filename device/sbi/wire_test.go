package sbi

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// seedGolden adds a golden file to a fuzz corpus.
func seedGolden(f *testing.F, name string) {
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

// fuzzClient is a client of the golden slap scanner, built without the network.
func fuzzClient(f *testing.F) (*Client, *sbitest.PKI) {
	pki, err := sbitest.ReadPKI(filepath.Join("testdata", "pki"))
	if err != nil {
		f.Fatal(err)
	}
	cfg := Config{Roots: pki.Pool(), Now: clock}.withDefaults()
	d := DeviceInfo{BaseURL: goldenBase, DeviceID: "1", Type: "Finger", SubType: "Slap", Serial: "RKMFS0000001",
		Env: "Developer", Purpose: "Registration", Signer: pki.Cert}
	return newClient(cfg, d), pki
}

// FuzzCaptureResponse feeds RCAPTURE replies to the verifier of the golden request:
// nothing panics, and whatever is accepted is signed by the device and chained.
func FuzzCaptureResponse(f *testing.F) {
	c, pki := fuzzClient(f)
	seedGolden(f, "rcapture_response.json")
	f.Add([]byte(`{"biometrics":[{"specVersion":"0.9.5","data":"","hash":"","error":{"errorCode":111,"errorInfo":"busy"}}]}`))
	f.Add([]byte(`{"biometrics":[]}`))
	f.Add([]byte(`{"biometrics":null} x`))
	req := CaptureRequest{Type: "Finger", Count: 1, SubID: 2, BioSubTypes: []string{"Right IndexFinger"}, MinQuality: 40}
	start, _ := parsePreviousHash("")
	f.Fuzz(func(t *testing.T, b []byte) {
		bios, last, err := c.verifyResponse("fuzz", c.Device(), b, "txn-0001", req, start)
		if err != nil {
			return
		}
		link := start
		for _, bio := range bios {
			if !sameCert(bio.Signer, pki.Cert) || bio.TransactionID != "txn-0001" {
				t.Fatalf("accepted a biometric signed by %v for %q", bio.Signer.Subject, bio.TransactionID)
			}
			link = ChainHash(link, bio.Record)
		}
		if string(link) != string(last) || len(bios) != 1 {
			t.Fatal("accepted biometrics off the chain")
		}
	})
}

// FuzzDeviceInfo feeds MOSIPDINFO replies to the verifier.
func FuzzDeviceInfo(f *testing.F) {
	c, pki := fuzzClient(f)
	seedGolden(f, "info_response.json")
	f.Add([]byte(`[{"deviceInfo":"e30","error":{"errorCode":"100","errorInfo":"Device not registered"}}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var infos []infoEntry
		if decodeJSON(b, &infos) != nil {
			return
		}
		for _, e := range infos {
			unsignedDeviceID(e)
			d, err := verifyInfo(c.cfg, goldenBase, e)
			if err == nil && (!sameCert(d.Signer, pki.Cert) || d.Purpose != "Registration" || d.Serial == "") {
				t.Fatalf("accepted device info %+v", d)
			}
		}
	})
}

// FuzzDiscoverResponse feeds MOSIPDISC replies to the decoder.
func FuzzDiscoverResponse(f *testing.F) {
	seedGolden(f, "discover_response.json")
	f.Add([]byte(`[{"deviceId":1,"deviceSubId":[1,"2",null]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var found []discoverEntry
		if decodeJSON(b, &found) == nil {
			for _, e := range found {
				e.Error.failed()
			}
		}
	})
}

// TestTamperedReplies alters golden replies and checks the verifiers refuse them.
func TestTamperedReplies(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pki := loadPKI(t, "pki")
	cfg := Config{Roots: pki.Pool(), Now: clock}.withDefaults()

	var infos []infoEntry
	if err := decodeJSON(read("info_response.json"), &infos); err != nil {
		t.Fatal(err)
	}
	if _, err := verifyInfo(cfg, goldenBase, infos[0]); err != nil {
		t.Fatalf("golden device info: %v", err)
	}
	e := infos[0]
	parts := strings.Split(e.DeviceInfo, ".")
	payload, _ := decodeB64URL(parts[1])
	parts[1] = base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte(`"Ready"`), []byte(`"Busy!"`), 1))
	e.DeviceInfo = strings.Join(parts, ".")
	_, err := verifyInfo(cfg, goldenBase, e)
	wantKind(t, err, enroll.KindProtocol)

	// A capture signed by a trusted certificate that is not the device's own.
	d := DeviceInfo{BaseURL: goldenBase, DeviceID: "1", Type: "Finger", Serial: "RKMFS0000001", Signer: pki.CA}
	c := newClient(cfg, d)
	req := CaptureRequest{Type: "Finger", Count: 1, SubID: 2, BioSubTypes: []string{"Right IndexFinger"}}
	start, _ := parsePreviousHash("")
	_, _, err = c.verifyResponse("test", d, read("rcapture_response.json"), "txn-0001", req, start)
	if !enroll.IsKind(err, enroll.KindProtocol) || !strings.Contains(err.Error(), "not by the device's certificate") {
		t.Errorf("capture by another certificate: %v", err)
	}
	// The same reply for another transaction, another finger or another chain position.
	d.Signer = pki.Cert
	for name, try := range map[string]func() error{
		"transaction": func() error {
			_, _, err := c.verifyResponse("test", d, read("rcapture_response.json"), "txn-0002", req, start)
			return err
		},
		"finger": func() error {
			r := req
			r.BioSubTypes = []string{"Right RingFinger"}
			_, _, err := c.verifyResponse("test", d, read("rcapture_response.json"), "txn-0001", r, start)
			return err
		},
		"chain": func() error {
			_, _, err := c.verifyResponse("test", d, read("rcapture_response.json"), "txn-0001", req, ChainHash(start, nil))
			return err
		},
	} {
		if err := try(); !enroll.IsKind(err, enroll.KindProtocol) {
			t.Errorf("replayed reply for another %s: %v", name, err)
		}
	}
	if _, _, err := c.verifyResponse("test", d, read("rcapture_response.json"), "txn-0001", req, start); err != nil {
		t.Errorf("untouched golden reply: %v", err)
	}
}
