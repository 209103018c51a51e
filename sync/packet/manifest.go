// Package packet builds, signs and seals one enrollment packet, and opens and verifies
// one. A packet is what the station uploads for a signed-off record: an ANSI/NIST-ITL
// transaction (biodata in Type-2, ten fingers in Type-14, the face in Type-10, the
// signature in Type-8) and a JSON manifest, signed together with the station's Ed25519
// key — the operator's sign-off is inside the signed part — and then sealed with age
// (X25519) to the central server's public key. docs/packet.md describes the format field
// by field.
package packet

import (
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// FormatVersion is written in every manifest.
const FormatVersion = "rekam-packet/1"

// Manifest is the signed metadata of a packet.
type Manifest struct {
	Format      string              `json:"format"`
	PacketID    string              `json:"packet_id"`
	RecordID    string              `json:"record_id"`
	Station     string              `json:"station"`
	NIK         string              `json:"nik"`
	Request     enroll.RequestType  `json:"request"`
	Outcomes    []enroll.Outcome    `json:"requirements"`
	Operator    string              `json:"operator"`
	SignOff     enroll.SignOff      `json:"sign_off"`
	Times       enroll.Timestamps   `json:"times"`
	Devices     []enroll.DeviceInfo `json:"devices"`
	Qualities   map[string]int      `json:"qualities"` // by sample key (finger-01 …)
	Exceptions  map[string]string   `json:"finger_exceptions,omitempty"`
	Acks        []enroll.Ack        `json:"acknowledged_warnings,omitempty"`
	Overrides   []enroll.Override   `json:"overrides,omitempty"`
	Transaction TransactionInfo     `json:"transaction"`
	Created     time.Time           `json:"created"`
}

// TransactionInfo identifies the ANSI/NIST transaction inside the packet.
type TransactionInfo struct {
	SHA256       string `json:"sha256"`
	Size         int    `json:"size"`
	FingerFormat string `json:"finger_format"` // WSQ20 or PNG
	Records      int    `json:"records"`
}
