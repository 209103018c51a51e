//go:build cgo && !nousb

package usb

import (
	"testing"

	"github.com/google/gousb"
)

// The classification tables use libusb's numbers; they must be gousb's.
func TestLibusbNumbersMatchGousb(t *testing.T) {
	codes := map[int]gousb.Error{
		errIO: gousb.ErrorIO, errInvalidParam: gousb.ErrorInvalidParam, errAccess: gousb.ErrorAccess,
		errNoDevice: gousb.ErrorNoDevice, errNotFound: gousb.ErrorNotFound, errBusy: gousb.ErrorBusy,
		errTimeout: gousb.ErrorTimeout, errOverflow: gousb.ErrorOverflow, errPipe: gousb.ErrorPipe,
		errInterrupted: gousb.ErrorInterrupted, errNoMem: gousb.ErrorNoMem, errNotSupported: gousb.ErrorNotSupported,
	}
	for n, e := range codes {
		if int(e) != n {
			t.Errorf("libusb error %v is %d in gousb, %d here", e, int(e), n)
		}
		if f := failureOf(e); f == nil || f.hasStatus || f.code != n {
			t.Errorf("failureOf(%v) = %+v", e, f)
		}
	}
	statuses := map[int]gousb.TransferStatus{
		statusError: gousb.TransferError, statusTimedOut: gousb.TransferTimedOut, statusCancelled: gousb.TransferCancelled,
		statusStall: gousb.TransferStall, statusNoDevice: gousb.TransferNoDevice, statusOverflow: gousb.TransferOverflow,
	}
	for n, s := range statuses {
		if int(s) != n {
			t.Errorf("transfer status %v is %d in gousb, %d here", s, int(s), n)
		}
		if f := failureOf(s); f == nil || !f.hasStatus || f.status != n {
			t.Errorf("failureOf(%v) = %+v", s, f)
		}
	}
	if len(codes) != len(errorKinds) || len(statuses) != len(statusKinds) {
		t.Errorf("tables cover %d codes and %d statuses; this test %d and %d", len(errorKinds), len(statusKinds), len(codes), len(statuses))
	}
}
