package packet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/wsq"
)

// magic starts the signed envelope inside the seal; sealMagic starts the sealed packet,
// followed by the 8-byte big-endian length of the age ciphertext, so that a truncated
// upload is told apart from a tampered one.
var (
	magic     = []byte("RKMPKT1\n")
	sealMagic = []byte("RKMSEAL1")
)

const sealHeader = 16

// Builder builds packets for one station. It implements enroll.Sealer.
type Builder struct {
	Station   string             // station ID, the originating agency (ORI) of the transaction
	Agency    string             // destination agency (DAI), e.g. "DUKCAPIL-AFIS"
	Key       ed25519.PrivateKey // the station's signing key
	Recipient age.Recipient      // the central server's public key
	Lossless  bool               // PNG fingers instead of WSQ
	Bitrate   float64            // WSQ bit rate; 0 means wsq.DefaultBitrate
	Now       func() time.Time
}

var _ enroll.Sealer = (*Builder)(nil)

// PacketID returns the ID of the packet of a record: one record, one packet.
func PacketID(recordID string) string { return "PKT-" + recordID }

// Seal builds, signs and seals the packet of a signed-off record.
func (b *Builder) Seal(ctx context.Context, r *enroll.Record) (enroll.PacketRef, []byte, error) {
	const op = "seal packet"
	if r.SignOff == nil || r.Status != enroll.StatusBioCaptured {
		return enroll.PacketRef{}, nil, enroll.Errorf(op, enroll.KindInvalid, "record %s is not signed off", r.ID)
	}
	if len(b.Key) != ed25519.PrivateKeySize {
		return enroll.PacketRef{}, nil, enroll.Errorf(op, enroll.KindPermission, "the station key is locked: log in first")
	}
	tx, info, err := b.transaction(r)
	if err != nil {
		return enroll.PacketRef{}, nil, enroll.E(op+" "+r.ID, enroll.KindInvalid, err)
	}
	m := b.manifest(r, info)
	signed, err := Sign(b.Key, m, tx)
	if err != nil {
		return enroll.PacketRef{}, nil, enroll.E(op+" "+r.ID, enroll.KindInternal, err)
	}
	var out bytes.Buffer
	out.Write(sealMagic)
	out.Write(make([]byte, 8)) // the length of the age part, filled in below
	w, err := age.Encrypt(&out, b.Recipient)
	if err != nil {
		return enroll.PacketRef{}, nil, enroll.E(op+" "+r.ID, enroll.KindInternal, err)
	}
	if _, err := w.Write(signed); err != nil {
		return enroll.PacketRef{}, nil, enroll.E(op+" "+r.ID, enroll.KindInternal, err)
	}
	if err := w.Close(); err != nil {
		return enroll.PacketRef{}, nil, enroll.E(op+" "+r.ID, enroll.KindInternal, err)
	}
	binary.BigEndian.PutUint64(out.Bytes()[len(sealMagic):], uint64(out.Len()-sealHeader))
	sum := sha256.Sum256(out.Bytes())
	return enroll.PacketRef{ID: m.PacketID, SHA256: hex.EncodeToString(sum[:]), Size: int64(out.Len())}, out.Bytes(), nil
}

// Sign returns the signed envelope: magic, the manifest and the transaction, each with a
// 4-byte big-endian length, then the 64-byte Ed25519 signature of everything before it.
func Sign(key ed25519.PrivateKey, m Manifest, tx []byte) ([]byte, error) {
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(magic)
	binary.Write(&buf, binary.BigEndian, uint32(len(mj)))
	buf.Write(mj)
	binary.Write(&buf, binary.BigEndian, uint32(len(tx)))
	buf.Write(tx)
	buf.Write(ed25519.Sign(key, buf.Bytes()))
	return buf.Bytes(), nil
}

func (b *Builder) manifest(r *enroll.Record, info TransactionInfo) Manifest {
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	m := Manifest{Format: FormatVersion, PacketID: PacketID(r.ID), RecordID: r.ID, Station: b.Station,
		NIK: r.Biodata.NIK, Request: r.Request, Outcomes: r.Outcomes, Operator: r.Operator, SignOff: *r.SignOff,
		Times: r.Times, Qualities: map[string]int{}, Acks: r.Acks, Overrides: r.Overrides, Transaction: info,
		Created: now().UTC()}
	seen := map[enroll.DeviceInfo]bool{}
	samples := r.Samples()
	keys := make([]string, 0, len(samples))
	for k := range samples {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := samples[k]
		if !seen[s.Device] {
			seen[s.Device] = true
			m.Devices = append(m.Devices, s.Device)
		}
		m.Qualities[k] = s.Quality
	}
	for _, f := range r.Fingers {
		if f.Exception != enroll.ExceptionNone {
			if m.Exceptions == nil {
				m.Exceptions = map[string]string{}
			}
			m.Exceptions[enroll.FingerKey(f.Position)] = string(f.Exception)
		}
	}
	return m
}

// transaction builds the ANSI/NIST-ITL transaction of a record.
func (b *Builder) transaction(r *enroll.Record) ([]byte, TransactionInfo, error) {
	info := TransactionInfo{FingerFormat: "WSQ20"}
	if b.Lossless {
		info.FingerFormat = "PNG"
	}
	at := r.SignOff.At.UTC()
	tb := an2k.NewBuilder(an2k.Header{TransactionType: "KTPEL", Date: at, Priority: 5,
		DestinationAgency: orDefault(b.Agency, "DUKCAPIL-AFIS"), OriginatingAgency: b.Station,
		ControlNumber: r.ID, NativeScanningResolution: "19.69", NominalTransmitResolution: "19.69",
		Domain: an2k.Domain{Name: "ID-KTPEL", Version: "1"}, GMT: at})
	tb.AddUserDefined(1, type2Fields(r))
	idc := 2
	for _, f := range r.Fingers {
		if f.Sample == nil {
			continue
		}
		data, err := b.fingerData(f.Sample)
		if err != nil {
			return nil, info, fmt.Errorf("encode %s: %w", f.Position, err)
		}
		q := f.Sample.Quality
		if q < 0 || q > 100 {
			q = 254
		}
		tb.AddFinger(an2k.FingerImage{IDC: idc, Impression: 0, SourceAgency: b.Station, CaptureDate: orTime(f.Sample.At, at),
			Width: f.Sample.Width, Height: f.Sample.Height, ScaleUnits: 1, HorizontalScale: ppi(f.Sample), VerticalScale: ppi(f.Sample),
			Compression: info.FingerFormat, BitsPerPixel: 8, Positions: []int{int(f.Position)},
			Quality: []an2k.QualityMetric{{Position: int(f.Position), Score: q, Vendor: 0xFFFF, Product: 1}},
			Data:    data})
		idc++
	}
	if r.Face != nil {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.Face.Data))
		if err != nil {
			return nil, info, fmt.Errorf("face photo: %w", err)
		}
		tb.AddFace(an2k.FaceImage{IDC: idc, SourceAgency: b.Station, PhotoDate: orTime(r.Face.At, at), Width: cfg.Width,
			Height: cfg.Height, Compression: "JPEGB", Pose: "F", Data: r.Face.Data})
		idc++
	}
	if r.Signature != nil {
		w, h := r.Signature.Width, r.Signature.Height
		if cfg, err := png.DecodeConfig(bytes.NewReader(r.Signature.Data)); err == nil {
			w, h = cfg.Width, cfg.Height
		}
		tb.AddSignature(an2k.Signature{IDC: idc, Kind: 0, Representation: an2k.SignatureCompressed, NativeScan: false,
			Width: w, Height: h, Data: r.Signature.Data})
	}
	t, err := tb.Transaction()
	if err != nil {
		return nil, info, err
	}
	data, err := t.Bytes()
	if err != nil {
		return nil, info, err
	}
	sum := sha256.Sum256(data)
	info.SHA256, info.Size, info.Records = hex.EncodeToString(sum[:]), len(data), len(t.Records)
	return data, info, nil
}

func ppi(s *enroll.Sample) int {
	if s.PPI > 0 {
		return s.PPI
	}
	return 500
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (b *Builder) fingerData(s *enroll.Sample) ([]byte, error) {
	img, err := GrayImage(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if b.Lossless {
		err = png.Encode(&buf, img)
	} else {
		err = wsq.Encode(&buf, img, &wsq.Options{Bitrate: b.Bitrate, PPI: ppi(s)})
	}
	return buf.Bytes(), err
}

// GrayImage returns a finger sample as an image (gray8 pixels or PNG).
func GrayImage(s *enroll.Sample) (*image.Gray, error) {
	switch s.Format {
	case enroll.FormatGray8:
		if s.Width <= 0 || s.Height <= 0 || len(s.Data) != s.Width*s.Height {
			return nil, fmt.Errorf("gray8 sample of %d bytes is not %d×%d", len(s.Data), s.Width, s.Height)
		}
		return &image.Gray{Pix: s.Data, Stride: s.Width, Rect: image.Rect(0, 0, s.Width, s.Height)}, nil
	case enroll.FormatPNG:
		img, err := png.Decode(bytes.NewReader(s.Data))
		if err != nil {
			return nil, err
		}
		if g, ok := img.(*image.Gray); ok {
			return g, nil
		}
		g := image.NewGray(img.Bounds())
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				g.Set(x, y, img.At(x, y))
			}
		}
		return g, nil
	}
	return nil, fmt.Errorf("finger sample format %q", s.Format)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("20060102")
}

// type2Fields maps the biodata to Type-2 fields (docs/packet.md lists them).
func type2Fields(r *enroll.Record) map[int]string {
	b := r.Biodata
	itoa := strconv.Itoa
	f := map[int]string{
		10: b.NIK, 11: b.KK, 12: b.Name, 13: b.BirthPlace, 14: date(b.BirthDate), 15: itoa(b.Sex),
		16: itoa(b.BloodType), 17: itoa(b.Religion), 18: itoa(b.MaritalStatus), 19: itoa(b.Occupation),
		20: itoa(b.Citizenship), 21: itoa(b.Education), 22: itoa(b.FamilyRelation),
		23: an2k.Items(b.Address.Street, b.Address.RT, b.Address.RW, b.Address.VillageCode, b.Address.PostalCode),
		25: an2k.Items(b.Mother.NIK, b.Mother.Name), 26: an2k.Items(b.Father.NIK, b.Father.Name),
		27: an2k.Items(b.BirthCert.Number, date(b.BirthCert.Date)),
		28: an2k.Items(b.MarriageCert.Number, date(b.MarriageCert.Date)),
		29: an2k.Items(b.DivorceCert.Number, date(b.DivorceCert.Date)),
		31: string(r.Request), 32: r.ID, 33: r.QueueNo,
	}
	if p := b.PrevAddress; p != nil {
		abroad := "0"
		if p.Abroad {
			abroad = "1"
		}
		f[24] = an2k.Items(p.Street, p.RT, p.RW, p.VillageCode, p.PostalCode, abroad, p.Country)
	}
	if len(b.Disabilities) > 0 {
		f[30] = an2k.Subfields(b.Disabilities...)
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

// orTime returns t in UTC, or def when t is zero.
func orTime(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t.UTC()
}

// ParseRecipient parses the centre's age X25519 public key ("age1…").
func ParseRecipient(s string) (age.Recipient, error) {
	return age.ParseX25519Recipient(strings.TrimSpace(s))
}

// ParseIdentity parses the centre's age X25519 identity ("AGE-SECRET-KEY-1…"), ignoring
// comment lines.
func ParseIdentity(text string) (age.Identity, error) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return age.ParseX25519Identity(line)
		}
	}
	return nil, fmt.Errorf("no age identity found")
}
