//go:build !cgo || nousb

package usb

import (
	"context"
	"errors"

	"github.com/rekam-id/rekam/app/enroll"
)

// errNotCompiled is the cause of every Bus call in a build without libusb.
var errNotCompiled = errors.New("USB support not compiled in (built without cgo or with the nousb tag)")

// Bus stands in for the libusb bus in a build without cgo or with the "nousb" tag:
// every call fails with KindUnavailable and says why.
type Bus struct{}

// NewBus fails with KindUnavailable: USB support is not compiled in.
func NewBus() (*Bus, error) {
	return nil, enroll.E("open usb bus", enroll.KindUnavailable, errNotCompiled)
}

// List fails with KindUnavailable.
func (*Bus) List(context.Context) ([]DeviceDesc, error) {
	return nil, enroll.E("list usb devices", enroll.KindUnavailable, errNotCompiled)
}

// Open fails with KindUnavailable.
func (*Bus) Open(DeviceDesc, int, int, int) (Transport, error) {
	return nil, enroll.E("open usb device", enroll.KindUnavailable, errNotCompiled)
}

// Close does nothing.
func (*Bus) Close() error { return nil }
