package ui

import (
	"context"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
	"github.com/rekam-id/rekam/device/sim"
)

func TestHomeShowsTodayQueueDevicesAndNetwork(t *testing.T) {
	b := newFakeBackend()
	ctx := context.Background()
	for i, mins := range []int{6, 9} {
		r := enrolltest.Fixture("F"+string(rune('1'+i)), "331309451200000"+string(rune('1'+i)), "SITI AMINAH", testStart, 1000)
		enrolltest.Sign(r, r.Times.Arrived.Add(time.Duration(mins)*time.Minute))
		if _, err := b.repo.Commit(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.counts = QueueCounts{Waiting: 3, Sent: 5, PrintReady: 7, Problems: 1}
	b.net = NetStatus{Online: false, Server: "https://afis.example.go.id", LastSync: testStart.Add(-2 * time.Hour)}
	cam := sim.NewCamera(sim.CameraOptions{})
	b.devs = Devices{Camera: cam}
	h := newHarness(t, b)
	h.login("op1", "rahasia")

	h.mustSee("Perekaman hari ini: 2")
	h.mustSee("Rata-rata: 7.5 menit per pemohon (standar 10 menit)")
	if h.u.home.avgDot.FillColor != colOK {
		t.Errorf("7.5 minutes is within the standard; the dot is %v", h.u.home.avgDot.FillColor)
	}
	h.mustSee("Menunggu kirim: 3")
	h.mustSee("Siap cetak: 7")
	h.mustSee("Bermasalah: 1")
	h.mustSee("Tidak terhubung")
	h.mustSee("Sinkron terakhir berhasil: 26-11-2025 07:00")
	h.mustSee("Kamera: SIMULASI")
	h.mustSee("Alat tanda tangan: tidak ada")
	h.mustSee("Pemindai sidik jari: tidak ada")

	// A device that vanishes shows as such at the next poll.
	cam.Fail(sim.FaultDisconnect)
	h.u.setDevices(snapshotDevices(b.Devices()))
	h.mustSee("Kamera: tidak terhubung")
	if !h.screenHas("Kamera: tidak terhubung") || h.screenHas("Kamera: SIMULASI") {
		t.Fatal("the camera still shows as connected")
	}
}

func TestAverageAgainstStandard(t *testing.T) {
	slow := averageText(DayStats{Recorded: 4, Average: 12*time.Minute + 30*time.Second})
	if slow != "Rata-rata: 12.5 menit per pemohon (standar 10 menit)" {
		t.Errorf("got %q", slow)
	}
	if none := averageText(DayStats{}); none != "Rata-rata: — (standar 10 menit per pemohon)" {
		t.Errorf("got %q", none)
	}
	if _, ok := deviceText(deviceState{}); ok {
		t.Error("a missing device reads as usable")
	}
	d := deviceState{present: true, status: enroll.StatusReady, info: enroll.DeviceInfo{Make: "Acme", Model: "C1", Connected: "usb 1-4"}}
	if s, ok := deviceText(d); !ok || s != "terhubung — Acme C1 (usb 1-4)" {
		t.Errorf("got %q %v", s, ok)
	}
}
