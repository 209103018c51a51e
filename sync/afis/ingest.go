package afis

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/wsq"
	"github.com/rekam-id/rekam/sync/packet"
	"github.com/rekam-id/rekam/sync/uplink"
)

// MasterData is the document served to stations: region codes, code lists and the
// requirement checklist, with a version.
type MasterData struct {
	Version   string            `json:"version"`
	Checklist *enroll.Checklist `json:"checklist,omitempty"`
	CodeLists []enroll.CodeList `json:"code_lists,omitempty"`
	Regions   []enroll.Region   `json:"regions,omitempty"`
}

func (s *Server) announce(ctx context.Context, a uplink.Announcement) (uplink.AnnounceReply, error) {
	var reply uplink.AnnounceReply
	res, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO incarnations(station, incarnation, first_seen) VALUES(?, ?, ?)`,
		a.Station, a.Incarnation, ts(s.cfg.Now()))
	if err != nil {
		return reply, err
	}
	n, _ := res.RowsAffected()
	reply.KnownIncarnation = n == 0
	for _, p := range a.Packets {
		o := uplink.Offer{PacketID: p.PacketID}
		info, err := s.packetInfo(ctx, p.PacketID)
		if err != nil {
			return reply, err
		}
		if info != nil && info.SHA256 == p.SHA256 {
			o.Have, o.Offset = true, info.Size
			o.Receipt = receipt(info)
		} else if packetIDPattern.MatchString(p.PacketID) {
			o.Offset = partialSize(s.partialPath(a.Station, p.PacketID))
		}
		reply.Offers = append(reply.Offers, o)
	}
	return reply, nil
}

func receipt(p *PacketInfo) *uplink.Receipt {
	return &uplink.Receipt{PacketID: p.PacketID, RecordID: p.RecordID, SHA256: p.SHA256, ReceivedAt: p.Received, Status: string(p.Status)}
}

func (s *Server) partialPath(station, id string) string {
	return filepath.Join(s.cfg.Dir, "partial", station+"_"+id+".part")
}

func (s *Server) packetPath(id string) string { return filepath.Join(s.cfg.Dir, "packets", id+".pkt") }

func partialSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func (s *Server) offset(ctx context.Context, station, id string) (int64, error) {
	info, err := s.packetInfo(ctx, id)
	if err != nil {
		return 0, err
	}
	if info != nil {
		return info.Size, nil
	}
	return partialSize(s.partialPath(station, id)), nil
}

type upload struct {
	station, packetID, recordID, sha string
	size, offset                     int64
	relay                            bool // another station's packet, carried by this one
}

// receive appends an upload's bytes to the partial file, making each FlushEvery bytes
// durable, and ingests the packet when complete.
func (s *Server) receive(ctx context.Context, up upload, body io.Reader) (*uplink.Receipt, error) {
	if info, err := s.packetInfo(ctx, up.packetID); err != nil {
		return nil, err
	} else if info != nil {
		if info.SHA256 != up.sha {
			return nil, refused(http.StatusConflict, "packet_conflict", true, "packet %s was already received with other contents", up.packetID)
		}
		io.Copy(io.Discard, io.LimitReader(body, up.size))
		return receipt(info), nil // the same packet again: one copy is kept
	}
	key := up.station + "/" + up.packetID
	s.upMu.Lock()
	if s.upRun[key] {
		s.upMu.Unlock()
		return nil, refused(http.StatusConflict, "upload_in_progress", false, "another upload of %s is in progress", up.packetID)
	}
	s.upRun[key] = true
	s.upMu.Unlock()
	defer func() { s.upMu.Lock(); delete(s.upRun, key); s.upMu.Unlock() }()

	path := s.partialPath(up.station, up.packetID)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() != up.offset {
		return nil, refused(http.StatusConflict, "offset_mismatch", false, "upload starts at %d but the centre holds %d bytes", up.offset, st.Size())
	}
	if _, err := f.Seek(up.offset, io.SeekStart); err != nil {
		return nil, err
	}
	have := up.offset
	buf := make([]byte, s.cfg.FlushEvery)
	for have < up.size {
		n, rerr := io.ReadFull(io.LimitReader(body, up.size-have), buf[:min(int64(len(buf)), up.size-have)])
		if n > 0 {
			if s.cfg.Received != nil {
				s.cfg.Received(n)
			}
			if _, err := f.Write(buf[:n]); err != nil {
				return nil, err
			}
			if err := f.Sync(); err != nil { // the offset we report is durable
				return nil, err
			}
			have += int64(n)
		}
		if rerr != nil {
			if have < up.size {
				return nil, refused(http.StatusBadRequest, "upload_cut", false, "upload of %s stopped at %d of %d bytes: %v", up.packetID, have, up.size, rerr)
			}
			break
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != up.sha {
		os.Remove(path)
		return nil, refused(http.StatusUnprocessableEntity, "checksum_mismatch", true, "packet %s does not match its announced SHA-256", up.packetID)
	}
	from, source := up.station, "network"
	if up.relay {
		from, source = "", "relay:"+up.station
	}
	rc, err := s.Ingest(ctx, from, data, source)
	if err != nil {
		var re *refusalError
		if errors.As(err, &re) && re.permanent {
			os.Remove(path) // refused for good; an internal failure keeps the bytes for a retry
		}
		return nil, err
	}
	os.Remove(path)
	return rc, nil
}

// Ingest verifies and stores one complete sealed packet from station (empty to accept
// the station named inside, as for a drive import) and decides its status. The same
// packet twice is stored once. Refusals are returned as errors and nothing is stored.
func (s *Server) Ingest(ctx context.Context, station string, data []byte, source string) (*uplink.Receipt, error) {
	o, err := packet.Open(data, s.cfg.Identity, s.StationKey)
	if err != nil {
		return nil, refused(http.StatusUnprocessableEntity, "bad_packet", true, "%v", err)
	}
	m := o.Manifest
	if station != "" && m.Station != station {
		return nil, refused(http.StatusUnprocessableEntity, "wrong_station", true, "packet of station %s uploaded by %s", m.Station, station)
	}
	if err := o.Check(); err != nil {
		return nil, refused(http.StatusUnprocessableEntity, "malformed_an2k", true, "ANSI/NIST transaction fails the strict check: %v", err)
	}
	status, reason := s.assess(ctx, o)
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])

	s.mu.Lock()
	defer s.mu.Unlock()
	if info, err := s.packetInfo(ctx, m.PacketID); err != nil {
		return nil, err
	} else if info != nil {
		if info.SHA256 != sha {
			return nil, refused(http.StatusConflict, "packet_conflict", true, "packet %s was already received with other contents", m.PacketID)
		}
		return receipt(info), nil
	}
	if status == enroll.StatusPrintReady {
		var other string
		err := s.db.QueryRowContext(ctx, `SELECT record_id FROM packets WHERE nik = ? AND record_id <> ?
			AND status NOT IN (?, ?) LIMIT 1`, m.NIK, m.RecordID, enroll.StatusEnrollFailure, enroll.StatusDuplicate).Scan(&other)
		if err == nil {
			status, reason = enroll.StatusDuplicate, fmt.Sprintf("NIK %s sudah terekam (record %s)", m.NIK, other)
		}
	}
	if status == enroll.StatusPrintReady && s.cfg.Matcher != nil {
		if other, err := s.cfg.Matcher.Match(ctx, m.RecordID, o.Transaction); err != nil {
			return nil, err
		} else if other != "" {
			status, reason = enroll.StatusDuplicate, fmt.Sprintf("sidik jari sama dengan record %s", other)
		}
	}
	if err := writeDurable(s.packetPath(m.PacketID), data); err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO packets(packet_id, record_id, station, sha256, size, nik, status, reason, received, source)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.PacketID, m.RecordID, m.Station, sha, len(data), m.NIK, status, reason, ts(now), source); err != nil {
		return nil, err
	}
	for _, st := range []struct {
		s enroll.Status
		r string
	}{{enroll.StatusReceived, ""}, {status, reason}} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO feed(station, record_id, packet_id, status, reason, at) VALUES(?, ?, ?, ?, ?, ?)`,
			m.Station, m.RecordID, m.PacketID, st.s, st.r, ts(now)); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if status == enroll.StatusPrintReady && s.cfg.Matcher != nil {
		if err := s.cfg.Matcher.Add(ctx, m.RecordID, o.Transaction); err != nil {
			s.cfg.Log.Error("index fingerprints", "record", m.RecordID, "err", err)
		}
	}
	s.cfg.Log.Info("received", "packet", m.PacketID, "station", m.Station, "status", status, "source", source)
	return &uplink.Receipt{PacketID: m.PacketID, RecordID: m.RecordID, SHA256: sha, ReceivedAt: now, Status: string(status)}, nil
}

// assess decides between ENROLL_FAILURE_AT_CENTRAL (unreadable or incomplete
// biometrics) and PRINT_READY_RECORD.
func (s *Server) assess(_ context.Context, o *packet.Opened) (enroll.Status, string) {
	tx, err := an2k.Parse(o.Transaction, an2k.Tolerant)
	if err != nil {
		return enroll.StatusEnrollFailure, "transaksi tidak terbaca: " + err.Error()
	}
	fingers := 0
	for _, r := range tx.Find(14) {
		f, err := r.FingerImage()
		if err != nil {
			return enroll.StatusEnrollFailure, "rekaman sidik jari tidak terbaca"
		}
		if f.Compression == "WSQ20" {
			if _, err := wsq.Decode(bytes.NewReader(f.Data)); err != nil {
				return enroll.StatusEnrollFailure, fmt.Sprintf("citra WSQ jari %v tidak terbaca", f.Positions)
			}
		}
		fingers++
	}
	if fingers+len(o.Manifest.Exceptions) < 10 {
		return enroll.StatusEnrollFailure, fmt.Sprintf("sidik jari tidak lengkap: %d jari dan %d pengecualian", fingers, len(o.Manifest.Exceptions))
	}
	if len(tx.Find(10)) == 0 {
		return enroll.StatusEnrollFailure, "foto wajah tidak ada"
	}
	return enroll.StatusPrintReady, ""
}

func writeDurable(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (s *Server) feed(ctx context.Context, station string, since int64, limit int) (uplink.StatusPage, error) {
	page := uplink.StatusPage{Cursor: strconv.FormatInt(since, 10)}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, record_id, packet_id, status, reason, at FROM feed
		WHERE station = ? AND seq > ? ORDER BY seq LIMIT ?`, station, since, limit+1)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var u uplink.StatusUpdate
		var at string
		if err := rows.Scan(&seq, &u.RecordID, &u.PacketID, &u.Status, &u.Reason, &at); err != nil {
			return page, err
		}
		if len(page.Updates) == limit {
			page.More = true
			break
		}
		u.At = parseTS(at)
		page.Updates = append(page.Updates, u)
		page.Cursor = strconv.FormatInt(seq, 10)
	}
	return page, rows.Err()
}

// SetStatus moves a record on (an operator at the centre, or the printing process).
func (s *Server) SetStatus(ctx context.Context, packetID string, to enroll.Status, reason string) error {
	info, err := s.packetInfo(ctx, packetID)
	if err != nil {
		return err
	}
	if info == nil {
		return enroll.Errorf("set status", enroll.KindNotFound, "no packet %s", packetID)
	}
	if _, err := enroll.Move(info.Status, to); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := ts(s.cfg.Now())
	if _, err := tx.ExecContext(ctx, `UPDATE packets SET status = ?, reason = ? WHERE packet_id = ?`, to, reason, packetID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO feed(station, record_id, packet_id, status, reason, at) VALUES(?, ?, ?, ?, ?, ?)`,
		info.Station, info.RecordID, packetID, to, reason, now); err != nil {
		return err
	}
	return tx.Commit()
}
