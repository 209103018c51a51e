package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/device/sim"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/packet"
)

// runtime is the wired station: its store, domain service and devices.
type runtime struct {
	dir         string
	cfg         stationConfig
	key         ed25519.PrivateKey
	provisioned bool
	store       *sqlite.Store
	svc         *enroll.Service
	camera      enroll.Camera
	pad         enroll.SignaturePad
	scanner     enroll.FingerScanner
	simScanner  *sim.FingerScanner // set when the scanner is the simulator
	simPad      *sim.SignaturePad
	builder     *packet.Builder // seals packets at sign-off; its key is set at unlock
	index       *fingerIndex    // the local duplicate check
	session     *auth.Session   // the login that unlocked the store; nil for a plain store
	log         *auth.Log       // the audit log
}

// runtimeOptions tune devices for batch work (demo) or people (GUI).
type runtimeOptions struct {
	fast bool // no shutter/settle delays, pad replay sped up
}

func openRuntime(dir string, opts runtimeOptions) (*runtime, error) {
	st, err := openStore(dir)
	if err != nil {
		return nil, err
	}
	rt := &runtime{dir: dir, store: st}
	rt.cfg, rt.key, err = loadStation(dir)
	switch {
	case err == nil:
		rt.provisioned = true
	case errors.Is(err, errNotProvisioned):
		rt.cfg = stationConfig{Station: "BELUM-DIPROVISI", Schedule: defaultSchedule}
	default:
		st.Close()
		return nil, err
	}
	_, rt.log = stationAccounts(st)
	cfg := enroll.Config{Repo: &auditedRepo{Repository: st, rt: rt}, Clock: time.Now, NewID: newID, Station: rt.cfg.Station, Regions: regionChecker{st}}
	if rt.provisioned {
		rcp, err := packet.ParseRecipient(rt.cfg.Recipient)
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("station.json recipient: %w", err)
		}
		rt.builder = &packet.Builder{Station: rt.cfg.Station, Key: rt.key, Recipient: rcp, Lossless: rt.cfg.Lossless}
		cfg.Sealer = rt.builder
	}
	if raw, err := st.Setting(context.Background(), checklistKey); err == nil && raw != "" {
		if c, err := enroll.ParseChecklist([]byte(raw)); err == nil {
			cfg.Checklist = c
		}
	}
	if raw, err := st.Setting(context.Background(), fingerQualityKey); err == nil && raw != "" {
		fmt.Sscan(raw, &cfg.FingerQuality)
	}
	if raw, err := st.Setting(context.Background(), selfApprovalKey); err == nil && raw == "on" {
		cfg.AllowSelfApproval = true // a training station's choice; four eyes otherwise
	}
	rt.index = &fingerIndex{idx: finger.NewIndex()}
	if !st.Encrypted() { // an encrypted store loads it after login (unlock)
		if err := rt.index.load(context.Background(), st); err != nil {
			st.Close()
			return nil, fmt.Errorf("load the fingerprint index: %w", err)
		}
	}
	cfg.Duplicates = rt.index
	rt.svc = enroll.NewService(cfg)
	rt.simDevices(opts)
	return rt, nil
}

// selfApprovalKey is the settings key that, set to "on", lets the operator who recorded
// an applicant approve that record's overrides (training stations only).
const selfApprovalKey = "enroll.self_approval"

// checklistKey is the settings key of an office's requirement checklist (JSON).
const checklistKey = "enroll.checklist"

// regionChecker answers "unknown" only when master data is loaded: a station without
// region data must not warn about every NIK.
type regionChecker struct{ s *sqlite.Store }

func (r regionChecker) RegionExists(code string) bool {
	if r.s.RegionExists("33") || r.s.RegionExists("11") {
		return r.s.RegionExists(code)
	}
	return true
}

// simDevices attaches the simulators (used when no hardware is found).
func (rt *runtime) simDevices(opts runtimeOptions) {
	so := sim.ScannerOptions{Quality: finger.Quality}
	co := sim.CameraOptions{}
	po := sim.PadOptions{}
	if opts.fast {
		so.CaptureDelay, so.FrameInterval, so.SettleFrames = -1, time.Millisecond, 1
		co.CaptureDelay = -1
		po.Speed, po.FinishPause = 1000, time.Millisecond
	}
	if img := mugshot(); img != nil {
		co.Face = img
		if !opts.fast {
			// A frame large enough for the photo checks (60 px between the eyes).
			co.Width, co.Height = 800, 600
		}
	}
	rt.simScanner = sim.NewFingerScanner(so)
	rt.simPad = sim.NewSignaturePad(po)
	rt.scanner, rt.camera, rt.pad = rt.simScanner, sim.NewCamera(co), rt.simPad
	if !opts.fast {
		rt.scanner = &applicantScanner{FingerScanner: rt.simScanner}
	}
}

// mugshot loads the reference face photo for the simulated camera when it is beside
// the repository (development), else nil (the camera draws a silhouette).
func mugshot() image.Image {
	for _, p := range []string{os.Getenv("REKAM_SIM_FACE"), filepath.Join("..", "shared", "data", "face", "nist-mugshot.jpg")} {
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err == nil {
			return img
		}
	}
	return nil
}

func (rt *runtime) close() { rt.store.Close() }

// newID returns a record ID: UTC time and 48 random bits, sortable and unique.
func newID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// applicantScanner gives the simulated scanner a new synthetic person for each applicant:
// the GUI does not tell devices whose fingers are on them, so a capture of the right
// thumb that follows another finger starts a new subject. (Without it every applicant
// would have the same simulated fingers, and the duplicate check would rightly object.)
type applicantScanner struct {
	*sim.FingerScanner
	mu   sync.Mutex
	last enroll.FingerPosition
}

func (a *applicantScanner) next(pos enroll.FingerPosition) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if pos == enroll.RightThumb && a.last != enroll.RightThumb {
		a.FingerScanner.SetSubject(newID())
	}
	a.last = pos
}

// Preview follows the applicant like Capture.
func (a *applicantScanner) Preview(ctx context.Context, pos enroll.FingerPosition) (<-chan enroll.Frame, error) {
	a.next(pos)
	return a.FingerScanner.Preview(ctx, pos)
}

// Capture captures pos of the current applicant.
func (a *applicantScanner) Capture(ctx context.Context, pos enroll.FingerPosition, minQuality int) (enroll.FingerSample, error) {
	a.next(pos)
	return a.FingerScanner.Capture(ctx, pos, minQuality)
}
