package enroll

import (
	"time"
)

// SampleFormat says how a sample's bytes are encoded.
type SampleFormat string

// Sample formats.
const (
	FormatGray8 SampleFormat = "gray8" // raw 8-bit grayscale pixels, row by row
	FormatJPEG  SampleFormat = "jpeg"
	FormatPNG   SampleFormat = "png"
	FormatPen   SampleFormat = "pen+json"   // pen points as JSON
	FormatISO   SampleFormat = "iso19794-2" // an ISO/IEC 19794-2 minutiae template
)

// Sample is one stored biometric sample: image bytes and what is needed to read them.
type Sample struct {
	Format  SampleFormat `json:"format"`
	Width   int          `json:"width,omitempty"`
	Height  int          `json:"height,omitempty"`
	PPI     int          `json:"ppi,omitempty"`
	Quality int          `json:"quality"` // 0–100, -1 unknown
	Device  DeviceInfo   `json:"device"`
	At      time.Time    `json:"at"`
	Data    []byte       `json:"-"` // the bytes; stored apart from the record's metadata
}

// FingerCapture is the outcome for one finger: the best of up to MaxFingerTries
// impressions, or an exception confirmed by a supervisor.
type FingerCapture struct {
	Position  FingerPosition  `json:"position"`
	Sample    *Sample         `json:"sample,omitempty"`
	Tries     int             `json:"tries"`
	Exception FingerException `json:"exception,omitempty"`
	// Template is the minutiae template of Sample, made by the duplicate check so that
	// the station's index can be rebuilt without extracting again. It is biometric data
	// like the image and is stored (and purged) with it.
	Template *Sample `json:"template,omitempty"`
}

// Done reports whether the finger is captured or excused.
func (f FingerCapture) Done() bool { return f.Sample != nil || f.Exception != ExceptionNone }

// Timestamps are the per-step times that measure the 10-minute standard.
type Timestamps struct {
	Arrived      time.Time `json:"arrived"`
	DocsChecked  time.Time `json:"docs_checked,omitzero"`
	CaptureStart time.Time `json:"capture_start,omitzero"`
	CaptureEnd   time.Time `json:"capture_end,omitzero"`
	SignedOff    time.Time `json:"signed_off,omitzero"`
}

// Duration returns the time from arrival to sign-off, or 0 when not signed off.
func (t Timestamps) Duration() time.Duration {
	if t.SignedOff.IsZero() || t.Arrived.IsZero() {
		return 0
	}
	return t.SignedOff.Sub(t.Arrived)
}

// Ack is a warning acknowledged by the operator with a reason.
type Ack struct {
	Code   string    `json:"code"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// OverrideKind names what a supervisor approved.
type OverrideKind string

// Supervisor override kinds.
const (
	OverrideRerecordNIK     OverrideKind = "RERECORD_NIK"     // a second capture for a NIK recorded here
	OverrideFingerException OverrideKind = "FINGER_EXCEPTION" // a finger recorded as an exception
	OverrideWarning         OverrideKind = "WARNING"          // a validation warning
	OverrideDuplicate       OverrideKind = "BIOMETRIC_DUPLICATE"
)

// Override is a supervisor's approval, given on the spot with a reason.
type Override struct {
	Kind       OverrideKind `json:"kind"`
	Subject    string       `json:"subject,omitempty"` // e.g. the finger or the earlier record ID
	Supervisor string       `json:"supervisor"`
	Reason     string       `json:"reason"`
	At         time.Time    `json:"at"`
}

// SignOff is the operator's "tanda tangan dan stempel": who confirmed the record, when.
type SignOff struct {
	Operator string    `json:"operator"`
	Station  string    `json:"station"`
	At       time.Time `json:"at"`
}

// Record is one recording of one applicant.
type Record struct {
	ID           string          `json:"id"`
	Request      RequestType     `json:"request"`
	QueueNo      string          `json:"queue_no,omitempty"`
	Operator     string          `json:"operator"` // who opened it
	Biodata      Biodata         `json:"biodata"`
	Checked      map[string]bool `json:"checked,omitempty"` // documents seen, by requirement key
	Outcomes     []Outcome       `json:"outcomes,omitempty"`
	Acks         []Ack           `json:"acks,omitempty"`
	Overrides    []Override      `json:"overrides,omitempty"`
	Face         *Sample         `json:"face,omitempty"`
	Signature    *Sample         `json:"signature,omitempty"`
	Fingers      []FingerCapture `json:"fingers,omitempty"`
	Times        Timestamps      `json:"times"`
	SignOff      *SignOff        `json:"sign_off,omitempty"`
	Status       Status          `json:"status"`
	StatusReason string          `json:"status_reason,omitempty"`
	StatusAt     time.Time       `json:"status_at,omitzero"`
	Packet       *PacketRef      `json:"packet,omitempty"`
	Updated      time.Time       `json:"updated"`
}

// PacketRef identifies the sealed packet built at sign-off.
type PacketRef struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"` // hex
	Size   int64  `json:"size"`
}

// Finger returns the capture for pos, adding an empty one when absent.
func (r *Record) Finger(pos FingerPosition) *FingerCapture {
	for i := range r.Fingers {
		if r.Fingers[i].Position == pos {
			return &r.Fingers[i]
		}
	}
	r.Fingers = append(r.Fingers, FingerCapture{Position: pos})
	return &r.Fingers[len(r.Fingers)-1]
}

// Samples returns every sample of the record with a stable key ("face", "signature",
// "finger-01" … "finger-10").
func (r *Record) Samples() map[string]*Sample {
	out := map[string]*Sample{}
	if r.Face != nil {
		out["face"] = r.Face
	}
	if r.Signature != nil {
		out["signature"] = r.Signature
	}
	for _, f := range r.Fingers {
		if f.Sample != nil {
			out[FingerKey(f.Position)] = f.Sample
		}
		if f.Template != nil {
			out[TemplateKey(f.Position)] = f.Template
		}
	}
	return out
}

// TemplateKey returns the sample key of a finger's template, "template-01" … "template-10".
func TemplateKey(p FingerPosition) string { return "template-" + FingerKey(p)[len("finger-"):] }

// FingerKey returns the sample key of a finger, "finger-01" … "finger-10".
func FingerKey(p FingerPosition) string {
	return "finger-" + string(rune('0'+int(p)/10)) + string(rune('0'+int(p)%10))
}

// Summary is the part of a record that lists and searches show.
type Summary struct {
	ID        string      `json:"id"`
	NIK       string      `json:"nik"`
	Name      string      `json:"name"`
	Request   RequestType `json:"request"`
	Status    Status      `json:"status"`
	Reason    string      `json:"reason,omitempty"`
	Operator  string      `json:"operator"`
	Arrived   time.Time   `json:"arrived"`
	SignedOff time.Time   `json:"signed_off,omitzero"`
	Place     string      `json:"place,omitempty"` // the station that captured it
}

// Summary returns the record's summary.
func (r *Record) Summary() Summary {
	s := Summary{ID: r.ID, NIK: r.Biodata.NIK, Name: r.Biodata.Name, Request: r.Request, Status: r.Status,
		Reason: r.StatusReason, Operator: r.Operator, Arrived: r.Times.Arrived, SignedOff: r.Times.SignedOff}
	if r.SignOff != nil {
		s.Place = r.SignOff.Station
	}
	return s
}
