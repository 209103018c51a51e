package usb

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/rekam-id/rekam/app/enroll"
)

// libusb's error codes and transfer statuses, which are part of its stable ABI
// (libusb.h, enum libusb_error and enum libusb_transfer_status). Keeping them here as
// plain numbers lets the classification be tested without cgo; the cgo build checks
// them against gousb's constants.
const (
	errIO           = -1
	errInvalidParam = -2
	errAccess       = -3
	errNoDevice     = -4
	errNotFound     = -5
	errBusy         = -6
	errTimeout      = -7
	errOverflow     = -8
	errPipe         = -9
	errInterrupted  = -10
	errNoMem        = -11
	errNotSupported = -12

	statusError     = 1
	statusTimedOut  = 2
	statusCancelled = 3
	statusStall     = 4
	statusNoDevice  = 5
	statusOverflow  = 6
)

// errorKinds maps a libusb error code to the kind a caller can act on.
var errorKinds = map[int]enroll.Kind{
	errIO:           enroll.KindUnavailable,
	errInvalidParam: enroll.KindInvalid,
	errAccess:       enroll.KindPermission,
	errNoDevice:     enroll.KindNotConnected,
	errNotFound:     enroll.KindNotConnected,
	errBusy:         enroll.KindBusy,
	errTimeout:      enroll.KindTimeout,
	errOverflow:     enroll.KindProtocol,
	errPipe:         enroll.KindProtocol,
	errInterrupted:  enroll.KindUnavailable,
	errNoMem:        enroll.KindInternal,
	errNotSupported: enroll.KindUnavailable,
}

// statusKinds maps a libusb transfer status to a kind. A cancelled transfer is one
// this package cancelled because the context ended.
var statusKinds = map[int]enroll.Kind{
	statusError:     enroll.KindUnavailable,
	statusTimedOut:  enroll.KindTimeout,
	statusCancelled: enroll.KindTimeout,
	statusStall:     enroll.KindProtocol,
	statusNoDevice:  enroll.KindNotConnected,
	statusOverflow:  enroll.KindProtocol,
}

// errClosed is the cause of every call on a closed Transport or Bus.
var errClosed = errors.New("closed")

// codeInMessage finds gousb's "[code -6]" in errors that gousb wrapped with %v and so
// stripped of their type (Config and Interface do that).
var codeInMessage = regexp.MustCompile(`\[code (-?[0-9]+)\]`)

// libusbFailure is what went wrong in libusb, as numbers: a transfer status when the
// transfer ran and failed, otherwise an error code.
type libusbFailure struct {
	code      int  // a libusb_error, when !hasStatus
	status    int  // a libusb_transfer_status, when hasStatus
	hasStatus bool // the failure is a transfer status
}

// kind returns the kind of the failure and whether it is known.
func (f libusbFailure) kind() (enroll.Kind, bool) {
	if f.hasStatus {
		k, ok := statusKinds[f.status]
		return k, ok
	}
	k, ok := errorKinds[f.code]
	return k, ok
}

// codeFromMessage recovers a libusb error code from an error's text.
func codeFromMessage(err error) (int, bool) {
	m := codeInMessage.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, false
	}
	n, convErr := strconv.Atoi(m[1])
	return n, convErr == nil
}

// classify turns a failure of op into an *enroll.Error. ctx is the context the call
// ran under: when it has ended, the failure is the cancellation this package asked
// for and the error is a KindTimeout carrying ctx.Err(). f is nil when the error did
// not come from libusb. vid and pid go into the udev hint of a KindPermission error.
func classify(op string, ctx context.Context, err error, f *libusbFailure, vid, pid uint16) error {
	var de *enroll.Error
	if errors.As(err, &de) {
		return err
	}
	if ctxErr := ctx.Err(); ctxErr != nil && (f == nil || f.hasStatus && f.status == statusCancelled) {
		return ctxError(op, ctxErr)
	}
	if f == nil {
		if n, ok := codeFromMessage(err); ok {
			f = &libusbFailure{code: n}
		}
	}
	kind := enroll.KindInternal
	if f != nil {
		if k, ok := f.kind(); ok {
			kind = k
		}
	}
	if kind == enroll.KindPermission {
		return enroll.E(op, kind, fmt.Errorf("%s: %w", permissionHint(vid, pid), err))
	}
	return enroll.E(op, kind, err)
}
