package sbi

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
)

// DeviceInfo is a device's verified description, from its signed device info and
// digital ID.
type DeviceInfo struct {
	BaseURL        string // the device service, e.g. "http://127.0.0.1:4501"
	DeviceID       string // the device's ID within its service
	SubIDs         []int  // deviceSubId values (finger/iris: 1 left, 2 right, 3 both thumbs/irises)
	Status         string // "Ready", "Busy", "Not Ready" or "Not Registered"
	Type           string // "Finger", "Face" or "Iris"
	SubType        string // "Slap", "Single", "Touchless", "Double", "Full face"
	Make           string
	Model          string
	Serial         string
	Provider       string
	ProviderID     string
	Certification  string // "L0" or "L1"
	Firmware       string
	ServiceVersion string
	Env            string
	Purpose        string
	SpecVersions   []string
	Signer         *x509.Certificate // the device key's certificate
}

// Client talks to one device of an SBI device service. It is safe for concurrent use;
// the device itself answers one capture at a time.
type Client struct {
	cfg   Config
	chain *Chain

	mu     sync.Mutex
	info   DeviceInfo
	status enroll.DeviceStatus
}

// Device returns the device's verified description as of the last device info call.
func (c *Client) Device() DeviceInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

// Info returns the device's identity for the enroll ports; it does not talk to the device.
func (c *Client) Info() enroll.DeviceInfo {
	d := c.Device()
	m := enroll.ModalityFinger
	switch d.Type {
	case "Face":
		m = enroll.ModalityFace
	case "Iris":
		m = enroll.ModalityIris
	}
	port := strings.TrimPrefix(d.BaseURL, "http://")
	return enroll.DeviceInfo{Modality: m, Make: d.Make, Model: d.Model, Serial: d.Serial,
		Connected: "sbi " + port + " device " + d.DeviceID}
}

// Status returns the device's state as of the last call to it; it does not block.
func (c *Client) Status() enroll.DeviceStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// setStatus records the state an error (or success) implies.
func (c *Client) setStatus(err error) {
	st := enroll.StatusReady
	switch enroll.KindOf(err) {
	case -1, enroll.KindLowQuality, enroll.KindTimeout:
	case enroll.KindBusy:
		st = enroll.StatusBusy
	case enroll.KindNotConnected:
		st = enroll.StatusNotConnected
	default:
		return
	}
	c.mu.Lock()
	c.status = st
	c.mu.Unlock()
}

// statusOf maps the spec's deviceStatus to the station's.
func statusOf(s string) enroll.DeviceStatus {
	switch s {
	case "Ready":
		return enroll.StatusReady
	case "Busy":
		return enroll.StatusBusy
	}
	return enroll.StatusNotConnected
}

// Refresh asks the device for its device info (MOSIPDINFO), verifies it and updates
// Device and Status. Errors: KindNotConnected (service gone, device missing or not
// registered), KindTimeout, KindProtocol (unsigned, untrusted or malformed info).
func (c *Client) Refresh(ctx context.Context) error {
	const op = "sbi device info"
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	d := c.Device()
	infos, err := fetchInfo(ctx, c.cfg, d.BaseURL)
	if err != nil {
		c.setStatus(err)
		return err
	}
	for _, e := range infos {
		nd, err := verifyInfo(c.cfg, d.BaseURL, e)
		if err != nil {
			if id, ok := unsignedDeviceID(e); ok && id == d.DeviceID {
				c.setStatus(err)
				return err
			}
			continue // another device of the service; its problems are not ours
		}
		if nd.DeviceID != d.DeviceID {
			continue
		}
		if nd.Serial != d.Serial {
			return protoErr(op, "device %s now reports serial %q, was %q", d.DeviceID, nd.Serial, d.Serial)
		}
		c.mu.Lock()
		c.info, c.status = nd, statusOf(nd.Status)
		c.mu.Unlock()
		return nil
	}
	err = enroll.Errorf(op, enroll.KindNotConnected, "device %s is no longer offered by %s", d.DeviceID, d.BaseURL)
	c.setStatus(err)
	return err
}

// fetchInfo calls MOSIPDINFO on a device service.
func fetchInfo(ctx context.Context, cfg Config, base string) ([]infoEntry, error) {
	const op = "sbi device info"
	b, err := callJSON(ctx, cfg, op, "MOSIPDINFO", base+"/info", nil)
	if err != nil {
		return nil, err
	}
	var infos []infoEntry
	if err := decodeJSON(b, &infos); err != nil {
		return nil, protoErr(op, "device info response: %v", err)
	}
	return infos, nil
}

// unsignedDeviceID reads the device ID from an info entry without verifying it, to
// attribute a rejection to a device.
func unsignedDeviceID(e infoEntry) (string, bool) {
	raw := e.DeviceInfo
	if t, err := ParseToken(raw); err == nil {
		var p deviceInfoPayload
		if decodeJSON(t.Payload(), &p) == nil {
			return string(p.DeviceID), true
		}
		return "", false
	}
	b, err := decodeB64URL(raw)
	if err != nil {
		return "", false
	}
	var p deviceInfoPayload
	if decodeJSON(b, &p) != nil {
		return "", false
	}
	return string(p.DeviceID), true
}

// verifyInfo verifies one device info entry and its digital ID.
func verifyInfo(cfg Config, base string, e infoEntry) (DeviceInfo, error) {
	const op = "sbi device info"
	signed, err := VerifyToken(e.DeviceInfo, cfg.Roots, cfg.Now())
	if err != nil {
		if errors.Is(err, errUnsigned) && e.Error.failed() && e.Error.ErrorCode == "100" {
			return DeviceInfo{}, enroll.E(op, enroll.KindNotConnected,
				&CodeError{Code: "100", Info: e.Error.ErrorInfo})
		}
		return DeviceInfo{}, protoErr(op, "device info: %v", err)
	}
	var p deviceInfoPayload
	if err := decodeJSON(signed.Payload, &p); err != nil {
		return DeviceInfo{}, protoErr(op, "device info payload: %v", err)
	}
	d := DeviceInfo{
		BaseURL: base, DeviceID: string(p.DeviceID), Status: p.DeviceStatus,
		Certification: p.Certification, Firmware: p.Firmware, ServiceVersion: p.ServiceVersion,
		Env: p.Env, Purpose: p.Purpose, SpecVersions: p.SpecVersion, Signer: signed.Signer,
	}
	if d.DeviceID == "" {
		return DeviceInfo{}, protoErr(op, "device info without deviceId")
	}
	for _, s := range p.DeviceSubID {
		n, err := strconv.Atoi(string(s))
		if err != nil || n < 0 || n > 3 {
			return DeviceInfo{}, protoErr(op, "device %s: deviceSubId %q", d.DeviceID, s)
		}
		d.SubIDs = append(d.SubIDs, n)
	}
	if p.CallbackID != "" {
		u, err := checkLoopback(strings.TrimSuffix(p.CallbackID, "/"))
		if err != nil {
			return DeviceInfo{}, protoErr(op, "device %s callbackId: %v", d.DeviceID, err)
		}
		d.BaseURL = u.Scheme + "://" + u.Host
	}
	id, err := verifyDigitalID(cfg, p.DigitalID, p.DeviceCode)
	if err != nil {
		return DeviceInfo{}, enroll.E(op, enroll.KindProtocol, fmt.Errorf("device %s: %w", d.DeviceID, err))
	}
	d.Type, d.SubType, d.Make, d.Model = id.Type, id.DeviceSubType, id.Make, id.Model
	d.Serial, d.Provider, d.ProviderID = id.SerialNo, id.DeviceProvider, id.DeviceProviderID
	switch d.Type {
	case "Finger", "Face", "Iris":
	default:
		return DeviceInfo{}, protoErr(op, "device %s has type %q", d.DeviceID, d.Type)
	}
	if d.Purpose != "Registration" {
		return DeviceInfo{}, enroll.Errorf(op, enroll.KindInvalid,
			"device %s has purpose %q, not Registration", d.DeviceID, d.Purpose)
	}
	return d, nil
}

// verifyDigitalID verifies a signed digital ID and checks it names serial.
func verifyDigitalID(cfg Config, token, serial string) (digitalIDPayload, error) {
	var id digitalIDPayload
	signed, err := VerifyToken(token, cfg.Roots, cfg.Now())
	if err != nil {
		return id, fmt.Errorf("digital ID: %w", err)
	}
	if err := decodeJSON(signed.Payload, &id); err != nil {
		return id, fmt.Errorf("digital ID payload: %w", err)
	}
	if id.SerialNo == "" || id.SerialNo != serial {
		return id, fmt.Errorf("digital ID serial %q does not match device code %q", id.SerialNo, serial)
	}
	return id, nil
}
