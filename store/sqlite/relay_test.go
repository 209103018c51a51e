package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func relayOf(packetID, recordID string, data []byte) RelayPacket {
	sum := sha256.Sum256(data)
	return RelayPacket{PacketID: packetID, RecordID: recordID, SHA256: hex.EncodeToString(sum[:]), Data: data}
}

func TestAddRelay(t *testing.T) { forModes(t, checkAddRelay) }

func checkAddRelay(t *testing.T, s *Store) {
	ctx := context.Background()
	seqs, _ := commitN(t, s, 1)
	p := relayOf("pkt-far-1", "far-1", []byte("sealed bytes of another station"))
	added, err := s.AddRelay(ctx, p)
	if err != nil || !added {
		t.Fatalf("AddRelay = %v, %v; want added", added, err)
	}
	if again, err := s.AddRelay(ctx, p); err != nil || again {
		t.Fatalf("repeated AddRelay = %v, %v; want already here", again, err)
	}
	bad := p
	bad.Data = []byte("tampered")
	if _, err := s.AddRelay(ctx, bad); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("AddRelay(tampered) = %v, want invalid", err)
	}
	if _, err := s.AddRelay(ctx, relayOf("pkt-other", "far-1", []byte("x"))); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("AddRelay(same record, other packet) = %v, want conflict", err)
	}
	if _, err := s.AddRelay(ctx, relayOf("pkt-x", "q0", []byte("x"))); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("AddRelay(a local record's ID) = %v, want conflict", err)
	}
	items, err := s.Outbox(ctx, 0, 10)
	if err != nil || len(items) != 2 || items[0].Relay || !items[1].Relay || items[1].Seq <= seqs[0] ||
		items[1].Packet == nil || items[1].Packet.ID != "pkt-far-1" {
		t.Fatalf("outbox = %+v, %v", items, err)
	}
	r, _, err := s.PacketReader(ctx, "far-1")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if string(got) != string(p.Data) {
		t.Fatalf("relayed packet reads back as %q", got)
	}
	// Sending a relayed packet marks the outbox; there is no local record to move.
	if err := s.MarkSent(ctx, items[1].Seq, "RCPT"); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.OutboxItems(ctx, 0, 10, false); len(q) != 1 {
		t.Fatalf("queued after sending the relay: %+v", q)
	}
	if all, _ := s.OutboxItems(ctx, 0, 10, true); len(all) != 2 || all[1].State != Sent || all[1].Receipt != "RCPT" {
		t.Fatalf("OutboxItems(all) = %+v", all)
	}
}

func TestSettingsAndStatusCounts(t *testing.T) { forModes(t, checkSettingsAndStatusCounts) }

func checkSettingsAndStatusCounts(t *testing.T, s *Store) {
	ctx := context.Background()
	if v, err := s.Setting(ctx, "sync.status_cursor"); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v", v, err)
	}
	for _, v := range []string{"c1", "c2"} {
		if err := s.SetSetting(ctx, "sync.status_cursor", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Setting(ctx, "sync.status_cursor"); err != nil || got != v {
			t.Fatalf("setting = %q, %v; want %q", got, err, v)
		}
	}
	seedList(t, s)
	counts, err := s.StatusCounts(ctx)
	want := []StatusCount{{enroll.StatusDraft, 2}, {enroll.StatusBioCaptured, 4}}
	if err != nil || len(counts) != len(want) || counts[0] != want[0] || counts[1] != want[1] {
		t.Fatalf("StatusCounts = %v, %v; want %v", counts, err, want)
	}
}

// commitV2 commits n records with packets the way a station with schema version 2 did,
// in raw SQL (today's code writes columns that version lacks), and returns their outbox
// sequence numbers.
func commitV2(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	var seqs []int64
	for i := range n {
		id := fmt.Sprintf("q%d", i)
		if _, err := s.db.Exec(`INSERT INTO records (id, status, nik, name, name_key, arrived, updated, summary, meta)
			VALUES (?, 'BIO_CAPTURED', '3313094512000001', 'SRI', 'SRI', 1, 1, '{}', '{}')`, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec(`INSERT INTO packets (record_id, packet_id, sha256, size, data) VALUES (?, ?, 'x', 1, x'00')`,
			id, "pkt-"+id); err != nil {
			t.Fatal(err)
		}
		res, err := s.db.Exec(`INSERT INTO outbox (record_id, queued_at) VALUES (?, 1)`, id)
		if err != nil {
			t.Fatal(err)
		}
		seq, _ := res.LastInsertId()
		seqs = append(seqs, seq)
	}
	return seqs
}

// TestUpgradeKeepsOutbox upgrades a database made with schema version 2 and checks that
// the outbox keeps its items and its sequence counter.
func TestUpgradeKeepsOutbox(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := open(path, options{schemaUpTo: 2})
	if err != nil {
		t.Fatal(err)
	}
	seqs := commitV2(t, s, 3)
	// The last item vanishes (as if purged): its number must still never come back.
	if _, err := s.db.Exec(`DELETE FROM outbox WHERE seq = ?`, seqs[2]); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	items, err := s.Outbox(context.Background(), 0, 10)
	if err != nil || len(items) != 2 || items[0].Seq != seqs[0] || items[1].Packet == nil {
		t.Fatalf("outbox after upgrade = %+v, %v", items, err)
	}
	added, err := s.AddRelay(context.Background(), relayOf("pkt-far", "far", []byte("x")))
	if err != nil || !added {
		t.Fatal(err)
	}
	items, _ = s.Outbox(context.Background(), seqs[1], 10)
	if len(items) != 1 || items[0].Seq <= seqs[2] {
		t.Fatalf("after upgrade the next sequence number is %+v; want above %d", items, seqs[2])
	}
}
