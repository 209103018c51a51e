// Package usb is the station's only door to USB hardware and the only importer of
// github.com/google/gousb (and through it libusb).
//
// It offers four things to the device drivers (device/<family>) and to cmd/rekam:
//
//   - Transport: a narrow, context-aware view of one claimed interface — control,
//     bulk and interrupt transfers — whose every call ends by a deadline (DefaultTimeout
//     when the context has none) and whose errors carry the kinds of app/enroll
//     (KindTimeout, KindNotConnected, KindBusy, KindProtocol, KindPermission...).
//     Drivers define their own smaller interface over it and test against in-process
//     device models; only this package talks to libusb.
//   - Bus: lists the devices on the bus with their string descriptors and opens a
//     Transport on one of them, detaching a kernel driver where one is bound. It needs
//     cgo; a build without cgo, or with the "nousb" tag, gets a Bus whose every call
//     fails with "USB support not compiled in", so the pure packages still build and
//     test with CGO_ENABLED=0.
//   - Poller: gousb has no hot-plug API, so the poller lists the bus every second or
//     two and reports Plugged and Unplugged events.
//   - Catalog: which driver serves which VID:PID, from an embedded default list that an
//     administrator may extend or override with a JSON file, without a rebuild.
//
// This package imports app/enroll for its error kinds only: the rule that adapters do
// not import each other is kept, and the kinds are the vocabulary every port speaks.
//
// The libusb part is tested against the real libusb with a device emulated by umockdev
// (see testdata/umockusb.py and the Debian packages named in umockdev_test.go).
package usb
