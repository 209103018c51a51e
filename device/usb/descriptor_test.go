package usb

import (
	"bytes"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rekam-id/rekam/app/enroll"
)

// stringDesc builds a string descriptor for s as a device would send it.
func stringDesc(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return append([]byte{byte(2 + len(b)), descTypeString}, b...)
}

func TestParseStringDescriptor(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
		kind enroll.Kind
	}{
		{"ascii", stringDesc("Loopback 1"), "Loopback 1", -1},
		{"non-ascii", stringDesc("Perekam Sidik Jari — ü 指纹"), "Perekam Sidik Jari — ü 指纹", -1},
		{"surrogate pair", stringDesc("A\U0001F600"), "A\U0001F600", -1},
		{"empty", []byte{2, 3}, "", -1},
		{"padded with NULs", append(stringDesc("SN1"), 0, 0), "SN1", -1},
		{"NUL-terminated inside", stringDesc("SN1\x00\x00"), "SN1", -1},
		{"odd length drops last byte", []byte{5, 3, 'A', 0, 'B'}, "A", -1},
		{"bLength shorter than buffer", []byte{4, 3, 'A', 0, 'C', 0}, "A", -1},
		{"lone surrogate", []byte{4, 3, 0x00, 0xD8}, "\uFFFD", -1},
		{"too short", []byte{2}, "", enroll.KindProtocol},
		{"wrong type", []byte{4, 2, 'A', 0}, "", enroll.KindProtocol},
		{"bLength past data", []byte{10, 3, 'A', 0}, "", enroll.KindProtocol},
		{"bLength below header", []byte{1, 3, 'A', 0}, "", enroll.KindProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStringDescriptor(tt.in)
			if k := enroll.KindOf(err); k != tt.kind || got != tt.want {
				t.Fatalf("parseStringDescriptor(% x) = %q, %v (kind %v); want %q, kind %v", tt.in, got, err, k, tt.want, tt.kind)
			}
		})
	}
}

func TestParseLangIDs(t *testing.T) {
	ids, err := parseLangIDs([]byte{6, 3, 0x21, 0x04, 0x09, 0x04})
	if err != nil || len(ids) != 2 || ids[0] != 0x0421 || ids[1] != 0x0409 {
		t.Fatalf("parseLangIDs = %x, %v; want [421 409]", ids, err)
	}
	if id, ok := pickLangID(ids); !ok || id != langIDEnglishUS {
		t.Fatalf("pickLangID(%x) = %x, %v; want US English", ids, id, ok)
	}
	if id, ok := pickLangID([]uint16{0x0421}); !ok || id != 0x0421 {
		t.Fatalf("pickLangID([421]) = %x, %v; want the only one offered", id, ok)
	}
	if _, ok := pickLangID(nil); ok {
		t.Fatal("pickLangID(nil) found a language")
	}
	if _, err := parseLangIDs([]byte{5, 3, 9, 4, 1}); !enroll.IsKind(err, enroll.KindProtocol) {
		t.Fatalf("odd language list: err = %v, want KindProtocol", err)
	}
}

func TestParseDeviceDescriptor(t *testing.T) {
	raw := []byte{18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1}
	d, err := parseDeviceDescriptor(raw)
	want := deviceDescriptor{VID: 0x1209, PID: 0x0001, iManufacturer: 1, iProduct: 2, iSerial: 3}
	if err != nil || d != want {
		t.Fatalf("parseDeviceDescriptor = %+v, %v; want %+v", d, err, want)
	}
	for _, bad := range [][]byte{raw[:17], append([]byte{17}, raw[1:]...), append([]byte{18, 2}, raw[2:]...)} {
		if _, err := parseDeviceDescriptor(bad); !enroll.IsKind(err, enroll.KindProtocol) {
			t.Errorf("parseDeviceDescriptor(% x): err = %v, want KindProtocol", bad, err)
		}
	}
}

func TestParseID(t *testing.T) {
	good := map[string][2]uint16{"1209:0001": {0x1209, 1}, "05BA:000a": {0x05ba, 0x0a}, " 0x56a:0xa4 ": {0x056a, 0xa4}, "ffff:0": {0xffff, 0}}
	for in, want := range good {
		v, p, err := ParseID(in)
		if err != nil || v != want[0] || p != want[1] {
			t.Errorf("ParseID(%q) = %04x, %04x, %v; want %04x:%04x", in, v, p, err, want[0], want[1])
		}
	}
	for _, in := range []string{"", "1209", "1209:", ":0001", "12345:1", "g209:0001", "1209:0001:2", "-1:1", "+1:1"} {
		if _, _, err := ParseID(in); !enroll.IsKind(err, enroll.KindInvalid) {
			t.Errorf("ParseID(%q): err = %v, want KindInvalid", in, err)
		}
	}
}

func FuzzParseStringDescriptor(f *testing.F) {
	f.Add(stringDesc("Rekam Test Works"))
	f.Add(stringDesc("指纹"))
	f.Add([]byte{4, 3, 0x09, 0x04})
	f.Add([]byte{255, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseStringDescriptor(b)
		if err != nil {
			if !enroll.IsKind(err, enroll.KindProtocol) {
				t.Fatalf("error of kind %v: %v", enroll.KindOf(err), err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 %q from % x", s, b)
		}
		if len(s) > 3*maxDescriptorSize {
			t.Fatalf("%d bytes of text from a %d-byte descriptor", len(s), len(b))
		}
		// What decodes must decode the same after a round trip (modulo the trimming).
		if again, err := parseStringDescriptor(stringDesc(s)); len(stringDesc(s)) <= maxDescriptorSize && (err != nil || again != s) {
			t.Fatalf("round trip of %q gave %q, %v", s, again, err)
		}
		if _, err := parseLangIDs(b); err != nil && !enroll.IsKind(err, enroll.KindProtocol) {
			t.Fatalf("parseLangIDs error of kind %v", enroll.KindOf(err))
		}
	})
}

func FuzzParseDeviceDescriptor(f *testing.F) {
	f.Add([]byte{18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1})
	f.Add([]byte{18, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseDeviceDescriptor(b)
		if err != nil {
			if !enroll.IsKind(err, enroll.KindProtocol) {
				t.Fatalf("error of kind %v: %v", enroll.KindOf(err), err)
			}
			return
		}
		if len(b) < deviceDescSize || b[1] != descTypeDevice || !bytes.Equal([]byte{byte(d.VID), byte(d.VID >> 8)}, b[8:10]) {
			t.Fatalf("accepted % x as %+v", b, d)
		}
	})
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1209:0001", "0x56a:0XA4", ":", "ffff:ffff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, p, err := ParseID(s)
		if err != nil {
			if !enroll.IsKind(err, enroll.KindInvalid) {
				t.Fatalf("error of kind %v: %v", enroll.KindOf(err), err)
			}
			return
		}
		if v2, p2, err := ParseID(FormatID(v, p)); err != nil || v2 != v || p2 != p {
			t.Fatalf("FormatID round trip of %q: %04x:%04x, %v", s, v2, p2, err)
		}
	})
}
