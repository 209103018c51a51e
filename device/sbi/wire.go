package sbi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// The wire format of SBI 0.9.5 (MOSIP "MDS Specification", sections Device Discovery,
// Device Info, Registration Capture, Device Stream). Field names are the spec's. The
// spec writes every scalar as a JSON string; devices in the field send some of them as
// numbers, so the decoder accepts both (flexString) while the encoder sends strings, as
// MOSIP's registration client does.

// flexString is a JSON string that also accepts a number or null.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*f = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %.20s", b)
	}
	*f = flexString(n)
	return nil
}

// float parses f as a number; an empty value is -1.
func (f flexString) float() (float64, error) {
	if f == "" {
		return -1, nil
	}
	return strconv.ParseFloat(string(f), 64)
}

// wireError is the error object every response may carry. errorCode "0" is success.
type wireError struct {
	ErrorCode flexString `json:"errorCode"`
	ErrorInfo string     `json:"errorInfo"`
}

// failed reports whether e carries an error code other than success.
func (e *wireError) failed() bool { return e != nil && e.ErrorCode != "" && e.ErrorCode != "0" }

// discoverRequest is the body of MOSIPDISC.
type discoverRequest struct {
	Type string `json:"type"`
}

// discoverEntry is one device in a MOSIPDISC response.
type discoverEntry struct {
	DeviceID       flexString   `json:"deviceId"`
	DeviceStatus   string       `json:"deviceStatus"`
	Certification  string       `json:"certification"`
	ServiceVersion string       `json:"serviceVersion"`
	DeviceSubID    []flexString `json:"deviceSubId"`
	CallbackID     string       `json:"callbackId"`
	DigitalID      string       `json:"digitalId"`
	DeviceCode     string       `json:"deviceCode"`
	SpecVersion    []string     `json:"specVersion"`
	Purpose        string       `json:"purpose"`
	Error          *wireError   `json:"error"`
}

// infoEntry is one device in a MOSIPDINFO response: deviceInfo is a JWS token (or, for
// an unregistered device, the bare base64url payload).
type infoEntry struct {
	DeviceInfo string     `json:"deviceInfo"`
	Error      *wireError `json:"error"`
}

// deviceInfoPayload is the payload of the deviceInfo token.
type deviceInfoPayload struct {
	DeviceStatus   string       `json:"deviceStatus"`
	DeviceID       flexString   `json:"deviceId"`
	Firmware       string       `json:"firmware"`
	Certification  string       `json:"certification"`
	ServiceVersion string       `json:"serviceVersion"`
	DeviceSubID    []flexString `json:"deviceSubId"`
	CallbackID     string       `json:"callbackId"`
	DigitalID      string       `json:"digitalId"`
	DeviceCode     string       `json:"deviceCode"`
	Env            string       `json:"env"`
	Purpose        string       `json:"purpose"`
	SpecVersion    []string     `json:"specVersion"`
}

// digitalIDPayload is the payload of the digitalId token.
type digitalIDPayload struct {
	SerialNo         string `json:"serialNo"`
	Make             string `json:"make"`
	Model            string `json:"model"`
	Type             string `json:"type"`
	DeviceSubType    string `json:"deviceSubType"`
	DeviceProvider   string `json:"deviceProvider"`
	DeviceProviderID string `json:"deviceProviderId"`
	DateTime         string `json:"dateTime"`
}

// captureRequest is the body of RCAPTURE.
type captureRequest struct {
	Env           string            `json:"env"`
	Purpose       string            `json:"purpose"`
	SpecVersion   string            `json:"specVersion"`
	Timeout       string            `json:"timeout"`
	CaptureTime   string            `json:"captureTime"`
	TransactionID string            `json:"transactionId"`
	Bio           []bioRequest      `json:"bio"`
	CustomOpts    map[string]string `json:"customOpts"`
}

// bioRequest is one entry of captureRequest.Bio.
type bioRequest struct {
	Type           string   `json:"type"`
	Count          string   `json:"count"`
	BioSubType     []string `json:"bioSubType"`
	Exception      []string `json:"exception"`
	RequestedScore string   `json:"requestedScore"`
	DeviceID       string   `json:"deviceId"`
	DeviceSubID    string   `json:"deviceSubId"`
	PreviousHash   string   `json:"previousHash"`
}

// captureResponse is the body of an RCAPTURE response.
type captureResponse struct {
	Biometrics []biometricEntry `json:"biometrics"`
}

// biometricEntry is one captured biometric: data is a JWS token over captureData.
type biometricEntry struct {
	SpecVersion string     `json:"specVersion"`
	Data        string     `json:"data"`
	Hash        string     `json:"hash"`
	Error       *wireError `json:"error"`
}

// captureData is the payload of biometricEntry.Data.
type captureData struct {
	DigitalID            string     `json:"digitalId"`
	BioType              string     `json:"bioType"`
	DeviceCode           string     `json:"deviceCode"`
	DeviceServiceVersion string     `json:"deviceServiceVersion"`
	BioSubType           string     `json:"bioSubType"`
	Purpose              string     `json:"purpose"`
	Env                  string     `json:"env"`
	BioValue             string     `json:"bioValue"`
	TransactionID        string     `json:"transactionId"`
	Timestamp            string     `json:"timestamp"`
	RequestedScore       flexString `json:"requestedScore"`
	QualityScore         flexString `json:"qualityScore"`
}

// streamRequest is the body of STREAM.
type streamRequest struct {
	DeviceID    string `json:"deviceId"`
	DeviceSubID string `json:"deviceSubId"`
	Timeout     string `json:"timeout,omitempty"`
}

// streamError is the JSON body a device answers STREAM with when it cannot stream.
type streamError struct {
	Error *wireError `json:"error"`
}

// decodeJSON decodes one JSON value from b into v and rejects trailing data.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}
