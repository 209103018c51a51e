package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
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
	const op = "find records by NIK"
	c, err := s.crypter(op)
	if err != nil {
		return nil, err
	}
	return s.summaries(ctx, op, c, `SELECT id, summary FROM records
		WHERE nik = ? AND status <> 'CANCELLED' ORDER BY arrived DESC, id DESC`, nikIndex(c, nik))
}

// SearchName returns up to limit summaries of records whose name starts with prefix,
// compared by NameKey, in name order and newest first within a name. Every status is
// included; an empty prefix finds nothing. Errors: KindUnavailable, KindInternal.
func (s *Store) SearchName(ctx context.Context, prefix string, limit int) ([]enroll.Summary, error) {
	const op = "search records by name"
	c, err := s.crypter(op)
	if err != nil {
		return nil, err
	}
	key := NameKey(prefix)
	if key == "" || limit <= 0 {
		return nil, nil
	}
	if c != nil {
		return s.searchSealedName(ctx, op, c, key, limit)
	}
	// A range on the index instead of LIKE: U+10FFFF sorts after every character that can
	// follow the prefix, so [key, key+U+10FFFF) is exactly the names that start with key.
	return s.summaries(ctx, op, nil, `SELECT id, summary FROM records
		WHERE name_key >= ? AND name_key < ? ORDER BY name_key, arrived DESC LIMIT ?`,
		key, key+"\U0010FFFF", limit)
}

// searchSealedName finds names by the blind index of their first characters (at most
// namePrefixLen of key), then opens the candidates' summaries to check the whole prefix
// and to sort them as SearchName promises.
func (s *Store) searchSealedName(ctx context.Context, op string, c Crypter, key string, limit int) ([]enroll.Summary, error) {
	probe := []rune(key)
	probe = probe[:min(len(probe), namePrefixLen)]
	all, err := s.summaries(ctx, op, c, `SELECT r.id, r.summary FROM name_index n JOIN records r ON r.id = n.record_id
		WHERE n.prefix = ?`, prefixIndex(c, string(probe)))
	if err != nil {
		return nil, err
	}
	type hit struct {
		key string
		sum enroll.Summary
	}
	hits := make([]hit, 0, len(all))
	for _, sum := range all {
		if k := NameKey(sum.Name); strings.HasPrefix(k, key) {
			hits = append(hits, hit{k, sum})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return b.sum.Arrived.Compare(a.sum.Arrived)
	})
	out := make([]enroll.Summary, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.sum)
	}
	return out, nil
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
	const op = "list records"
	c, err := s.crypter(op)
	if err != nil {
		return nil, err
	}
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
	q := "SELECT id, summary FROM records"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY arrived DESC, id DESC LIMIT ? OFFSET ?"
	args = append(args, limit, max(f.Offset, 0))
	return s.summaries(ctx, op, c, q, args...)
}

// Drafts returns the summaries of the drafts left open (to resume them), most recently
// changed first. Errors: KindUnavailable, KindInternal.
func (s *Store) Drafts(ctx context.Context) ([]enroll.Summary, error) {
	const op = "list drafts"
	c, err := s.crypter(op)
	if err != nil {
		return nil, err
	}
	return s.summaries(ctx, op, c, `SELECT id, summary FROM records
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

// summaries runs query, which selects id and summary, and decodes the summaries (opening
// them with c in an encrypted database).
func (s *Store) summaries(ctx context.Context, op string, c Crypter, query string, args ...any) ([]enroll.Summary, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []enroll.Summary
	for rows.Next() {
		var id string
		var stored []byte
		if err := rows.Scan(&id, &stored); err != nil {
			return nil, classify(op, err)
		}
		raw, err := openText(c, stored, summaryAAD(id))
		if err != nil {
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
