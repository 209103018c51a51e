package afis

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/wire"
)

// Config configures a Server.
type Config struct {
	Dir      string              // data directory: afis.db, packets/, partial/
	Identity *age.X25519Identity // the key packets are sealed to
	Now      func() time.Time
	Log      *slog.Logger
	// MaxPacket is the largest accepted packet (default wire.MaxPacketSize).
	MaxPacket int64
	// FlushEvery is how many bytes of an upload are made durable at a time (default 64 KiB):
	// a cut connection loses at most this much.
	FlushEvery int
	// Matcher, when set, checks the fingerprints of a new packet against those already
	// enrolled (biometric de-duplication).
	Matcher Matcher
	// MasterData is served to stations; may be nil.
	MasterData *MasterData
	// Received, when set, is told how many upload bytes arrived (for measurements).
	Received func(n int)
}

// Matcher finds earlier enrollments of the same person by their fingerprints.
type Matcher interface {
	// Match returns the record ID of an earlier enrollment of the same fingers, or "".
	Match(ctx context.Context, recordID string, transaction []byte) (string, error)
	// Add indexes an accepted enrollment.
	Add(ctx context.Context, recordID string, transaction []byte) error
}

// Server is the central AFIS.
type Server struct {
	cfg   Config
	db    *sql.DB
	mu    sync.Mutex // serialises ingest decisions (NIK duplicate check + insert)
	seen  replayCache
	upMu  sync.Mutex
	upRun map[string]bool // packets with an upload in progress
}

// Open opens (creating if needed) the server's data directory.
func Open(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.MaxPacket <= 0 {
		cfg.MaxPacket = wire.MaxPacketSize
	}
	if cfg.FlushEvery <= 0 {
		cfg.FlushEvery = 64 << 10
	}
	if cfg.Identity == nil {
		return nil, errors.New("afis: no packet identity configured")
	}
	for _, d := range []string{cfg.Dir, filepath.Join(cfg.Dir, "packets"), filepath.Join(cfg.Dir, "partial")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("afis: %w", err)
		}
	}
	db, err := openDB(filepath.Join(cfg.Dir, "afis.db"))
	if err != nil {
		return nil, fmt.Errorf("afis: %w", err)
	}
	return &Server{cfg: cfg, db: db, seen: replayCache{m: map[string]time.Time{}}, upRun: map[string]bool{}}, nil
}

// Close closes the database.
func (s *Server) Close() error { return s.db.Close() }

// AddStation creates (or renews) a station entry and returns its one-time registration
// token for the provisioning bundle.
func (s *Server) AddStation(ctx context.Context, id, token string) error {
	if id == "" || token == "" {
		return enroll.Errorf("add station", enroll.KindInvalid, "station ID and token are required")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO stations(id, token, created) VALUES(?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET token = excluded.token`, id, token, ts(s.cfg.Now()))
	return err
}

// Register records a station's public key, once, against its provisioning token.
func (s *Server) Register(ctx context.Context, r wire.Registration) error {
	const op = "register station"
	pub, err := decodeKey(r.PublicKey)
	if err != nil {
		return enroll.E(op, enroll.KindInvalid, err)
	}
	var token string
	var have []byte
	err = s.db.QueryRowContext(ctx, `SELECT token, public_key FROM stations WHERE id = ?`, r.Station).Scan(&token, &have)
	if errors.Is(err, sql.ErrNoRows) {
		return enroll.Errorf(op, enroll.KindPermission, "unknown station %q", r.Station)
	}
	if err != nil {
		return enroll.E(op, enroll.KindInternal, err)
	}
	if token != r.Token {
		return enroll.Errorf(op, enroll.KindPermission, "wrong registration token for %s", r.Station)
	}
	if have != nil && !ed25519.PublicKey(have).Equal(pub) {
		return enroll.Errorf(op, enroll.KindConflict, "station %s is already registered with another key", r.Station)
	}
	_, err = s.db.ExecContext(ctx, `UPDATE stations SET public_key = ?, registered = ? WHERE id = ?`, []byte(pub), ts(s.cfg.Now()), r.Station)
	return err
}

// StationKey returns a registered station's public key.
func (s *Server) StationKey(id string) (ed25519.PublicKey, bool) {
	var k []byte
	err := s.db.QueryRow(`SELECT public_key FROM stations WHERE id = ? AND public_key IS NOT NULL`, id).Scan(&k)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(k), true
}

func (s *Server) refuse(ctx context.Context, station, remote, code, reason string) {
	s.cfg.Log.Warn("refused", "station", station, "remote", remote, "code", code, "reason", reason)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO refusals(at, station, remote, code, reason) VALUES(?, ?, ?, ?, ?)`,
		ts(s.cfg.Now()), station, remote, code, reason); err != nil {
		s.cfg.Log.Error("log refusal", "err", err)
	}
}

// replayCache remembers request signatures for twice the allowed clock skew.
type replayCache struct {
	mu sync.Mutex
	m  map[string]time.Time
}

// fresh records sig and reports whether it was not seen before.
func (c *replayCache) fresh(sig string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10000 {
		for k, t := range c.m {
			if now.Sub(t) > 2*wire.MaxClockSkew {
				delete(c.m, k)
			}
		}
	}
	if _, ok := c.m[sig]; ok {
		return false
	}
	c.m[sig] = now
	return true
}
