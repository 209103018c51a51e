package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

var day = time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// commitN commits n small enrollments, the i-th with a packet of 100,000+i bytes, and
// returns their sequence numbers and packets.
func commitN(t *testing.T, s *Store, n int) ([]int64, [][]byte) {
	t.Helper()
	var seqs []int64
	var packets [][]byte
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		id := fmt.Sprintf("q%d", i)
		r := enrolltest.Fixture(id, fmt.Sprintf("3313094512%06d", i+1), "SRI WAHYUNI", day.Add(time.Duration(i)*time.Minute), 20_000)
		enrolltest.Sign(r, r.Times.Arrived.Add(10*time.Minute))
		p := make([]byte, 100_000+i)
		for j := range p {
			p[j] = byte(rng.Uint32())
		}
		sum := sha256.Sum256(p)
		r.Packet = &enroll.PacketRef{ID: "pkt-" + id, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(p))}
		seq, err := s.Commit(context.Background(), r, p)
		if err != nil {
			t.Fatal(err)
		}
		seqs, packets = append(seqs, seq), append(packets, p)
	}
	return seqs, packets
}

func TestOutboxCursorAndMarks(t *testing.T) { forModes(t, checkOutboxCursorAndMarks) }

func checkOutboxCursorAndMarks(t *testing.T, s *Store) {
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	ctx := context.Background()
	seqs, _ := commitN(t, s, 5)

	first, err := s.Outbox(ctx, 0, 2)
	if err != nil || len(first) != 2 || first[0].Seq != seqs[0] || first[1].Seq != seqs[1] {
		t.Fatalf("Outbox(0, 2) = %+v, %v", first, err)
	}
	if p := first[0].Packet; p == nil || p.ID != "pkt-q0" || p.Size != 100_000 || first[0].State != Queued || !first[0].QueuedAt.Equal(now) {
		t.Fatalf("item %+v lacks its packet reference or state", first[0])
	}
	rest, err := s.Outbox(ctx, first[1].Seq, 100)
	if err != nil || len(rest) != 3 || rest[0].Seq != seqs[2] {
		t.Fatalf("Outbox after the cursor = %+v, %v", rest, err)
	}

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("mark sent", s.MarkSent(ctx, seqs[0], "RCPT-1"))
	must("mark sent again, same receipt", s.MarkSent(ctx, seqs[0], "RCPT-1"))
	if err := s.MarkSent(ctx, seqs[0], "RCPT-2"); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("a second receipt: %v, want conflict", err)
	}
	must("mark failed", s.MarkFailed(ctx, seqs[1], "connection reset"))
	must("mark failed", s.MarkFailed(ctx, seqs[1], "timeout"))
	must("mark rejected", s.MarkRejected(ctx, seqs[2], "signature invalid"))
	if err := s.MarkRejected(ctx, seqs[0], "late"); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("rejecting a sent item: %v, want conflict", err)
	}
	if err := s.MarkSent(ctx, 9999, "x"); !enroll.IsKind(err, enroll.KindNotFound) {
		t.Fatalf("unknown item: %v, want not found", err)
	}
	if err := s.MarkFailed(ctx, seqs[0], "x"); !enroll.IsKind(err, enroll.KindNotFound) {
		t.Fatalf("failing a sent item: %v, want not found", err)
	}

	q, err := s.Outbox(ctx, 0, 100)
	if err != nil || len(q) != 3 || q[0].Seq != seqs[1] || q[0].Attempts != 2 || q[0].LastError != "timeout" {
		t.Fatalf("queue after marks = %+v, %v", q, err)
	}
	counts, err := s.QueueCounts(ctx)
	if err != nil || counts["queued"] != 3 || counts["sent"] != 1 || counts["rejected"] != 1 {
		t.Fatalf("QueueCounts = %v, %v", counts, err)
	}
	of, err := s.OutboxOf(ctx, []string{"q0", "q1", "q2", "absent"})
	if err != nil || len(of) != 3 || of["q0"].State != Sent || of["q1"].Attempts != 2 || of["q2"].State != Rejected ||
		of["q1"].Seq != seqs[1] || of["q0"].Packet == nil {
		t.Fatalf("OutboxOf = %+v, %v", of, err)
	}
	sent, _ := s.Get(ctx, "q0")
	rejected, _ := s.Get(ctx, "q2")
	if sent.Status != enroll.StatusSent || rejected.Status != enroll.StatusRejected || rejected.StatusReason != "signature invalid" {
		t.Fatalf("record statuses after marks: %s, %s %q", sent.Status, rejected.Status, rejected.StatusReason)
	}
	// A record the status feed has moved on keeps its status when its upload is confirmed.
	must("status feed", s.SetStatus(ctx, "q3", enroll.StatusReceived, "", now))
	must("mark sent", s.MarkSent(ctx, seqs[3], "RCPT-4"))
	if r, _ := s.Get(ctx, "q3"); r.Status != enroll.StatusReceived {
		t.Fatalf("MarkSent moved a received record back to %s", r.Status)
	}
}

func TestPacketReader(t *testing.T) { forModes(t, checkPacketReader) }

func checkPacketReader(t *testing.T, s *Store) {
	ctx := context.Background()
	_, packets := commitN(t, s, 2)
	p, ref, err := s.PacketReader(ctx, "q1")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	want := packets[1]
	if ref.ID != "pkt-q1" || ref.Size != int64(len(want)) || p.Size() != ref.Size {
		t.Fatalf("ref %+v, size %d", ref, p.Size())
	}
	got, err := io.ReadAll(p)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ReadAll: %d bytes, %v; want the %d committed bytes", len(got), err, len(want))
	}
	sum := sha256.Sum256(got)
	if hex.EncodeToString(sum[:]) != ref.SHA256 {
		t.Fatal("sha256 of the read packet differs from its reference")
	}
	// Resume in the middle of a chunk, across a chunk boundary, and at the end.
	for _, off := range []int64{0, 1, packetChunk - 3, packetChunk, 99_000, int64(len(want)) - 1, int64(len(want))} {
		if _, err := p.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 10)
		n, err := io.ReadFull(p, buf)
		end := min(off+10, int64(len(want)))
		if !bytes.Equal(buf[:n], want[off:end]) || (end-off == 10) != (err == nil) {
			t.Fatalf("read at %d: %d bytes, %v", off, n, err)
		}
	}
	if _, _, err := s.PacketReader(ctx, "nobody"); !enroll.IsKind(err, enroll.KindNotFound) {
		t.Fatalf("PacketReader(unknown) = %v, want not found", err)
	}
}

func TestCommitPacketMismatch(t *testing.T) { forModes(t, checkCommitPacketMismatch) }

func checkCommitPacketMismatch(t *testing.T, s *Store) {
	r := enrolltest.Fixture("m1", "3313094512000001", "SRI WAHYUNI", day, 10_000)
	enrolltest.Sign(r, day.Add(9*time.Minute))
	r.Packet = &enroll.PacketRef{ID: "pkt", SHA256: "00", Size: 3}
	if _, err := s.Commit(context.Background(), r, []byte("abc")); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("commit with a mismatched packet: %v, want invalid", err)
	}
	if _, err := s.Get(context.Background(), "m1"); !enroll.IsKind(err, enroll.KindNotFound) {
		t.Fatalf("a refused commit left a record: %v", err)
	}
}
