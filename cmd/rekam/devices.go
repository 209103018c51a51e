package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi"
	"github.com/rekam-id/rekam/device/usb"
)

// sbiRootsPath is where an admin puts the device providers' CA certificates (PEM) that
// the station trusts for MOSIP SBI devices.
func sbiRootsPath(dir string) string { return filepath.Join(dir, "sbi-roots.pem") }

// discoverSBI finds verified SBI devices on 127.0.0.1:4501–4600, if any roots are trusted.
func discoverSBI(ctx context.Context, dir string) ([]*sbi.Client, error) {
	pem, err := os.ReadFile(sbiRootsPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no certificate", sbiRootsPath(dir))
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return sbi.Discover(ctx, sbi.Config{Roots: pool}, "127.0.0.1", sbi.DefaultPorts)
}

func runDevices(args []string, out io.Writer) error {
	fs := newFlags("devices", out)
	data := dataFlag(fs)
	outDir := fs.String("out", "", "folder for captured samples (capture)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 1 && pos[0] == "list":
		return devicesList(*data, out)
	case len(pos) == 2 && pos[0] == "capture" && *outDir != "":
		return devicesCapture(*data, pos[1], *outDir, out)
	}
	return usageError{"usage: rekam devices list | rekam devices capture finger|face|signature --out DIR"}
}

func devicesList(dir string, out io.Writer) error {
	ctx := context.Background()
	cat, err := usb.LoadCatalog(filepath.Join(dir, "usb-catalog.json"))
	if err != nil {
		return err
	}
	bus, err := usb.NewBus()
	if err == nil {
		defer bus.Close()
		devs, err := bus.List(ctx)
		if err != nil {
			fmt.Fprintf(out, "usb: %v\n", err)
		} else if len(devs) == 0 {
			fmt.Fprintln(out, "usb: no devices on the bus")
		}
		for _, d := range devs {
			if e, ok := cat.Match(d); ok {
				fmt.Fprintf(out, "usb %s %s %s (%s, driver %s): %s\n", d.ID(), d.Location(), e.Description, e.Modality, e.Driver, orText(e.Tested, "not tested"))
			} else {
				fmt.Fprintf(out, "usb %s %s %s %s: not a capture device\n", d.ID(), d.Location(), d.Manufacturer, d.Product)
			}
		}
	} else {
		fmt.Fprintf(out, "usb: %v\n", err)
	}
	clients, err := discoverSBI(ctx, dir)
	for _, c := range clients {
		info := c.Info()
		fmt.Fprintf(out, "sbi %s %s %s serial %s (%s): %s\n", info.Connected, info.Make, info.Model, info.Serial, info.Modality, c.Status())
	}
	if err != nil {
		fmt.Fprintf(out, "sbi: %v\n", err)
	}
	if _, statErr := os.Stat(sbiRootsPath(dir)); statErr != nil {
		fmt.Fprintf(out, "sbi: no trusted device-provider roots (%s), SBI devices are not looked for\n", sbiRootsPath(dir))
	}
	rt, err := openRuntime(dir, runtimeOptions{fast: true})
	if err != nil {
		return err
	}
	defer rt.close()
	for _, d := range []enroll.Device{rt.camera, rt.pad, rt.scanner} {
		i := d.Info()
		fmt.Fprintf(out, "sim %s %s %s serial %s: %s\n", i.Modality, i.Make, i.Model, i.Serial, d.Status())
	}
	return nil
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// sampleLine is the JSON line written per captured sample.
type sampleLine struct {
	File     string            `json:"file"`
	Modality enroll.Modality   `json:"modality"`
	Device   enroll.DeviceInfo `json:"device"`
	Quality  int               `json:"quality"`
	Millis   int64             `json:"capture_ms"`
	Finger   string            `json:"finger,omitempty"`
}

func devicesCapture(dir, what, outDir string, out io.Writer) error {
	rt, err := openRuntime(dir, runtimeOptions{})
	if err != nil {
		return err
	}
	defer rt.close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := os.MkdirAll(outDir, 0o700); err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	write := func(name string, data []byte, line sampleLine) error {
		path := filepath.Join(outDir, name)
		if err := writeFileAtomic(path, data, 0o600); err != nil {
			return err
		}
		line.File = path
		return enc.Encode(line)
	}
	start := time.Now()
	switch what {
	case "face":
		s, err := rt.camera.Capture(ctx)
		if err != nil {
			return err
		}
		return write("face.jpg", s.JPEG, sampleLine{Modality: enroll.ModalityFace, Device: s.Device, Quality: -1, Millis: time.Since(start).Milliseconds()})
	case "signature":
		rt.simPad.SetSubject("devices-capture")
		s, err := rt.pad.Capture(ctx)
		if err != nil {
			return err
		}
		pts, _ := json.Marshal(s.Points)
		if err := writeFileAtomic(filepath.Join(outDir, "signature.json"), pts, 0o600); err != nil {
			return err
		}
		return write("signature.png", s.PNG, sampleLine{Modality: enroll.ModalitySignature, Device: s.Device, Quality: -1, Millis: time.Since(start).Milliseconds()})
	case "finger":
		rt.simScanner.SetSubject("devices-capture")
		s, err := rt.scanner.Capture(ctx, enroll.RightIndex, rt.svc.FingerQuality())
		if err != nil && !enroll.IsKind(err, enroll.KindLowQuality) {
			return err
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, s.Image); err != nil {
			return err
		}
		return write("finger-02.png", buf.Bytes(), sampleLine{Modality: enroll.ModalityFinger, Device: s.Device, Quality: s.Quality,
			Millis: time.Since(start).Milliseconds(), Finger: s.Position.String()})
	}
	return usageError{"capture finger, face or signature"}
}
