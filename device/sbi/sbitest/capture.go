package sbitest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// captureData is the signed payload of one biometric.
type captureData struct {
	DigitalID            string `json:"digitalId"`
	BioType              string `json:"bioType"`
	DeviceCode           string `json:"deviceCode"`
	DeviceServiceVersion string `json:"deviceServiceVersion"`
	BioSubType           string `json:"bioSubType,omitempty"`
	Purpose              string `json:"purpose"`
	Env                  string `json:"env"`
	BioValue             string `json:"bioValue"`
	TransactionID        string `json:"transactionId"`
	Timestamp            string `json:"timestamp"`
	RequestedScore       string `json:"requestedScore"`
	QualityScore         string `json:"qualityScore"`
}

// biometric is one entry of the response.
type biometric struct {
	SpecVersion string    `json:"specVersion"`
	Data        string    `json:"data"`
	Hash        string    `json:"hash"`
	Error       errorInfo `json:"error"`
}

// fingers of each slap sub-device, in the spec's order.
var slapFingers = map[int][]string{
	1: {"Left IndexFinger", "Left MiddleFinger", "Left RingFinger", "Left LittleFinger"},
	2: {"Right IndexFinger", "Right MiddleFinger", "Right RingFinger", "Right LittleFinger"},
	3: {"Left Thumb", "Right Thumb"},
}

// fingerCode is the ISO position code of each finger name.
var fingerCode = map[string]int{
	"Right Thumb": 1, "Right IndexFinger": 2, "Right MiddleFinger": 3, "Right RingFinger": 4, "Right LittleFinger": 5,
	"Left Thumb": 6, "Left IndexFinger": 7, "Left MiddleFinger": 8, "Left RingFinger": 9, "Left LittleFinger": 10,
}

// capture is a validated request: which device, which subtypes, and the chain start.
type capture struct {
	dev       Device
	subTypes  []string
	requested string
	prev      []byte
	timeout   time.Duration
}

// rcapture answers RCAPTURE.
func (s *Service) rcapture(w http.ResponseWriter, r *http.Request) {
	fail := func(e errorInfo) {
		s.writeJSON(w, map[string][]biometric{"biometrics": {{SpecVersion: specVersion, Error: e}}})
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return
	}
	var req captureRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fail(invalid(err.Error()))
		return
	}
	c, e := s.validate(&req)
	if e != nil {
		fail(*e)
		return
	}
	if _, e := s.status(); e != errSuccess {
		fail(e)
		return
	}
	if !s.capture.TryLock() {
		fail(errBusy)
		return
	}
	defer s.capture.Unlock()
	s.setCapturing(true)
	defer s.setCapturing(false)
	fault := s.currentFault()
	if fault == FaultSlow {
		select {
		case <-time.After(s.opt.SlowDelay):
		case <-r.Context().Done():
			return
		}
	}
	resp := s.biometrics(&req, c, fault)
	s.mu.Lock()
	s.captures++
	s.mu.Unlock()
	if fault == FaultDrop {
		dropMidBody(w, resp)
		return
	}
	s.writeJSON(w, resp)
}

// biometrics builds the response: one signed record per subtype, hashes chained.
func (s *Service) biometrics(req *captureRequest, c capture, fault Fault) map[string][]biometric {
	now := s.opt.Now()
	quality := s.opt.Quality
	if fault == FaultLowQuality {
		quality = 25
	}
	digital := s.opt.PKI.Sign(s.digitalIDJSON(c.dev))
	prev := c.prev
	var out []biometric
	for i, sub := range c.subTypes {
		var rec []byte
		switch c.dev.Type {
		case "Finger":
			rec = FingerRecord(gray(s.image(sub)), fingerCode[sub], quality, now)
		case "Iris":
			eye := 2
			if sub == "Right" {
				eye = 1
			}
			rec = IrisRecord(gray(s.image(sub)), eye, quality, now)
		default:
			rec = FaceRecord(s.image("Face"), quality, now)
		}
		data := captureData{
			DigitalID: digital, BioType: c.dev.Type, DeviceCode: c.dev.Serial, DeviceServiceVersion: specVersion,
			BioSubType: sub, Purpose: req.Purpose, Env: req.Env, BioValue: b64(rec),
			TransactionID: req.TransactionID, Timestamp: now.UTC().Format("2006-01-02T15:04:05Z"),
			RequestedScore: c.requested, QualityScore: strconv.Itoa(quality),
		}
		payload, _ := json.Marshal(data)
		token := s.opt.PKI.Sign(payload)
		inner := sha256.Sum256(rec)
		link := sha256.Sum256(append(slices.Clone(prev), inner[:]...))
		hash := link[:]
		if i == 0 {
			token, hash = corrupt(fault, token, payload, hash, inner[:])
		}
		out = append(out, biometric{SpecVersion: req.SpecVersion, Data: token,
			Hash: strings.ToUpper(hex.EncodeToString(hash)), Error: errSuccess})
		prev = link[:]
	}
	return map[string][]biometric{"biometrics": out}
}

// corrupt applies a signature or chain fault to the first biometric.
func corrupt(fault Fault, token string, payload, hash, inner []byte) (string, []byte) {
	parts := strings.Split(token, ".")
	switch fault {
	case FaultBadSignature:
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sig[len(sig)/2] ^= 0x10
		parts[2] = b64(sig)
	case FaultUnsigned:
		return b64(payload), hash
	case FaultTampered:
		parts[1] = b64(bytes.Replace(payload, []byte(`"qualityScore":"`), []byte(`"qualityScore":"9`), 1))
	case FaultBrokenChain:
		h := sha256.Sum256(inner)
		return token, h[:]
	}
	return strings.Join(parts, "."), hash
}

// dropMidBody sends the headers and half of the body, then cuts the connection.
func dropMidBody(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(b))
	buf.Write(b[:len(b)/2])
	buf.Flush()
}

// gray converts an image to 8-bit grayscale.
func gray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Rect, img, b.Min, draw.Src)
	return g
}

// setCapturing records whether a capture is in progress.
func (s *Service) setCapturing(on bool) {
	s.mu.Lock()
	s.capturing = on
	s.mu.Unlock()
}
