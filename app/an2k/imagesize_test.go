package an2k

import (
	"bytes"
	"testing"
)

func TestImageSize(t *testing.T) {
	fingerPNG, faceJPEG := testImages(t)
	cases := []struct {
		name   string
		data   []byte
		format string
		w, h   int
		ok     bool
	}{
		{"png", fingerPNG, formatPNG, 24, 30, true},
		{"baseline jpeg", faceJPEG, formatJPEG, 16, 20, true},
		// Lossless (SOF3) JPEG, which image/jpeg cannot read: APP0 stub, then SOF3.
		{"lossless jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F', 0xFF, 0xC3, 0x00, 0x0B, 8, 0x00, 0x10, 0x00, 0x20, 1, 1, 0x11, 0}, formatJPEG, 32, 16, true},
		// WSQ: SOI, a comment segment, then the frame header (black, white, height, width).
		{"wsq after comment", []byte{0xFF, 0xA0, 0xFF, 0xA8, 0x00, 0x04, 'h', 'i', 0xFF, 0xA2, 0x00, 0x11, 0, 255, 0x01, 0x2C, 0x00, 0xC8, 0, 0, 0, 0, 0, 0, 0, 0, 0}, formatWSQ, 200, 300, true},
		{"wsq truncated frame", []byte{0xFF, 0xA0, 0xFF, 0xA2, 0x00, 0x11, 0, 255, 0x01}, formatWSQ, 0, 0, false},
		{"wsq bad marker", []byte{0xFF, 0xA0, 0xFF, 0xC0, 0x00, 0x04, 0, 0}, formatWSQ, 0, 0, false},
		{"jp2 codestream", append([]byte{0xFF, 0x4F, 0xFF, 0x51, 0, 41, 0, 0, 0, 0, 0, 110, 0, 0, 0, 60, 0, 0, 0, 10, 0, 0, 0, 10}, make([]byte, 8)...), formatJP2, 100, 50, true},
		{"jp2 file ihdr", append([]byte("\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x2djp2h\x00\x00\x00\x16ihdr"), 0, 0, 0, 7, 0, 0, 0, 9, 0, 1, 8, 7, 0, 0), formatJP2, 9, 7, true},
		{"unknown", []byte("GIF89a"), "", 0, 0, false},
		{"empty", nil, "", 0, 0, false},
	}
	for _, c := range cases {
		format, w, h, err := imageSize(c.data)
		if format != c.format || (err == nil) != c.ok || (c.ok && (w != c.w || h != c.h)) {
			t.Errorf("%s: imageSize = %q %dx%d, %v; want %q %dx%d ok=%v", c.name, format, w, h, err, c.format, c.w, c.h, c.ok)
		}
		// No prefix of a header may panic.
		for n := range c.data {
			_, _, _, _ = imageSize(bytes.Clone(c.data[:n]))
		}
	}
}
