package an2k

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testImages returns the small PNG fingerprint and JPEG face stored in testdata (made
// once with -update, so the golden file does not depend on the encoders' versions).
func testImages(t *testing.T) (fingerPNG, faceJPEG []byte) {
	t.Helper()
	fp, fj := filepath.Join("testdata", "finger.png"), filepath.Join("testdata", "face.jpg")
	if *update {
		g := image.NewGray(image.Rect(0, 0, 24, 30))
		for y := range 30 {
			for x := range 24 {
				g.SetGray(x, y, color.Gray{Y: uint8((x*7 + y*13) % 256)})
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, g); err != nil {
			t.Fatal(err)
		}
		writeFile(t, fp, b.Bytes())
		c := image.NewRGBA(image.Rect(0, 0, 16, 20))
		for y := range 20 {
			for x := range 16 {
				c.Set(x, y, color.RGBA{R: uint8(x * 16), G: uint8(y * 12), B: 128, A: 255})
			}
		}
		b.Reset()
		if err := jpeg.Encode(&b, c, &jpeg.Options{Quality: 80}); err != nil {
			t.Fatal(err)
		}
		writeFile(t, fj, b.Bytes())
	}
	return readFile(t, fp), readFile(t, fj)
}

func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	return b
}

var (
	testDay = time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC)
	testGMT = time.Date(2025, 11, 26, 3, 4, 5, 0, time.UTC)
)

func testHeader() Header {
	return Header{
		TransactionType:       "KTP",
		Date:                  testDay,
		DestinationAgency:     "DUKCAPIL",
		OriginatingAgency:     "ST3313010",
		ControlNumber:         "3313010-000042",
		Domain:                Domain{Name: "ID-KTP", Version: "1.0"},
		GMT:                   testGMT,
		OriginatingAgencyName: "Kec. Jaten",
	}
}

// testPacket builds the transaction the packet builder will make: Type-2 biodata, ten
// Type-14 prints, a Type-10 face and a Type-8 signature.
func testPacket(t *testing.T) (*Transaction, []FingerImage, FaceImage, Signature) {
	t.Helper()
	fingerPNG, faceJPEG := testImages(t)
	b := NewBuilder(testHeader())
	b.AddUserDefined(0, map[int]string{18: "BUDI SANTOSO", 22: "19800101", 40: Subfields(Items("a", "b"), "c")})
	var fingers []FingerImage
	for pos := 1; pos <= 10; pos++ {
		f := FingerImage{IDC: pos, Impression: ImpressionLivePlain, SourceAgency: "ST3313010",
			CaptureDate: testDay, Positions: []int{pos}, Data: fingerPNG,
			NISTQuality: []NISTQuality{{Position: pos, Score: pos%5 + 1}},
			Quality:     []QualityMetric{{Position: pos, Score: 60 + pos, Vendor: 0x000F, Product: 1}}}
		fingers = append(fingers, f)
		b.AddFinger(f)
	}
	face := FaceImage{IDC: 11, SourceAgency: "ST3313010", PhotoDate: testDay, AcquisitionProfile: 51, Pose: "F", Data: faceJPEG}
	b.AddFace(face)
	sig := Signature{IDC: 12, Kind: SignatureOfSubject, Representation: SignatureUncompressed, Width: 4, Height: 2,
		Data: []byte{0, 255, 0, 255, 255, 0, 255, 0}}
	b.AddSignature(sig)
	tr, err := b.Transaction()
	if err != nil {
		t.Fatal(err)
	}
	return tr, fingers, face, sig
}

func TestBuilderRoundTrip(t *testing.T) {
	built, fingers, face, sig := testPacket(t)
	data, err := built.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Parse(data, Strict)
	if err != nil {
		t.Fatalf("strict read of a built transaction: %v", err)
	}
	h, _ := tr.Header()
	want := testHeader()
	want.Version, want.NativeScanningResolution, want.NominalTransmitResolution = Version, "00.00", "00.00"
	want.Content = []ContentEntry{{2, 0}}
	for i := 1; i <= 12; i++ {
		typ := map[bool]int{true: 14, false: 10}[i <= 10]
		if i == 12 {
			typ = 8
		}
		want.Content = append(want.Content, ContentEntry{typ, i})
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("header:\n got %+v\nwant %+v", h, want)
	}
	if got := tr.Find(2)[0].Text(18); got != "BUDI SANTOSO" {
		t.Errorf("2.018 = %q", got)
	}
	for i, r := range tr.Find(14) {
		got, err := r.FingerImage()
		if err != nil {
			t.Fatal(err)
		}
		w := fingers[i]
		w.Width, w.Height, w.Compression, w.ScaleUnits, w.HorizontalScale, w.VerticalScale, w.BitsPerPixel = 24, 30, "PNG", 1, 500, 500, 8
		if !reflect.DeepEqual(got, w) {
			t.Errorf("finger %d:\n got %+v\nwant %+v", i+1, got, w)
		}
	}
	gotFace, _ := tr.Find(10)[0].FaceImage()
	face.ImageType, face.Width, face.Height, face.Compression, face.ColorSpace = "FACE", 16, 20, "JPEGB", "YCC"
	face.HorizontalScale, face.VerticalScale = 1, 1
	if !reflect.DeepEqual(gotFace, face) {
		t.Errorf("face:\n got %+v\nwant %+v", gotFace, face)
	}
	gotSig, _ := tr.Find(8)[0].Signature()
	if !reflect.DeepEqual(gotSig, sig) {
		t.Errorf("signature:\n got %+v\nwant %+v", gotSig, sig)
	}
}

func TestBuilderGolden(t *testing.T) {
	tr, _, _, _ := testPacket(t)
	data, err := tr.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var dump bytes.Buffer
	if err := tr.Dump(&dump); err != nil {
		t.Fatal(err)
	}
	goldenAN2, goldenDump := filepath.Join("testdata", "packet.an2"), filepath.Join("testdata", "packet.dump")
	if *update {
		writeFile(t, goldenAN2, data)
		writeFile(t, goldenDump, dump.Bytes())
	}
	if want := readFile(t, goldenAN2); !bytes.Equal(data, want) {
		t.Errorf("built transaction differs from %s (%d bytes, want %d)", goldenAN2, len(data), len(want))
	}
	if want := readFile(t, goldenDump); !bytes.Equal(dump.Bytes(), want) {
		t.Errorf("dump differs from %s:\n%s", goldenDump, dump.String())
	}
}

func TestBuilderWSQFromReference(t *testing.T) {
	src := referenceFile(t, "valid1.8.an2")
	b := NewBuilder(testHeader())
	for i, r := range src.Find(14) {
		b.AddFinger(FingerImage{IDC: i + 1, SourceAgency: "X", CaptureDate: testDay, Positions: []int{13 + i%2}, Data: r.Data()})
	}
	tr, err := b.Transaction()
	if err != nil {
		t.Fatal(err)
	}
	if ps := tr.Check(); ps != nil {
		t.Fatalf("check: %v", ps)
	}
	f, _ := tr.Find(14)[2].FingerImage()
	if f.Compression != "WSQ20" || f.Width != 1600 || f.Height != 800 {
		t.Errorf("third print: %s %dx%d, want WSQ20 1600x800", f.Compression, f.Width, f.Height)
	}
}

func TestBuilderRejects(t *testing.T) {
	fingerPNG, _ := testImages(t)
	good := FingerImage{IDC: 1, SourceAgency: "X", CaptureDate: testDay, Positions: []int{1}, Data: fingerPNG}
	cases := map[string]func(*Builder){
		"finger declared size":    func(b *Builder) { f := good; f.Width, f.Height = 30, 30; b.AddFinger(f) },
		"finger wrong CGA":        func(b *Builder) { f := good; f.Compression = "WSQ20"; b.AddFinger(f) },
		"finger bad position":     func(b *Builder) { f := good; f.Positions = []int{17}; b.AddFinger(f) },
		"finger no data":          func(b *Builder) { f := good; f.Data = nil; b.AddFinger(f) },
		"IDC out of range":        func(b *Builder) { f := good; f.IDC = 100; b.AddFinger(f) },
		"user field 2":            func(b *Builder) { b.AddUserDefined(0, map[int]string{2: "x"}) },
		"text with separator":     func(b *Builder) { b.AddUserDefined(0, map[int]string{3: "a\x1db"}) },
		"signature size mismatch": func(b *Builder) { b.AddSignature(Signature{Width: 3, Height: 3, Data: []byte{1}}) },
	}
	for name, add := range cases {
		b := NewBuilder(testHeader())
		add(b)
		if _, err := b.Transaction(); err == nil {
			t.Errorf("%s: built without error", name)
		}
	}
	if _, err := NewBuilder(Header{}).Transaction(); err == nil {
		t.Error("empty header: built without error")
	}
}
