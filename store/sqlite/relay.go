package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"

	"github.com/rekam-id/rekam/app/enroll"
)

// RelayPacket is a sealed packet of another station, carried here on a removable drive
// to be uploaded with this station's queue. It is stored as it came: nothing decrypts.
type RelayPacket struct {
	PacketID string // the packet's ID
	RecordID string // the record it seals, at the station that made it
	SHA256   string // hex, as the drive's manifest states it
	Data     []byte // the sealed bytes
}

// AddRelay queues a relayed packet for upload. It reports false when the same packet
// is already here (an import repeated). Errors: KindInvalid (missing IDs, or bytes that
// do not match SHA256), KindConflict (another packet under the same packet or record
// ID), KindUnavailable, KindInternal.
func (s *Store) AddRelay(ctx context.Context, p RelayPacket) (added bool, err error) {
	op := "add relayed packet " + p.PacketID
	if p.PacketID == "" || p.RecordID == "" {
		return false, enroll.Errorf(op, enroll.KindInvalid, "a relayed packet needs a packet ID and a record ID")
	}
	sum := sha256.Sum256(p.Data)
	if got := hex.EncodeToString(sum[:]); got != p.SHA256 {
		return false, enroll.Errorf(op, enroll.KindInvalid, "the bytes have sha256 %s, the manifest says %s", got, p.SHA256)
	}
	c, err := s.crypter(op)
	if err != nil {
		return false, err
	}
	err = s.write(ctx, op, func(tx *sql.Tx) error {
		var rid, sha string
		err := tx.QueryRowContext(ctx, `SELECT record_id, sha256 FROM packets WHERE packet_id = ? OR record_id = ?`,
			p.PacketID, p.RecordID).Scan(&rid, &sha)
		switch {
		case err == nil && rid == p.RecordID && sha == p.SHA256:
			return nil // already here
		case err == nil:
			return enroll.Errorf(op, enroll.KindConflict, "another packet is stored for packet %s or record %s", p.PacketID, p.RecordID)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if st, err := currentStatus(ctx, tx, p.RecordID); err != nil || st != "" {
			if err == nil {
				err = enroll.Errorf(op, enroll.KindConflict, "record %s is a record of this station", p.RecordID)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO packets (record_id, packet_id, sha256, size, data)
			VALUES (?, ?, ?, ?, ?)`, p.RecordID, p.PacketID, p.SHA256, len(p.Data), sealBlob(c, p.Data, packetAAD(p.RecordID))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (record_id, relay, queued_at) VALUES (?, 1, ?)`,
			p.RecordID, ms(s.Now())); err != nil {
			return err
		}
		added = true
		return nil
	})
	return added, err
}

// Setting returns the value of a station setting, "" when it was never set.
// Errors: KindUnavailable, KindInternal.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify("read setting "+key, err)
}

// SetSetting stores a station setting durably. Errors: KindUnavailable, KindInternal.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value, updated) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated`, key, value, ms(s.Now()))
	return classify("store setting "+key, err)
}
