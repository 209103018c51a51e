package sbitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Boundary is the multipart boundary of the preview stream.
const Boundary = "sbiframe"

// defaultStreamTimeout is the spec's default stream lifetime.
const defaultStreamTimeout = 5 * time.Minute

// stream answers STREAM with an M-JPEG multipart/x-mixed-replace body, one JPEG part
// per frame with Content-Type and Content-Length, until the request's timeout (default
// five minutes) or the client leaves.
func (s *Service) stream(w http.ResponseWriter, r *http.Request) {
	fail := func(e errorInfo) { s.writeJSON(w, map[string]errorInfo{"error": e}) }
	var req struct {
		DeviceID    flex `json:"deviceId"`
		DeviceSubID flex `json:"deviceSubId"`
		Timeout     flex `json:"timeout"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err := json.Unmarshal(body, &req); err != nil {
		fail(invalid(err.Error()))
		return
	}
	dev, ok := s.device(string(req.DeviceID))
	if !ok {
		fail(errorInfo{"106", "Device not found"})
		return
	}
	sub, err := strconv.Atoi(string(req.DeviceSubID))
	if err != nil || !slices.Contains(dev.SubIDs, sub) {
		fail(invalid(fmt.Sprintf("deviceSubId %q", req.DeviceSubID)))
		return
	}
	timeout := defaultStreamTimeout
	if req.Timeout != "" {
		ms, err := strconv.Atoi(string(req.Timeout))
		if err != nil || ms <= 0 {
			fail(invalid(fmt.Sprintf("timeout %q", req.Timeout)))
			return
		}
		timeout = time.Duration(ms) * time.Millisecond
	}
	if _, e := s.status(); e != errSuccess {
		fail(e)
		return
	}
	frame := s.previewJPEG(dev, sub)
	w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary="+Boundary)
	w.Header().Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	tick := time.NewTicker(time.Second / time.Duration(s.opt.FPS))
	defer tick.Stop()
	end := time.After(timeout)
	for {
		fmt.Fprintf(w, "--%s\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", Boundary, len(frame))
		w.Write(frame)          //nolint:errcheck // a gone client ends the loop below
		w.Write([]byte("\r\n")) //nolint:errcheck
		if rc.Flush() != nil {
			return
		}
		select {
		case <-tick.C:
		case <-end:
			fmt.Fprintf(w, "--%s--\r\n", Boundary)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// previewJPEG renders the preview of a sub-device: its fingers side by side, both
// irises, or the face.
func (s *Service) previewJPEG(dev Device, sub int) []byte {
	var parts []string
	switch dev.Type {
	case "Finger":
		parts = slapFingers[sub]
	case "Iris":
		parts = map[int][]string{1: {"Left"}, 2: {"Right"}, 3: {"Left", "Right"}}[sub]
	default:
		parts = []string{"Face"}
	}
	var imgs []image.Image
	w, h := 0, 0
	for _, p := range parts {
		img := s.image(p)
		imgs = append(imgs, img)
		w += img.Bounds().Dx()
		h = max(h, img.Bounds().Dy())
	}
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(canvas, canvas.Rect, image.White, image.Point{}, draw.Src)
	x := 0
	for _, img := range imgs {
		b := img.Bounds()
		draw.Draw(canvas, image.Rect(x, 0, x+b.Dx(), b.Dy()), img, b.Min, draw.Src)
		x += b.Dx()
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, canvas, &jpeg.Options{Quality: 75})
	return buf.Bytes()
}
