package enroll

import (
	"context"
	"fmt"
	"strings"
)

// DuplicateHit is an earlier enrollment at this station whose fingerprints match the
// applicant's.
type DuplicateHit struct {
	RecordID string  `json:"record_id"`
	Fingers  int     `json:"fingers"` // how many fingers matched
	Score    float64 `json:"score"`
}

// DuplicateIndex is the port to the station's fingerprint index (the local duplicate
// check, "data ganda"). The wiring implements it with app/finger.
type DuplicateIndex interface {
	// Search returns the earlier enrollments whose fingers match r's captured fingers,
	// best first. It fills FingerCapture.Template of fingers that lack one, so that the
	// templates are saved with the record. Errors: KindInternal.
	Search(ctx context.Context, r *Record) ([]DuplicateHit, error)
	// Add indexes a committed record's fingers. Errors: KindInternal.
	Add(ctx context.Context, r *Record) error
}

// Duplicates runs the local duplicate check on the fingers captured so far. It returns
// nil when no index is configured.
func (s *Service) Duplicates(ctx context.Context, r *Record) ([]DuplicateHit, error) {
	if s.cfg.Duplicates == nil {
		return nil, nil
	}
	hits, err := s.cfg.Duplicates.Search(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("duplicate check of %s: %w", r.ID, err)
	}
	var out []DuplicateHit
	for _, h := range hits {
		if h.RecordID != r.ID {
			out = append(out, h)
		}
	}
	return out, nil
}

// checkDuplicates refuses a sign-off whose fingers match an earlier enrollment unless a
// supervisor approved it (OverrideDuplicate naming that record).
func (s *Service) checkDuplicates(ctx context.Context, r *Record) error {
	hits, err := s.Duplicates(ctx, r)
	if err != nil {
		return err
	}
	var open []string
	for _, h := range hits {
		approved := false
		for _, o := range r.Overrides {
			if o.Kind == OverrideDuplicate && o.Subject == h.RecordID {
				approved = true
			}
		}
		if !approved {
			open = append(open, fmt.Sprintf("%s (%d jari)", h.RecordID, h.Fingers))
		}
	}
	if len(open) > 0 {
		return Errorf("sign off", KindConflict, "sidik jari sama dengan rekaman %s: perlu persetujuan supervisor / fingerprints match %s: a supervisor must approve",
			strings.Join(open, ", "), strings.Join(open, ", "))
	}
	return nil
}
