package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is the station's SQLite database. It is safe for concurrent use.
type Store struct {
	// Now returns the current time; it stamps outbox rows and region imports. Set it
	// before use to make tests exact; it defaults to time.Now.
	Now func() time.Time

	db          *sql.DB
	path        string
	incarnation string

	regionMu    sync.Mutex
	regionCodes map[string]struct{} // nil until first needed, reset by an import

	encrypted atomic.Bool                // the database keeps records sealed (station.key_check is set)
	crypt     atomic.Pointer[crypterBox] // the Crypter while unlocked
}

var (
	_ enroll.Repository    = (*Store)(nil)
	_ enroll.RegionChecker = (*Store)(nil)
)

// options are the knobs tests turn; the station uses the defaults.
type options struct {
	maxPageCount int // PRAGMA max_page_count on every connection; 0 leaves SQLite's default
	schemaUpTo   int // apply migrations up to this version only; 0 applies all
	crypter      Crypter
}

// Open opens the database at path, creating it when absent, and brings its schema up to
// date. Without WithCrypter, an encrypted database opens locked (see Unlock) and a new
// one stays plain until its first Unlock. Errors: KindInvalid (the file is not a Rekam
// database, or one made by a newer program, or the Crypter is another station's key),
// KindUnavailable (the file cannot be opened or written), KindInternal.
func Open(path string, opts ...Option) (*Store, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return open(path, o)
}

func open(path string, o options) (*Store, error) {
	const op = "open database"
	ctx := context.Background()
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%s is a folder, not a Rekam database", path)
	}
	// synchronous=FULL is what makes a commit durable when it returns in WAL mode: SQLite
	// then syncs the WAL at every commit. NORMAL would sync only at checkpoints, so the
	// last transactions could vanish in a power cut even though Commit had returned.
	// foreign_keys and synchronous are per connection, so they go in the DSN that every
	// pooled connection runs; _txlock=immediate takes the write lock at BEGIN, so two
	// writers queue on busy_timeout instead of failing to upgrade a read lock.
	// secure_delete zeroes freed content, so purged or replaced samples do not linger in
	// free pages of the file.
	dsn := path + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)"
	if o.maxPageCount > 0 {
		dsn += fmt.Sprintf("&_pragma=max_page_count(%d)", o.maxPageCount)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, classify(op+" "+path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &Store{Now: time.Now, db: db, path: path}
	if err := s.init(ctx, o.schemaUpTo); err != nil {
		db.Close()
		return nil, err
	}
	if o.crypter != nil {
		if err := s.Unlock(ctx, o.crypter); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

func (s *Store) init(ctx context.Context, schemaUpTo int) error {
	const op = "open database"
	// Read the header before anything can write to the file, so a file that is not a
	// database is refused untouched.
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		if isNotADB(err) {
			return enroll.Errorf(op, enroll.KindInvalid, "%s is not a Rekam database (file is not a database)", s.path)
		}
		return classify(op+" "+s.path, err)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode=WAL`).Scan(&mode); err != nil {
		return classify(op+" "+s.path, err)
	}
	if mode != "wal" {
		return enroll.Errorf(op, enroll.KindUnavailable, "%s: cannot use write-ahead logging (journal mode %s)", s.path, mode)
	}
	if err := migrate(ctx, s.db, s.path, schemaUpTo); err != nil {
		return classify(op+" "+s.path, err)
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return enroll.E(op, enroll.KindInternal, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO station (id, incarnation, created) VALUES (1, ?, ?)`,
		hex.EncodeToString(id), ms(s.Now())); err != nil {
		return classify(op+" "+s.path, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT incarnation FROM station WHERE id = 1`).Scan(&s.incarnation); err != nil {
		return classify(op+" "+s.path, err)
	}
	if schemaUpTo == 0 || schemaUpTo >= 4 {
		var encrypted bool
		if err := s.db.QueryRowContext(ctx, `SELECT key_check IS NOT NULL FROM station WHERE id = 1`).Scan(&encrypted); err != nil {
			return classify(op+" "+s.path, err)
		}
		s.encrypted.Store(encrypted)
	}
	return nil
}

// Close closes the database. The store must not be used afterwards.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return classify("close database "+s.path, err)
	}
	return nil
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Incarnation returns the random 128-bit ID (32 hex digits) made when the database was
// created. A new ID tells the centre that the station's database was reset.
func (s *Store) Incarnation() string { return s.incarnation }

// IntegrityCheck runs PRAGMA integrity_check and returns nil when SQLite reports "ok".
// Errors: KindInternal (damage, with SQLite's first findings).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return classify("check database", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return classify("check database", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return classify("check database", err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return enroll.Errorf("check database", enroll.KindInternal, "%s is damaged: %v", s.path, msgs)
}

// ms returns t as unix milliseconds, the unit of the time columns.
func ms(t time.Time) int64 { return t.UnixMilli() }

// nullMS returns t as unix milliseconds, or NULL for the zero time.
func nullMS(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}
