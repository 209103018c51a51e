package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
)

// sampleRow is a sample as the samples table holds it.
type sampleRow struct {
	key, format, device, sha string
	width, height, ppi       int
	quality                  int
	at                       int64
	size                     int     // of the plaintext
	data                     []byte  // as stored: sealed with a Crypter
	buf                      *[]byte // the pooled buffer data lives in, if any (releaseSamples)
}

// same reports whether two rows hold the same sample (the bytes compared by hash).
func (a sampleRow) same(b sampleRow) bool {
	return a.key == b.key && a.format == b.format && a.device == b.device && a.sha == b.sha &&
		a.width == b.width && a.height == b.height && a.ppi == b.ppi && a.quality == b.quality && a.at == b.at
}

// prepareSamples hashes, encodes and (with a Crypter) seals the samples of r; it runs
// before the transaction so that the write lock is held only for writing. The samples
// are hashed and sealed in parallel: a complete enrollment carries about 1.2 MB, and
// hashing and sealing it one sample after another would cost a few milliseconds of a
// single core on every save.
func prepareSamples(r *enroll.Record, c Crypter) ([]sampleRow, error) {
	smps := r.Samples()
	out := make([]sampleRow, 0, len(smps))
	for key, smp := range smps {
		dev, err := json.Marshal(smp.Device)
		if err != nil {
			return nil, fmt.Errorf("encode device of sample %s: %w", key, err)
		}
		out = append(out, sampleRow{key: key, format: string(smp.Format), device: string(dev),
			width: smp.Width, height: smp.Height, ppi: smp.PPI, quality: smp.Quality, at: ms(smp.At),
			size: len(smp.Data)})
	}
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			row, plain := &out[i], smps[out[i].key].Data
			row.sha = digest(c, plain)
			if c != nil {
				row.data, row.buf = sealPooled(c, plain, sampleAAD(r.ID, row.key))
			} else {
				row.data = plain
			}
			if row.data == nil {
				row.data = []byte{} // NOT NULL: an empty sample is still a sample
			}
		})
	}
	wg.Wait()
	return out, nil
}

// releaseSamples returns the rows' pooled buffers once they are written (or not).
func releaseSamples(rows []sampleRow) {
	for i := range rows {
		releaseBuffer(rows[i].buf)
		rows[i].buf, rows[i].data = nil, nil
	}
}

// writeSamples makes the stored samples of id equal to rows, writing only the samples
// that changed and deleting those no longer present.
func writeSamples(ctx context.Context, tx *sql.Tx, id string, rows []sampleRow) error {
	old := map[string]sampleRow{}
	q, err := tx.QueryContext(ctx, `SELECT key, format, device, sha256, width, height, ppi, quality, at
		FROM samples WHERE record_id = ?`, id)
	if err != nil {
		return err
	}
	for q.Next() {
		var o sampleRow
		if err := q.Scan(&o.key, &o.format, &o.device, &o.sha, &o.width, &o.height, &o.ppi, &o.quality, &o.at); err != nil {
			q.Close()
			return err
		}
		old[o.key] = o
	}
	if err := q.Close(); err != nil {
		return err
	}
	for _, r := range rows {
		if o, ok := old[r.key]; ok && o.same(r) {
			delete(old, r.key)
			continue
		}
		delete(old, r.key)
		if _, err := tx.ExecContext(ctx, `INSERT INTO samples
			(record_id, key, format, width, height, ppi, quality, device, at, sha256, size, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (record_id, key) DO UPDATE SET format = excluded.format, width = excluded.width,
				height = excluded.height, ppi = excluded.ppi, quality = excluded.quality,
				device = excluded.device, at = excluded.at, sha256 = excluded.sha256,
				size = excluded.size, data = excluded.data`,
			id, r.key, r.format, r.width, r.height, r.ppi, r.quality, r.device, r.at, r.sha, r.size, r.data); err != nil {
			return fmt.Errorf("write sample %s: %w", r.key, err)
		}
	}
	for key := range old {
		if _, err := tx.ExecContext(ctx, `DELETE FROM samples WHERE record_id = ? AND key = ?`, id, key); err != nil {
			return fmt.Errorf("delete sample %s: %w", key, err)
		}
	}
	return nil
}

// readSamples attaches the stored bytes to every sample that r's metadata names, opening
// them with c when the database is encrypted.
func readSamples(ctx context.Context, tx *sql.Tx, r *enroll.Record, c Crypter) error {
	want := r.Samples()
	q, err := tx.QueryContext(ctx, `SELECT key, sha256, data FROM samples WHERE record_id = ?`, r.ID)
	if err != nil {
		return err
	}
	defer q.Close()
	found := 0
	for q.Next() {
		var key, sha string
		var data []byte
		if err := q.Scan(&key, &sha, &data); err != nil {
			return err
		}
		smp, ok := want[key]
		if !ok {
			continue
		}
		data, err := openBlob(c, data, sampleAAD(r.ID, key))
		if err != nil {
			return err
		}
		if digest(c, data) != sha {
			return fmt.Errorf("sample %s of record %s is damaged (sha256 mismatch)", key, r.ID)
		}
		smp.Data = data
		found++
	}
	if err := q.Err(); err != nil {
		return err
	}
	if found != len(want) {
		return fmt.Errorf("record %s names %d samples but %d are stored", r.ID, len(want), found)
	}
	return nil
}
