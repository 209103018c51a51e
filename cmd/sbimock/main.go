// Command sbimock runs a mock MOSIP SBI 0.9.5 registration device service on loopback:
// a slap fingerprint scanner, a face camera and a double iris camera with synthetic
// images, signing with a test PKI, with fault injection. The logic lives in
// device/sbi/sbitest; this is the wiring.
//
//	sbimock [-addr 127.0.0.1:4501] [-pki dir | -pki-out dir] [-devices finger,face,iris]
//	        [-fault mode] [-env Developer] [-quality 80] [-fps 10] [-slow 3s]
//
// Without -pki a fresh CA and device key are generated at start; -pki-out writes them
// (ca.pem is what the station must trust). While running, faults are switched with
//
//	curl -X POST 'http://127.0.0.1:4501/admin/fault?mode=busy'
//
// (modes: not-ready, busy, not-registered, slow, low-quality, bad-signature, unsigned,
// tampered, broken-chain, drop; an empty mode heals).
package main

import (
	"flag"
	"fmt"
	"image"
	"log"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sbi"
	"github.com/rekam-id/rekam/device/sbi/sbitest"
	"github.com/rekam-id/rekam/device/sim"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("sbimock: ")
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:4501", "listen address (SBI services use 127.0.0.1, ports 4501–4600)")
	pkiDir := flag.String("pki", "", "directory with ca.pem, device.pem and device-key.pem; empty generates a fresh test PKI")
	pkiOut := flag.String("pki-out", "", "write the generated test PKI into this directory")
	devices := flag.String("devices", "finger,face,iris", "devices to offer: a comma-separated subset of finger, face, iris")
	fault := flag.String("fault", "", "fault to inject from the start")
	env := flag.String("env", "Developer", "environment the devices are registered for")
	quality := flag.Int("quality", 80, "qualityScore of a good capture (0–100)")
	fps := flag.Int("fps", 10, "preview frames per second")
	slow := flag.Duration("slow", 3*time.Second, "delay of the slow fault")
	subject := flag.String("subject", "SBIMOCK-SUBJECT", "identity whose synthetic fingers the finger device serves")
	flag.Parse()

	if !slices.Contains(sbitest.Faults, sbitest.Fault(*fault)) {
		return fmt.Errorf("unknown fault %q (want one of %q)", *fault, sbitest.Faults)
	}
	var pki *sbitest.PKI
	var err error
	if *pkiDir != "" {
		pki, err = sbitest.ReadPKI(*pkiDir)
	} else {
		pki, err = sbitest.NewPKI(time.Now())
		if err == nil && *pkiOut != "" {
			err = pki.WritePEM(*pkiOut)
		}
	}
	if err != nil {
		return err
	}
	var devs []sbitest.Device
	for _, name := range strings.Split(*devices, ",") {
		i := slices.IndexFunc(sbitest.DefaultDevices, func(d sbitest.Device) bool {
			return strings.EqualFold(d.Type, strings.TrimSpace(name))
		})
		if i < 0 {
			return fmt.Errorf("unknown device %q", name)
		}
		devs = append(devs, sbitest.DefaultDevices[i])
	}
	svc, err := sbitest.New(sbitest.Options{PKI: pki, Devices: devs, Env: *env, Quality: *quality,
		FPS: *fps, SlowDelay: *slow, Admin: true, Images: simImages(*subject)})
	if err != nil {
		return err
	}
	svc.SetFault(sbitest.Fault(*fault))
	if err := svc.Start(*addr); err != nil {
		return err
	}
	log.Printf("serving %d device(s) on %s; trust CA %q", len(devs), svc.URL(), pki.CA.Subject.CommonName)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return svc.Close()
}

// simImages serves fingers from device/sim's synthetic fingerprint generator (the same
// subject's fingers every time), and the drawn iris and face of sbitest otherwise.
func simImages(subject string) sbitest.ImageFunc {
	gen := sim.NewFingerGenerator(sim.FingerOptions{})
	return func(sub string) image.Image {
		for p := enroll.RightThumb; p <= enroll.LeftLittle; p++ {
			if sbi.FingerName(p) == sub {
				return gen.Impression(subject, p, 0)
			}
		}
		return sbitest.Procedural(sub)
	}
}
