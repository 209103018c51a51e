package sbi

import (
	"bytes"
	"encoding/binary"
	"image"
	"testing"

	"github.com/rekam-id/rekam/device/sbi/sbitest"
)

// fingerBytes builds an ISO/IEC 19794-4:2011 record field by field: one raw 3×2 image
// of the left index finger, quality 55, sampled at 197 pixels per centimetre.
func fingerBytes() []byte {
	var rep bytes.Buffer
	w := func(v ...any) {
		for _, x := range v {
			binary.Write(&rep, binary.BigEndian, x)
		}
	}
	w(uint16(2025), uint8(6), uint8(1), uint8(8), uint8(30), uint8(0), uint16(0)) // capture time
	w(uint8(0), uint16(0), uint16(0))                                             // technology, vendor, type
	w(uint8(1), uint8(55), uint16(0x000F), uint16(0x0001))                        // one quality block
	w(uint8(7), uint8(0), uint8(2))                                               // position, representation, ppcm
	w(uint16(197), uint16(197), uint16(197), uint16(197))                         // sampling rates
	w(uint8(8), uint8(0), uint8(0), uint16(3), uint16(2))                         // depth, raw, plain, 3×2
	w(uint32(6), []byte{1, 2, 3, 4, 5, 6})                                        // image
	body := rep.Bytes()
	var rec bytes.Buffer
	rec.WriteString("FIR\x00020\x00")
	binary.Write(&rec, binary.BigEndian, uint32(16+4+len(body)))
	binary.Write(&rec, binary.BigEndian, uint16(1))
	rec.Write([]byte{0, 1})
	binary.Write(&rec, binary.BigEndian, uint32(4+len(body)))
	rec.Write(body)
	return rec.Bytes()
}

func TestParseFingerRecord(t *testing.T) {
	recs, err := ParseFingerRecord(fingerBytes())
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if len(recs) != 1 || r.Position != 7 || r.Quality != 55 || r.PPI != 500 || r.Width != 3 || r.Height != 2 ||
		r.Codec != CodecRaw || !bytes.Equal(r.Data, []byte{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("parsed %+v", recs)
	}
	img, err := decode(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := img.(*image.Gray); g.GrayAt(2, 1).Y != 6 {
		t.Errorf("pixel (2,1) = %d, want 6", g.GrayAt(2, 1).Y)
	}
	// Every truncation is an error, never a panic.
	b := fingerBytes()
	for n := range len(b) {
		if _, err := ParseFingerRecord(b[:n]); err == nil {
			t.Fatalf("record cut at %d bytes parsed", n)
		}
	}
}

// TestRecordRoundTrip reads the records the mock device writes.
func TestRecordRoundTrip(t *testing.T) {
	finger := sbitest.Procedural("Left Thumb").(*image.Gray)
	recs, err := ParseFingerRecord(sbitest.FingerRecord(finger, 6, 77, fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Position != 6 || recs[0].Quality != 77 || recs[0].PPI != 500 || recs[0].Codec != CodecPNG {
		t.Errorf("finger %+v", recs[0])
	}
	img, err := decode(recs[0], nil)
	if err != nil || !bytes.Equal(toGray(img).Pix, finger.Pix) {
		t.Errorf("finger image differs (%v)", err)
	}

	face := sbitest.Procedural("Face")
	recs, err = ParseFaceRecord(sbitest.FaceRecord(face, 66, fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Quality != 66 || recs[0].Codec != CodecJPEG || recs[0].Width != 480 || recs[0].Height != 640 {
		t.Errorf("face %+v", recs[0].Codec)
	}

	iris := sbitest.Procedural("Right").(*image.Gray)
	recs, err = ParseIrisRecord(sbitest.IrisRecord(iris, 1, 90, fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Position != 1 || recs[0].Quality != 90 || recs[0].Codec != CodecPNG {
		t.Errorf("iris %+v", recs[0].Codec)
	}
	img, err = decode(recs[0], nil)
	if err != nil || !bytes.Equal(toGray(img).Pix, iris.Pix) {
		t.Errorf("iris image differs (%v)", err)
	}

	// A record of one kind is not taken for another.
	if _, err := ParseFaceRecord(fingerBytes()); err == nil {
		t.Error("finger record parsed as a face")
	}
	recs[0].Codec = CodecJPEG2000
	if _, err := decode(recs[0], nil); err == nil {
		t.Error("JPEG 2000 decoded without a decoder")
	}
	called := false
	dec := map[Codec]Decoder{CodecJPEG2000: func([]byte) (image.Image, error) { called = true; return iris, nil }}
	if _, err := decode(recs[0], dec); err != nil || !called {
		t.Errorf("configured decoder not used: %v", err)
	}
}

func fuzzRecord(f *testing.F, parse func([]byte) ([]Record, error), seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := parse(b)
		if err != nil {
			return
		}
		for _, r := range recs {
			if len(r.Data) == 0 || r.Quality > 100 || r.Width < 0 {
				t.Fatalf("accepted record %+v", r)
			}
			decode(r, nil) // must not panic
		}
	})
}

func FuzzParseFingerRecord(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 4, 4))
	fuzzRecord(f, ParseFingerRecord, fingerBytes(), sbitest.FingerRecord(small, 1, 50, fixedNow), []byte("FIR\x00020\x00"))
}

func FuzzParseFaceRecord(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 4, 4))
	fuzzRecord(f, ParseFaceRecord, sbitest.FaceRecord(small, 50, fixedNow), []byte("FAC\x00030\x00"))
}

func FuzzParseIrisRecord(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 4, 4))
	fuzzRecord(f, ParseIrisRecord, sbitest.IrisRecord(small, 2, 50, fixedNow), []byte("IIR\x00020\x00"))
}
