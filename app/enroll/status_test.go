package enroll

import "testing"

// TestLifecycle checks every (from, to) pair against the table of allowed transitions.
func TestLifecycle(t *testing.T) {
	allowed := map[[2]Status]bool{}
	for _, p := range [][2]Status{
		{StatusDraft, StatusBioCaptured}, {StatusDraft, StatusCancelled},
		{StatusBioCaptured, StatusSent}, {StatusBioCaptured, StatusRejected}, {StatusBioCaptured, StatusReceived},
		{StatusBioCaptured, StatusEnrollFailure}, {StatusBioCaptured, StatusDuplicate}, {StatusBioCaptured, StatusAdjudicate},
		{StatusBioCaptured, StatusPrintReady},
		{StatusSent, StatusReceived}, {StatusSent, StatusRejected}, {StatusSent, StatusEnrollFailure},
		{StatusSent, StatusDuplicate}, {StatusSent, StatusAdjudicate}, {StatusSent, StatusPrintReady},
		{StatusReceived, StatusEnrollFailure}, {StatusReceived, StatusDuplicate}, {StatusReceived, StatusAdjudicate},
		{StatusReceived, StatusPrintReady},
		{StatusAdjudicate, StatusPrintReady}, {StatusAdjudicate, StatusDuplicate}, {StatusAdjudicate, StatusEnrollFailure},
		{StatusPrintReady, StatusSentForPrinting}, {StatusPrintReady, StatusCardPrinted}, {StatusPrintReady, StatusCardIssued},
		{StatusSentForPrinting, StatusCardPrinted}, {StatusSentForPrinting, StatusCardIssued},
		{StatusCardPrinted, StatusCardIssued},
	} {
		allowed[p] = true
	}
	n := 0
	for _, from := range AllStatuses {
		for _, to := range AllStatuses {
			got, err := Move(from, to)
			if allowed[[2]Status{from, to}] {
				n++
				if err != nil || got != to {
					t.Errorf("Move(%s, %s) = %s, %v; want allowed", from, to, got, err)
				}
			} else {
				if err == nil || KindOf(err) != KindConflict || got != from {
					t.Errorf("Move(%s, %s) = %s, %v; want KindConflict", from, to, got, err)
				}
			}
		}
	}
	if n != len(allowed) {
		t.Fatalf("checked %d allowed transitions, table has %d", n, len(allowed))
	}
	if _, err := Move("BOGUS", StatusSent); KindOf(err) != KindInvalid {
		t.Errorf("unknown status: %v", err)
	}
	for _, s := range []Status{StatusEnrollFailure, StatusDuplicate, StatusCardIssued, StatusRejected, StatusCancelled} {
		if !s.Final() {
			t.Errorf("%s should be final", s)
		}
	}
	for _, s := range AllStatuses {
		if s.Label("id") == string(s) || s.Label("en") == string(s) {
			t.Errorf("%s has no label", s)
		}
	}
}
