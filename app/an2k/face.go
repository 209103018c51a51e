package an2k

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // registers the JPEG decoder for the colour space default
	_ "image/png"  // registers the PNG decoder for the colour space default
	"strconv"
	"time"
)

// FaceImage is the typed view of a Type-10 facial and SMT image record.
type FaceImage struct {
	IDC           int
	ImageType     string    // IMT 10.003: FACE (the default on build), SCAR, MARK, TATTOO
	SourceAgency  string    // SRC 10.004
	PhotoDate     time.Time // PHD 10.005
	Width, Height int       // HLL 10.006, VLL 10.007
	// ScaleUnits is SLC 10.008 (0 aspect ratio only, 1 ppi, 2 ppcm); HorizontalScale
	// and VerticalScale are THPS 10.009 and TVPS 10.010. All zero means 0, 1, 1: square
	// pixels of no stated density.
	ScaleUnits                     int
	HorizontalScale, VerticalScale int
	Compression                    string // CGA 10.011: JPEGB (default for JPEG data), PNG, ...
	ColorSpace                     string // CSP 10.012: GRAY, RGB, SRGB, YCC, SYCC, UNK; from the image on build
	AcquisitionProfile             int    // SAP 10.013 subject acquisition profile (0 unknown, 51 ICAO-grade ...)
	Pose                           string // POS 10.020, optional: F full face, R right, L left, A angled, D determined
	Data                           []byte // DATA 10.999
}

// FaceImage decodes a Type-10 record. Unreadable values are left zero; Check reports
// them.
func (r *Record) FaceImage() (FaceImage, error) {
	if r.Type != 10 {
		return FaceImage{}, fmt.Errorf("an2k: record of type %d is not a Type-10 image", r.Type)
	}
	f := FaceImage{ImageType: r.Text(3), SourceAgency: r.Text(4), Compression: r.Text(11),
		ColorSpace: r.Text(12), Pose: r.Text(20), Data: r.Data()}
	f.IDC, _ = r.Int(2)
	f.PhotoDate, _ = time.Parse(dateLayout, r.Text(5))
	f.Width, _ = r.Int(6)
	f.Height, _ = r.Int(7)
	f.ScaleUnits, _ = r.Int(8)
	f.HorizontalScale, _ = r.Int(9)
	f.VerticalScale, _ = r.Int(10)
	f.AcquisitionProfile, _ = r.Int(13)
	return f, nil
}

// Record encodes f as a Type-10 record (LEN is computed; Finalize keeps it current).
func (f FaceImage) Record() (*Record, error) {
	if err := checkIDC(f.IDC); err != nil {
		return nil, err
	}
	if len(f.Data) == 0 {
		return nil, errors.New("face image has no data")
	}
	if f.SourceAgency == "" || f.PhotoDate.IsZero() {
		return nil, errors.New("face image needs SourceAgency and PhotoDate")
	}
	img, err := fillImage(imageFields{f.Width, f.Height, f.Compression}, f.Data)
	if err != nil {
		return nil, fmt.Errorf("face image: %w", err)
	}
	if f.ScaleUnits == 0 && f.HorizontalScale == 0 && f.VerticalScale == 0 {
		f.HorizontalScale, f.VerticalScale = 1, 1
	}
	if f.ColorSpace == "" {
		f.ColorSpace = colorSpace(f.Data)
	}
	r := &Record{Type: 10}
	r.SetText(2, fmt.Sprintf("%02d", f.IDC))
	r.SetText(3, orDefault(f.ImageType, "FACE"))
	r.SetText(4, f.SourceAgency)
	r.SetText(5, f.PhotoDate.Format(dateLayout))
	r.SetText(6, strconv.Itoa(img.width))
	r.SetText(7, strconv.Itoa(img.height))
	r.SetText(8, strconv.Itoa(f.ScaleUnits))
	r.SetText(9, strconv.Itoa(f.HorizontalScale))
	r.SetText(10, strconv.Itoa(f.VerticalScale))
	r.SetText(11, img.compression)
	r.SetText(12, f.ColorSpace)
	if r.Text(3) == "FACE" {
		r.SetText(13, strconv.Itoa(f.AcquisitionProfile))
	}
	if f.Pose != "" {
		r.SetText(20, f.Pose)
	}
	r.SetBytes(DataField, f.Data)
	return r, r.setLen()
}

// colorSpace names the CSP code of an image stream: GRAY for grayscale, YCC for
// JPEG colour, SRGB for other colour images, UNK when the header is unreadable.
func colorSpace(data []byte) string {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case err != nil:
		return "UNK"
	case cfg.ColorModel == color.GrayModel || cfg.ColorModel == color.Gray16Model:
		return "GRAY"
	case format == "jpeg":
		return "YCC"
	}
	return "SRGB"
}
