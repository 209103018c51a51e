package an2k

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
)

// Image stream formats recognised by their first bytes.
const (
	formatWSQ  = "WSQ"
	formatJPEG = "JPEG"
	formatPNG  = "PNG"
	formatJP2  = "JPEG 2000"
)

// sniffFormat names the image format of data from its signature, or "" when unknown.
func sniffFormat(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xA0}):
		return formatWSQ
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		return formatJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cjP  ")), bytes.HasPrefix(data, []byte{0xFF, 0x4F, 0xFF, 0x51}):
		return formatJP2
	}
	return ""
}

// imageSize returns the format and pixel dimensions recorded in an image stream's
// header, without decoding pixels.
func imageSize(data []byte) (format string, width, height int, err error) {
	format = sniffFormat(data)
	switch format {
	case formatWSQ:
		width, height, err = wsqSize(data)
	case formatJPEG:
		cfg, e := jpeg.DecodeConfig(bytes.NewReader(data))
		if e == nil {
			width, height = cfg.Width, cfg.Height
		} else {
			// The standard library has no lossless (SOF3) JPEG; its frame header is
			// read directly.
			width, height, err = jpegFrameSize(data)
		}
	case formatPNG:
		cfg, e := png.DecodeConfig(bytes.NewReader(data))
		width, height, err = cfg.Width, cfg.Height, e
	case formatJP2:
		width, height, err = jp2Size(data)
	default:
		err = errors.New("unrecognised image format")
	}
	if err != nil {
		err = fmt.Errorf("read %s header: %w", format, err)
	}
	return format, width, height, err
}

// wsqSize walks the WSQ marker segments (FBI WSQ specification) to the start-of-frame
// segment (0xFFA2), whose fixed part is: length (2), black (1), white (1), height (2),
// width (2).
func wsqSize(b []byte) (width, height int, err error) {
	p := 2
	for p+4 <= len(b) {
		if b[p] != 0xFF {
			return 0, 0, fmt.Errorf("no marker at offset %d", p)
		}
		m := b[p+1]
		ln := int(b[p+2])<<8 | int(b[p+3])
		switch {
		case m == 0xA2:
			if ln < 8 || p+2+ln > len(b) {
				return 0, 0, errors.New("truncated frame header")
			}
			height = int(b[p+6])<<8 | int(b[p+7])
			width = int(b[p+8])<<8 | int(b[p+9])
			return width, height, nil
		case m >= 0xA3 && m <= 0xA8:
			p += 2 + ln
		default:
			return 0, 0, fmt.Errorf("unexpected marker 0xFF%02X before the frame header", m)
		}
	}
	return 0, 0, errors.New("no frame header (0xFFA2)")
}

// jpegFrameSize finds the first SOFn segment of a JPEG stream: length (2),
// precision (1), height (2), width (2).
func jpegFrameSize(b []byte) (width, height int, err error) {
	p := 2
	for p+4 <= len(b) {
		if b[p] != 0xFF {
			return 0, 0, fmt.Errorf("no marker at offset %d", p)
		}
		m := b[p+1]
		if m == 0xFF { // fill byte
			p++
			continue
		}
		ln := int(b[p+2])<<8 | int(b[p+3])
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			if ln < 7 || p+2+ln > len(b) {
				return 0, 0, errors.New("truncated frame header")
			}
			height = int(b[p+5])<<8 | int(b[p+6])
			width = int(b[p+7])<<8 | int(b[p+8])
			return width, height, nil
		}
		p += 2 + ln
	}
	return 0, 0, errors.New("no frame header")
}

// jp2Size reads the image size of a JPEG 2000 stream: the SIZ segment of a raw
// codestream, or the image header box ("ihdr": height, width) of a JP2 file.
func jp2Size(b []byte) (width, height int, err error) {
	u32 := func(p int) int { return int(b[p])<<24 | int(b[p+1])<<16 | int(b[p+2])<<8 | int(b[p+3]) }
	if bytes.HasPrefix(b, []byte{0xFF, 0x4F, 0xFF, 0x51}) {
		if len(b) < 24 {
			return 0, 0, errors.New("truncated SIZ segment")
		}
		return u32(8) - u32(16), u32(12) - u32(20), nil
	}
	i := bytes.Index(b[:min(len(b), 4096)], []byte("ihdr"))
	if i < 0 || i+12 > len(b) {
		return 0, 0, errors.New("no ihdr box")
	}
	return u32(i + 8), u32(i + 4), nil
}
