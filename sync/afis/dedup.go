package afis

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/png"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/app/wsq"
)

// FingerMatcher is the centre's biometric de-duplication: an index of the minutiae
// templates of every accepted enrollment, kept in the server's database (ISO/IEC
// 19794-2 records) and loaded into memory at start.
type FingerMatcher struct {
	db  *sql.DB
	idx *finger.Index
}

var _ Matcher = (*FingerMatcher)(nil)

// EnableDedup makes s check every new enrollment's fingers against the enrollments it
// holds (loading their stored templates) and returns the matcher.
func (s *Server) EnableDedup(ctx context.Context) (*FingerMatcher, error) {
	m := &FingerMatcher{db: s.db, idx: finger.NewIndex()}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS templates (
		record_id TEXT NOT NULL, position INTEGER NOT NULL, iso BLOB NOT NULL,
		PRIMARY KEY (record_id, position))`); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT record_id, iso FROM templates ORDER BY record_id, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byRecord := map[string][]*finger.Template{}
	var order []string
	for rows.Next() {
		var id string
		var iso []byte
		if err := rows.Scan(&id, &iso); err != nil {
			return nil, err
		}
		ts, err := finger.ParseISO(iso)
		if err != nil {
			return nil, fmt.Errorf("stored template of %s: %w", id, err)
		}
		if _, ok := byRecord[id]; !ok {
			order = append(order, id)
		}
		byRecord[id] = append(byRecord[id], ts...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range order {
		if err := m.idx.Add(id, byRecord[id]); err != nil {
			return nil, err
		}
	}
	s.cfg.Matcher = m
	return m, nil
}

// Len returns how many enrollments are indexed.
func (m *FingerMatcher) Len() int { return m.idx.Len() }

// templates extracts the minutiae of every Type-14 finger image of a transaction.
func templates(transaction []byte) ([]*finger.Template, error) {
	tx, err := an2k.Parse(transaction, an2k.Tolerant)
	if err != nil {
		return nil, err
	}
	var out []*finger.Template
	for _, r := range tx.Find(14) {
		f, err := r.FingerImage()
		if err != nil || len(f.Positions) != 1 {
			continue
		}
		var img image.Image
		switch f.Compression {
		case "WSQ20":
			img, err = wsq.Decode(bytes.NewReader(f.Data))
		case "PNG":
			img, err = png.Decode(bytes.NewReader(f.Data))
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("finger %d: %w", f.Positions[0], err)
		}
		g, ok := img.(*image.Gray)
		if !ok {
			continue
		}
		t, err := finger.Extract(g, f.HorizontalScale)
		if err != nil {
			continue // no usable print: nothing to match on this finger
		}
		t.Position = uint8(f.Positions[0])
		out = append(out, t)
	}
	return out, nil
}

// Match returns the earlier enrollment that the new one's fingers duplicate
// (finger.Hit.Duplicate), or "".
func (m *FingerMatcher) Match(_ context.Context, recordID string, transaction []byte) (string, error) {
	ts, err := templates(transaction)
	if err != nil {
		return "", err
	}
	for _, h := range m.idx.Search(ts) {
		if h.PersonID != recordID && h.Duplicate(len(ts)) {
			return h.PersonID, nil
		}
	}
	return "", nil
}

// Add indexes an accepted enrollment and stores its templates.
func (m *FingerMatcher) Add(ctx context.Context, recordID string, transaction []byte) error {
	ts, err := templates(transaction)
	if err != nil {
		return err
	}
	for _, t := range ts {
		iso, err := t.MarshalISO()
		if err != nil {
			return err
		}
		if _, err := m.db.ExecContext(ctx, `INSERT OR REPLACE INTO templates(record_id, position, iso) VALUES(?, ?, ?)`,
			recordID, t.Position, iso); err != nil {
			return err
		}
	}
	return m.idx.Add(recordID, ts)
}
