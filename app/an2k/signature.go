package an2k

import (
	"errors"
	"fmt"
)

// Signature types (SIG, 8.003).
const (
	SignatureOfSubject  = 0 // the subject's signature
	SignatureOfOfficial = 1 // the signature of the official taking the record
)

// Signature representation types (SRT, 8.004).
const (
	SignatureUncompressed = 0 // scanned image, one byte per pixel or packed one bit per pixel
	SignatureCompressed   = 1 // scanned image, compressed
	SignatureVector       = 2 // pen vectors from a signature pad
)

// Signature is the typed view of a Type-8 signature record (binary in the traditional
// encoding: LEN 4 bytes, IDC, SIG, SRT, ISR 1 byte each, HLL and VLL 2 bytes, data).
type Signature struct {
	IDC            int
	Kind           int  // SIG: SignatureOfSubject or SignatureOfOfficial
	Representation int  // SRT: SignatureUncompressed, SignatureCompressed or SignatureVector
	NativeScan     bool // ISR: true when scanned at the native resolution (1.011), false at 19.69 ppmm
	Width, Height  int  // HLL, VLL in pixels; 0 for vectors
	Data           []byte
}

// Vector is one pen sample of a vector signature: X and Y in units of 0.0254 mm and
// the pen pressure (0 for pen up, 255 for the end of the signature).
type Vector struct {
	X, Y     int
	Pressure int
}

// Signature decodes a Type-8 record.
func (r *Record) Signature() (Signature, error) {
	if r.Type != 8 || len(r.Fields) != len(binaryLayout[8])+1 {
		return Signature{}, fmt.Errorf("an2k: record of type %d is not a Type-8 signature", r.Type)
	}
	s := Signature{Data: r.Data()}
	s.IDC, _ = r.Int(2)
	s.Kind, _ = r.Int(3)
	s.Representation, _ = r.Int(4)
	isr, _ := r.Int(5)
	s.NativeScan = isr == 1
	s.Width, _ = r.Int(6)
	s.Height, _ = r.Int(7)
	return s, nil
}

// Vectors decodes the data of a vector signature (5 bytes each: X, Y, pressure).
func (s Signature) Vectors() []Vector {
	if s.Representation != SignatureVector {
		return nil
	}
	out := make([]Vector, 0, len(s.Data)/5)
	for p := 0; p+5 <= len(s.Data); p += 5 {
		d := s.Data[p:]
		out = append(out, Vector{X: int(d[0])<<8 | int(d[1]), Y: int(d[2])<<8 | int(d[3]), Pressure: int(d[4])})
	}
	return out
}

// Record encodes s as a Type-8 record. For a compressed image whose Width and Height
// are zero they are read from the image header.
func (s Signature) Record() (*Record, error) {
	if err := checkIDC(s.IDC); err != nil {
		return nil, err
	}
	if len(s.Data) == 0 {
		return nil, errors.New("signature has no data")
	}
	if s.Kind != SignatureOfSubject && s.Kind != SignatureOfOfficial {
		return nil, fmt.Errorf("signature type %d is not 0 or 1", s.Kind)
	}
	switch s.Representation {
	case SignatureUncompressed:
		if s.Width <= 0 || s.Height <= 0 || (s.Width*s.Height != len(s.Data) && (s.Width+7)/8*s.Height != len(s.Data)) {
			return nil, fmt.Errorf("uncompressed %dx%d signature needs %d bytes (8 bits per pixel) or %d (1 bit), have %d",
				s.Width, s.Height, s.Width*s.Height, (s.Width+7)/8*s.Height, len(s.Data))
		}
	case SignatureCompressed:
		if s.Width == 0 && s.Height == 0 {
			_, w, h, err := imageSize(s.Data)
			if err != nil {
				return nil, fmt.Errorf("signature image: %w", err)
			}
			s.Width, s.Height = w, h
		}
	case SignatureVector:
		if len(s.Data)%5 != 0 {
			return nil, errors.New("vector data is not a whole number of 5-byte vectors")
		}
		s.Width, s.Height = 0, 0
	default:
		return nil, fmt.Errorf("signature representation %d is not 0, 1 or 2", s.Representation)
	}
	if s.Width < 0 || s.Width > 0xFFFF || s.Height < 0 || s.Height > 0xFFFF {
		return nil, fmt.Errorf("signature size %dx%d does not fit 16 bits", s.Width, s.Height)
	}
	isr := 0
	if s.NativeScan {
		isr = 1
	}
	r := &Record{Type: 8, Fields: []Field{
		{Number: 1, Value: make([]byte, 4)},
		{Number: 2, Value: []byte{byte(s.IDC)}},
		{Number: 3, Value: []byte{byte(s.Kind)}},
		{Number: 4, Value: []byte{byte(s.Representation)}},
		{Number: 5, Value: []byte{byte(isr)}},
		{Number: 6, Value: be(uint64(s.Width), 2)},
		{Number: 7, Value: be(uint64(s.Height), 2)},
		{Number: 8, Value: s.Data},
	}}
	return r, r.setLen()
}

// checkIDC checks that an IDC fits the two digits the content list gives it.
func checkIDC(idc int) error {
	if idc < 0 || idc > 99 {
		return fmt.Errorf("IDC %d is not 0 to 99", idc)
	}
	return nil
}
