package main

import (
	"context"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/afis"
)

// TestMasterDataPull: the station takes the centre's regions and checklist once per
// version and keeps them.
func TestMasterDataPull(t *testing.T) {
	c := startCentre(t)
	cl := enroll.DefaultChecklist()
	cl.Items = cl.Items[:2]
	c.md = &afis.MasterData{Version: "2026.11-1", Checklist: &cl, Regions: []enroll.Region{
		{Code: "33", Level: enroll.LevelProvince, Name: "JAWA TENGAH"},
		{Code: "3313", Parent: "33", Level: enroll.LevelRegency, Name: "KABUPATEN KARANGANYAR"},
		{Code: "331309", Parent: "3313", Level: enroll.LevelDistrict, Name: "JATEN"},
		{Code: "3313092001", Parent: "331309", Level: enroll.LevelVillage, Name: "JATEN", Postal: "57771"},
	}}
	c.restart() // serve the master data
	st := newStation(t, c, "3313-MD-01", "https://"+c.addr)
	ctx := context.Background()
	v, err := pullMasterData(ctx, st.store, st.client)
	if err != nil || v != "2026.11-1" {
		t.Fatalf("pull: %q %v", v, err)
	}
	regs, err := st.store.Regions(ctx, "331309")
	if err != nil || len(regs) != 1 || regs[0].Name != "JATEN" || regs[0].Postal != "57771" {
		t.Fatalf("regions %+v %v", regs, err)
	}
	raw, _ := st.store.Setting(ctx, checklistKey)
	got, err := enroll.ParseChecklist([]byte(raw))
	if err != nil || len(got.Items) != 2 {
		t.Fatalf("checklist %s %v", raw, err)
	}
	// The same version again: nothing is fetched (304) and nothing changes.
	if v, err := pullMasterData(ctx, st.store, st.client); err != nil || v != "2026.11-1" {
		t.Fatalf("second pull: %q %v", v, err)
	}
}
