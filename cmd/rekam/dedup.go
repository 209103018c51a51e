package main

import (
	"context"
	"image"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/store/sqlite"
)

// fingerIndex is the station's local duplicate check (enroll.DuplicateIndex) over
// app/finger's index. Templates are kept with the record's samples (encrypted with
// them) and loaded back at start.
type fingerIndex struct {
	mu  sync.RWMutex
	idx *finger.Index
}

func (fi *fingerIndex) index() *finger.Index {
	fi.mu.RLock()
	defer fi.mu.RUnlock()
	return fi.idx
}

var _ enroll.DuplicateIndex = (*fingerIndex)(nil)

// load adds the templates stored with committed records to the index (again after a
// later unlock: a person already indexed is replaced).
func (fi *fingerIndex) load(ctx context.Context, st *sqlite.Store) error {
	fresh := finger.NewIndex()
	var cur string
	var ts []*finger.Template
	flush := func() error {
		if cur != "" && len(ts) > 0 {
			return fresh.Add(cur, ts)
		}
		return nil
	}
	err := st.Templates(ctx, func(id string, pos enroll.FingerPosition, iso []byte) error {
		if id != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, ts = id, nil
		}
		t, err := finger.ParseISO(iso)
		if err != nil || len(t) == 0 {
			return nil // a damaged template only weakens the check
		}
		t[0].Position = uint8(pos)
		ts = append(ts, t[0])
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	fi.mu.Lock()
	fi.idx = fresh
	fi.mu.Unlock()
	return nil
}

// templates extracts (once, in parallel) and returns the record's finger templates.
func (fi *fingerIndex) templates(r *enroll.Record) []*finger.Template {
	var wg sync.WaitGroup
	out := make([]*finger.Template, len(r.Fingers))
	sem := make(chan struct{}, 2)
	for i := range r.Fingers {
		fc := &r.Fingers[i]
		if fc.Sample == nil || fc.Sample.Format != enroll.FormatGray8 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if fc.Template != nil {
				if ts, err := finger.ParseISO(fc.Template.Data); err == nil && len(ts) > 0 {
					ts[0].Position = uint8(fc.Position)
					out[i] = ts[0]
					return
				}
			}
			s := fc.Sample
			img := &image.Gray{Pix: s.Data, Stride: s.Width, Rect: image.Rect(0, 0, s.Width, s.Height)}
			t, err := finger.Extract(img, s.PPI)
			if err != nil {
				return
			}
			t.Position = uint8(fc.Position)
			iso, err := t.MarshalISO()
			if err != nil {
				return
			}
			fc.Template = &enroll.Sample{Format: enroll.FormatISO, Quality: s.Quality, Device: s.Device, At: s.At, Data: iso}
			out[i] = t
		}()
	}
	wg.Wait()
	var ts []*finger.Template
	for _, t := range out {
		if t != nil {
			ts = append(ts, t)
		}
	}
	return ts
}

// Search returns the earlier enrollments the applicant's fingers duplicate
// (finger.Hit.Duplicate).
func (fi *fingerIndex) Search(_ context.Context, r *enroll.Record) ([]enroll.DuplicateHit, error) {
	ts := fi.templates(r)
	if len(ts) == 0 {
		return nil, nil
	}
	var out []enroll.DuplicateHit
	for _, h := range fi.index().Search(ts) {
		if h.Duplicate(len(ts)) && h.PersonID != r.ID {
			out = append(out, enroll.DuplicateHit{RecordID: h.PersonID, Fingers: h.Fingers, Score: h.Score})
		}
	}
	return out, nil
}

// Add indexes a committed record.
func (fi *fingerIndex) Add(_ context.Context, r *enroll.Record) error {
	ts := fi.templates(r)
	if len(ts) == 0 {
		return nil
	}
	return fi.index().Add(r.ID, ts)
}
