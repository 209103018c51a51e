package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/wire"
)

// provisioned is a station provisioned against a real centre, with an operator and
// two records in its upload queue.
type provisioned struct {
	data, bundle string
}

func writeBundle(t *testing.T, c *centre, station, token string) string {
	t.Helper()
	if err := c.server().AddStation(context.Background(), station, token); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(wire.Bundle{Station: station, ServerURL: "https://" + c.addr, CAPEM: string(c.keys.CAPEM),
		Recipient: c.keys.Identity.Recipient().String(), Token: token})
	p := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func newProvisioned(t *testing.T, c *centre) provisioned {
	t.Helper()
	old := authParams
	authParams = auth.Params{Time: 1, Memory: 64, Threads: 1}
	promptOutput = io.Discard
	t.Cleanup(func() { authParams = old })
	p := provisioned{data: filepath.Join(t.TempDir(), "station"), bundle: writeBundle(t, c, "3313-PRV-01", "tok-real")}
	t.Setenv("REKAM_PASSWORD", "kata-sandi-admin")
	if err := runProvision([]string{"--data", p.data, "--admin", "admin", p.bundle}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := runOperator([]string{"--data", p.data, "--as", "admin", "add", "budi", "operator", "Budi"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := runDemo([]string{"enroll", "--data", p.data, "--as", "budi", "--count", "2", "--seed", "5"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot is every file of the data directory that provisioning may touch, plus the
// upload queue.
func snapshot(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"station.json", "station.key", "ca.pem", "registration.token"} {
		b, err := os.ReadFile(filepath.Join(data, name))
		if err != nil {
			b = []byte("(absent)")
		}
		out[name] = string(b)
	}
	st, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, err := st.OutboxItems(context.Background(), 0, 1000, true)
	if err != nil {
		t.Fatal(err)
	}
	var q bytes.Buffer
	for _, it := range items {
		json.NewEncoder(&q).Encode(it)
	}
	out["queue"] = q.String()
	sealed, _ := st.Setting(context.Background(), sealedKeySetting)
	out["sealed key"] = sealed
	return out
}

func sameSnapshot(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	for k := range a {
		if a[k] != b[k] {
			t.Errorf("%s changed %s", what, k)
		}
	}
}

// TestReprovisionHijack: a rogue bundle for the same station ID cannot take over a
// provisioned station without an admin; with one, it is refused while packets sealed to
// the real centre are queued; once they are sent, the admin's re-provisioning is audited,
// keeps the key sealed and registers the same key.
func TestReprovisionHijack(t *testing.T) {
	real, rogue := startCentre(t), startCentre(t)
	p := newProvisioned(t, real)
	rogueBundle := writeBundle(t, rogue, "3313-PRV-01", "tok-rogue")
	before := snapshot(t, p.data)
	if !strings.Contains(before["queue"], "record_id") && !strings.Contains(before["queue"], "RecordID") {
		t.Fatalf("no queued packets to protect: %q", before["queue"])
	}

	t.Setenv("REKAM_PASSWORD", "")
	secretInput = nil
	err := runProvision([]string{"--data", p.data, rogueBundle}, io.Discard)
	if enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("re-provision without a login: %v, want KindPermission", err)
	}
	sameSnapshot(t, "re-provisioning without a login", before, snapshot(t, p.data))

	t.Setenv("REKAM_PASSWORD", "kata-sandi-admin") // budi's password too (set by operator add)
	err = runProvision([]string{"--data", p.data, "--as", "budi", rogueBundle}, io.Discard)
	if enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("re-provision as an operator: %v, want KindPermission", err)
	}
	sameSnapshot(t, "re-provisioning as an operator", before, snapshot(t, p.data))

	err = runProvision([]string{"--data", p.data, "--as", "admin", rogueBundle}, io.Discard)
	if enroll.KindOf(err) != enroll.KindConflict {
		t.Errorf("re-provision with 2 queued packets: %v, want KindConflict", err)
	}
	sameSnapshot(t, "a refused re-provisioning", before, snapshot(t, p.data))

	if err := runSync([]string{"--data", p.data, "--once", "--as", "admin"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := runProvision([]string{"--data", p.data, "--as", "admin", rogueBundle}, io.Discard); err != nil {
		t.Fatalf("an admin's re-provisioning with an empty queue: %v", err)
	}
	if _, err := os.Stat(keyPath(p.data)); !os.IsNotExist(err) {
		t.Errorf("re-provisioning wrote station.key: %v", err)
	}
	after := snapshot(t, p.data)
	if after["sealed key"] != before["sealed key"] {
		t.Error("re-provisioning replaced the sealed station key")
	}
	k1, ok1 := real.server().StationKey("3313-PRV-01")
	k2, ok2 := rogue.server().StationKey("3313-PRV-01")
	if !ok1 || !ok2 || !k1.Equal(k2) {
		t.Errorf("the new centre did not get the station's own key (%v %v)", ok1, ok2)
	}
	n := countAudit(t, p.data, auth.ActionProvision, "admin", rogue.addr)
	if n != 1 {
		t.Errorf("%d audit entries for the re-provisioning, want 1", n)
	}
}

// TestImportWilayahNeedsLogin: replacing the region master data needs a supervisor or
// an admin and is audited; without a login, or as an operator, nothing changes.
func TestImportWilayahNeedsLogin(t *testing.T) {
	p := newProvisioned(t, startCentre(t))
	evil := filepath.Join(t.TempDir(), "evil.csv")
	os.WriteFile(evil, []byte("kode,kode_induk,tingkat,nama,kodepos\n33,,provinsi,EVIL VILLAGE,\n"), 0o600)
	version := func() string {
		st, err := openStore(p.data)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		v, _ := st.RegionVersion(context.Background())
		return v.Version
	}
	before := version()
	t.Setenv("REKAM_PASSWORD", "")
	secretInput = nil
	if err := runImportWilayah([]string{"--data", p.data, evil}, io.Discard); enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("import-wilayah without a login: %v, want KindPermission", err)
	}
	t.Setenv("REKAM_PASSWORD", "kata-sandi-admin")
	if err := runImportWilayah([]string{"--data", p.data, "--as", "budi", evil}, io.Discard); enroll.KindOf(err) != enroll.KindPermission {
		t.Errorf("import-wilayah as an operator: %v, want KindPermission", err)
	}
	if v := version(); v != before {
		t.Fatalf("a refused import changed the master data: %q → %q", before, v)
	}
	if err := runImportWilayah([]string{"--data", p.data, "--as", "admin", "--version", "v-test", evil}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != "v-test" {
		t.Errorf("version after the admin's import: %q", v)
	}
	n := countAudit(t, p.data, auth.ActionMasterData, "admin", "v-test")
	if n != 1 {
		t.Errorf("%d audit entries for the import, want 1", n)
	}
}

// countAudit verifies the audit chain of the station in data and counts the entries of
// action by actor whose detail contains detail.
func countAudit(t *testing.T, data string, action auth.Action, actor, detail string) int {
	t.Helper()
	st, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, log := stationAccounts(st)
	entries, _, err := log.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action && e.Actor == actor && strings.Contains(e.Detail, detail) {
			n++
		}
	}
	return n
}
