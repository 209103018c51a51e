package usb

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/rekam-id/rekam/app/enroll"
)

// Descriptor constants from the USB 2.0 specification, chapter 9.
const (
	reqGetDescriptor  = 0x06 // bRequest GET_DESCRIPTOR
	rtDeviceToHost    = 0x80 // bmRequestType: IN, standard, device
	descTypeDevice    = 0x01
	descTypeString    = 0x03
	deviceDescSize    = 18
	langIDEnglishUS   = 0x0409
	maxDescriptorSize = 255 // bLength is one byte
)

// FormatID returns "vvvv:pppp" in lower-case hexadecimal.
func FormatID(vid, pid uint16) string { return fmt.Sprintf("%04x:%04x", vid, pid) }

// ParseID parses "vvvv:pppp" (hexadecimal, either case, one to four digits each, an
// optional 0x prefix on each half). Errors: KindInvalid.
func ParseID(s string) (vid, pid uint16, err error) {
	const op = "parse usb id"
	v, p, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, 0, enroll.Errorf(op, enroll.KindInvalid, "%q is not vendor:product", s)
	}
	vid, err = parseHex16(v)
	if err != nil {
		return 0, 0, enroll.Errorf(op, enroll.KindInvalid, "vendor of %q: %v", s, err)
	}
	pid, err = parseHex16(p)
	if err != nil {
		return 0, 0, enroll.Errorf(op, enroll.KindInvalid, "product of %q: %v", s, err)
	}
	return vid, pid, nil
}

func parseHex16(s string) (uint16, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if s == "" || len(s) > 4 {
		return 0, fmt.Errorf("want 1 to 4 hexadecimal digits, got %q", s)
	}
	n, err := strconv.ParseUint(s, 16, 16)
	if err != nil {
		return 0, fmt.Errorf("want hexadecimal digits, got %q", s)
	}
	return uint16(n), nil
}

// checkStringHeader validates the two-byte header of a string descriptor and returns
// its body.
func checkStringHeader(b []byte) ([]byte, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("string descriptor of %d bytes is shorter than its header", len(b))
	}
	n := int(b[0])
	switch {
	case b[1] != descTypeString:
		return nil, fmt.Errorf("descriptor type 0x%02x is not a string descriptor", b[1])
	case n < 2:
		return nil, fmt.Errorf("string descriptor bLength %d is shorter than its header", n)
	case n > len(b):
		return nil, fmt.Errorf("string descriptor bLength %d exceeds the %d bytes received", n, len(b))
	}
	return b[2:n], nil
}

// parseLangIDs decodes string descriptor zero, the list of supported LANGIDs (USB 2.0
// §9.6.7). Errors: KindProtocol.
func parseLangIDs(b []byte) ([]uint16, error) {
	body, err := checkStringHeader(b)
	if err != nil {
		return nil, enroll.E("parse language list", enroll.KindProtocol, err)
	}
	if len(body)%2 != 0 {
		return nil, enroll.Errorf("parse language list", enroll.KindProtocol, "odd length %d", len(body))
	}
	ids := make([]uint16, 0, len(body)/2)
	for i := 0; i+1 < len(body); i += 2 {
		ids = append(ids, binary.LittleEndian.Uint16(body[i:]))
	}
	return ids, nil
}

// parseStringDescriptor decodes a UNICODE string descriptor (UTF-16LE, USB 2.0
// §9.6.7). An odd trailing byte, and NULs and blanks around the text, which some
// devices send, are dropped; unpaired surrogates become U+FFFD. Errors: KindProtocol.
func parseStringDescriptor(b []byte) (string, error) {
	body, err := checkStringHeader(b)
	if err != nil {
		return "", enroll.E("parse string descriptor", enroll.KindProtocol, err)
	}
	units := make([]uint16, 0, len(body)/2)
	for i := 0; i+1 < len(body); i += 2 {
		units = append(units, binary.LittleEndian.Uint16(body[i:]))
	}
	return strings.TrimFunc(string(utf16.Decode(units)), isPadding), nil
}

// isPadding reports whether r is the NUL or blank padding some devices put around
// their strings.
func isPadding(r rune) bool { return r == 0 || unicode.IsSpace(r) }

// pickLangID prefers US English, which nearly every device offers, and otherwise
// takes the first language the device lists.
func pickLangID(ids []uint16) (uint16, bool) {
	for _, id := range ids {
		if id == langIDEnglishUS {
			return id, true
		}
	}
	if len(ids) == 0 {
		return 0, false
	}
	return ids[0], true
}

// deviceDescriptor is the part of a device descriptor (USB 2.0 §9.6.1) this package
// reads itself; libusb parses the rest.
type deviceDescriptor struct {
	VID, PID                         uint16
	iManufacturer, iProduct, iSerial uint8
}

// parseDeviceDescriptor decodes the 18-byte standard device descriptor. Errors:
// KindProtocol.
func parseDeviceDescriptor(b []byte) (deviceDescriptor, error) {
	const op = "parse device descriptor"
	switch {
	case len(b) < deviceDescSize:
		return deviceDescriptor{}, enroll.Errorf(op, enroll.KindProtocol, "%d bytes, want %d", len(b), deviceDescSize)
	case b[0] < deviceDescSize:
		return deviceDescriptor{}, enroll.Errorf(op, enroll.KindProtocol, "bLength %d, want %d", b[0], deviceDescSize)
	case b[1] != descTypeDevice:
		return deviceDescriptor{}, enroll.Errorf(op, enroll.KindProtocol, "descriptor type 0x%02x is not a device descriptor", b[1])
	}
	return deviceDescriptor{
		VID:           binary.LittleEndian.Uint16(b[8:]),
		PID:           binary.LittleEndian.Uint16(b[10:]),
		iManufacturer: b[14],
		iProduct:      b[15],
		iSerial:       b[16],
	}, nil
}
