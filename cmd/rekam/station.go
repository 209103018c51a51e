package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/packet"
	"github.com/rekam-id/rekam/sync/remote"
	"github.com/rekam-id/rekam/sync/wire"
)

// stationConfig is the station's settings file, station.json in the data directory.
type stationConfig struct {
	Station   string `json:"station"`
	ServerURL string `json:"server_url"`
	Recipient string `json:"recipient"` // the centre's age key packets are sealed to
	// Schedule is the sync schedule in cron syntax (robfig/cron with descriptors).
	Schedule string `json:"schedule"`
	// Lossless seals fingers as PNG instead of WSQ.
	Lossless bool `json:"lossless,omitempty"`
	// Language is "id" (default) or "en".
	Language string `json:"language,omitempty"`
	// LastSync is the time of the last successful sync.
	LastSync time.Time `json:"last_sync,omitzero"`
	// IdleLockMinutes locks the screen after this many idle minutes (default 5; -1 never).
	IdleLockMinutes int `json:"idle_lock_minutes,omitempty"`
}

// defaultSchedule syncs every five minutes.
const defaultSchedule = "@every 5m"

func configPath(dir string) string { return filepath.Join(dir, "station.json") }
func keyPath(dir string) string    { return filepath.Join(dir, "station.key") }
func caPath(dir string) string     { return filepath.Join(dir, "ca.pem") }

// errNotProvisioned says the station has no bundle yet.
var errNotProvisioned = errors.New("station is not provisioned: run `rekam provision BUNDLE` (make run does it with a local afisd)")

// loadStation reads the station's configuration and key.
func loadStation(dir string) (stationConfig, ed25519.PrivateKey, error) {
	var c stationConfig
	raw, err := os.ReadFile(configPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil, errNotProvisioned
	}
	if err != nil {
		return c, nil, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, nil, fmt.Errorf("%s: %w", configPath(dir), err)
	}
	if c.Schedule == "" {
		c.Schedule = defaultSchedule
	}
	seed, err := os.ReadFile(keyPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil, nil // sealed in the encrypted store: unsealStationKey after login
	}
	if err != nil || len(seed) != ed25519.SeedSize {
		return c, nil, fmt.Errorf("station key %s damaged", keyPath(dir))
	}
	return c, ed25519.NewKeyFromSeed(seed), nil
}

// sealedKeySetting is the settings key of the station's signing key, sealed with the
// station data key; stationKeyAAD binds the ciphertext to that use.
const (
	sealedKeySetting = "station.key.sealed"
	stationKeyAAD    = "rekam/station-key"
)

// sealStationKey moves the station's signing key from its file into the encrypted store,
// so that a stolen laptop cannot sign packets or requests as the station.
func sealStationKey(ctx context.Context, dir string, st *sqlite.Store, s *auth.Session) error {
	seed, err := os.ReadFile(keyPath(dir))
	if err != nil {
		return err
	}
	sealed := s.Cipher.Seal(seed, []byte(stationKeyAAD))
	if err := st.SetSetting(ctx, sealedKeySetting, base64.StdEncoding.EncodeToString(sealed)); err != nil {
		return err
	}
	return os.Remove(keyPath(dir))
}

// unsealStationKey returns the station's signing key from the encrypted store.
func unsealStationKey(ctx context.Context, st *sqlite.Store, s *auth.Session) (ed25519.PrivateKey, error) {
	raw, err := st.Setting(ctx, sealedKeySetting)
	if err != nil {
		return nil, err
	}
	sealed, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || raw == "" {
		return nil, enroll.Errorf("unseal station key", enroll.KindNotFound, "no station key: provision the station")
	}
	seed, err := s.Cipher.Open(sealed, []byte(stationKeyAAD))
	if err != nil {
		return nil, fmt.Errorf("unseal station key: %w", err)
	}
	if len(seed) != ed25519.SeedSize {
		return nil, enroll.Errorf("unseal station key", enroll.KindInvalid, "station key has %d bytes", len(seed))
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func saveStation(dir string, c stationConfig) error {
	raw, _ := json.MarshalIndent(c, "", "  ")
	return writeFileAtomic(configPath(dir), append(raw, '\n'), 0o600)
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// syncClient returns the HTTPS client for the provisioned station.
func syncClient(dir string, c stationConfig, key ed25519.PrivateKey) (*remote.Client, error) {
	pem, err := os.ReadFile(caPath(dir))
	if err != nil {
		return nil, fmt.Errorf("pinned CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("pinned CA file holds no certificate")
	}
	return remote.New(remote.Config{BaseURL: c.ServerURL, CA: pool, Station: c.Station, Key: key})
}

func runProvision(args []string, out io.Writer) error {
	fs := newFlags("provision", out)
	data := dataFlag(fs)
	offline := fs.Bool("offline", false, "do not register with the server now (register at first sync)")
	admin := fs.String("admin", "admin", "ID of the station's first admin account (created at first provisioning)")
	adminName := fs.String("admin-name", "Administrator", "name of the first admin")
	as := asFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: rekam provision [--data DIR] [--as ADMIN] BUNDLE"}
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	b, err := wire.ParseBundle(raw)
	if err != nil {
		return err
	}
	if _, err := packet.ParseRecipient(b.Recipient); err != nil {
		return fmt.Errorf("provisioning bundle recipient: %w", err)
	}
	if _, err := ensureDir(*data); err != nil {
		return err
	}
	old, _, oldErr := loadStation(*data)
	if oldErr != nil && !errors.Is(oldErr, errNotProvisioned) {
		return oldErr
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	req := core.Provisioning{Provisioned: oldErr == nil, Encrypted: st.Encrypted(), OldStation: old.Station, NewStation: b.Station}
	if req.Provisioned {
		oldCA, _ := os.ReadFile(caPath(*data))
		req.SameCentre = old.ServerURL == b.ServerURL && old.Recipient == b.Recipient && string(oldCA) == b.CAPEM
	}
	if core.ProvisionAction(req) == core.ActionFirstProvision {
		st.Close()
		return firstProvision(*data, b, *admin, *adminName, *offline, out)
	}
	defer st.Close()
	ctx := context.Background()
	// A provisioned station: only an admin re-provisions, with the key kept sealed.
	var sess *auth.Session
	if st.Encrypted() {
		accounts, _ := stationAccounts(st)
		if *as == "" {
			return enroll.Errorf("provision", enroll.KindPermission, "this station is provisioned: re-provisioning needs an admin (--as ADMIN)")
		}
		if sess, err = loginAs(ctx, accounts, *as, out); err != nil {
			return err
		}
		defer sess.Close()
	}
	if err := core.Authorize(sess, core.ActionReprovision); err != nil {
		return err
	}
	counts, err := st.QueueCounts(ctx)
	if err != nil {
		return err
	}
	req.Queued = counts["queued"]
	if err := core.CheckProvisioning(req); err != nil {
		return err
	}
	if err := st.Unlock(ctx, sess.Cipher); err != nil {
		return err
	}
	key, err := unsealStationKey(ctx, st, sess)
	if err != nil {
		return err
	}
	_, log := stationAccounts(st)
	// The audit entry comes first: a change that cannot be recorded is not made.
	if _, err := log.Record(ctx, sess.Account.ID, auth.ActionProvision, b.Station,
		fmt.Sprintf("re-provisioned: server %s (was %s), recipient changed %v, %d queued", b.ServerURL, old.ServerURL, old.Recipient != b.Recipient, req.Queued)); err != nil {
		return err
	}
	if err := writeFileAtomic(caPath(*data), []byte(b.CAPEM), 0o600); err != nil {
		return err
	}
	c := old
	c.ServerURL, c.Recipient = b.ServerURL, b.Recipient
	if err := saveStation(*data, c); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(*data, "registration.token"), []byte(b.Token), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(out, "station %s re-provisioned for %s\n", b.Station, b.ServerURL)
	if *offline {
		return nil
	}
	return register(*data, key, out)
}

// firstProvision provisions a new, empty station: the one state change that needs no
// session (there are no accounts yet). It makes the station key, creates the first
// admin, seals the key into the encrypted store and registers with the centre.
func firstProvision(dir string, b wire.Bundle, admin, adminName string, offline bool, out io.Writer) error {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return err
	}
	if err := writeFileAtomic(keyPath(dir), seed, 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(caPath(dir), []byte(b.CAPEM), 0o600); err != nil {
		return err
	}
	c := stationConfig{Station: b.Station, ServerURL: b.ServerURL, Recipient: b.Recipient, Schedule: defaultSchedule}
	if err := saveStation(dir, c); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "registration.token"), []byte(b.Token), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(out, "station %s provisioned for %s\n", b.Station, b.ServerURL)
	key := ed25519.NewKeyFromSeed(seed)
	if err := firstAdmin(dir, admin, adminName, out); err != nil {
		return err
	}
	if offline {
		return nil
	}
	return register(dir, key, out)
}

// register registers the station's key with the centre using the bundle's token.
func register(dir string, key ed25519.PrivateKey, out io.Writer) error {
	c, _, err := loadStation(dir)
	if err != nil {
		return err
	}
	token, err := os.ReadFile(filepath.Join(dir, "registration.token"))
	if err != nil {
		return nil // already registered
	}
	cl, err := syncClient(dir, c, key)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.Register(ctx, string(token)); err != nil {
		return fmt.Errorf("register with %s: %w", c.ServerURL, err)
	}
	os.Remove(filepath.Join(dir, "registration.token"))
	fmt.Fprintf(out, "station key registered with %s\n", c.ServerURL)
	return nil
}

func decodeEd25519(b64 string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("station key %q is not a base64 Ed25519 public key", b64)
	}
	return ed25519.PublicKey(b), nil
}

// firstAdmin creates the first admin account, the station data key and the recovery key,
// and encrypts the store, unless the station already has accounts.
func firstAdmin(dir, id, name string, out io.Writer) error {
	st, err := openStore(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	if st.Encrypted() {
		return nil
	}
	ctx := context.Background()
	s, err := provisionOperators(ctx, st, id, name, out)
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	defer s.Close()
	if err := sealStationKey(ctx, dir, st, s); err != nil {
		return fmt.Errorf("seal the station key: %w", err)
	}
	return nil
}
