package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/sync/wire"
)

// TestStationKeySealedAtProvisioning: after provisioning, the station's signing key is no
// longer a file: it lives sealed in the encrypted store, its bytes appear nowhere on disk,
// and the first admin's login unseals the key the centre registered.
func TestStationKeySealedAtProvisioning(t *testing.T) {
	c := startCentre(t)
	ctx := context.Background()
	if err := c.server().AddStation(ctx, "3313-KEY-01", "tok-key"); err != nil {
		t.Fatal(err)
	}
	b := wire.Bundle{Station: "3313-KEY-01", ServerURL: "https://" + c.addr, CAPEM: string(c.keys.CAPEM),
		Recipient: c.keys.Identity.Recipient().String(), Token: "tok-key"}
	dir := t.TempDir()
	raw, _ := json.Marshal(b)
	bundle := filepath.Join(dir, "bundle.json")
	os.WriteFile(bundle, raw, 0o600)
	data := filepath.Join(dir, "station")
	t.Setenv("REKAM_PASSWORD", "kata-sandi-admin")
	if err := runProvision([]string{"--data", data, "--admin", "admin", bundle}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(keyPath(data)); !os.IsNotExist(err) {
		t.Fatalf("station.key still on disk: %v", err)
	}
	registered, ok := c.server().StationKey("3313-KEY-01")
	if !ok {
		t.Fatal("the centre has no key for the station")
	}
	rt, err := openRuntime(data, runtimeOptions{fast: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.close()
	if rt.key != nil {
		t.Fatal("the key is available before any login")
	}
	if err := rt.unlockCLI(ctx, "admin", core.ActionSync, io.Discard); err != nil {
		t.Fatal(err)
	}
	if rt.key == nil || !registered.Equal(rt.key.Public()) || !bytes.Equal(rt.builder.Key, rt.key) {
		t.Fatal("the unsealed key is not the registered one, or the packet builder lacks it")
	}
	seed := rt.key.Seed()
	for _, name := range []string{"rekam.db", "rekam.db-wal", "rekam.db-shm", "station.json"} {
		b, err := os.ReadFile(filepath.Join(data, name))
		if err == nil && bytes.Contains(b, seed) {
			t.Errorf("%s holds the station key in the clear", name)
		}
	}
}
