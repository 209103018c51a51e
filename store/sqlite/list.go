package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/rekam-id/rekam/app/enroll"
)

// NameKey returns the search form of a name: upper case, letters and digits only,
// apostrophes dropped ("Ma'ruf" → "MARUF"), other punctuation and runs of spaces made one
// space ("M.  Yusuf" → "M YUSUF").
func NameKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToUpper(r))
		case r == '\'' || r == '’' || r == '`':
		default:
			space = true
		}
	}
	return b.String()
}

// FindByNIK returns the summaries of every non-cancelled record with that NIK, newest
// arrival first. Errors: KindUnavailable, KindInternal.
func (s *Store) FindByNIK(ctx context.Context, nik string) ([]enroll.Summary, error) {
	return s.summaries(ctx, "find records by NIK", `SELECT summary FROM records
		WHERE nik = ? AND status <> 'CANCELLED' ORDER BY arrived DESC, id DESC`, nik)
}

// SearchName returns up to limit summaries of records whose name starts with prefix,
// compared by NameKey, in name order and newest first within a name. Every status is
// included; an empty prefix finds nothing. Errors: KindUnavailable, KindInternal.
func (s *Store) SearchName(ctx context.Context, prefix string, limit int) ([]enroll.Summary, error) {
	key := NameKey(prefix)
	if key == "" || limit <= 0 {
		return nil, nil
	}
	// A range on the index instead of LIKE: U+10FFFF sorts after every character that can
	// follow the prefix, so [key, key+U+10FFFF) is exactly the names that start with key.
	return s.summaries(ctx, "search records by name", `SELECT summary FROM records
		WHERE name_key >= ? AND name_key < ? ORDER BY name_key, arrived DESC LIMIT ?`,
		key, key+"\U0010FFFF", limit)
}

// Filter selects records for the records screen. Zero fields select everything.
type Filter struct {
	Statuses []enroll.Status // any of these; empty means all
	From, To time.Time       // arrival in [From, To)
	Limit    int             // at most this many; 0 means 100
	Offset   int             // skip this many (paging)
}

// List returns the summaries of the records that f selects, newest arrival first.
// Errors: KindUnavailable, KindInternal.
func (s *Store) List(ctx context.Context, f Filter) ([]enroll.Summary, error) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		where = append(where, "status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ")+")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if !f.From.IsZero() {
		where = append(where, "arrived >= ?")
		args = append(args, ms(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "arrived < ?")
		args = append(args, ms(f.To))
	}
	q := "SELECT summary FROM records"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY arrived DESC, id DESC LIMIT ? OFFSET ?"
	args = append(args, limit, max(f.Offset, 0))
	return s.summaries(ctx, "list records", q, args...)
}

// Drafts returns the summaries of the drafts left open (to resume them), most recently
// changed first. Errors: KindUnavailable, KindInternal.
func (s *Store) Drafts(ctx context.Context) ([]enroll.Summary, error) {
	return s.summaries(ctx, "list drafts", `SELECT summary FROM records
		WHERE status = 'DRAFT' ORDER BY updated DESC, id DESC`)
}

// TodayStats returns how many records were signed off on day's calendar date (in day's
// time zone) and their average time from arrival to sign-off in minutes (0 when none).
// Errors: KindUnavailable, KindInternal.
func (s *Store) TodayStats(ctx context.Context, day time.Time) (count int, avgMinutes float64, err error) {
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location())
	end := start.AddDate(0, 0, 1)
	var avg sql.NullFloat64
	err = s.db.QueryRowContext(ctx, `SELECT count(*), avg(signed_off - arrived) FROM records
		WHERE signed_off >= ? AND signed_off < ? AND status <> 'CANCELLED'`, ms(start), ms(end)).Scan(&count, &avg)
	if err != nil {
		return 0, 0, classify("count today's records", err)
	}
	return count, avg.Float64 / 60000, nil
}

func (s *Store) summaries(ctx context.Context, op, query string, args ...any) ([]enroll.Summary, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []enroll.Summary
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, classify(op, err)
		}
		var sum enroll.Summary
		if err := json.Unmarshal(raw, &sum); err != nil {
			return nil, classify(op, fmt.Errorf("decode summary: %w", err))
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	return out, nil
}
