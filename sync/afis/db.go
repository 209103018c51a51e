package afis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver

	"github.com/rekam-id/rekam/app/enroll"
)

const schema = `
CREATE TABLE IF NOT EXISTS stations (
	id TEXT PRIMARY KEY,
	public_key BLOB,
	token TEXT NOT NULL,
	created TEXT NOT NULL,
	registered TEXT
);
CREATE TABLE IF NOT EXISTS incarnations (
	station TEXT NOT NULL,
	incarnation TEXT NOT NULL,
	first_seen TEXT NOT NULL,
	PRIMARY KEY (station, incarnation)
);
CREATE TABLE IF NOT EXISTS packets (
	packet_id TEXT PRIMARY KEY,
	record_id TEXT NOT NULL,
	station TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	nik TEXT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	received TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT 'network'
);
CREATE INDEX IF NOT EXISTS packets_nik ON packets(nik);
CREATE TABLE IF NOT EXISTS feed (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	station TEXT NOT NULL,
	record_id TEXT NOT NULL,
	packet_id TEXT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_station ON feed(station, seq);
CREATE TABLE IF NOT EXISTS refusals (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TEXT NOT NULL,
	station TEXT NOT NULL,
	remote TEXT NOT NULL,
	code TEXT NOT NULL,
	reason TEXT NOT NULL
);
`

func openDB(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// PacketInfo is what the centre knows of one received packet.
type PacketInfo struct {
	PacketID, RecordID, Station, SHA256, NIK string
	Size                                     int64
	Status                                   enroll.Status
	Reason                                   string
	Received                                 time.Time
}

func (s *Server) packetInfo(ctx context.Context, id string) (*PacketInfo, error) {
	var p PacketInfo
	var rec string
	err := s.db.QueryRowContext(ctx, `SELECT packet_id, record_id, station, sha256, size, nik, status, reason, received
		FROM packets WHERE packet_id = ?`, id).Scan(&p.PacketID, &p.RecordID, &p.Station, &p.SHA256, &p.Size, &p.NIK, &p.Status, &p.Reason, &rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.Received = parseTS(rec)
	return &p, nil
}

// Packets returns every received packet, in receipt order.
func (s *Server) Packets(ctx context.Context) ([]PacketInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT packet_id, record_id, station, sha256, size, nik, status, reason, received
		FROM packets ORDER BY received, packet_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PacketInfo
	for rows.Next() {
		var p PacketInfo
		var rec string
		if err := rows.Scan(&p.PacketID, &p.RecordID, &p.Station, &p.SHA256, &p.Size, &p.NIK, &p.Status, &p.Reason, &rec); err != nil {
			return nil, err
		}
		p.Received = parseTS(rec)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Refusal is one logged refused request.
type Refusal struct {
	At                            time.Time
	Station, Remote, Code, Reason string
}

// Refusals returns the refused requests, oldest first.
func (s *Server) Refusals(ctx context.Context) ([]Refusal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, station, remote, code, reason FROM refusals ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Refusal
	for rows.Next() {
		var r Refusal
		var at string
		if err := rows.Scan(&at, &r.Station, &r.Remote, &r.Code, &r.Reason); err != nil {
			return nil, err
		}
		r.At = parseTS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
