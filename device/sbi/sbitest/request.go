package sbitest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// flex is a request scalar the spec writes as a string; numbers are accepted too.
type flex string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flex(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number")
	}
	*f = flex(n)
	return nil
}

// captureRequest is the RCAPTURE body.
type captureRequest struct {
	Env           string `json:"env"`
	Purpose       string `json:"purpose"`
	SpecVersion   string `json:"specVersion"`
	Timeout       flex   `json:"timeout"`
	CaptureTime   string `json:"captureTime"`
	TransactionID string `json:"transactionId"`
	Bio           []struct {
		Type           string   `json:"type"`
		Count          flex     `json:"count"`
		BioSubType     []string `json:"bioSubType"`
		Exception      []string `json:"exception"`
		RequestedScore flex     `json:"requestedScore"`
		DeviceID       flex     `json:"deviceId"`
		DeviceSubID    flex     `json:"deviceSubId"`
		PreviousHash   string   `json:"previousHash"`
	} `json:"bio"`
	CustomOpts map[string]any `json:"customOpts"`
}

// validate checks a capture request against the spec and the device.
func (s *Service) validate(req *captureRequest) (capture, *errorInfo) {
	bad := func(why string) (capture, *errorInfo) { e := invalid(why); return capture{}, &e }
	switch {
	case req.Purpose != "Registration":
		return bad(fmt.Sprintf("purpose %q", req.Purpose))
	case req.Env != s.opt.Env:
		return bad(fmt.Sprintf("env %q, device is registered for %q", req.Env, s.opt.Env))
	case req.SpecVersion != specVersion:
		return bad(fmt.Sprintf("specVersion %q", req.SpecVersion))
	case len(req.Bio) != 1:
		return bad("want exactly one bio entry")
	}
	if !validTransactionID(req.TransactionID) {
		return capture{}, &errTransaction
	}
	if _, err := time.Parse(time.RFC3339, req.CaptureTime); err != nil {
		return bad("captureTime is not ISO 8601")
	}
	ms, err := strconv.Atoi(string(req.Timeout))
	if err != nil || ms <= 0 {
		return bad(fmt.Sprintf("timeout %q", req.Timeout))
	}
	b := req.Bio[0]
	dev, ok := s.device(string(b.DeviceID))
	if !ok {
		return bad(fmt.Sprintf("no device %q", b.DeviceID))
	}
	if b.Type != dev.Type {
		return bad(fmt.Sprintf("type %q on a %s device", b.Type, dev.Type))
	}
	sub, err := strconv.Atoi(string(b.DeviceSubID))
	if err != nil || !slices.Contains(dev.SubIDs, sub) {
		return bad(fmt.Sprintf("deviceSubId %q", b.DeviceSubID))
	}
	count, err := strconv.Atoi(string(b.Count))
	if err != nil {
		return bad(fmt.Sprintf("count %q", b.Count))
	}
	if score, err := strconv.ParseFloat(string(b.RequestedScore), 64); err != nil || score < 0 || score > 100 {
		return bad(fmt.Sprintf("requestedScore %q", b.RequestedScore))
	}
	prev := sha256.Sum256(nil)
	c := capture{dev: dev, prev: prev[:], requested: string(b.RequestedScore), timeout: time.Duration(ms) * time.Millisecond}
	if b.PreviousHash != "" {
		p, err := hex.DecodeString(b.PreviousHash)
		if err != nil || len(p) != sha256.Size {
			return bad("previousHash is not a hex SHA-256")
		}
		c.prev = p
	}
	avail := []string{""}
	switch dev.Type {
	case "Finger":
		avail = slapFingers[sub]
	case "Iris":
		avail = map[int][]string{1: {"Left"}, 2: {"Right"}, 3: {"Left", "Right"}}[sub]
	}
	for _, x := range b.Exception {
		if !slices.Contains(avail, x) {
			return bad(fmt.Sprintf("exception %q is not on this sub-device", x))
		}
	}
	for _, x := range b.BioSubType {
		if !slices.Contains(avail, x) && x != "UNKNOWN" || slices.Contains(b.Exception, x) {
			return bad(fmt.Sprintf("bioSubType %q", x))
		}
	}
	if len(b.BioSubType) > 0 && len(b.BioSubType) != count {
		return capture{}, &errCountInvalid
	}
	free := slices.DeleteFunc(slices.Clone(avail), func(x string) bool { return slices.Contains(b.Exception, x) })
	if count < 1 || count > len(free) {
		return capture{}, &errCountInvalid
	}
	c.subTypes = b.BioSubType
	if len(c.subTypes) == 0 || slices.Contains(c.subTypes, "UNKNOWN") {
		c.subTypes = free[:count]
	}
	return c, nil
}

// validTransactionID checks the spec's rule: 4–50 letters, digits or hyphens.
func validTransactionID(s string) bool {
	if len(s) < 4 || len(s) > 50 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ""
}
