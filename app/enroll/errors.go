package enroll

import (
	"context"
	"errors"
	"fmt"
)

// Kind classifies an error so that the user interface can act on it without parsing
// messages. Kinds are stable: they are part of the API of every port.
type Kind int

// The error kinds. Ports document which of them they return.
const (
	KindInternal     Kind = iota // a bug or an unexpected failure; nothing the operator can do
	KindInvalid                  // the input is wrong; the message says which field and why
	KindNotFound                 // the thing asked for does not exist
	KindConflict                 // the request clashes with the current state (e.g. illegal transition)
	KindUnavailable              // a resource (disk, network) is unavailable; retrying later may help
	KindNotConnected             // the device is not connected or has vanished
	KindBusy                     // the device is busy with another request
	KindTimeout                  // the operation did not finish before its deadline
	KindLowQuality               // a capture succeeded but its quality is below the threshold
	KindProtocol                 // a device or peer spoke the protocol wrongly (bad frame, bad signature)
	KindPermission               // the operator's role does not allow the action
	KindNetwork                  // the link to a server failed: refused, reset, unreachable, or stalled past its deadline; retrying later may help
	KindUntrusted                // a server's identity could not be verified: its certificate is not signed by the pinned CA
)

var kindNames = map[Kind]string{
	KindInternal:     "internal",
	KindInvalid:      "invalid",
	KindNotFound:     "not found",
	KindConflict:     "conflict",
	KindUnavailable:  "unavailable",
	KindNotConnected: "not connected",
	KindBusy:         "busy",
	KindTimeout:      "timed out",
	KindLowQuality:   "quality too low",
	KindProtocol:     "protocol error",
	KindPermission:   "not permitted",
	KindNetwork:      "network failure",
	KindUntrusted:    "untrusted server",
}

// String returns the kind's name in English.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the error type of the domain and its ports: an operation, a kind and a cause.
type Error struct {
	Op   string // what was being done, e.g. "save record" or "capture finger"
	Kind Kind   // what the UI can act on
	Err  error  // the cause; may be nil
}

// E builds an *Error. msg, when not empty, becomes the cause.
func E(op string, kind Kind, cause error) *Error {
	return &Error{Op: op, Kind: kind, Err: cause}
}

// Errorf builds an *Error whose cause is a formatted message.
func Errorf(op string, kind Kind, format string, args ...any) *Error {
	return &Error{Op: op, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// Error returns "op: cause".
func (e *Error) Error() string {
	switch {
	case e.Err == nil:
		return e.Op + ": " + e.Kind.String()
	case e.Op == "":
		return e.Err.Error()
	}
	return e.Op + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the outermost *Error in err's chain, KindInternal when err
// carries none, and -1 for a nil error. Context deadlines count as KindTimeout.
func KindOf(err error) Kind {
	if err == nil {
		return -1
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return KindTimeout
	}
	return KindInternal
}

// IsKind reports whether err is of kind k.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }
