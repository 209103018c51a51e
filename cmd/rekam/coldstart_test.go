package main

// The station's cold start (ui.cold_start_s): process start to the login form drawn.

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/refdata"
)

// buildRekam builds the station binary into a temporary folder and returns its path.
func buildRekam(tb testing.TB) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skipf("skipping: no go command to build rekam: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "rekam")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// loginDrawn reports whether img (the screen, every fourth pixel each way) shows the
// login form: a window of mostly white with the primary-coloured "Masuk" button in it.
func loginDrawn(img *image.RGBA) bool {
	white, blue := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := img.Pix[img.PixOffset(x, y):]
			r, g, bl := p[0], p[1], p[2]
			switch {
			case r > 240 && g > 240 && bl > 240:
				white++
			case bl > 200 && r < 100 && g > 70 && g < 160:
				blue++
			}
		}
	}
	return white > 20000 && blue > 250
}

// BenchmarkColdStart measures ui.cold_start_s: from starting the rekam process to its
// login form drawn on a private Xvfb screen (seen in the framebuffer, polled every 10 ms),
// with a station database that already exists (region master data imported when the
// reference data is there). The binary is in the page cache after the first start, so
// this is a process cold start, not a disk cold start.
func BenchmarkColdStart(b *testing.B) {
	needX(b)
	bin := buildRekam(b)
	data := b.TempDir()
	if d, err := refdata.Dir(); err == nil {
		csv := filepath.Join(d, "wilayah", "karanganyar-3313.csv")
		if out, err := exec.Command(bin, "import-wilayah", "--data", data, csv).CombinedOutput(); err != nil {
			b.Fatalf("import-wilayah: %v\n%s", err, out)
		}
	}
	x := startXvfb(b, 1600, 900)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		x.untilScreen(b, "the screen to clear", func(img *image.RGBA) bool { return !loginDrawn(img) }, nil)
		b.StartTimer()
		t0 := time.Now()
		cmd, exited, logPath := startStation(b, bin, x, data)
		x.untilScreen(b, "the login form", loginDrawn, exited)
		total += time.Since(t0)
		b.StopTimer()
		stopProcess(cmd, exited)
		if b.Failed() {
			out, _ := os.ReadFile(logPath)
			b.Logf("rekam output:\n%s", out)
		}
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "ui.cold_start_s")
}

// startStation starts the station binary on x with the data directory data; the returned
// channel closes when it exits. Its output goes to the returned log file.
func startStation(tb testing.TB, bin string, x *xserver, data string) (*exec.Cmd, chan struct{}, string) {
	tb.Helper()
	tmp := tb.TempDir()
	env := []string{"REKAM_DATA=" + data, "XDG_CONFIG_HOME=" + tmp, "XDG_CACHE_HOME=" + tmp}
	if d, err := refdata.Dir(); err == nil {
		env = append(env, "REKAM_SIM_FACE="+filepath.Join(d, "face", "nist-mugshot.jpg"))
	}
	logPath := filepath.Join(tmp, "rekam.log")
	logf, err := os.Create(logPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(bin)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = tmp, x.env(env...), logf, logf
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start rekam: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	tb.Cleanup(func() { stopProcess(cmd, exited) })
	return cmd, exited, logPath
}
