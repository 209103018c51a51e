package packet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/refdata"
)

type keys struct {
	stationPub ed25519.PublicKey
	builder    *Builder
	identity   *age.X25519Identity
}

func newKeys(t testing.TB) keys {
	pub, priv, _ := ed25519.GenerateKey(nil)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	b := &Builder{Station: "3313-JATEN-01", Key: priv, Recipient: id.Recipient(),
		Now: func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }}
	return keys{pub, b, id}
}

func (k keys) lookup(station string) (ed25519.PublicKey, bool) {
	if station == "3313-JATEN-01" {
		return k.stationPub, true
	}
	return nil, false
}

// ridges draws a synthetic ridge pattern (for tests without reference data).
func ridges(w, h int, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, 1))
	img := image.NewGray(image.Rect(0, 0, w, h))
	fx, fy := 0.5+rng.Float64()*0.2, 0.3+rng.Float64()*0.2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 128 + 100*sin(float64(x)*fx+float64(y)*fy+float64(x*y)/900)
			img.Pix[y*w+x] = byte(v)
		}
	}
	return img
}

func sin(x float64) float64 {
	// a cheap sine is enough for test images
	for x > 3.14159 {
		x -= 6.28318
	}
	return x - x*x*x/6 + x*x*x*x*x/120
}

func signaturePNG(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 400, 150))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 20; x < 380; x++ {
		img.SetGray(x, 75+int(30*sin(float64(x)/20)), color.Gray{0})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// record returns a signed-off record whose fingers come from fingers (nil: synthetic).
func record(t testing.TB, fingers []*image.Gray, face []byte) *enroll.Record {
	at := time.Date(2026, 11, 26, 8, 50, 0, 0, time.UTC)
	dev := enroll.DeviceInfo{Modality: enroll.ModalityFinger, Make: "Rekam", Model: "Simulator", Serial: "1", Simulated: true}
	r := &enroll.Record{ID: "R-0001", Request: enroll.RequestNew, Operator: "op1", QueueNo: "A-7",
		Biodata: enroll.Biodata{NIK: "3313094512000001", KK: "3313090101200001", Name: "SITI RAHAYU", BirthPlace: "KARANGANYAR",
			BirthDate: time.Date(2000, 12, 5, 0, 0, 0, 0, time.UTC), Sex: 2, Religion: 1, MaritalStatus: 1, Occupation: 3,
			Citizenship: 1, Education: 5, FamilyRelation: 4, Address: enroll.Address{Street: "JL. LAWU 1", RT: "001", RW: "002", VillageCode: "3313092001"},
			Mother: enroll.Parent{Name: "SRI WAHYUNI"}},
		Outcomes:  []enroll.Outcome{{Key: "TERDAFTAR_KK", Applies: true, Met: true}},
		Face:      &enroll.Sample{Format: enroll.FormatJPEG, Width: 768, Height: 1024, Quality: -1, Data: face, At: at},
		Signature: &enroll.Sample{Format: enroll.FormatPNG, Width: 400, Height: 150, Quality: -1, Data: signaturePNG(t), At: at},
		Times:     enroll.Timestamps{Arrived: at.Add(-8 * time.Minute), SignedOff: at},
		SignOff:   &enroll.SignOff{Operator: "op1", Station: "3313-JATEN-01", At: at},
		Status:    enroll.StatusBioCaptured}
	for i, p := range enroll.AllFingers {
		var img *image.Gray
		if fingers != nil {
			img = fingers[i%len(fingers)]
		} else {
			img = ridges(96, 112, uint64(i))
		}
		b := img.Bounds()
		r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Tries: 1, Sample: &enroll.Sample{Format: enroll.FormatGray8,
			Width: b.Dx(), Height: b.Dy(), PPI: 500, Quality: 50 + i, Device: dev, At: at, Data: img.Pix}})
	}
	r.Fingers[9] = enroll.FingerCapture{Position: enroll.LeftLittle, Exception: enroll.ExceptionAmputated}
	return r
}

func TestSealOpen(t *testing.T) {
	k := newKeys(t)
	r := record(t, nil, smallJPEG(t))
	ref, sealed, err := k.builder.Seal(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if ref.ID != "PKT-R-0001" || ref.Size != int64(len(sealed)) || len(ref.SHA256) != 64 {
		t.Fatalf("ref %+v", ref)
	}
	o, err := Open(sealed, k.identity, k.lookup)
	if err != nil {
		t.Fatal(err)
	}
	m := o.Manifest
	if m.NIK != r.Biodata.NIK || m.SignOff.Operator != "op1" || m.Exceptions["finger-10"] != "AMPUTATED" || m.Qualities["finger-01"] != 50 {
		t.Fatalf("manifest %+v", m)
	}
	tx, err := an2k.Parse(o.Transaction, an2k.Tolerant)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tx.Find(14)); got != 9 {
		t.Errorf("%d Type-14 records, want 9 (one exception)", got)
	}
	if len(tx.Find(2)) != 1 || len(tx.Find(10)) != 1 || len(tx.Find(8)) != 1 {
		t.Error("missing Type-2, Type-10 or Type-8")
	}
	if tx.Find(2)[0].Text(10) != r.Biodata.NIK || tx.Find(2)[0].Text(12) != "SITI RAHAYU" {
		t.Error("Type-2 biodata")
	}
	f, err := tx.Find(14)[1].FingerImage()
	if err != nil || f.Compression != "WSQ20" || f.Positions[0] != 2 || f.Width != 96 {
		t.Errorf("finger record %+v %v", f, err)
	}
}

func TestOpenSaysWhy(t *testing.T) {
	k := newKeys(t)
	r := record(t, nil, smallJPEG(t))
	_, sealed, err := k.builder.Seal(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	other := newKeys(t)
	// A packet signed by a key the centre does not hold for this station.
	forged := *k.builder
	forged.Key = other.builder.Key
	_, forgedPkt, _ := forged.Seal(context.Background(), record(t, nil, smallJPEG(t)))
	unknown := *k.builder
	unknown.Station = "9999-NOWHERE"
	_, unknownPkt, _ := unknown.Seal(context.Background(), record(t, nil, smallJPEG(t)))
	tests := []struct {
		name string
		data []byte
		id   age.Identity
		want error
	}{
		{"wrong recipient", sealed, other.identity, ErrWrongRecipient},
		{"bad signature", forgedPkt, k.identity, ErrBadSignature},
		{"unknown station", unknownPkt, k.identity, ErrUnknownStation},
		{"truncated", sealed[:len(sealed)-100], k.identity, ErrTruncated},
		{"tampered", flip(sealed, len(sealed)/2), k.identity, ErrTampered},
		{"empty", nil, k.identity, ErrMalformed},
	}
	for _, tt := range tests {
		_, err := Open(tt.data, tt.id, k.lookup)
		if !errors.Is(err, tt.want) || !enroll.IsKind(err, enroll.KindInvalid) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x01
	return c
}

// TestEveryByteFlipFails flips each byte of a small packet in turn.
func TestEveryByteFlipFails(t *testing.T) {
	k := newKeys(t)
	k.builder.Lossless = true // small PNG prints keep the packet, and the test, small
	r := record(t, []*image.Gray{ridges(24, 24, 1)}, smallJPEG(t))
	_, sealed, err := k.builder.Seal(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		for _, mask := range []byte{0x01, 0x80} {
			c := bytes.Clone(sealed)
			c[i] ^= mask
			if _, err := Open(c, k.identity, k.lookup); err == nil {
				t.Fatalf("flipping bit %#x of byte %d of %d went unnoticed", mask, i, len(sealed))
			} else if !enroll.IsKind(err, enroll.KindInvalid) || err.Error() == "" {
				t.Fatalf("byte %d: unclear error %v", i, err)
			}
		}
	}
	t.Logf("flipped each of %d bytes (two bits each): every copy refused", len(sealed))
}

func fvcRecord(t testing.TB) (*enroll.Record, error) {
	dir := refdata.Path(t, "fingerprints/fvc2002-db1b")
	face, err := os.ReadFile(refdata.Path(t, "face/nist-mugshot.jpg"))
	if err != nil {
		return nil, err
	}
	var fingers []*image.Gray
	for f := 101; f <= 110; f++ {
		fingers = append(fingers, refdata.Gray(t, filepath.Join(dir, fmt.Sprintf("%d_1.png", f))))
	}
	r := record(t, fingers, face)
	r.Fingers[9] = enroll.FingerCapture{Position: enroll.LeftLittle, Tries: 1, Sample: r.Fingers[0].Sample}
	return r, nil
}

func TestPacketSizeWithFVCPrints(t *testing.T) {
	r, err := fvcRecord(t)
	if err != nil {
		t.Fatal(err)
	}
	k := newKeys(t)
	ref, sealed, err := k.builder.Seal(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("packet of ten FVC DB1 prints, the NIST mugshot and a signature: %d bytes", ref.Size)
	if ref.Size > 250*1024 {
		t.Errorf("packet is %d KB, budget 250 KB", ref.Size/1024)
	}
	o, err := Open(sealed, k.identity, k.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Check(); err != nil {
		t.Errorf("strict check of our own transaction: %v", err)
	}
	// A sample of single-byte flips of the full-size packet.
	rng := rand.New(rand.NewPCG(7, 7))
	for range 300 {
		i := rng.IntN(len(sealed))
		if _, err := Open(flip(sealed, i), k.identity, k.lookup); err == nil {
			t.Fatalf("flip at %d unnoticed", i)
		}
	}
}

func BenchmarkBuildSeal(b *testing.B) {
	r, err := fvcRecord(b)
	if err != nil {
		b.Fatal(err)
	}
	k := newKeys(b)
	var size int64
	start := time.Now()
	for i := 0; i < b.N; i++ {
		ref, _, err := k.builder.Seal(context.Background(), r)
		if err != nil {
			b.Fatal(err)
		}
		size = ref.Size
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "packet.build_seal_ms")
	b.ReportMetric(float64(size)/1024, "packet.size_kb")
}

func smallJPEG(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, ridges(16, 16, 3), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
