package sbitest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// specVersion is the spec version the service implements.
const specVersion = "0.9.5"

// errorInfo is the spec's error object.
type errorInfo struct {
	ErrorCode string `json:"errorCode"`
	ErrorInfo string `json:"errorInfo"`
}

// The spec's error codes the service uses; 501 is this service's own "invalid request".
var (
	errSuccess       = errorInfo{"0", "Success"}
	errNotRegistered = errorInfo{"100", "Device not registered"}
	errCountInvalid  = errorInfo{"109", "Requested number of biometric (Finger/IRIS) not supported"}
	errNotReady      = errorInfo{"110", "Device is not ready"}
	errBusy          = errorInfo{"111", "Device is Busy"}
	errTransaction   = errorInfo{"112", "Invalid Transaction ID"}
)

// invalid is the service's custom error for a request it cannot read.
func invalid(why string) errorInfo { return errorInfo{"501", "Invalid request: " + why} }

// status returns the deviceStatus and error the current fault implies.
func (s *Service) status() (string, errorInfo) {
	switch s.currentFault() {
	case FaultNotReady:
		return "Not Ready", errNotReady
	case FaultBusy:
		return "Busy", errBusy
	case FaultNotRegistered:
		return "Not Registered", errNotRegistered
	}
	return "Ready", errSuccess
}

// writeJSON answers with a JSON body and the headers the spec lists.
func (s *Service) writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Location", s.base)
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b) //nolint:errcheck // the client went away
}

// subIDs returns the device's sub IDs as the strings the spec's examples use.
func subIDs(d Device) []string {
	out := make([]string, len(d.SubIDs))
	for i, id := range d.SubIDs {
		out[i] = strconv.Itoa(id)
	}
	return out
}

// digitalID is the spec's digital ID payload.
type digitalID struct {
	SerialNo         string `json:"serialNo"`
	Make             string `json:"make"`
	Model            string `json:"model"`
	Type             string `json:"type"`
	DeviceSubType    string `json:"deviceSubType"`
	DeviceProvider   string `json:"deviceProvider"`
	DeviceProviderID string `json:"deviceProviderId"`
	DateTime         string `json:"dateTime"`
}

// digitalIDJSON returns the device's digital ID payload.
func (s *Service) digitalIDJSON(d Device) []byte {
	b, _ := json.Marshal(digitalID{
		SerialNo: d.Serial, Make: d.Make, Model: d.Model, Type: d.Type, DeviceSubType: d.SubType,
		DeviceProvider: "Rekam Test Provider", DeviceProviderID: "rekam.test",
		DateTime: s.opt.Now().UTC().Format("2006-01-02T15:04:05Z"),
	})
	return b
}

// discoverEntry is one device in the discovery response.
type discoverEntry struct {
	DeviceID       string    `json:"deviceId"`
	DeviceStatus   string    `json:"deviceStatus"`
	Certification  string    `json:"certification"`
	ServiceVersion string    `json:"serviceVersion"`
	DeviceSubID    []string  `json:"deviceSubId"`
	CallbackID     string    `json:"callbackId"`
	DigitalID      string    `json:"digitalId"`
	DeviceCode     string    `json:"deviceCode"`
	SpecVersion    []string  `json:"specVersion"`
	Purpose        string    `json:"purpose"`
	Error          errorInfo `json:"error"`
}

// discover answers MOSIPDISC: the devices of the requested type, digital IDs unsigned.
func (s *Service) discover(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Type *string `json:"type"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err := json.Unmarshal(body, &req); err != nil || req.Type == nil {
		s.writeJSON(w, []discoverEntry{{Error: errorInfo{"101", "Invalid JSON Value Type For Discovery.. ex: {type: 'Biometric Device' or 'Finger' or 'Face' or 'Iris' }"}}})
		return
	}
	status, e := s.status()
	out := []discoverEntry{}
	for _, d := range s.opt.Devices {
		if *req.Type != "Biometric Device" && *req.Type != d.Type {
			continue
		}
		out = append(out, discoverEntry{
			DeviceID: d.ID, DeviceStatus: status, Certification: "L0", ServiceVersion: specVersion,
			DeviceSubID: subIDs(d), CallbackID: s.base + "/", DigitalID: b64(s.digitalIDJSON(d)),
			DeviceCode: d.Serial, SpecVersion: []string{specVersion}, Purpose: "Registration", Error: e,
		})
	}
	s.writeJSON(w, out)
}

// deviceInfo is the payload of the signed deviceInfo.
type deviceInfo struct {
	DeviceStatus   string   `json:"deviceStatus"`
	DeviceID       string   `json:"deviceId"`
	Firmware       string   `json:"firmware"`
	Certification  string   `json:"certification"`
	ServiceVersion string   `json:"serviceVersion"`
	DeviceSubID    []string `json:"deviceSubId"`
	CallbackID     string   `json:"callbackId"`
	DigitalID      string   `json:"digitalId"`
	DeviceCode     string   `json:"deviceCode"`
	Env            string   `json:"env"`
	Purpose        string   `json:"purpose"`
	SpecVersion    []string `json:"specVersion"`
}

// info answers MOSIPDINFO: each device's info signed with the device key (unsigned, env
// "None" and purpose empty when not registered).
func (s *Service) info(w http.ResponseWriter, _ *http.Request) {
	type entry struct {
		DeviceInfo string    `json:"deviceInfo"`
		Error      errorInfo `json:"error"`
	}
	status, e := s.status()
	registered := status != "Not Registered"
	out := []entry{}
	for _, d := range s.opt.Devices {
		p := deviceInfo{
			DeviceStatus: status, DeviceID: d.ID, Firmware: specVersion, Certification: "L0",
			ServiceVersion: specVersion, DeviceSubID: subIDs(d), CallbackID: s.base + "/",
			DeviceCode: d.Serial, Env: s.opt.Env, Purpose: "Registration", SpecVersion: []string{specVersion},
		}
		if !registered {
			p.Env, p.Purpose, p.DigitalID = "None", "", b64(s.digitalIDJSON(d))
			b, _ := json.Marshal(p)
			out = append(out, entry{b64(b), e})
			continue
		}
		p.DigitalID = s.opt.PKI.Sign(s.digitalIDJSON(d))
		b, _ := json.Marshal(p)
		out = append(out, entry{s.opt.PKI.Sign(b), e})
	}
	s.writeJSON(w, out)
}
