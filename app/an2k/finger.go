package an2k

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Impression types (IMP, Table 7) used for enrollment.
const (
	ImpressionLivePlain     = 0
	ImpressionLiveRolled    = 1
	ImpressionNonlivePlain  = 2
	ImpressionNonliveRolled = 3
)

// FingerImage is the typed view of a Type-14 variable-resolution fingerprint image
// record.
type FingerImage struct {
	IDC           int
	Impression    int       // IMP 14.003
	SourceAgency  string    // SRC 14.004
	CaptureDate   time.Time // FCD 14.005
	Width, Height int       // HLL 14.006, VLL 14.007 in pixels
	// ScaleUnits is SLC 14.008: 1 pixels per inch, 2 pixels per centimetre, 0 only
	// an aspect ratio. HorizontalScale and VerticalScale are THPS 14.009 and TVPS
	// 14.010 in those units.
	ScaleUnits                     int
	HorizontalScale, VerticalScale int
	Compression                    string // CGA 14.011: NONE, WSQ20, JPEGB, JPEGL, JP2, JP2L or PNG
	BitsPerPixel                   int    // BPX 14.012
	Positions                      []int  // FGP 14.013 finger position codes (1 right thumb ... 10 left little, 13/14 slaps)
	Comment                        string // COM 14.020, optional
	NISTQuality                    []NISTQuality
	Quality                        []QualityMetric
	DeviceMonitoringMode           string // DMM 14.030, optional: CONTROLLED, ASSISTED, OBSERVED, UNATTENDED, UNKNOWN
	Data                           []byte // DATA 14.999
}

// NISTQuality is one subfield of NQM 14.022: the NFIQ value (1 best to 5 worst, 254
// not computed, 255 failed) of one finger.
type NISTQuality struct {
	Position, Score int
}

// QualityMetric is one subfield of FQM 14.024: a quality score (0 to 100, 254 not
// computed, 255 failed) by an algorithm identified by its vendor (a CBEFF biometric
// organization, four hex digits) and product code.
type QualityMetric struct {
	Position, Score int
	Vendor          uint16
	Product         int
}

// FingerImage decodes a Type-14 record. Unreadable values are left zero; Check
// reports them.
func (r *Record) FingerImage() (FingerImage, error) {
	if r.Type != 14 {
		return FingerImage{}, fmt.Errorf("an2k: record of type %d is not a Type-14 fingerprint image", r.Type)
	}
	f := FingerImage{SourceAgency: r.Text(4), Compression: r.Text(11), Comment: r.Text(20),
		DeviceMonitoringMode: r.Text(30), Data: r.Data()}
	f.IDC, _ = r.Int(2)
	f.Impression, _ = r.Int(3)
	f.CaptureDate, _ = time.Parse(dateLayout, r.Text(5))
	f.Width, _ = r.Int(6)
	f.Height, _ = r.Int(7)
	f.ScaleUnits, _ = r.Int(8)
	f.HorizontalScale, _ = r.Int(9)
	f.VerticalScale, _ = r.Int(10)
	f.BitsPerPixel, _ = r.Int(12)
	for _, sub := range subfieldsOf(r, 13) {
		n, _ := atoi(sub[0])
		f.Positions = append(f.Positions, n)
	}
	for _, sub := range subfieldsOf(r, 22) {
		p, _ := atoi(item(sub, 0))
		s, _ := atoi(item(sub, 1))
		f.NISTQuality = append(f.NISTQuality, NISTQuality{Position: p, Score: s})
	}
	for _, sub := range subfieldsOf(r, 24) {
		q := QualityMetric{}
		q.Position, _ = atoi(item(sub, 0))
		q.Score, _ = atoi(item(sub, 1))
		v, _ := strconv.ParseUint(item(sub, 2), 16, 16)
		q.Vendor = uint16(v)
		q.Product, _ = atoi(item(sub, 3))
		f.Quality = append(f.Quality, q)
	}
	return f, nil
}

// Record encodes f as a Type-14 record (LEN is computed; Finalize keeps it current).
// Defaults: Compression from the data's signature (WSQ20, PNG or JPEGB), Width and
// Height from the image header, 500 pixels per inch, 8 bits per pixel.
func (f FingerImage) Record() (*Record, error) {
	if err := checkIDC(f.IDC); err != nil {
		return nil, err
	}
	if len(f.Data) == 0 {
		return nil, errors.New("fingerprint image has no data")
	}
	if f.SourceAgency == "" || f.CaptureDate.IsZero() {
		return nil, errors.New("fingerprint image needs SourceAgency and CaptureDate")
	}
	if len(f.Positions) == 0 {
		return nil, errors.New("fingerprint image has no finger position")
	}
	for _, p := range f.Positions {
		if !validFinger(p) {
			return nil, fmt.Errorf("finger position %d is not a valid code", p)
		}
	}
	if !validImpression(f.Impression) {
		return nil, fmt.Errorf("impression type %d is not a valid code", f.Impression)
	}
	img, err := fillImage(imageFields{f.Width, f.Height, f.Compression}, f.Data)
	if err != nil {
		return nil, fmt.Errorf("fingerprint image: %w", err)
	}
	if f.ScaleUnits == 0 && f.HorizontalScale == 0 && f.VerticalScale == 0 {
		f.ScaleUnits, f.HorizontalScale, f.VerticalScale = 1, 500, 500
	}
	if f.BitsPerPixel == 0 {
		f.BitsPerPixel = 8
	}
	r := &Record{Type: 14}
	r.SetText(2, fmt.Sprintf("%02d", f.IDC))
	r.SetText(3, strconv.Itoa(f.Impression))
	r.SetText(4, f.SourceAgency)
	r.SetText(5, f.CaptureDate.Format(dateLayout))
	r.SetText(6, strconv.Itoa(img.width))
	r.SetText(7, strconv.Itoa(img.height))
	r.SetText(8, strconv.Itoa(f.ScaleUnits))
	r.SetText(9, strconv.Itoa(f.HorizontalScale))
	r.SetText(10, strconv.Itoa(f.VerticalScale))
	r.SetText(11, img.compression)
	r.SetText(12, strconv.Itoa(f.BitsPerPixel))
	r.SetText(13, joinInts(f.Positions))
	if f.Comment != "" {
		r.SetText(20, f.Comment)
	}
	if len(f.NISTQuality) > 0 {
		subs := make([]string, len(f.NISTQuality))
		for i, q := range f.NISTQuality {
			subs[i] = Items(strconv.Itoa(q.Position), strconv.Itoa(q.Score))
		}
		r.SetText(22, Subfields(subs...))
	}
	if len(f.Quality) > 0 {
		subs := make([]string, len(f.Quality))
		for i, q := range f.Quality {
			subs[i] = Items(strconv.Itoa(q.Position), strconv.Itoa(q.Score), fmt.Sprintf("%04X", q.Vendor), strconv.Itoa(q.Product))
		}
		r.SetText(24, Subfields(subs...))
	}
	if f.DeviceMonitoringMode != "" {
		r.SetText(30, f.DeviceMonitoringMode)
	}
	r.SetBytes(DataField, f.Data)
	return r, r.setLen()
}

// subfieldsOf returns the subfields of field n, or nil.
func subfieldsOf(r *Record, n int) [][]string {
	f, ok := r.Field(n)
	if !ok {
		return nil
	}
	return f.Subfields()
}

// joinInts writes integers as RS-separated subfields.
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, string(RS))
}

// imageFields are the size and compression of an image record being built.
type imageFields struct {
	width, height int
	compression   string
}

// fillImage completes missing size and compression from the image stream and checks
// that what is given agrees with it.
func fillImage(in imageFields, data []byte) (imageFields, error) {
	if in.compression == "NONE" {
		if in.width <= 0 || in.height <= 0 {
			return in, errors.New("uncompressed image needs Width and Height")
		}
		return in, nil
	}
	format, w, h, err := imageSize(data)
	if err != nil {
		return in, err
	}
	if in.compression == "" {
		switch format {
		case formatWSQ:
			in.compression = "WSQ20"
		case formatPNG:
			in.compression = "PNG"
		case formatJPEG:
			in.compression = "JPEGB"
		case formatJP2:
			in.compression = "JP2"
		}
	}
	if cgaFormat[in.compression] != format {
		return in, fmt.Errorf("compression %q does not match %s data", in.compression, format)
	}
	if in.width == 0 && in.height == 0 {
		in.width, in.height = w, h
	}
	if in.width != w || in.height != h {
		return in, fmt.Errorf("declared %dx%d, image is %dx%d", in.width, in.height, w, h)
	}
	return in, nil
}

// LegacyFinger is the typed view of a binary Type-4 high-resolution grayscale
// fingerprint image record (read only: new transactions use Type-14).
type LegacyFinger struct {
	IDC           int
	Impression    int   // IMP
	Positions     []int // FGP, the unused 255 entries dropped
	NativeScan    bool  // ISR: true at the native resolution (1.011)
	Width, Height int   // HLL, VLL
	Compression   int   // GCA: 0 none, 1 WSQ, 2 JPEGB, 3 JPEGL, 4 JP2, 5 JP2L, 6 PNG
	Data          []byte
}

// LegacyFinger decodes a Type-4 record.
func (r *Record) LegacyFinger() (LegacyFinger, error) {
	if r.Type != 4 || len(r.Fields) != len(binaryLayout[4])+1 {
		return LegacyFinger{}, fmt.Errorf("an2k: record of type %d is not a Type-4 fingerprint image", r.Type)
	}
	l := LegacyFinger{Data: r.Data()}
	l.IDC, _ = r.Int(2)
	l.Impression, _ = r.Int(3)
	for _, b := range r.Fields[3].Value {
		if b != 255 {
			l.Positions = append(l.Positions, int(b))
		}
	}
	isr, _ := r.Int(5)
	l.NativeScan = isr == 1
	l.Width, _ = r.Int(6)
	l.Height, _ = r.Int(7)
	l.Compression, _ = r.Int(8)
	return l, nil
}
