package afis

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sim"
)

// fingersOf gives a record the synthetic fingers of identity (impression imp).
func fingersOf(r *enroll.Record, gen *sim.FingerGenerator, identity string, imp int) {
	r.Fingers = nil
	for _, p := range enroll.AllFingers {
		img := gen.Impression(identity, p, imp)
		b := img.Bounds()
		r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Tries: 1, Sample: &enroll.Sample{
			Format: enroll.FormatGray8, Width: b.Dx(), Height: b.Dy(), PPI: 500, Quality: 60, Data: img.Pix}})
	}
}

// TestBiometricDuplicate: the same person enrolled again under another NIK is found by
// fingerprints (DUPLICATE_RECORD); another person is not; the index survives a restart.
func TestBiometricDuplicate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.srv.EnableDedup(ctx); err != nil {
		t.Fatal(err)
	}
	gen := sim.NewFingerGenerator(sim.FingerOptions{})
	ingest := func(id, nik, person string, imp int) *enroll.Status {
		r := testRecord(id, nik)
		fingersOf(r, gen, person, imp)
		_, data, err := f.builder.Seal(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.srv.Ingest(ctx, "ST-1", data, "test")
		if err != nil {
			t.Fatal(err)
		}
		s := enroll.Status(rc.Status)
		return &s
	}
	if s := ingest("R1", "3313094512000001", "alice", 0); *s != enroll.StatusPrintReady {
		t.Fatalf("first enrollment: %s", *s)
	}
	if s := ingest("R2", "3313090101900002", "bob", 0); *s != enroll.StatusPrintReady {
		t.Fatalf("another person: %s", *s)
	}
	if s := ingest("R3", "3313095505950003", "alice", 3); *s != enroll.StatusDuplicate {
		t.Fatalf("alice again under another NIK: %s", *s)
	}
	info, _ := f.srv.packetInfo(ctx, "PKT-R3")
	if !strings.Contains(info.Reason, "R1") {
		t.Errorf("duplicate reason %q does not name R1", info.Reason)
	}
	// Restart: the templates come back from the database.
	f.srv.Close()
	srv, err := Open(Config{Dir: f.srv.cfg.Dir, Identity: f.srv.cfg.Identity, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, err := srv.EnableDedup(ctx)
	if err != nil || m.Len() != 2 {
		t.Fatalf("reloaded index: %d people, %v", m.Len(), err)
	}
	f.srv = srv
	if s := ingest("R4", "3313090101900004", "bob", 5); *s != enroll.StatusDuplicate {
		t.Fatalf("bob again after restart: %s", *s)
	}
}
