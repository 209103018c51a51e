package usb

import (
	"context"
	"fmt"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// abandonGrace is how long a call waits, after its context ended, for libusb to hand
// back the cancelled transfer before the call gives up on it. libusb normally returns
// a cancelled transfer within milliseconds; the grace exists so that a wedged driver
// stack cannot make a call wait forever.
var abandonGrace = 750 * time.Millisecond

// outcome is the result of one transfer function.
type outcome struct {
	n   int
	err error
}

// runBounded runs fn in its own goroutine under a context that has a deadline (the
// caller's, or DefaultTimeout). It returns fn's outcome, or, when fn has not returned
// by the deadline plus abandonGrace, a KindTimeout error; fn then keeps running and
// must not touch memory the caller owns. done reports whether fn returned.
func runBounded(ctx context.Context, op string, fn func(ctx context.Context) (int, error)) (n int, err error, done bool) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return 0, ctxError(op, err), true
	}
	ch := make(chan outcome, 1) // buffered: an abandoned fn must not block forever
	go func() {
		n, err := fn(ctx)
		ch <- outcome{n, err}
	}()
	select {
	case o := <-ch:
		return o.n, o.err, true
	case <-ctx.Done():
	}
	grace := time.NewTimer(abandonGrace)
	defer grace.Stop()
	select {
	case o := <-ch:
		return o.n, o.err, true
	case <-grace.C:
		return 0, enroll.E(op, enroll.KindTimeout,
			fmt.Errorf("%w, and libusb did not release the transfer within %v", ctx.Err(), abandonGrace)), false
	}
}
