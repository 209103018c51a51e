package station

import "github.com/rekam-id/rekam/app/enroll"

// QueueState is where a signed-off record stands in the upload queue, as every door
// shows it (the window's queue screen and home screen, `rekam sync status`).
type QueueState string

// The queue states.
const (
	QueueWaiting    QueueState = "waiting"     // signed off, not yet at the centre
	QueueSent       QueueState = "sent"        // at the centre, which is working on it
	QueuePrintReady QueueState = "print_ready" // PRINT_READY_RECORD or later
	QueueProblem    QueueState = "problem"     // rejected, failed at the centre, duplicate, adjudication
)

// StateOf returns the queue state of a record in status s, and false for records that
// are not in the queue (drafts and cancelled records).
func StateOf(s enroll.Status) (QueueState, bool) {
	switch s {
	case enroll.StatusDraft, enroll.StatusCancelled:
		return "", false
	case enroll.StatusBioCaptured:
		return QueueWaiting, true
	case enroll.StatusSent, enroll.StatusReceived:
		return QueueSent, true
	case enroll.StatusPrintReady, enroll.StatusSentForPrinting, enroll.StatusCardPrinted, enroll.StatusCardIssued:
		return QueuePrintReady, true
	}
	return QueueProblem, true
}

// QueueCounts counts the signed-off records per queue state.
type QueueCounts struct {
	Waiting, Sent, PrintReady, Problems int
}

// CountQueue sums per-status record counts into queue states: the one count that the
// window and the command line both show.
func CountQueue(byStatus map[enroll.Status]int) QueueCounts {
	var c QueueCounts
	for s, n := range byStatus {
		q, ok := StateOf(s)
		if !ok {
			continue
		}
		switch q {
		case QueueWaiting:
			c.Waiting += n
		case QueueSent:
			c.Sent += n
		case QueuePrintReady:
			c.PrintReady += n
		default:
			c.Problems += n
		}
	}
	return c
}
