package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// regionBatch is how many rows one INSERT statement carries (5 parameters each, well
// under SQLite's limit of 32,766).
const regionBatch = 500

// RegionVersion describes the region master data in use.
type RegionVersion struct {
	Version  string    // as given to ImportRegions
	Rows     int       // regions imported
	Imported time.Time // when
}

// ImportRegions reads a Kemendagri region CSV (either "kode,nama" or
// "kode,kode_induk,tingkat,nama,kodepos"), validates every row and replaces the region
// master data with it in one transaction, labelled version. progress, when not nil, is
// called with the number of rows written so far. A file that fails validation changes
// nothing. Errors: KindInvalid (a bad row: the message names the line and the problem),
// KindUnavailable, KindInternal.
func (s *Store) ImportRegions(ctx context.Context, r io.Reader, version string, progress func(rows int)) (int, error) {
	const op = "import regions"
	if strings.TrimSpace(version) == "" {
		return 0, enroll.Errorf(op, enroll.KindInvalid, "a version label is required")
	}
	regs, err := parseRegions(r)
	if err != nil {
		return 0, err
	}
	err = s.write(ctx, op, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM regions_staging`); err != nil {
			return err
		}
		if err := stageRegions(ctx, tx, regs, progress); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM regions`,
			`INSERT INTO regions (code, parent, level, name, postal)
				SELECT code, parent, level, name, postal FROM regions_staging`,
			`DELETE FROM regions_staging`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO region_version (id, version, rows, imported)
			VALUES (1, ?, ?, ?)`, version, len(regs), ms(s.Now()))
		return err
	})
	if err != nil {
		return 0, err
	}
	s.regionMu.Lock()
	s.regionCodes = nil
	s.regionMu.Unlock()
	return len(regs), nil
}

func stageRegions(ctx context.Context, tx *sql.Tx, regs []enroll.Region, progress func(int)) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, 0, 5*regionBatch)
	for start := 0; start < len(regs); start += regionBatch {
		batch := regs[start:min(start+regionBatch, len(regs))]
		st, ok := stmts[len(batch)]
		if !ok {
			q := "INSERT INTO regions_staging (code, parent, level, name, postal) VALUES " +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(batch)), ", ")
			var err error
			if st, err = tx.PrepareContext(ctx, q); err != nil {
				return err
			}
			stmts[len(batch)] = st
		}
		args = args[:0]
		for _, g := range batch {
			args = append(args, g.Code, g.Parent, int(g.Level), g.Name, g.Postal)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("stage regions from %s: %w", batch[0].Code, err)
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	return nil
}

// RegionVersion returns the version of the region master data in use; the zero value
// when none was imported. Errors: KindUnavailable, KindInternal.
func (s *Store) RegionVersion(ctx context.Context) (RegionVersion, error) {
	var v RegionVersion
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT version, rows, imported FROM region_version WHERE id = 1`).
		Scan(&v.Version, &v.Rows, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return RegionVersion{}, nil
	}
	if err != nil {
		return v, classify("read region version", err)
	}
	v.Imported = time.UnixMilli(at)
	return v, nil
}

// Regions returns the children of parent (dotted or not) in code order; parent ""
// returns the provinces. Errors: KindUnavailable, KindInternal.
func (s *Store) Regions(ctx context.Context, parent string) ([]enroll.Region, error) {
	const op = "list regions"
	rows, err := s.db.QueryContext(ctx, `SELECT code, parent, level, name, postal FROM regions
		WHERE parent = ? ORDER BY code`, enroll.NormalizeRegionCode(parent))
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []enroll.Region
	for rows.Next() {
		var g enroll.Region
		if err := rows.Scan(&g.Code, &g.Parent, &g.Level, &g.Name, &g.Postal); err != nil {
			return nil, classify(op, err)
		}
		out = append(out, g)
	}
	return out, classify(op, rows.Err())
}

// Region returns one region by code (dotted or not). Errors: KindNotFound,
// KindUnavailable, KindInternal.
func (s *Store) Region(ctx context.Context, code string) (enroll.Region, error) {
	op := "get region " + code
	var g enroll.Region
	err := s.db.QueryRowContext(ctx, `SELECT code, parent, level, name, postal FROM regions WHERE code = ?`,
		enroll.NormalizeRegionCode(code)).Scan(&g.Code, &g.Parent, &g.Level, &g.Name, &g.Postal)
	if errors.Is(err, sql.ErrNoRows) {
		return g, enroll.Errorf(op, enroll.KindNotFound, "no region %q in the master data", code)
	}
	return g, classify(op, err)
}

// RegionExists reports whether the code (dotted or not) is in the region master data.
// The codes are cached in memory after the first call and reloaded after an import; when
// the database cannot be read it reports false.
func (s *Store) RegionExists(code string) bool {
	s.regionMu.Lock()
	defer s.regionMu.Unlock()
	if s.regionCodes == nil {
		codes, err := s.loadRegionCodes()
		if err != nil {
			return false
		}
		s.regionCodes = codes
	}
	_, ok := s.regionCodes[enroll.NormalizeRegionCode(code)]
	return ok
}

func (s *Store) loadRegionCodes() (map[string]struct{}, error) {
	rows, err := s.db.Query(`SELECT code FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	codes := map[string]struct{}{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes[c] = struct{}{}
	}
	return codes, rows.Err()
}
