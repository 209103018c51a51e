package enroll

import "fmt"

// Status is the lifecycle state of a record, from DRAFT at the desk to the central
// statuses that the server reports back (DOMAIN.md).
type Status string

// The lifecycle statuses.
const (
	StatusDraft           Status = "DRAFT"                     // being captured at the desk
	StatusBioCaptured     Status = "BIO_CAPTURED"              // signed off and saved locally, queued
	StatusSent            Status = "SENT_FOR_ENROLLMENT"       // uploaded, receipt held
	StatusReceived        Status = "RECEIVED_AT_CENTRAL"       // the centre has opened it
	StatusEnrollFailure   Status = "ENROLL_FAILURE_AT_CENTRAL" // unreadable or incomplete biometrics
	StatusDuplicate       Status = "DUPLICATE_RECORD"
	StatusAdjudicate      Status = "ADJUDICATE_RECORD"
	StatusPrintReady      Status = "PRINT_READY_RECORD"
	StatusSentForPrinting Status = "SENT_FOR_CARD_PRINTING"
	StatusCardPrinted     Status = "CARD_PRINTED"
	StatusCardIssued      Status = "CARD_ISSUED"
	StatusRejected        Status = "REJECTED"  // refused by the server permanently (bad packet); reason kept
	StatusCancelled       Status = "CANCELLED" // a draft abandoned at the desk
)

// transitions is the lifecycle state machine. Central statuses may skip ahead because the
// status feed reports only the latest state.
var transitions = map[Status][]Status{
	StatusDraft: {StatusBioCaptured, StatusCancelled},
	// The centre's status proves receipt even when the station lost its receipt (a cut
	// after the last byte, a restored database): a captured record may take it directly.
	StatusBioCaptured:     {StatusSent, StatusRejected, StatusReceived, StatusEnrollFailure, StatusDuplicate, StatusAdjudicate, StatusPrintReady},
	StatusSent:            {StatusReceived, StatusRejected, StatusEnrollFailure, StatusDuplicate, StatusAdjudicate, StatusPrintReady},
	StatusReceived:        {StatusEnrollFailure, StatusDuplicate, StatusAdjudicate, StatusPrintReady},
	StatusAdjudicate:      {StatusPrintReady, StatusDuplicate, StatusEnrollFailure},
	StatusPrintReady:      {StatusSentForPrinting, StatusCardPrinted, StatusCardIssued},
	StatusSentForPrinting: {StatusCardPrinted, StatusCardIssued},
	StatusCardPrinted:     {StatusCardIssued},
}

// AllStatuses lists every status in lifecycle order.
var AllStatuses = []Status{StatusDraft, StatusBioCaptured, StatusSent, StatusReceived, StatusEnrollFailure,
	StatusDuplicate, StatusAdjudicate, StatusPrintReady, StatusSentForPrinting, StatusCardPrinted,
	StatusCardIssued, StatusRejected, StatusCancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range AllStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// CanMove reports whether the lifecycle allows from → to.
func CanMove(from, to Status) bool {
	for _, t := range transitions[from] {
		if t == to {
			return true
		}
	}
	return false
}

// Move returns to when the lifecycle allows from → to, else an error of KindConflict.
func Move(from, to Status) (Status, error) {
	if !from.Valid() || !to.Valid() {
		return from, Errorf("change status", KindInvalid, "unknown status %q → %q", from, to)
	}
	if !CanMove(from, to) {
		return from, E("change status", KindConflict, fmt.Errorf("%s → %s is not allowed", from, to))
	}
	return to, nil
}

// Central reports whether s is reported by the centre (after upload).
func (s Status) Central() bool {
	switch s {
	case StatusDraft, StatusBioCaptured, StatusSent, StatusRejected, StatusCancelled:
		return false
	}
	return s.Valid()
}

// Final reports whether no further transition is possible.
func (s Status) Final() bool { return len(transitions[s]) == 0 }

var statusLabels = map[Status][2]string{
	StatusDraft:           {"Belum rekam", "Not recorded"},
	StatusBioCaptured:     {"Sudah rekam", "Recorded"},
	StatusSent:            {"Terkirim", "Sent"},
	StatusReceived:        {"Diterima pusat", "Received centrally"},
	StatusEnrollFailure:   {"Gagal di pusat", "Failed at the centre"},
	StatusDuplicate:       {"Data ganda", "Duplicate record"},
	StatusAdjudicate:      {"Verifikasi pusat", "Under adjudication"},
	StatusPrintReady:      {"Siap cetak", "Print ready"},
	StatusSentForPrinting: {"Proses cetak", "Sent for printing"},
	StatusCardPrinted:     {"Tercetak", "Printed"},
	StatusCardIssued:      {"Diserahkan", "Issued"},
	StatusRejected:        {"Ditolak server", "Rejected by server"},
	StatusCancelled:       {"Dibatalkan", "Cancelled"},
}

// Label returns the status in words for lang.
func (s Status) Label(lang string) string {
	l, ok := statusLabels[s]
	if !ok {
		return string(s)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}
