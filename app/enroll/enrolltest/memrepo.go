package enrolltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// MemRepo is an in-memory enroll.Repository that behaves like the real store: records
// are copied in and out (through JSON, as the store keeps them), the lifecycle is checked
// with enroll.Move, and each commit takes the next outbox sequence number.
// It is safe for concurrent use.
type MemRepo struct {
	mu      sync.Mutex
	records map[string]*enroll.Record
	packets map[string][]byte
	seq     int64
}

var _ enroll.Repository = (*MemRepo)(nil)

// NewMemRepo returns an empty MemRepo.
func NewMemRepo() *MemRepo {
	return &MemRepo{records: map[string]*enroll.Record{}, packets: map[string][]byte{}}
}

// SaveDraft stores a copy of the draft r. Errors: KindInvalid (not a draft or no ID),
// KindConflict (the record is no longer a draft).
func (m *MemRepo) SaveDraft(ctx context.Context, r *enroll.Record) error {
	const op = "save draft"
	if r.ID == "" || r.Status != enroll.StatusDraft {
		return enroll.Errorf(op, enroll.KindInvalid, "record %q is %s, not a draft", r.ID, r.Status)
	}
	c, err := clone(r)
	if err != nil {
		return enroll.E(op, enroll.KindInternal, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.records[r.ID]; ok && old.Status != enroll.StatusDraft {
		return enroll.Errorf(op, enroll.KindConflict, "record %s is %s; only drafts change", r.ID, old.Status)
	}
	m.records[r.ID] = c
	return nil
}

// Commit stores a copy of the signed-off r and its packet and returns the next sequence
// number. Errors: KindInvalid (not BIO_CAPTURED), KindConflict (already committed).
func (m *MemRepo) Commit(ctx context.Context, r *enroll.Record, packet []byte) (int64, error) {
	const op = "commit record"
	if r.ID == "" || r.Status != enroll.StatusBioCaptured {
		return 0, enroll.Errorf(op, enroll.KindInvalid, "record %q is %s, not %s", r.ID, r.Status, enroll.StatusBioCaptured)
	}
	c, err := clone(r)
	if err != nil {
		return 0, enroll.E(op, enroll.KindInternal, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.records[r.ID]; ok {
		if _, err := enroll.Move(old.Status, enroll.StatusBioCaptured); err != nil {
			return 0, enroll.Errorf(op, enroll.KindConflict, "record %s is already %s", r.ID, old.Status)
		}
	}
	m.seq++
	m.records[r.ID] = c
	if packet != nil {
		m.packets[r.ID] = bytes.Clone(packet)
	}
	return m.seq, nil
}

// Get returns a copy of the record. Errors: KindNotFound.
func (m *MemRepo) Get(ctx context.Context, id string) (*enroll.Record, error) {
	m.mu.Lock()
	r, ok := m.records[id]
	m.mu.Unlock()
	if !ok {
		return nil, enroll.Errorf("get record", enroll.KindNotFound, "no record %q", id)
	}
	c, err := clone(r)
	if err != nil {
		return nil, enroll.E("get record", enroll.KindInternal, err)
	}
	return c, nil
}

// FindByNIK returns the summaries of the non-cancelled records with that NIK, newest
// arrival first.
func (m *MemRepo) FindByNIK(ctx context.Context, nik string) ([]enroll.Summary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []enroll.Summary
	for _, r := range m.records {
		if r.Biodata.NIK == nik && r.Status != enroll.StatusCancelled {
			out = append(out, r.Summary())
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Arrived.Equal(out[j].Arrived) {
			return out[i].Arrived.After(out[j].Arrived)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// SetStatus moves the record along the lifecycle. Errors: KindNotFound, KindConflict,
// KindInvalid (unknown status).
func (m *MemRepo) SetStatus(ctx context.Context, id string, s enroll.Status, reason string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return enroll.Errorf("set status", enroll.KindNotFound, "no record %q", id)
	}
	to, err := enroll.Move(r.Status, s)
	if err != nil {
		return fmt.Errorf("set status of %s: %w", id, err)
	}
	r.Status, r.StatusReason, r.StatusAt = to, reason, at
	return nil
}

// Packet returns a copy of the packet committed with the record, or nil.
func (m *MemRepo) Packet(id string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.packets[id])
}

// clone copies r as a store does: its metadata through JSON, its sample bytes apart.
func clone(r *enroll.Record) (*enroll.Record, error) {
	meta, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode record %s: %w", r.ID, err)
	}
	c := new(enroll.Record)
	if err := json.Unmarshal(meta, c); err != nil {
		return nil, fmt.Errorf("decode record %s: %w", r.ID, err)
	}
	src := r.Samples()
	for k, s := range c.Samples() {
		s.Data = bytes.Clone(src[k].Data)
	}
	return c, nil
}
