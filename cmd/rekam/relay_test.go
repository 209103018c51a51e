package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rekam-id/rekam/sync/drive"
	"github.com/rekam-id/rekam/sync/uplink"
)

// TestDriveTransferRelay: a mobile station with no network writes its sealed queue to a
// drive; one packet on the drive gets corrupted; the office station imports the drive
// (twice: the second time adds nothing) and uploads the packets for it; the centre holds
// every intact packet once, checked against the mobile station's own key.
func TestDriveTransferRelay(t *testing.T) {
	c := startCentre(t)
	mobile := newStation(t, c, "3313-MOBILE-01", "https://"+c.addr)
	office := newStation(t, c, "3313-OFFICE-01", "https://"+c.addr)
	mobile.fill(t, 5, 96)
	ctx := context.Background()

	items, err := mobile.store.OutboxItems(ctx, 0, 100, false)
	if err != nil || len(items) != 5 {
		t.Fatalf("outbox %d %v", len(items), err)
	}
	var entries []drive.Entry
	for _, it := range items {
		entries = append(entries, drive.Entry{PacketID: it.Packet.ID, RecordID: it.RecordID, Seq: it.Seq, Size: it.Packet.Size, SHA256: it.Packet.SHA256})
	}
	dir := filepath.Join(t.TempDir(), "usb")
	err = drive.Write(dir, mobile.id, time.Now(), entries, func(e drive.Entry) (io.ReadCloser, error) {
		r, _, err := mobile.store.PacketReader(ctx, e.RecordID)
		return r, err
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "packets", entries[2].PacketID+".pkt")
	data, _ := os.ReadFile(bad)
	data[len(data)/2] ^= 0xff
	os.WriteFile(bad, data, 0o600)

	for round, wantAdded := range []int{4, 0} {
		added := 0
		_, problems, err := drive.Read(dir, func(e drive.Entry, pkt []byte) error {
			ok, err := office.store.AddRelay(ctx, sqliteRelay(e, pkt))
			if ok {
				added++
			}
			return err
		})
		if err != nil || added != wantAdded || len(problems) != 1 || problems[0].PacketID != entries[2].PacketID {
			t.Fatalf("import %d: added %d, problems %+v, %v", round+1, added, problems, err)
		}
	}
	eng := uplink.New(uplink.Config{Station: office.id, Outbox: storeOutbox{office.store}, Transport: office.client})
	sum, err := eng.SyncOnce(ctx)
	if err != nil || sum.Uploaded != 4 || sum.Rejected != 0 {
		t.Fatalf("office sync: %+v %v", sum, err)
	}
	pk, _ := c.server().Packets(ctx)
	if len(pk) != 4 {
		t.Fatalf("centre holds %d packets, want 4", len(pk))
	}
	for _, p := range pk {
		if p.Station != mobile.id {
			t.Errorf("packet %s filed under %s, want the mobile station", p.PacketID, p.Station)
		}
	}
	// The mobile station comes online later: the centre already has four; one is new.
	eng2 := uplink.New(uplink.Config{Station: mobile.id, Outbox: storeOutbox{mobile.store}, Transport: mobile.client})
	sum, err = eng2.SyncOnce(ctx)
	if err != nil || sum.AlreadyThere != 4 || sum.Uploaded != 1 {
		t.Fatalf("mobile sync: %+v %v", sum, err)
	}
}
