package sbi

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/rekam-id/rekam/app/enroll"
)

// CodeError is an error a device reported with an SBI error code.
type CodeError struct {
	Code string // the spec's errorCode, e.g. "111"
	Info string // the device's errorInfo, shown to the operator as is
}

// Error returns "SBI error <code>: <info>".
func (e *CodeError) Error() string {
	if e.Info == "" {
		return "SBI error " + e.Code
	}
	return fmt.Sprintf("SBI error %s: %s", e.Code, e.Info)
}

// codeKinds maps the spec's error codes (section "Error Codes") to kinds the station can
// act on. 5xx codes are vendor-defined; Config.ErrorKinds can name them.
var codeKinds = map[string]enroll.Kind{
	"100": enroll.KindNotConnected, // device not registered: unusable until its provider registers it
	"101": enroll.KindTimeout,      // unable to detect a biometric object within the capture time
	"102": enroll.KindProtocol,     // technical error during extraction
	"103": enroll.KindProtocol,     // device tamper detected
	"104": enroll.KindNotConnected, // unable to connect to the management server
	"105": enroll.KindProtocol,     // image orientation error
	"106": enroll.KindNotConnected, // device not found
	"107": enroll.KindProtocol,     // device public key expired
	"108": enroll.KindProtocol,     // domain public key missing
	"109": enroll.KindInvalid,      // requested number of biometrics not supported
	"110": enroll.KindNotConnected, // device is not ready
	"111": enroll.KindBusy,         // device is busy
	"112": enroll.KindInvalid,      // invalid transaction ID
}

// kindOfCode returns the kind for an SBI error code, consulting extra first.
func kindOfCode(code string, extra map[string]enroll.Kind) enroll.Kind {
	if k, ok := extra[code]; ok {
		return k
	}
	if k, ok := codeKinds[code]; ok {
		return k
	}
	return enroll.KindProtocol
}

// codeErr builds the enroll error for a device-reported error.
func (c *Client) codeErr(op string, we *wireError) error {
	code := string(we.ErrorCode)
	return enroll.E(op, kindOfCode(code, c.cfg.ErrorKinds), &CodeError{Code: code, Info: we.ErrorInfo})
}

// protoErr builds a KindProtocol error.
func protoErr(op string, format string, args ...any) error {
	return enroll.Errorf(op, enroll.KindProtocol, format, args...)
}

// transportErr classifies an HTTP transport failure: a deadline or cancellation is
// KindTimeout; anything else (refused, reset or cut connection, a reply that stops
// mid-way) is KindNotConnected: the device service is gone or vanished mid-reply.
func transportErr(op string, ctx context.Context, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		ctx.Err() != nil, errors.As(err, &ne) && ne.Timeout():
		return enroll.E(op, enroll.KindTimeout, err)
	}
	return enroll.E(op, enroll.KindNotConnected, err)
}
