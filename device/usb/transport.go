package usb

import (
	"context"
	"fmt"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// DefaultTimeout bounds every transfer whose context carries no deadline, so that no
// call waits forever on a device that never answers.
const DefaultTimeout = 5 * time.Second

// Transport is one claimed interface of one USB device. Every call ends by the
// context's deadline, or after DefaultTimeout when the context has none. Endpoint
// arguments are endpoint addresses as in the descriptors (0x81 is IN endpoint 1); a
// call on an endpoint that the interface lacks, or of the wrong direction or transfer
// type, fails with KindInvalid before anything reaches the device.
//
// The errors are *enroll.Error values of these kinds: KindTimeout (the deadline passed
// or the context was cancelled), KindNotConnected (the device vanished), KindBusy,
// KindProtocol (a stall or an overflow: the device refused or over-answered),
// KindUnavailable (an I/O error), KindInvalid (a bad argument) and KindInternal.
type Transport interface {
	// Control performs a control transfer on endpoint 0. rType is bmRequestType; its
	// top bit selects the direction of the data stage, which is data. It returns the
	// number of bytes of the data stage that were transferred.
	Control(ctx context.Context, rType, request uint8, val, idx uint16, data []byte) (int, error)
	// BulkIn reads one bulk transfer from the IN endpoint ep into buf and returns the
	// number of bytes read, which may be fewer than len(buf).
	BulkIn(ctx context.Context, ep uint8, buf []byte) (int, error)
	// BulkOut writes buf to the bulk OUT endpoint ep and returns the bytes written.
	BulkOut(ctx context.Context, ep uint8, buf []byte) (int, error)
	// InterruptIn reads one interrupt transfer from the IN endpoint ep into buf.
	InterruptIn(ctx context.Context, ep uint8, buf []byte) (int, error)
	// Close releases the interface and the device. Calls after Close fail with
	// KindNotConnected. Close is safe to call more than once.
	Close() error
}

// DeviceDesc describes one device on the bus. Bus and Address identify it while it
// stays plugged in; the strings are empty when the device could not be opened to read
// them (no permission, or it has none).
type DeviceDesc struct {
	VID          uint16 `json:"vid"`
	PID          uint16 `json:"pid"`
	Bus          int    `json:"bus"`
	Address      int    `json:"address"`
	Manufacturer string `json:"manufacturer,omitempty"`
	Product      string `json:"product,omitempty"`
	Serial       string `json:"serial,omitempty"`
}

// ID returns "vvvv:pppp" in lower-case hexadecimal, the form lsusb prints.
func (d DeviceDesc) ID() string { return FormatID(d.VID, d.PID) }

// Location returns "usb <bus>-<address>", the form enroll.DeviceInfo.Connected uses.
func (d DeviceDesc) Location() string { return fmt.Sprintf("usb %d-%d", d.Bus, d.Address) }

// String returns the ID, the location and the product name when known.
func (d DeviceDesc) String() string {
	s := d.ID() + " at " + d.Location()
	if d.Product != "" {
		s += " (" + d.Product + ")"
	}
	return s
}

// samePlug reports whether a and b are the same plugged-in device: a replugged device
// may get another address, and an address may be reused by another device.
func samePlug(a, b DeviceDesc) bool {
	return a.Bus == b.Bus && a.Address == b.Address && a.VID == b.VID && a.PID == b.PID
}

// Lister lists the devices on the bus. *Bus implements it; the Poller takes it.
type Lister interface {
	// List returns the devices now on the bus. Errors: KindUnavailable, KindInternal.
	List(ctx context.Context) ([]DeviceDesc, error)
}

// withDeadline returns ctx unchanged when it has a deadline and otherwise a child
// context that ends after DefaultTimeout.
func withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, DefaultTimeout)
}

// ctxError turns the end of a context into a KindTimeout error for op. A cancelled
// context counts as a timeout too: the caller stopped waiting, and errors.Is still
// finds context.Canceled in the cause.
func ctxError(op string, err error) error {
	return enroll.E(op, enroll.KindTimeout, err)
}

// UdevRule returns a udev rule line that lets members of the plugdev group open the
// device without root; KindPermission errors quote it.
func UdevRule(vid, pid uint16) string {
	return fmt.Sprintf(`SUBSYSTEM=="usb", ATTR{idVendor}=="%04x", ATTR{idProduct}=="%04x", MODE="0660", GROUP="plugdev"`, vid, pid)
}

// permissionHint explains what an operator's administrator has to do when the
// operating system refuses to open a device.
func permissionHint(vid, pid uint16) string {
	return "no permission to open the USB device; install a udev rule such as " +
		"/etc/udev/rules.d/70-rekam.rules containing " + UdevRule(vid, pid) +
		", add the station user to the plugdev group, then replug the device"
}
