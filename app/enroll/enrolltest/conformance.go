package enrolltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// suiteSamples keeps the suite fast while still spanning several pages per sample.
const suiteSamples = 120_000

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 123456789, time.UTC)

// RunRepository runs the conformance suite of enroll.Repository. open must return a new,
// empty repository for each call; it is called once per subtest.
func RunRepository(t *testing.T, open func(t *testing.T) enroll.Repository) {
	t.Run("DraftSaveAndReplace", func(t *testing.T) { testDraft(t, open(t)) })
	t.Run("DraftIsCopied", func(t *testing.T) { testCopies(t, open(t)) })
	t.Run("DraftRefusals", func(t *testing.T) { testDraftRefusals(t, open(t)) })
	t.Run("Commit", func(t *testing.T) { testCommit(t, open(t)) })
	t.Run("CommitRefusals", func(t *testing.T) { testCommitRefusals(t, open(t)) })
	t.Run("FindByNIK", func(t *testing.T) { testFindByNIK(t, open(t)) })
	t.Run("SetStatus", func(t *testing.T) { testSetStatus(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open(t)) })
}

// SameRecord fails t unless got equals want: the same metadata (compared through JSON,
// so time zones may differ where instants do not) and byte-identical samples.
func SameRecord(t testing.TB, got, want *enroll.Record) {
	t.Helper()
	gj, err1 := json.Marshal(got)
	wj, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		t.Fatalf("encode records: %v, %v", err1, err2)
	}
	if !bytes.Equal(gj, wj) {
		t.Fatalf("record %s differs:\n got  %s\n want %s", want.ID, gj, wj)
	}
	gs, ws := got.Samples(), want.Samples()
	if len(gs) != len(ws) {
		t.Fatalf("record %s: %d samples, want %d", want.ID, len(gs), len(ws))
	}
	for k, w := range ws {
		g, ok := gs[k]
		if !ok || !bytes.Equal(g.Data, w.Data) {
			t.Fatalf("record %s: sample %s is not byte-identical (present %v)", want.ID, k, ok)
		}
	}
}

func wantKind(t *testing.T, what string, err error, k enroll.Kind) {
	t.Helper()
	if !enroll.IsKind(err, k) {
		t.Fatalf("%s: got error %v (kind %v), want kind %v", what, err, enroll.KindOf(err), k)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func get(t *testing.T, repo enroll.Repository, id string) *enroll.Record {
	t.Helper()
	r, err := repo.Get(context.Background(), id)
	must(t, "get "+id, err)
	return r
}

func testDraft(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	r := Fixture("d1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, r))
	SameRecord(t, get(t, repo, "d1"), r)

	// A retake, an exception in place of a finger, new biodata: the replacement wins.
	r.Biodata.Name = "SRI WAHYUNINGSIH"
	r.Face.Data = bytes.Repeat([]byte{0xFF, 0xD8}, 5000)
	r.Face.Width = 600
	f := r.Finger(enroll.LeftLittle)
	f.Sample, f.Exception = nil, enroll.ExceptionAmputated
	r.Signature = nil
	r.Updated = r.Updated.Add(time.Minute)
	must(t, "replace draft", repo.SaveDraft(ctx, r))
	got := get(t, repo, "d1")
	SameRecord(t, got, r)
	if _, ok := got.Samples()[enroll.FingerKey(enroll.LeftLittle)]; ok {
		t.Fatal("a finger replaced by an exception still has its sample")
	}
	if got.Status != enroll.StatusDraft {
		t.Fatalf("status %s, want DRAFT", got.Status)
	}
}

func testCopies(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	r := Fixture("c1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	want := Fixture("c1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, r))
	r.Face.Data[0] ^= 0xFF
	r.Biodata.Name = "CHANGED AFTER SAVE"
	got := get(t, repo, "c1")
	SameRecord(t, got, want)
	got.Fingers[0].Sample.Data[0] ^= 0xFF
	SameRecord(t, get(t, repo, "c1"), want)
}

func testDraftRefusals(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	r := Fixture("x1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	Sign(r, t0.Add(9*time.Minute))
	wantKind(t, "save a signed-off record as a draft", repo.SaveDraft(ctx, r), enroll.KindInvalid)
	_, err := repo.Get(ctx, "x1")
	wantKind(t, "get a refused draft", err, enroll.KindNotFound)

	_, err = repo.Commit(ctx, r, nil)
	must(t, "commit", err)
	d := Fixture("x1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	wantKind(t, "save a committed record as a draft", repo.SaveDraft(ctx, d), enroll.KindConflict)
	SameRecord(t, get(t, repo, "x1"), r)
}

func testCommit(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	var last int64
	for i := range 3 {
		id := fmt.Sprintf("k%d", i)
		r := Fixture(id, fmt.Sprintf("331309451200%04d", i+1), "BUDI SANTOSO", t0.Add(time.Duration(i)*time.Hour), suiteSamples)
		if i != 1 { // one record is committed without ever being saved as a draft
			must(t, "save draft", repo.SaveDraft(ctx, r))
		}
		Sign(r, r.Times.Arrived.Add(8*time.Minute))
		var packet []byte
		if i == 2 {
			packet = bytes.Repeat([]byte("AN2K"), 10_000)
			r.Packet = &enroll.PacketRef{ID: "pkt-" + id, SHA256: sha256Hex(packet), Size: int64(len(packet))}
		}
		seq, err := repo.Commit(ctx, r, packet)
		must(t, "commit "+id, err)
		if seq <= last {
			t.Fatalf("commit %s: sequence %d after %d, want increasing", id, seq, last)
		}
		last = seq
		SameRecord(t, get(t, repo, id), r)
	}
}

func testCommitRefusals(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	r := Fixture("r1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, r))
	_, err := repo.Commit(ctx, r, nil)
	wantKind(t, "commit a draft that is not signed off", err, enroll.KindInvalid)

	Sign(r, t0.Add(7*time.Minute))
	seq, err := repo.Commit(ctx, r, nil)
	must(t, "commit", err)
	again := Fixture("r1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	Sign(again, t0.Add(30*time.Minute))
	_, err = repo.Commit(ctx, again, nil)
	wantKind(t, "commit twice", err, enroll.KindConflict)
	SameRecord(t, get(t, repo, "r1"), r)

	next := Fixture("r2", "3313094512000002", "AGUS", t0, suiteSamples)
	Sign(next, t0.Add(40*time.Minute))
	seq2, err := repo.Commit(ctx, next, nil)
	must(t, "commit after a refusal", err)
	if seq2 <= seq {
		t.Fatalf("sequence %d after %d, want increasing", seq2, seq)
	}

	c := Fixture("r3", "3313094512000003", "TONO", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, c))
	must(t, "cancel", repo.SetStatus(ctx, "r3", enroll.StatusCancelled, "applicant left", t0.Add(time.Hour)))
	Sign(c, t0.Add(2*time.Hour))
	_, err = repo.Commit(ctx, c, nil)
	wantKind(t, "commit a cancelled record", err, enroll.KindConflict)
}

func testFindByNIK(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	const nik = "3313094512000001"
	for i, id := range []string{"n-old", "n-new", "n-mid", "n-cancelled"} {
		at := t0.Add([]time.Duration{0, 72 * time.Hour, 24 * time.Hour, 96 * time.Hour}[i])
		r := Fixture(id, nik, "SRI WAHYUNI", at, suiteSamples)
		if id == "n-mid" {
			Sign(r, at.Add(9*time.Minute))
			_, err := repo.Commit(ctx, r, nil)
			must(t, "commit", err)
			continue
		}
		must(t, "save draft", repo.SaveDraft(ctx, r))
	}
	must(t, "cancel", repo.SetStatus(ctx, "n-cancelled", enroll.StatusCancelled, "duplicate draft", t0.Add(97*time.Hour)))
	other := Fixture("n-other", "3313094512000002", "SRI WAHYUNI", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, other))

	got, err := repo.FindByNIK(ctx, nik)
	must(t, "find by NIK", err)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if fmt.Sprint(ids) != "[n-new n-mid n-old]" {
		t.Fatalf("FindByNIK = %v, want [n-new n-mid n-old] (newest first, no cancelled)", ids)
	}
	mid := get(t, repo, "n-mid")
	if !sameSummary(got[1], mid.Summary()) {
		t.Fatalf("summary %+v, want %+v", got[1], mid.Summary())
	}
	none, err := repo.FindByNIK(ctx, "3313094512009999")
	if err != nil || len(none) != 0 {
		t.Fatalf("FindByNIK(unknown) = %v, %v; want nothing, no error", none, err)
	}
}

func sameSummary(a, b enroll.Summary) bool {
	aj, _ := json.Marshal(a)
	bj, _ := json.Marshal(b)
	return bytes.Equal(aj, bj)
}

func testSetStatus(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	r := Fixture("s1", "3313094512000001", "SRI WAHYUNI", t0, suiteSamples)
	Sign(r, t0.Add(8*time.Minute))
	_, err := repo.Commit(ctx, r, nil)
	must(t, "commit", err)

	wantKind(t, "BIO_CAPTURED → CARD_ISSUED", repo.SetStatus(ctx, "s1", enroll.StatusCardIssued, "", t0), enroll.KindConflict)
	wantKind(t, "BIO_CAPTURED → DRAFT", repo.SetStatus(ctx, "s1", enroll.StatusDraft, "", t0), enroll.KindConflict)
	if got := get(t, repo, "s1"); got.Status != enroll.StatusBioCaptured {
		t.Fatalf("a refused move changed the status to %s", got.Status)
	}
	steps := []enroll.Status{enroll.StatusSent, enroll.StatusReceived, enroll.StatusPrintReady, enroll.StatusCardIssued}
	for i, s := range steps {
		at := t0.Add(time.Duration(i+1) * 24 * time.Hour)
		must(t, "move to "+string(s), repo.SetStatus(ctx, "s1", s, "step "+string(s), at))
		got := get(t, repo, "s1")
		if got.Status != s || got.StatusReason != "step "+string(s) || !got.StatusAt.Equal(at) {
			t.Fatalf("after move: %s %q %v, want %s %q %v", got.Status, got.StatusReason, got.StatusAt, s, "step "+string(s), at)
		}
		SameRecord(t, &enroll.Record{Face: got.Face, Fingers: got.Fingers, Signature: got.Signature},
			&enroll.Record{Face: r.Face, Fingers: r.Fingers, Signature: r.Signature})
	}
	wantKind(t, "move to an unknown status", repo.SetStatus(ctx, "s1", enroll.Status("LOST"), "", t0), enroll.KindInvalid)
	wantKind(t, "move from a final status", repo.SetStatus(ctx, "s1", enroll.StatusRejected, "", t0), enroll.KindConflict)

	d := Fixture("s2", "3313094512000002", "AGUS", t0, suiteSamples)
	must(t, "save draft", repo.SaveDraft(ctx, d))
	wantKind(t, "DRAFT → SENT", repo.SetStatus(ctx, "s2", enroll.StatusSent, "", t0), enroll.KindConflict)
	must(t, "cancel", repo.SetStatus(ctx, "s2", enroll.StatusCancelled, "applicant left", t0.Add(time.Hour)))
	if got := get(t, repo, "s2"); got.Status != enroll.StatusCancelled || got.StatusReason != "applicant left" {
		t.Fatalf("cancelled draft reads back as %s %q", got.Status, got.StatusReason)
	}
	wantKind(t, "save a cancelled draft", repo.SaveDraft(ctx, d), enroll.KindConflict)
}

func testNotFound(t *testing.T, repo enroll.Repository) {
	ctx := context.Background()
	_, err := repo.Get(ctx, "nobody")
	wantKind(t, "get unknown", err, enroll.KindNotFound)
	wantKind(t, "set status of unknown", repo.SetStatus(ctx, "nobody", enroll.StatusCancelled, "", t0), enroll.KindNotFound)
}
