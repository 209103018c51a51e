package sbitest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"time"
)

// Writers for the ISO/IEC 19794:2011 records an SBI registration device returns: one
// image per record, 8-bit, with one quality block. Fingers and irises are PNG, faces
// JPEG (the codecs the standard library has; real devices send JPEG 2000 or WSQ).

// recordBuf is a big-endian writer.
type recordBuf struct{ bytes.Buffer }

func (w *recordBuf) u8(v int)  { w.WriteByte(byte(v)) }
func (w *recordBuf) u16(v int) { w.Write(binary.BigEndian.AppendUint16(nil, uint16(v))) }
func (w *recordBuf) u32(v int) { w.Write(binary.BigEndian.AppendUint32(nil, uint32(v))) }

// when writes the 9-byte capture date and time.
func (w *recordBuf) when(t time.Time) {
	t = t.UTC()
	w.u16(t.Year())
	w.u8(int(t.Month()))
	w.u8(t.Day())
	w.u8(t.Hour())
	w.u8(t.Minute())
	w.u8(t.Second())
	w.u16(t.Nanosecond() / 1e6)
}

// device writes technology, vendor and type identifiers (unspecified) and one quality
// block (vendor and algorithm unspecified).
func (w *recordBuf) device(quality int) {
	w.u8(0)
	w.u16(0)
	w.u16(0)
	w.u8(1)
	w.u8(quality)
	w.u16(0)
	w.u16(0)
}

// record prefixes a representation with the general header.
func record(format, version string, rep []byte, tail func(*recordBuf)) []byte {
	var w recordBuf
	w.WriteString(format + "\x00" + version + "\x00")
	w.u32(0) // patched below
	w.u16(1) // one representation
	tail(&w)
	w.Write(rep)
	b := w.Bytes()
	binary.BigEndian.PutUint32(b[8:], uint32(len(b)))
	return b
}

// representation prefixes a body with its length (which counts itself).
func representation(body []byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(body)+4)), body...)
}

// FingerRecord writes an ISO/IEC 19794-4:2011 record of one 500 ppi finger image.
func FingerRecord(img *image.Gray, position, quality int, at time.Time) []byte {
	var data bytes.Buffer
	_ = png.Encode(&data, img) // writing to memory cannot fail
	var w recordBuf
	w.when(at)
	w.device(quality)
	w.u8(position)
	w.u8(0) // representation number
	w.u8(1) // scale units: pixels per inch
	for range 4 {
		w.u16(500) // capture and image sampling rates, horizontal and vertical
	}
	w.u8(8) // bit depth
	w.u8(6) // compression: PNG
	w.u8(0) // impression: live-scan plain
	w.u16(img.Rect.Dx())
	w.u16(img.Rect.Dy())
	w.u32(data.Len())
	w.Write(data.Bytes())
	return record("FIR", "020", representation(w.Bytes()), func(h *recordBuf) {
		h.u8(0) // certification flag
		h.u8(1) // finger positions
	})
}

// FaceRecord writes an ISO/IEC 19794-5:2011 record of one JPEG face photo.
func FaceRecord(img image.Image, quality int, at time.Time) []byte {
	var data bytes.Buffer
	_ = jpeg.Encode(&data, img, &jpeg.Options{Quality: 90})
	var w recordBuf
	w.when(at)
	w.device(quality)
	w.u16(0)                  // landmark points
	w.Write(make([]byte, 15)) // gender … pose angle uncertainty: unspecified
	w.u8(1)                   // face image type: full frontal
	w.u8(0)                   // image data type: JPEG
	w.u16(img.Bounds().Dx())
	w.u16(img.Bounds().Dy())
	w.u8(0)  // spatial sampling rate level
	w.u16(0) // post-acquisition processing
	w.u8(0)  // cross reference
	w.u8(1)  // colour space: sRGB
	w.u32(data.Len())
	w.Write(data.Bytes())
	return record("FAC", "030", representation(w.Bytes()), func(h *recordBuf) {
		h.u8(0)  // certification flag
		h.u16(0) // temporal semantics
	})
}

// IrisRecord writes an ISO/IEC 19794-6:2011 record of one PNG iris image; eye is 1
// right, 2 left.
func IrisRecord(img *image.Gray, eye, quality int, at time.Time) []byte {
	var data bytes.Buffer
	_ = png.Encode(&data, img)
	var w recordBuf
	w.when(at)
	w.device(quality)
	w.u16(1)   // representation number
	w.u8(eye)  // eye label
	w.u8(3)    // image type: cropped
	w.u8(0x0E) // image format: mono PNG
	w.u8(0)    // orientation undefined, no compression history
	w.u16(img.Rect.Dx())
	w.u16(img.Rect.Dy())
	w.u8(8)                   // bit depth
	w.Write(make([]byte, 18)) // range, roll, iris centre and diameter: undefined
	w.u32(data.Len())
	w.Write(data.Bytes())
	return record("IIR", "020", representation(w.Bytes()), func(h *recordBuf) {
		h.u8(0) // certification flag
		h.u8(1) // eyes
	})
}
