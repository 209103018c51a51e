package uplink

import (
	"context"
	"io"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Item is one queued packet in the outbox.
type Item struct {
	Seq      int64  // the outbox sequence number, increasing in commit order
	RecordID string // the enrollment record
	PacketID string
	SHA256   string // hex of the whole packet
	Size     int64
	Sent     bool // a receipt is already held
	// Relay marks a packet of another station carried here on a drive; the centre checks
	// it against its own station's key.
	Relay bool
}

// Receipt is the centre's acknowledgement that it holds a packet.
type Receipt struct {
	PacketID   string    `json:"packet_id"`
	RecordID   string    `json:"record_id"`
	SHA256     string    `json:"sha256"`
	ReceivedAt time.Time `json:"received_at"`
	Status     string    `json:"status"` // the record's central status at receipt
}

// StatusUpdate is one entry of the centre's status feed.
type StatusUpdate struct {
	RecordID string        `json:"record_id"`
	PacketID string        `json:"packet_id"`
	Status   enroll.Status `json:"status"`
	Reason   string        `json:"reason,omitempty"`
	At       time.Time     `json:"at"`
}

// Outbox is what the engine needs from the station's store.
type Outbox interface {
	// Incarnation identifies this database; a new one means the database was reset.
	Incarnation() string
	// Items returns up to limit packets with Seq > after, in order; with all, packets
	// that already hold a receipt are included too (for a full resend).
	Items(ctx context.Context, after int64, limit int, all bool) ([]Item, error)
	// Packet opens a packet's bytes for reading from any offset.
	Packet(ctx context.Context, recordID string) (io.ReaderAt, error)
	// MarkSent stores the receipt and moves the record to SENT_FOR_ENROLLMENT.
	MarkSent(ctx context.Context, it Item, r Receipt) error
	// MarkFailed records one transient failure of an upload (the attempt count and the
	// last error the queue screen shows); the packet stays queued.
	MarkFailed(ctx context.Context, it Item, cause string) error
	// MarkRejected marks a permanent rejection with the centre's reason.
	MarkRejected(ctx context.Context, it Item, reason string) error
	// ApplyStatus records a central status; an update the lifecycle does not allow
	// returns an error of kind enroll.KindConflict and is skipped.
	ApplyStatus(ctx context.Context, u StatusUpdate) error
	// Cursor and SetCursor keep the status-feed cursor.
	Cursor(ctx context.Context) (string, error)
	SetCursor(ctx context.Context, cursor string) error
}

// Offer is the centre's answer about one announced packet.
type Offer struct {
	PacketID string   `json:"packet_id"`
	Have     bool     `json:"have"`              // the centre holds it completely
	Offset   int64    `json:"offset"`            // bytes already received of a partial upload
	Receipt  *Receipt `json:"receipt,omitempty"` // when Have
}

// Announcement is a batch of packets offered to the centre.
type Announcement struct {
	Station     string         `json:"station"`
	Incarnation string         `json:"incarnation"`
	Packets     []AnnouncedPkt `json:"packets"`
}

// AnnouncedPkt describes one packet in an announcement.
type AnnouncedPkt struct {
	PacketID string `json:"packet_id"`
	RecordID string `json:"record_id"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	Relay    bool   `json:"relay,omitempty"`
}

// AnnounceReply is the centre's answer to an announcement.
type AnnounceReply struct {
	// KnownIncarnation is false when the centre has never seen this incarnation of the
	// station's database: the station then resends its whole outbox.
	KnownIncarnation bool    `json:"known_incarnation"`
	Offers           []Offer `json:"offers"`
}

// StatusPage is one page of the status feed.
type StatusPage struct {
	Updates []StatusUpdate `json:"updates"`
	Cursor  string         `json:"cursor"`
	More    bool           `json:"more"`
}

// Transport is what the engine needs from the network; sync/remote implements it over
// HTTPS. Errors of kind enroll.KindInvalid or KindConflict are permanent; all others are
// transient.
type Transport interface {
	// Announce offers a batch and learns what the centre already holds.
	Announce(ctx context.Context, a Announcement) (AnnounceReply, error)
	// Upload sends the packet's bytes from offset to the end, reading from src, and
	// returns the receipt. progress is called with the bytes acknowledged so far. A cut
	// connection returns a transient error; the next attempt asks Offset first.
	Upload(ctx context.Context, p AnnouncedPkt, offset int64, src io.ReaderAt, progress func(acked int64)) (Receipt, error)
	// Offset asks how many bytes of the packet the centre holds.
	Offset(ctx context.Context, p AnnouncedPkt) (int64, error)
	// Statuses returns the status feed after cursor.
	Statuses(ctx context.Context, cursor string) (StatusPage, error)
}
