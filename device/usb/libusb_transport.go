//go:build cgo && !nousb

package usb

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/gousb"

	"github.com/rekam-id/rekam/app/enroll"
)

// transport is a Transport over one claimed gousb interface.
type transport struct {
	desc DeviceDesc
	dev  *gousb.Device
	cfg  *gousb.Config
	intf *gousb.Interface
	eps  map[uint8]gousb.EndpointDesc

	// control serialises control transfers: gousb takes their timeout from a field of
	// the shared Device. A channel rather than a mutex, so that waiting for it honours
	// the caller's context.
	control chan struct{}
	closeMu sync.Mutex
	closed  atomic.Bool
}

var _ Transport = (*transport)(nil)

func newTransport(desc DeviceDesc, dev *gousb.Device, cfg *gousb.Config, intf *gousb.Interface) *transport {
	eps := make(map[uint8]gousb.EndpointDesc, len(intf.Setting.Endpoints))
	for addr, d := range intf.Setting.Endpoints {
		eps[uint8(addr)] = d
	}
	return &transport{desc: desc, dev: dev, cfg: cfg, intf: intf, eps: eps, control: make(chan struct{}, 1)}
}

// Control performs a control transfer; see Transport.
func (t *transport) Control(ctx context.Context, rType, request uint8, val, idx uint16, data []byte) (int, error) {
	op := fmt.Sprintf("usb control 0x%02x/0x%02x on %s", rType, request, t.desc.ID())
	if len(data) > 0xFFFF {
		return 0, enroll.Errorf(op, enroll.KindInvalid, "data stage of %d bytes exceeds wLength", len(data))
	}
	in := rType&0x80 != 0
	buf := bytes.Clone(data) // libusb may still write it after an abandoned call returns
	n, err := t.run(ctx, op, func(ctx context.Context) (int, error) {
		select {
		case t.control <- struct{}{}:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		defer func() { <-t.control }()
		return controlOnce(ctx, t.dev, rType, request, val, idx, buf)
	})
	if in && err == nil {
		copy(data, buf[:n])
	}
	return n, err
}

// controlOnce runs one control transfer with libusb's timeout set to what is left of
// ctx. libusb reads a timeout of 0 as "forever", so at least 1 ms is passed.
func controlOnce(ctx context.Context, dev *gousb.Device, rType, request uint8, val, idx uint16, buf []byte) (int, error) {
	dl, _ := ctx.Deadline()
	left := time.Until(dl)
	if left <= 0 {
		return 0, context.DeadlineExceeded
	}
	dev.ControlTimeout = max(left.Round(time.Millisecond), time.Millisecond)
	n, err := dev.Control(rType, request, val, idx, buf)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// BulkIn reads from a bulk IN endpoint; see Transport.
func (t *transport) BulkIn(ctx context.Context, ep uint8, buf []byte) (int, error) {
	return t.read(ctx, "usb bulk in", gousb.TransferTypeBulk, ep, buf)
}

// InterruptIn reads from an interrupt IN endpoint; see Transport.
func (t *transport) InterruptIn(ctx context.Context, ep uint8, buf []byte) (int, error) {
	return t.read(ctx, "usb interrupt in", gousb.TransferTypeInterrupt, ep, buf)
}

// BulkOut writes to a bulk OUT endpoint; see Transport.
func (t *transport) BulkOut(ctx context.Context, ep uint8, buf []byte) (int, error) {
	op := fmt.Sprintf("usb bulk out 0x%02x on %s", ep, t.desc.ID())
	if err := t.checkEndpoint(op, gousb.TransferTypeBulk, gousb.EndpointDirectionOut, ep); err != nil {
		return 0, err
	}
	out, err := t.intf.OutEndpoint(int(ep & 0x0F))
	if err != nil {
		return 0, enroll.E(op, enroll.KindInternal, err)
	}
	data := bytes.Clone(buf)
	return t.run(ctx, op, func(ctx context.Context) (int, error) { return out.WriteContext(ctx, data) })
}

func (t *transport) read(ctx context.Context, what string, tt gousb.TransferType, ep uint8, buf []byte) (int, error) {
	op := fmt.Sprintf("%s 0x%02x on %s", what, ep, t.desc.ID())
	if err := t.checkEndpoint(op, tt, gousb.EndpointDirectionIn, ep); err != nil {
		return 0, err
	}
	in, err := t.intf.InEndpoint(int(ep & 0x0F))
	if err != nil {
		return 0, enroll.E(op, enroll.KindInternal, err)
	}
	tmp := make([]byte, len(buf)) // see Control: buf stays ours even if the call is abandoned
	n, err := t.run(ctx, op, func(ctx context.Context) (int, error) { return in.ReadContext(ctx, tmp) })
	copy(buf, tmp[:n])
	return n, err
}

// checkEndpoint enforces what the kernel would and an emulator may not: the endpoint
// exists in the claimed setting with this direction and transfer type.
func (t *transport) checkEndpoint(op string, tt gousb.TransferType, dir gousb.EndpointDirection, ep uint8) error {
	if t.closed.Load() {
		return enroll.E(op, enroll.KindNotConnected, errClosed)
	}
	d, ok := t.eps[ep]
	switch {
	case !ok:
		return enroll.Errorf(op, enroll.KindInvalid, "interface %d has no endpoint 0x%02x", t.intf.Setting.Number, ep)
	case d.Direction != dir:
		return enroll.Errorf(op, enroll.KindInvalid, "endpoint 0x%02x is %s, not %s", ep, d.Direction, dir)
	case d.TransferType != tt:
		return enroll.Errorf(op, enroll.KindInvalid, "endpoint 0x%02x is %s, not %s", ep, d.TransferType, tt)
	}
	return nil
}

// run applies the deadline, runs fn bounded, and classifies its error.
func (t *transport) run(ctx context.Context, op string, fn func(ctx context.Context) (int, error)) (int, error) {
	if t.closed.Load() {
		return 0, enroll.E(op, enroll.KindNotConnected, errClosed)
	}
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	n, err, _ := runBounded(ctx, op, fn)
	if err != nil {
		return n, classify(op, ctx, err, failureOf(err), t.desc.VID, t.desc.PID)
	}
	return n, nil
}

// Close releases the interface, the configuration and the device.
func (t *transport) Close() error {
	t.closeMu.Lock()
	defer t.closeMu.Unlock()
	if t.closed.Swap(true) {
		return nil
	}
	t.intf.Close()
	cfgErr := t.cfg.Close()
	devErr := t.dev.Close()
	if cfgErr != nil || devErr != nil {
		return enroll.Errorf("close usb device "+t.desc.ID(), enroll.KindInternal, "config: %v, device: %v", cfgErr, devErr)
	}
	return nil
}
