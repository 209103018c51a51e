package usb

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestDefaultCatalogIsValid(t *testing.T) {
	c := DefaultCatalog()
	if c.Len() == 0 {
		t.Fatal("the embedded catalog is empty")
	}
	for _, e := range c.Entries() {
		if e.Driver == "" || e.Description == "" || e.Modality == "" {
			t.Errorf("%s: incomplete entry %+v", FormatID(e.VID, e.PID), e)
		}
	}
	e, ok := c.Match(DeviceDesc{VID: 0x056a, PID: 0x00a4})
	if !ok || e.Driver != "stu" || e.Modality != string(enroll.ModalitySignature) {
		t.Fatalf("Match(056a:00a4) = %+v, %v; want the stu driver for a signature pad", e, ok)
	}
}

func TestParseCatalog(t *testing.T) {
	tests := []struct {
		name, json string
		kind       enroll.Kind // -1: valid
	}{
		{"empty", `{"devices": {}}`, -1},
		{"one", `{"devices": {"1209:0001": {"driver": "loop", "modality": "finger", "description": "x"}}}`, -1},
		{"upper hex and 0x", `{"devices": {"0x1209:0XABCD": {"driver": "loop"}}}`, -1},
		{"bad id", `{"devices": {"1209-0001": {"driver": "loop"}}}`, enroll.KindInvalid},
		{"id too long", `{"devices": {"12090:0001": {"driver": "loop"}}}`, enroll.KindInvalid},
		{"no driver", `{"devices": {"1209:0001": {"description": "x"}}}`, enroll.KindInvalid},
		{"bad modality", `{"devices": {"1209:0001": {"driver": "d", "modality": "voice"}}}`, enroll.KindInvalid},
		{"unknown field", `{"devices": {"1209:0001": {"driver": "d", "drvier": "e"}}}`, enroll.KindInvalid},
		{"same id twice", `{"devices": {"1209:0001": {"driver": "a"}, "1209:1": {"driver": "b"}}}`, enroll.KindInvalid},
		{"trailing", `{"devices": {}} {}`, enroll.KindInvalid},
		{"not json", `devices`, enroll.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCatalog([]byte(tt.json))
			if got := enroll.KindOf(err); got != tt.kind {
				t.Fatalf("ParseCatalog(%s) kind = %v (%v), want %v", tt.json, got, err, tt.kind)
			}
		})
	}
}

func TestLoadCatalogOverridesAndExtends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usb-catalog.json")
	admin := `{"devices": {
		"056a:00a4": {"driver": "stu430x", "modality": "signature", "description": "patched STU-430"},
		"1209:0001": {"driver": "loop", "modality": "finger", "description": "test reader"}}}`
	if err := os.WriteFile(path, []byte(admin), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(path)
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	if c.Len() != DefaultCatalog().Len()+1 {
		t.Errorf("Len = %d, want the default %d plus one", c.Len(), DefaultCatalog().Len())
	}
	if e, _ := c.Match(DeviceDesc{VID: 0x056a, PID: 0x00a4}); e.Driver != "stu430x" {
		t.Errorf("override: driver = %q, want stu430x", e.Driver)
	}
	if e, ok := c.Match(DeviceDesc{VID: 0x1209, PID: 0x0001}); !ok || e.Description != "test reader" {
		t.Errorf("extension: %+v, %v", e, ok)
	}
	if e, ok := c.Match(DeviceDesc{VID: 0x05ba, PID: 0x000a}); !ok || e.Driver != "uru4000" {
		t.Errorf("untouched default entry lost: %+v, %v", e, ok)
	}
	if _, ok := c.Match(DeviceDesc{VID: 0x1209, PID: 0x0002}); ok {
		t.Error("Match of an unknown product succeeded")
	}
}

func TestLoadCatalogMissingAndBroken(t *testing.T) {
	dir := t.TempDir()
	c, err := LoadCatalog(filepath.Join(dir, "absent.json"))
	if err != nil || c.Len() != DefaultCatalog().Len() {
		t.Fatalf("missing file: %v, %v; want the default catalog", c, err)
	}
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`{"devices": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCatalog(broken); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("broken file: err = %v, want KindInvalid", err)
	}
	if _, err := LoadCatalog(dir); !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("a directory: err = %v, want KindUnavailable", err)
	}
}

func FuzzParseCatalog(f *testing.F) {
	f.Add([]byte(defaultCatalogJSON))
	f.Add([]byte(`{"devices": {"1209:0001": {"driver": "loop"}}}`))
	f.Add([]byte(`{"devices": {"ffff:ffff": {"driver": " ", "modality": "iris"}}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			if !enroll.IsKind(err, enroll.KindInvalid) {
				t.Fatalf("error of kind %v: %v", enroll.KindOf(err), err)
			}
			return
		}
		for _, e := range c.Entries() {
			if got, ok := c.Match(DeviceDesc{VID: e.VID, PID: e.PID}); !ok || got != e {
				t.Fatalf("Match(%s) = %+v, %v; want %+v", FormatID(e.VID, e.PID), got, ok, e)
			}
			if e.validate() != nil {
				t.Fatalf("accepted invalid entry %+v", e)
			}
		}
	})
}
