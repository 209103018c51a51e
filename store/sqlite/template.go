package sqlite

import (
	"context"
	"strings"

	"github.com/rekam-id/rekam/app/enroll"
)

// Templates calls fn with every stored fingerprint template (sample keys
// "template-NN", format iso19794-2) of committed records that still hold their
// biometrics, so that the station's duplicate index can be rebuilt at start without
// extracting minutiae again. Errors: KindPermission (locked), KindUnavailable,
// KindInternal, and fn's error.
func (s *Store) Templates(ctx context.Context, fn func(recordID string, pos enroll.FingerPosition, iso []byte) error) error {
	const op = "read fingerprint templates"
	c, err := s.crypter(op)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.record_id, s.key, s.data FROM samples s
		JOIN records r ON r.id = s.record_id
		WHERE s.key LIKE 'template-%' AND r.status NOT IN (?, ?) ORDER BY s.record_id, s.key`,
		enroll.StatusDraft, enroll.StatusCancelled)
	if err != nil {
		return classify(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, key string
		var data []byte
		if err := rows.Scan(&id, &key, &data); err != nil {
			return classify(op, err)
		}
		pt, err := openBlob(c, data, sampleAAD(id, key))
		if err != nil {
			return enroll.E(op, enroll.KindInvalid, err)
		}
		var pos int
		for _, ch := range strings.TrimPrefix(key, "template-") {
			pos = pos*10 + int(ch-'0')
		}
		if err := fn(id, enroll.FingerPosition(pos), pt); err != nil {
			return err
		}
	}
	return classify(op, rows.Err())
}
