package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// recordRow is a record as the records table holds it.
type recordRow struct {
	id, status, reason, nik, name, nameKey string
	arrived, updated                       int64
	signedOff, prrAt                       sql.NullInt64
	summary, meta                          []byte
	prefixes                               []string // blind indexes for name_index; nil in a plain database
	sealed                                 bool     // written with a Crypter
}

// printReady reports whether st is PRINT_READY_RECORD or a later status: the retention
// clock runs from the first of them.
func printReady(st enroll.Status) bool {
	switch st {
	case enroll.StatusPrintReady, enroll.StatusSentForPrinting, enroll.StatusCardPrinted, enroll.StatusCardIssued:
		return true
	}
	return false
}

// encodeRecord makes the row of r; with a Crypter, the personal fields are sealed and
// the searchable ones replaced by blind indexes.
func encodeRecord(r *enroll.Record, c Crypter) (recordRow, error) {
	meta, err := json.Marshal(r)
	if err != nil {
		return recordRow{}, fmt.Errorf("encode record %s: %w", r.ID, err)
	}
	sum, err := json.Marshal(r.Summary())
	if err != nil {
		return recordRow{}, fmt.Errorf("encode summary of %s: %w", r.ID, err)
	}
	row := recordRow{id: r.ID, status: string(r.Status), reason: r.StatusReason, nik: r.Biodata.NIK,
		name: r.Biodata.Name, nameKey: NameKey(r.Biodata.Name), arrived: ms(r.Times.Arrived),
		updated: ms(r.Updated), signedOff: nullMS(r.Times.SignedOff), summary: sum, meta: meta}
	if printReady(r.Status) {
		at := r.StatusAt
		if at.IsZero() {
			at = r.Updated
		}
		row.prrAt = nullMS(at)
	}
	if c == nil {
		return row, nil
	}
	row.sealed = true
	row.reason, row.name, row.nameKey = "", "", ""
	row.nik = nikIndex(c, r.Biodata.NIK)
	row.prefixes = namePrefixes(c, r.Biodata.Name)
	if row.summary, err = sealText(c, sum, summaryAAD(r.ID)); err != nil {
		return recordRow{}, err
	}
	if row.meta, err = sealText(c, meta, metaAAD(r.ID)); err != nil {
		return recordRow{}, err
	}
	return row, nil
}

const upsertRecord = `INSERT INTO records
	(id, status, reason, nik, name, name_key, arrived, signed_off, updated, summary, meta, prr_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
		nik = excluded.nik, name = excluded.name, name_key = excluded.name_key,
		arrived = excluded.arrived, signed_off = excluded.signed_off, updated = excluded.updated,
		summary = excluded.summary, meta = excluded.meta, prr_at = coalesce(records.prr_at, excluded.prr_at)`

func writeRecord(ctx context.Context, tx *sql.Tx, row recordRow) error {
	if _, err := tx.ExecContext(ctx, upsertRecord, row.id, row.status, row.reason, row.nik, row.name, row.nameKey,
		row.arrived, row.signedOff, row.updated, string(row.summary), string(row.meta), row.prrAt); err != nil {
		return err
	}
	if !row.sealed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM name_index WHERE record_id = ?`, row.id); err != nil {
		return err
	}
	if len(row.prefixes) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(row.prefixes))
	for _, p := range row.prefixes {
		args = append(args, p, row.id)
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO name_index (prefix, record_id) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?), ", len(row.prefixes)), ", "), args...)
	return err
}

// currentStatus returns the stored status of id, or "" when there is no such record.
func currentStatus(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (enroll.Status, error) {
	var st string
	err := q.QueryRowContext(ctx, `SELECT status FROM records WHERE id = ?`, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return enroll.Status(st), err
}

// SaveDraft stores the DRAFT record r, replacing its previous version; only the samples
// that changed are rewritten. Errors: KindInvalid (not a draft), KindConflict (the stored
// record is no longer a draft), KindUnavailable (disk full, busy), KindInternal.
func (s *Store) SaveDraft(ctx context.Context, r *enroll.Record) error {
	op := "save draft " + r.ID
	if r.ID == "" || r.Status != enroll.StatusDraft {
		return enroll.Errorf(op, enroll.KindInvalid, "record %q is %s, not a draft", r.ID, r.Status)
	}
	c, err := s.crypter(op)
	if err != nil {
		return err
	}
	row, err := encodeRecord(r, c)
	if err != nil {
		return enroll.E(op, enroll.KindInternal, err)
	}
	smp, err := prepareSamples(r, c)
	if err != nil {
		return enroll.E(op, enroll.KindInternal, err)
	}
	defer releaseSamples(smp)
	return s.write(ctx, op, func(tx *sql.Tx) error {
		st, err := currentStatus(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if st != "" && st != enroll.StatusDraft {
			return enroll.Errorf(op, enroll.KindConflict, "record %s is %s; only drafts change", r.ID, st)
		}
		if err := writeRecord(ctx, tx, row); err != nil {
			return err
		}
		return writeSamples(ctx, tx, r.ID, smp)
	})
}

// Commit stores the signed-off record r (status BIO_CAPTURED) with its samples, its sealed
// packet (nil when packets are built later) and the next outbox sequence number in one
// transaction, durable when Commit returns, and returns the sequence number.
// Errors: KindInvalid (not BIO_CAPTURED, or a packet that does not match r.Packet),
// KindConflict (already committed or cancelled), KindUnavailable, KindInternal.
func (s *Store) Commit(ctx context.Context, r *enroll.Record, packet []byte) (int64, error) {
	op := "commit record " + r.ID
	if r.ID == "" || r.Status != enroll.StatusBioCaptured {
		return 0, enroll.Errorf(op, enroll.KindInvalid, "record %q is %s, not %s", r.ID, r.Status, enroll.StatusBioCaptured)
	}
	ref, err := packetRef(r, packet)
	if err != nil {
		return 0, enroll.E(op, enroll.KindInvalid, err)
	}
	c, err := s.crypter(op)
	if err != nil {
		return 0, err
	}
	row, err := encodeRecord(r, c)
	if err != nil {
		return 0, enroll.E(op, enroll.KindInternal, err)
	}
	smp, err := prepareSamples(r, c)
	if err != nil {
		return 0, enroll.E(op, enroll.KindInternal, err)
	}
	defer releaseSamples(smp)
	stored := packet
	if c != nil && packet != nil {
		var buf *[]byte
		stored, buf = sealPooled(c, packet, packetAAD(r.ID))
		defer releaseBuffer(buf)
	}
	var seq int64
	err = s.write(ctx, op, func(tx *sql.Tx) error {
		st, err := currentStatus(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if st != "" && !enroll.CanMove(st, enroll.StatusBioCaptured) {
			return enroll.Errorf(op, enroll.KindConflict, "record %s is already %s", r.ID, st)
		}
		if err := writeRecord(ctx, tx, row); err != nil {
			return err
		}
		if err := writeSamples(ctx, tx, r.ID, smp); err != nil {
			return err
		}
		if packet != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO packets (record_id, packet_id, sha256, size, data)
				VALUES (?, ?, ?, ?, ?)`, r.ID, ref.ID, ref.SHA256, ref.Size, stored); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (record_id, queued_at) VALUES (?, ?)`, r.ID, ms(s.Now()))
		if err != nil {
			return err
		}
		seq, err = res.LastInsertId()
		return err
	})
	return seq, err
}

// packetRef checks the packet bytes against the record's reference and returns the
// reference to store. A packet without a reference is stored under the record's ID.
func packetRef(r *enroll.Record, packet []byte) (enroll.PacketRef, error) {
	if packet == nil {
		if r.Packet != nil {
			return enroll.PacketRef{}, fmt.Errorf("record names packet %s but no packet bytes were given", r.Packet.ID)
		}
		return enroll.PacketRef{}, nil
	}
	sum := sha256.Sum256(packet)
	ref := enroll.PacketRef{ID: r.ID, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(packet))}
	if r.Packet == nil {
		return ref, nil
	}
	if r.Packet.SHA256 != ref.SHA256 || r.Packet.Size != ref.Size {
		return ref, fmt.Errorf("packet %s: bytes do not match the record's reference (sha256 %s, %d bytes; reference %s, %d bytes)",
			r.Packet.ID, ref.SHA256, ref.Size, r.Packet.SHA256, r.Packet.Size)
	}
	if r.Packet.ID != "" {
		ref.ID = r.Packet.ID
	}
	return ref, nil
}

// Get returns the record with its samples. A record whose samples were purged (Purge)
// comes back with its sample metadata and nil Data. Errors: KindNotFound, KindPermission
// (the station is locked), KindInvalid (a sealed field does not authenticate),
// KindInternal.
func (s *Store) Get(ctx context.Context, id string) (*enroll.Record, error) {
	op := "get record " + id
	c, err := s.crypter(op)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, classify(op, err)
	}
	defer tx.Rollback()
	r, purged, err := readRecord(ctx, tx, id, c)
	if err != nil {
		return nil, classify(op, err)
	}
	if purged {
		return r, nil
	}
	if err := readSamples(ctx, tx, r, c); err != nil {
		return nil, classify(op, err)
	}
	return r, nil
}

func readRecord(ctx context.Context, tx *sql.Tx, id string, c Crypter) (*enroll.Record, bool, error) {
	var stored []byte
	var purged sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT meta, purged FROM records WHERE id = ?`, id).Scan(&stored, &purged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, enroll.Errorf("", enroll.KindNotFound, "no record %q", id)
	}
	if err != nil {
		return nil, false, err
	}
	meta, err := openText(c, stored, metaAAD(id))
	if err != nil {
		return nil, false, err
	}
	r := new(enroll.Record)
	if err := json.Unmarshal(meta, r); err != nil {
		return nil, false, fmt.Errorf("decode record %s: %w", id, err)
	}
	return r, purged.Valid, nil
}

// SetStatus moves the record to status st with a reason, checking the lifecycle with
// enroll.Move. Errors: KindNotFound, KindConflict (illegal move), KindInvalid (unknown
// status), KindUnavailable, KindInternal.
func (s *Store) SetStatus(ctx context.Context, id string, st enroll.Status, reason string, at time.Time) error {
	op := "set status of " + id
	c, err := s.crypter(op)
	if err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		return setStatus(ctx, tx, c, id, st, reason, at)
	})
}

func setStatus(ctx context.Context, tx *sql.Tx, c Crypter, id string, st enroll.Status, reason string, at time.Time) error {
	r, _, err := readRecord(ctx, tx, id, c)
	if err != nil {
		return err
	}
	if r.Status, err = enroll.Move(r.Status, st); err != nil {
		return err
	}
	r.StatusReason, r.StatusAt = reason, at
	row, err := encodeRecord(r, c)
	if err != nil {
		return err
	}
	return writeRecord(ctx, tx, row)
}

// write runs fn in a write transaction and commits it together with the audit intents
// that ctx carries (auth.WithIntent); any error rolls both back and is classified under op.
func (s *Store) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return classify(op, err)
	}
	if err := appendIntents(ctx, tx); err != nil {
		return classify(op, err)
	}
	return classify(op, tx.Commit())
}
