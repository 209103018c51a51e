package ui

import (
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// deviceState is what the home screen shows about one capture device.
type deviceState struct {
	modality enroll.Modality
	present  bool
	info     enroll.DeviceInfo
	status   enroll.DeviceStatus
}

// snapshotDevices reads the devices' states; Info and Status do not block.
func snapshotDevices(d Devices) []deviceState {
	out := []deviceState{{modality: enroll.ModalityFace}, {modality: enroll.ModalitySignature}, {modality: enroll.ModalityFinger}}
	ports := []enroll.Device{nil, nil, nil}
	if d.Camera != nil {
		ports[0] = d.Camera
	}
	if d.Pad != nil {
		ports[1] = d.Pad
	}
	if d.Scanner != nil {
		ports[2] = d.Scanner
	}
	for i, p := range ports {
		if p != nil {
			out[i].present, out[i].info, out[i].status = true, p.Info(), p.Status()
		}
	}
	return out
}

func sameDevices(a, b []deviceState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// watchDevices polls the devices every second, and at once when the backend reports a
// change, and hands each new snapshot to the UI goroutine.
func (u *UI) watchDevices() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var last []deviceState
	for {
		d := u.b.Devices()
		snap := snapshotDevices(d)
		if !sameDevices(snap, last) {
			last = snap
			u.do(func() { u.setDevices(snap) })
		}
		select {
		case <-u.ctx.Done():
			return
		case <-tick.C:
		case <-d.Changes:
		}
	}
}

func (u *UI) setDevices(snap []deviceState) {
	u.devs = snap
	if h, ok := u.cur.(*homeScreen); ok {
		h.showDevices()
	}
}

func modalityName(m enroll.Modality) string {
	switch m {
	case enroll.ModalityFace:
		return tr("Kamera")
	case enroll.ModalitySignature:
		return tr("Alat tanda tangan")
	case enroll.ModalityFinger:
		return tr("Pemindai sidik jari")
	}
	return string(m)
}

// deviceText says a device's state in words: connected, SIMULASI, busy or missing.
func deviceText(d deviceState) (string, bool) {
	if !d.present {
		return tr("tidak ada"), false
	}
	name := d.info.Make + " " + d.info.Model
	switch {
	case d.status == enroll.StatusNotConnected:
		return tr("tidak terhubung") + " — " + name, false
	case d.info.Simulated || d.status == enroll.StatusSimulated:
		return tr("SIMULASI") + " — " + name, true
	case d.status == enroll.StatusBusy:
		return tr("sibuk") + " — " + name, true
	}
	return tr("terhubung") + " — " + name + " (" + d.info.Connected + ")", true
}
