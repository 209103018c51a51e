package enroll

import (
	"context"
	"image"
	"time"
)

// Modality is a kind of biometric capture device.
type Modality string

// The modalities the station knows. Iris is reserved so that it can be added later
// without a redesign: a driver for it implements IrisScanner.
const (
	ModalityFace      Modality = "face"
	ModalitySignature Modality = "signature"
	ModalityFinger    Modality = "finger"
	ModalityIris      Modality = "iris"
)

// DeviceStatus is what a device is doing right now.
type DeviceStatus string

// Device statuses shown on the home screen.
const (
	StatusReady        DeviceStatus = "ready"
	StatusBusy         DeviceStatus = "busy"
	StatusNotConnected DeviceStatus = "not_connected"
	StatusSimulated    DeviceStatus = "simulated" // a simulator standing in for hardware; ready
)

// DeviceInfo identifies one device.
type DeviceInfo struct {
	Modality  Modality `json:"modality"`
	Make      string   `json:"make"`
	Model     string   `json:"model"`
	Serial    string   `json:"serial"`
	Connected string   `json:"connected"` // how it is reached: "usb 1-4", "sbi 127.0.0.1:4501", "simulated"
	Simulated bool     `json:"simulated"`
}

// Device is what every capture device has in common.
type Device interface {
	// Info returns the device's identity; it does not talk to the device.
	Info() DeviceInfo
	// Status reports the device's current state without blocking.
	Status() DeviceStatus
}

// Frame is one preview frame: a camera picture, or the finger image while a finger is
// on the scanner.
type Frame struct {
	Image   image.Image
	At      time.Time
	Quality int // 0–100 where the device reports it live, else -1
}

// FaceSample is a captured face photo.
type FaceSample struct {
	JPEG   []byte // the photo as captured, JPEG
	Width  int
	Height int
	Device DeviceInfo
	At     time.Time
}

// Camera captures face photos.
type Camera interface {
	Device
	// Preview streams frames into the returned channel until ctx is done or the device
	// fails; the channel is closed then. Errors: KindNotConnected, KindBusy.
	Preview(ctx context.Context) (<-chan Frame, error)
	// Capture takes one photo. Errors: KindNotConnected (also when the device vanishes
	// mid-capture), KindBusy, KindTimeout (ctx deadline), KindProtocol.
	Capture(ctx context.Context) (FaceSample, error)
}

// PenPoint is one sample of the pen on a signature pad. X and Y are in pad units
// (0..PadWidth, 0..PadHeight); Pressure is 0 (pen up) to 1023.
type PenPoint struct {
	X        int           `json:"x"`
	Y        int           `json:"y"`
	Pressure int           `json:"p"`
	T        time.Duration `json:"t"` // since the first point
}

// SignatureSample is a captured signature: the pen points and a rendered image.
type SignatureSample struct {
	Points    []PenPoint
	PadWidth  int
	PadHeight int
	PNG       []byte // the rendered signature, black on white
	Device    DeviceInfo
	At        time.Time
}

// SignaturePad captures handwritten signatures.
type SignaturePad interface {
	Device
	// Strokes streams pen points as they are drawn until ctx is done; the channel is
	// closed then. Errors: KindNotConnected, KindBusy.
	Strokes(ctx context.Context) (<-chan PenPoint, error)
	// Capture waits until the signer finishes (the pad's accept button, or a pause the
	// device defines) and returns the signature. Errors: KindNotConnected, KindBusy,
	// KindTimeout, KindProtocol.
	Capture(ctx context.Context) (SignatureSample, error)
	// Clear discards the strokes drawn so far.
	Clear(ctx context.Context) error
}

// FingerSample is one captured fingerprint impression.
type FingerSample struct {
	Position FingerPosition
	Image    *image.Gray // 8-bit grayscale at PPI
	PPI      int
	Quality  int // 0–100 (NFIQ 2 scale) as reported by the device or computed; -1 if unknown
	Device   DeviceInfo
	At       time.Time
}

// FingerScanner captures fingerprints one finger at a time (a ten-print scanner may also
// capture slaps; the station asks for single fingers).
type FingerScanner interface {
	Device
	// Preview streams the live image while a finger is placed for pos, until ctx is done.
	// Errors: KindNotConnected, KindBusy.
	Preview(ctx context.Context, pos FingerPosition) (<-chan Frame, error)
	// Capture captures pos once. A quality below minQuality is still returned, together
	// with an error of KindLowQuality, so that the caller can keep the best of its tries.
	// Errors: KindNotConnected (also when the device vanishes mid-capture), KindBusy,
	// KindTimeout, KindLowQuality, KindProtocol.
	Capture(ctx context.Context, pos FingerPosition, minQuality int) (FingerSample, error)
}

// IrisSample is a captured iris image (reserved for a later iris modality).
type IrisSample struct {
	Right   bool
	Image   *image.Gray
	Quality int
	Device  DeviceInfo
	At      time.Time
}

// IrisScanner captures iris images. No driver implements it yet; it is here so that
// iris joins the workflow as one more port.
type IrisScanner interface {
	Device
	// Capture captures both irises. Errors as for FingerScanner.Capture.
	Capture(ctx context.Context, minQuality int) ([]IrisSample, error)
}
