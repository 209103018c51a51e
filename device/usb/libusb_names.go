//go:build cgo && !nousb

package usb

import (
	"context"

	"github.com/google/gousb"
)

// readNames reads the manufacturer, product and serial strings of an open device.
// gousb keeps the descriptor's string indices private and decodes strings to ASCII
// only, so the descriptors are fetched and decoded here (names in Indonesian offices
// are ASCII, but serials and foreign vendors need not be). A string that cannot be
// read stays empty: names are for display, never for identity.
func readNames(ctx context.Context, dev *gousb.Device) names {
	dd, err := readDescriptor(ctx, dev, descTypeDevice, 0, 0, deviceDescSize)
	if err != nil {
		return names{}
	}
	d, err := parseDeviceDescriptor(dd)
	if err != nil || d.iManufacturer|d.iProduct|d.iSerial == 0 {
		return names{}
	}
	raw, err := readDescriptor(ctx, dev, descTypeString, 0, 0, maxDescriptorSize)
	if err != nil {
		return names{}
	}
	ids, err := parseLangIDs(raw)
	if err != nil {
		return names{}
	}
	lang, ok := pickLangID(ids)
	if !ok {
		return names{}
	}
	str := func(index uint8) string {
		if index == 0 {
			return ""
		}
		b, err := readDescriptor(ctx, dev, descTypeString, index, lang, maxDescriptorSize)
		if err != nil {
			return ""
		}
		s, err := parseStringDescriptor(b)
		if err != nil {
			return ""
		}
		return s
	}
	return names{manufacturer: str(d.iManufacturer), product: str(d.iProduct), serial: str(d.iSerial)}
}

// readDescriptor issues GET_DESCRIPTOR (USB 2.0 §9.4.3) on a device that no one else
// in this process uses yet, bounded by ctx and by stringReadTimeout.
func readDescriptor(ctx context.Context, dev *gousb.Device, typ, index uint8, lang uint16, size int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, stringReadTimeout)
	defer cancel()
	buf := make([]byte, size)
	n, err := controlOnce(ctx, dev, rtDeviceToHost, reqGetDescriptor, uint16(typ)<<8|uint16(index), lang, buf)
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}
