package ui

import (
	"context"
	"image"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
)

// Backend is everything the station's screens need from the rest of the station. It is
// a set of small interfaces so that cmd/rekam can wire each one to its adapter (the
// operator accounts, the store, the sync engine, the device manager) and tests can fake
// them. Every method may be called from a background goroutine, never from the UI
// goroutine while the UI waits: implementations may block on disk or network.
type Backend interface {
	Operators
	Records
	Queue
	Network
	Regions
	SettingsStore
	DeviceSource
}

// Role is what an operator may do.
type Role string

// The operator roles (DESIGN.md, Trust).
const (
	RoleOperator   Role = "operator"   // Operator Perekaman
	RoleSupervisor Role = "supervisor" // may approve overrides
	RoleAdmin      Role = "admin"      // may change settings and manage accounts
)

// Operator is a logged-in person at the desk.
type Operator struct {
	ID   string
	Name string
	Role Role
}

// CanOverride reports whether the operator may approve a supervisor override (the
// station core's table: supervisors only; an admin manages, it does not approve).
func (o Operator) CanOverride() bool {
	return station.RoleAllows(auth.Role(o.Role), station.ActionApprove)
}

// Operators checks operator accounts.
type Operators interface {
	// Authenticate checks id and password and returns the operator. Errors:
	// KindPermission (unknown ID, wrong password, locked account), KindUnavailable.
	Authenticate(ctx context.Context, id, password string) (Operator, error)
}

// DayStats are today's numbers for the home screen.
type DayStats struct {
	Recorded int           // records signed off today at this station
	Average  time.Duration // mean time from arrival to sign-off of those records; 0 when none
}

// Records reads the local store.
type Records interface {
	// Search returns at most limit summaries whose NIK starts with query (when query is
	// digits) or whose name starts with query (case-insensitive), newest first; drafts and
	// cancelled records included. Errors: KindUnavailable, KindInternal.
	Search(ctx context.Context, query string, limit int) ([]enroll.Summary, error)
	// Record returns one record with its samples. Errors: KindNotFound.
	Record(ctx context.Context, id string) (*enroll.Record, error)
	// Drafts returns the open drafts opened by operator, newest first.
	Drafts(ctx context.Context, operator string) ([]enroll.Summary, error)
	// Today returns today's enrollment statistics.
	Today(ctx context.Context) (DayStats, error)
}

// QueueState is where a signed-off record stands in the upload queue.
type QueueState string

// The queue states the station shows.
const (
	QueueWaiting    QueueState = "waiting"     // signed off, not yet uploaded
	QueueSent       QueueState = "sent"        // uploaded; the centre is working on it
	QueuePrintReady QueueState = "print_ready" // PRINT_READY_RECORD or later
	QueueProblem    QueueState = "problem"     // rejected, failed at the centre, duplicate, adjudication
)

// QueueCounts counts the records in each queue state.
type QueueCounts struct {
	Waiting, Sent, PrintReady, Problems int
}

// QueueItem is one record in the upload queue.
type QueueItem struct {
	ID       string
	NIK      string
	Name     string
	Seq      int64 // outbox sequence number
	State    QueueState
	Status   enroll.Status
	Attempts int       // upload attempts so far
	Error    string    // the last error or the centre's reason, as reported; "" when none
	Updated  time.Time // when the state last changed
}

// SyncPhase names what a sync is doing.
type SyncPhase string

// The phases of one sync run.
const (
	PhaseConnect SyncPhase = "connect"
	PhaseUpload  SyncPhase = "upload"
	PhaseStatus  SyncPhase = "status" // pulling central statuses
	PhaseDone    SyncPhase = "done"
)

// SyncProgress is one progress report of a running sync. It is a plain value: the sync
// engine reports it from its own goroutine and the UI shows it on the UI goroutine.
type SyncProgress struct {
	Phase      SyncPhase
	Records    int    // records done in this run
	Total      int    // records to do in this run
	Bytes      int64  // bytes acknowledged in this run
	TotalBytes int64  // bytes to send in this run
	Packet     string // the packet being sent, "" between packets
}

// Queue is the upload queue and the sync engine.
type Queue interface {
	// QueueCounts counts the signed-off records per queue state.
	QueueCounts(ctx context.Context) (QueueCounts, error)
	// QueueItems returns at most limit queue entries, problems and waiting records first.
	QueueItems(ctx context.Context, limit int) ([]QueueItem, error)
	// SyncNow runs one sync (the same call the schedule makes) and reports progress
	// until it returns. Errors: KindUnavailable (no network), KindConflict (a sync is
	// already running), KindPermission (the server refused the station).
	SyncNow(ctx context.Context, progress func(SyncProgress)) error
}

// NetStatus is the state of the link to the central server.
type NetStatus struct {
	Online   bool
	Server   string    // the server URL or name
	LastSync time.Time // the last successful sync; zero when never
	Detail   string    // the last connection error, "" when none
}

// Network reports the link to the central server.
type Network interface {
	// NetworkStatus returns the current link state without blocking on the network.
	NetworkStatus(ctx context.Context) NetStatus
}

// Regions reads the region master data.
type Regions interface {
	// Regions returns the children of parent (a code without dots), sorted by name; the
	// provinces for "". Errors: KindUnavailable.
	Regions(ctx context.Context, parent string) ([]enroll.Region, error)
}

// Settings are the station settings an admin changes on the Pengaturan screen.
type Settings struct {
	Station       string // station ID, e.g. "KEC-JATEN-01"
	ServerURL     string
	Schedule      string // cron expression of the automatic sync
	Language      string // "id" or "en"
	FingerQuality int    // minimum finger quality, 0–100
	Checklist     []byte // the requirement checklist, JSON (enroll.ParseChecklist)
}

// SettingsStore loads and saves the settings.
type SettingsStore interface {
	// Settings returns the current settings.
	Settings(ctx context.Context) (Settings, error)
	// SaveSettings stores s. Errors: KindInvalid (a field is wrong), KindUnavailable.
	SaveSettings(ctx context.Context, s Settings) error
}

// Devices are the capture devices the station has now. A nil port means the device is
// missing.
type Devices struct {
	Camera  enroll.Camera
	Pad     enroll.SignaturePad
	Scanner enroll.FingerScanner
	// Changes, when not nil, receives a value whenever a device is plugged in, unplugged
	// or replaced; the UI then calls Devices again. The UI also polls Status every second.
	Changes <-chan struct{}
}

// DeviceSource reports the capture devices.
type DeviceSource interface {
	// Devices returns the current devices; it does not block.
	Devices() Devices
}

// Options configures a UI.
type Options struct {
	// Service runs the enrollment workflow; required.
	Service *enroll.Service
	// Quality scores a fingerprint image 0–100 for live previews that carry no quality
	// of their own; when nil, previews show the device's quality only.
	Quality func(*image.Gray) int
	// Clock is the time source; time.Now when nil.
	Clock func() time.Time
	// Language is the initial language, "id" (the default) or "en"; the saved setting
	// wins when the backend has one.
	Language string
	// IdleLock locks the screen after this long without a key press or tap;
	// DefaultIdleLock when zero, never when negative.
	IdleLock time.Duration
}
