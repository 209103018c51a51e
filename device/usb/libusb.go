//go:build cgo && !nousb

package usb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/gousb"

	"github.com/rekam-id/rekam/app/enroll"
)

// stringReadTimeout bounds each string descriptor read while listing, so that one
// unresponsive device cannot use up the whole listing's deadline.
const stringReadTimeout = 500 * time.Millisecond

// names are a device's string descriptors.
type names struct{ manufacturer, product, serial string }

// Bus is the USB bus as libusb sees it. It is safe for concurrent use.
type Bus struct {
	mu     sync.Mutex
	ctx    *gousb.Context
	names  map[DeviceDesc]names // string descriptors of the devices seen, by plug
	closed bool
}

var _ Lister = (*Bus)(nil)

// NewBus initialises libusb. Errors: KindUnavailable when libusb cannot start.
func NewBus() (b *Bus, err error) {
	defer func() {
		// gousb panics when libusb_init fails (no usbfs, no memory).
		if r := recover(); r != nil {
			b, err = nil, enroll.Errorf("open usb bus", enroll.KindUnavailable, "libusb init: %v", r)
		}
	}()
	return &Bus{ctx: gousb.NewContext(), names: make(map[DeviceDesc]names)}, nil
}

// Close releases libusb. Transports opened from the bus must be closed first.
func (b *Bus) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	if err := b.ctx.Close(); err != nil {
		return enroll.E("close usb bus", enroll.KindConflict, err)
	}
	b.closed = true
	return nil
}

// List returns the devices on the bus. The string descriptors of a device are read
// the first time it is seen (opening it briefly) and remembered while it stays
// plugged in; they are empty when the device cannot be opened. Errors: KindUnavailable
// when the bus cannot be enumerated, KindNotConnected after Close.
func (b *Bus) List(ctx context.Context) ([]DeviceDesc, error) {
	const op = "list usb devices"
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, enroll.E(op, enroll.KindNotConnected, errClosed)
	}
	var found, fresh []DeviceDesc
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		dd := plugOf(d)
		found = append(found, dd)
		if _, ok := b.names[dd]; ok {
			return false
		}
		fresh = append(fresh, dd)
		return ctx.Err() == nil
	})
	if found == nil && err != nil {
		return nil, classify(op, context.Background(), err, failureOf(err), 0, 0)
	}
	// A device that would not open (permission, gone already) keeps empty names;
	// a udev rule only takes effect on replug, which makes it a new plug anyway.
	for _, dd := range fresh {
		b.names[dd] = names{}
	}
	for _, dev := range devs {
		b.names[plugOf(dev.Desc)] = readNames(ctx, dev)
		dev.Close()
	}
	present := make(map[DeviceDesc]bool, len(found))
	out := make([]DeviceDesc, len(found))
	for i, dd := range found {
		present[dd] = true
		n := b.names[dd]
		dd.Manufacturer, dd.Product, dd.Serial = n.manufacturer, n.product, n.serial
		out[i] = dd
	}
	for dd := range b.names {
		if !present[dd] {
			delete(b.names, dd)
		}
	}
	return out, nil
}

// plugOf returns the identifying part of a gousb description.
func plugOf(d *gousb.DeviceDesc) DeviceDesc {
	return DeviceDesc{VID: uint16(d.Vendor), PID: uint16(d.Product), Bus: d.Bus, Address: d.Address}
}

// Open opens the device desc names (by bus, address, VID and PID), selects
// configuration config and claims interface iface in alternate setting alt, detaching
// the kernel driver bound to that interface, if any; Close re-attaches it. Errors: KindNotConnected (the device is
// gone, or its address now belongs to another device), KindPermission (with the udev
// rule to install), KindBusy (another program holds the interface), KindInvalid (no
// such configuration, interface or setting), KindUnavailable.
func (b *Bus) Open(desc DeviceDesc, config, iface, alt int) (Transport, error) {
	op := fmt.Sprintf("open usb device %s", desc)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, enroll.E(op, enroll.KindNotConnected, errClosed)
	}
	bg := context.Background()
	devs, err := b.ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		return d.Bus == desc.Bus && d.Address == desc.Address
	})
	if len(devs) == 0 {
		if err != nil {
			return nil, classify(op, bg, err, failureOf(err), desc.VID, desc.PID)
		}
		return nil, enroll.Errorf(op, enroll.KindNotConnected, "no device at bus %d address %d", desc.Bus, desc.Address)
	}
	dev := devs[0]
	for _, extra := range devs[1:] {
		extra.Close()
	}
	if got := plugOf(dev.Desc); !samePlug(got, desc) {
		dev.Close()
		return nil, enroll.Errorf(op, enroll.KindNotConnected, "bus %d address %d now holds %s", desc.Bus, desc.Address, got.ID())
	}
	t, err := claim(dev, desc, config, iface, alt)
	if err != nil {
		dev.Close()
		return nil, classify(op, bg, err, failureOf(err), desc.VID, desc.PID)
	}
	return t, nil
}

// claim selects the configuration and claims the interface of an open device.
func claim(dev *gousb.Device, desc DeviceDesc, config, iface, alt int) (*transport, error) {
	if err := checkSetting(dev.Desc, config, iface, alt); err != nil {
		return nil, err
	}
	cfg, err := dev.Config(config)
	if err != nil {
		return nil, err
	}
	// Only now: with auto-detach on, gousb's Config would detach the kernel drivers of
	// every interface (the keyboard half of a composite device too) and never give
	// them back. Set afterwards, it lets libusb detach the driver of the claimed
	// interface alone and re-attach it on release.
	if err := dev.SetAutoDetach(true); err != nil {
		cfg.Close()
		return nil, fmt.Errorf("enable kernel driver auto-detach: %w", err)
	}
	intf, err := cfg.Interface(iface, alt)
	if err != nil {
		cfg.Close()
		return nil, err
	}
	return newTransport(desc, dev, cfg, intf), nil
}

// checkSetting rejects a configuration, interface or alternate setting the device
// does not describe, before anything is sent to it.
func checkSetting(d *gousb.DeviceDesc, config, iface, alt int) error {
	cfg, ok := d.Configs[config]
	if !ok {
		return enroll.Errorf("select configuration", enroll.KindInvalid, "device has no configuration %d", config)
	}
	for _, in := range cfg.Interfaces {
		if in.Number != iface {
			continue
		}
		for _, s := range in.AltSettings {
			if s.Alternate == alt {
				return nil
			}
		}
		return enroll.Errorf("select interface", enroll.KindInvalid, "interface %d has no alternate setting %d", iface, alt)
	}
	return enroll.Errorf("select interface", enroll.KindInvalid, "configuration %d has no interface %d", config, iface)
}

// failureOf extracts libusb's error code or transfer status from a gousb error.
func failureOf(err error) *libusbFailure {
	var ts gousb.TransferStatus
	if errors.As(err, &ts) {
		return &libusbFailure{status: int(ts), hasStatus: true}
	}
	var ge gousb.Error
	if errors.As(err, &ge) {
		return &libusbFailure{code: int(ge)}
	}
	return nil
}
