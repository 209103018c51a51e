package sim

import (
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestDebugMaster(t *testing.T) {
	if os.Getenv("SIMDEBUG") == "" {
		t.Skip()
	}
	ids := []string{"sample-a", "sample-b", "x1", "x2", "x3", "x4"}
	var ms []*master
	W, H := 0, 0
	for _, id := range ids {
		m := growMaster(id, enroll.RightIndex)
		ms = append(ms, m)
		W += m.stride
		H = max(H, len(m.v)/m.stride)
	}
	img := image.NewGray(image.Rect(0, 0, W, H))
	ox := 0
	for _, m := range ms {
		h := len(m.v) / m.stride
		for y := 0; y < h; y++ {
			for x := 0; x < m.stride; x++ {
				img.Pix[y*img.Stride+ox+x] = uint8(128 - 127*m.v[y*m.stride+x])
			}
		}
		for _, c := range m.pat.cores {
			for d := -3; d <= 3; d++ {
				img.Pix[(int(c.y)+gaborRadius)*img.Stride+ox+int(c.x)+gaborRadius+d] = 128
			}
		}
		for _, c := range m.pat.deltas {
			for d := -3; d <= 3; d++ {
				y := int(c.y) + gaborRadius + d
				if y >= 0 && y < H {
					img.Pix[y*img.Stride+ox+int(c.x)+gaborRadius] = 128
				}
			}
		}
		t.Log(m.pat.class, m.pat.cores, m.pat.deltas)
		ox += m.stride
	}
	f, _ := os.Create("/tmp/master.png")
	png.Encode(f, img)
	f.Close()
}

func TestDebugCamera(t *testing.T) {
	if os.Getenv("SIMDEBUG") == "" {
		t.Skip()
	}
	for name, face := range map[string]image.Image{"ph": nil, "face": loadFace(t)} {
		cam := NewCamera(CameraOptions{Face: face, CaptureDelay: -1})
		s, _ := cam.Capture(t.Context())
		os.WriteFile("/tmp/cam-"+name+".jpg", s.JPEG, 0o644)
	}
	pad := NewSignaturePad(PadOptions{Speed: 1000})
	pad.SetSubject("Siti Rahayu")
	s, err := pad.Capture(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(s.Points), s.Points[len(s.Points)-1].T)
	os.WriteFile("/tmp/sig.png", s.PNG, 0o644)
}
