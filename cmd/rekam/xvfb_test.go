package main

// A private X server for the window tests: Xvfb with its screen in a file (-fbdir, XWD
// format), so that the tests read pixels without being X clients themselves, and
// xdotool to type on it.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// needX skips tb unless the X tools the window tests use are installed.
func needX(tb testing.TB, tools ...string) {
	tb.Helper()
	for _, t := range append([]string{"Xvfb"}, tools...) {
		if _, err := exec.LookPath(t); err != nil {
			tb.Skipf("skipping: %s is not installed (apt-get install xvfb xdotool)", t)
		}
	}
}

// xserver is a private Xvfb display whose screen the test reads from a file.
type xserver struct {
	tb      testing.TB
	display string // ":N"
	fb      string // the framebuffer file, XWD format
	w, h    int    // the screen size
	cmd     *exec.Cmd
	exited  chan struct{}
	buf     []byte // the last read of the framebuffer file
}

// startXvfb starts Xvfb on the first free display of :91…:99 and stops it when tb ends.
func startXvfb(tb testing.TB, w, h int) *xserver {
	tb.Helper()
	for n := 91; n <= 99; n++ {
		if exists(fmt.Sprintf("/tmp/.X%d-lock", n)) || exists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) {
			continue
		}
		dir := tb.TempDir()
		x := &xserver{tb: tb, display: ":" + strconv.Itoa(n), fb: filepath.Join(dir, "Xvfb_screen0"), w: w, h: h,
			exited: make(chan struct{})}
		x.cmd = exec.Command("Xvfb", x.display, "-screen", "0", fmt.Sprintf("%dx%dx24", w, h),
			"-nolisten", "tcp", "-br", "-fbdir", dir)
		if err := x.cmd.Start(); err != nil {
			tb.Fatalf("start Xvfb: %v", err)
		}
		go func() { x.cmd.Wait(); close(x.exited) }()
		tb.Cleanup(x.stop)
		if x.waitReady(n, 15*time.Second) {
			return x
		}
		x.stop() // another server took the number meanwhile, or this one failed
	}
	tb.Skip("skipping: no free X display in :91…:99")
	return nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func (x *xserver) waitReady(n int, d time.Duration) bool {
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		select {
		case <-x.exited:
			return false
		default:
		}
		if exists(sock) && exists(x.fb) {
			return true
		}
	}
	return false
}

func (x *xserver) stop() { stopProcess(x.cmd, x.exited) }

// stopProcess ends cmd politely (SIGTERM), then by force after 10 s.
func stopProcess(cmd *exec.Cmd, exited chan struct{}) {
	select {
	case <-exited:
		return
	default:
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// env returns the environment of a program on the display.
func (x *xserver) env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL", "REKAM_DATA":
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "DISPLAY="+x.display, "LANG=en_US.UTF-8"), extra...)
}

// xdo runs xdotool on the display and returns its output.
func (x *xserver) xdo(timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = x.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("xdotool %s: %w (%s)", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// screen reads the screen from the framebuffer file, every step-th pixel each way (1:
// all of them).
func (x *xserver) screen(step int) (*image.RGBA, error) {
	f, err := os.Open(x.fb)
	if err != nil {
		return nil, fmt.Errorf("read the framebuffer: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read the framebuffer: %w", err)
	}
	if int64(cap(x.buf)) < st.Size() {
		x.buf = make([]byte, st.Size())
	}
	x.buf = x.buf[:st.Size()]
	if _, err := f.ReadAt(x.buf, 0); err != nil {
		return nil, fmt.Errorf("read the framebuffer: %w", err)
	}
	return decodeXWD(x.buf, step)
}

// decodeXWD decodes an X Window Dump of 32-bit true-colour pixels (what Xvfb -fbdir
// keeps: a header of 25 32-bit fields and the window name, a colour map, the pixels),
// keeping every step-th pixel of every step-th row.
func decodeXWD(data []byte, step int) (*image.RGBA, error) {
	if len(data) < 100 {
		return nil, errors.New("xwd: short header")
	}
	if step < 1 {
		step = 1
	}
	var order binary.ByteOrder = binary.BigEndian
	if order.Uint32(data[4:]) != 7 {
		order = binary.LittleEndian
		if order.Uint32(data[4:]) != 7 {
			return nil, errors.New("xwd: not version 7")
		}
	}
	f := func(i int) uint64 { return uint64(order.Uint32(data[4*i:])) }
	hsize, w, h, byteOrder, bpp, stride := f(0), f(4), f(5), f(7), f(11), f(12)
	rm, gm, bm, ncolors := uint32(f(14)), uint32(f(15)), uint32(f(16)), f(19)
	if bpp != 32 || w == 0 || h == 0 || w > 1<<14 || h > 1<<14 || stride < 4*w || hsize < 100 {
		return nil, fmt.Errorf("xwd: unsupported layout %dx%d, %d bits per pixel, stride %d", w, h, bpp, stride)
	}
	off := hsize + 12*ncolors
	if uint64(len(data)) < off+stride*h {
		return nil, fmt.Errorf("xwd: %d bytes, want %d", len(data), off+stride*h)
	}
	var po binary.ByteOrder = binary.LittleEndian
	if byteOrder == 1 {
		po = binary.BigEndian
	}
	rs, gs, bs := shift(rm), shift(gm), shift(bm)
	img := image.NewRGBA(image.Rect(0, 0, (int(w)+step-1)/step, (int(h)+step-1)/step))
	for y := 0; y < img.Rect.Dy(); y++ {
		row := data[off+uint64(y*step)*stride:]
		out := img.Pix[y*img.Stride:]
		for x := 0; x < img.Rect.Dx(); x++ {
			p := po.Uint32(row[4*x*step:])
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = uint8(p&rm>>rs), uint8(p&gm>>gs), uint8(p&bm>>bs), 0xff
		}
	}
	return img, nil
}

// shift is the position of a colour mask's lowest bit.
func shift(m uint32) uint32 {
	var s uint32
	for m != 0 && m&1 == 0 {
		m >>= 1
		s++
	}
	return s
}

// changed counts the pixels of r that differ between a and b.
func changed(a, b *image.RGBA, r image.Rectangle) int {
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		pa, pb := a.Pix[a.PixOffset(r.Min.X, y):a.PixOffset(r.Max.X, y)], b.Pix[b.PixOffset(r.Min.X, y):b.PixOffset(r.Max.X, y)]
		for i := 0; i < len(pa); i += 4 {
			if pa[i] != pb[i] || pa[i+1] != pb[i+1] || pa[i+2] != pb[i+2] {
				n++
			}
		}
	}
	return n
}

// untilScreen polls the screen (every fourth pixel each way) every 10 ms until cond
// holds; it fails tb after 30 s or when exited closes first.
func (x *xserver) untilScreen(tb testing.TB, what string, cond func(*image.RGBA) bool, exited chan struct{}) {
	tb.Helper()
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		img, err := x.screen(4)
		if err != nil {
			tb.Fatal(err)
		}
		if cond(img) {
			return
		}
		select {
		case <-exited:
			tb.Fatalf("rekam exited while waiting for %s", what)
		default:
		}
		if time.Now().After(end) {
			tb.Fatalf("timed out waiting for %s", what)
		}
	}
}

// encodeXWD writes img as Xvfb does: a big-endian header, a 256-entry colour map, 32-bit
// little-endian pixels 0x00RRGGBB.
func encodeXWD(img *image.RGBA) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	name := []byte("Xvfb test\x00")
	hsize := 100 + len(name)
	fields := [25]uint32{0: uint32(hsize), 1: 7, 2: 2, 3: 24, 4: uint32(w), 5: uint32(h), 8: 32, 10: 32,
		11: 32, 12: uint32(4 * w), 13: 4, 14: 0xff0000, 15: 0xff00, 16: 0xff, 17: 8, 18: 256, 19: 256,
		20: uint32(w), 21: uint32(h)}
	var buf bytes.Buffer
	binary.Write(&buf, binary.BigEndian, fields)
	buf.Write(name)
	buf.Write(make([]byte, 12*256))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := img.RGBAAt(x, y)
			binary.Write(&buf, binary.LittleEndian, uint32(c.R)<<16|uint32(c.G)<<8|uint32(c.B))
		}
	}
	return buf.Bytes()
}

func TestDecodeXWD(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 5, 3))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*37 + 11)
		if i%4 == 3 {
			img.Pix[i] = 0xff
		}
	}
	data := encodeXWD(img)
	got, err := decodeXWD(data, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Pix, img.Pix) || got.Rect != img.Rect {
		t.Errorf("decoded %v %v, want %v %v", got.Rect, got.Pix, img.Rect, img.Pix)
	}
	half, err := decodeXWD(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	if half.Rect.Dx() != 3 || half.Rect.Dy() != 2 || half.RGBAAt(1, 1) != img.RGBAAt(2, 2) || half.RGBAAt(2, 0) != img.RGBAAt(4, 0) {
		t.Errorf("every second pixel: %v, (1,1) %v want %v", half.Rect, half.RGBAAt(1, 1), img.RGBAAt(2, 2))
	}
	if _, err := decodeXWD(data[:len(data)-1], 1); err == nil {
		t.Error("a truncated dump decoded")
	}
}

func FuzzDecodeXWD(f *testing.F) {
	f.Add(encodeXWD(image.NewRGBA(image.Rect(0, 0, 2, 2))), 1)
	f.Add(encodeXWD(image.NewRGBA(image.Rect(0, 0, 7, 1))), 3)
	f.Add([]byte("not an X window dump"), 1)
	f.Fuzz(func(t *testing.T, data []byte, step int) {
		img, err := decodeXWD(data, step%8)
		if err == nil && (img.Rect.Dx() <= 0 || img.Rect.Dy() <= 0) {
			t.Errorf("decoded an empty image %v", img.Rect)
		}
	})
}
