package main

// The window test's hands and eyes: a running station, the keyboard of its window
// (xdotool), its screen (Xvfb's framebuffer file) and its database, followed read-only to
// know when a capture has finished.

import (
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// stationDB follows the station's database read-only while the station writes it.
type stationDB struct{ db *sql.DB }

func openStationDB(tb testing.TB, path string) *stationDB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatalf("open %s read-only: %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return &stationDB{db: db}
}

// dbState is the newest record as the database has it.
type dbState struct {
	id, status string
	updated    int64
	face, sign bool
	fingers    int
	samples    string // every sample's key and digest: changes with each capture
}

func (s *stationDB) state() (dbState, error) {
	var st dbState
	err := s.db.QueryRow(`SELECT id, status, updated FROM records ORDER BY arrived DESC, id DESC LIMIT 1`).
		Scan(&st.id, &st.status, &st.updated)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read the newest record: %w", err)
	}
	rows, err := s.db.Query(`SELECT key, sha256 FROM samples WHERE record_id = ? ORDER BY key`, st.id)
	if err != nil {
		return st, fmt.Errorf("read samples: %w", err)
	}
	defer rows.Close()
	var sb strings.Builder
	for rows.Next() {
		var key, sum string
		if err := rows.Scan(&key, &sum); err != nil {
			return st, fmt.Errorf("read samples: %w", err)
		}
		sb.WriteString(key + ":" + sum + " ")
		switch {
		case key == "face":
			st.face = true
		case key == "signature":
			st.sign = true
		case strings.HasPrefix(key, "finger-"):
			st.fingers++
		}
	}
	st.samples = sb.String()
	return st, rows.Err()
}

// rekamWindow is the station running on an xserver, and the keyboard of its window.
type rekamWindow struct {
	t       *testing.T
	x       *xserver
	cmd     *exec.Cmd
	exited  chan struct{}
	logPath string
	db      *stationDB
	win     string          // the window's X id
	rect    image.Rectangle // the window on the screen, as last read
	widest  image.Rectangle // the largest the window has been
	shots   string
	nshot   int
	keys    int  // key presses sent: a typed character counts as one
	failing bool // fatalf is saving its screenshot
}

// openWindow starts the station and waits for its login window to be drawn.
func openWindow(t *testing.T, bin string, x *xserver, data, shots string) *rekamWindow {
	w := &rekamWindow{t: t, x: x, shots: shots}
	w.cmd, w.exited, w.logPath = startStation(t, bin, x, data)
	w.db = openStationDB(t, filepath.Join(data, "rekam.db"))
	for end := time.Now().Add(60 * time.Second); ; {
		out, err := x.xdo(15*time.Second, "search", "--sync", "--onlyvisible", "--name", "^Rekam$")
		if f := strings.Fields(out); err == nil && len(f) > 0 {
			w.win = f[0]
			break
		}
		select {
		case <-w.exited:
			w.fatalf("rekam exited before its window appeared")
		default:
		}
		if time.Now().After(end) {
			w.fatalf("window not found: %v", err)
		}
		time.Sleep(200 * time.Millisecond) // "window not found" on a loaded machine: try again
	}
	if _, err := x.xdo(10*time.Second, "windowfocus", w.win); err != nil {
		w.fatalf("focus the window: %v", err)
	}
	// The pointer goes to the screen's corner, out of the window and the screenshots; the
	// keyboard focus stays on the window (there is no window manager to move it).
	if _, err := x.xdo(10*time.Second, "mousemove", strconv.Itoa(x.w-1), strconv.Itoa(x.h-1)); err != nil {
		w.fatalf("move the pointer away: %v", err)
	}
	w.until("the login form is drawn", 30*time.Second, func() bool {
		img, err := x.screen(4)
		return err == nil && loginDrawn(img)
	})
	w.geometry()
	return w
}

// fatalf saves a screenshot, shows the station's output and stops the test.
func (w *rekamWindow) fatalf(format string, args ...any) {
	w.t.Helper()
	if w.win != "" && !w.failing {
		w.failing = true // a failure while taking this screenshot ends here
		w.shot("failed")
	}
	if out, err := os.ReadFile(w.logPath); err == nil && len(out) > 0 {
		w.t.Logf("rekam output:\n%s", tail(string(out), 4000))
	}
	w.t.Fatalf(format, args...)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// until polls cond every 50 ms until it holds, failing the test after d.
func (w *rekamWindow) until(what string, d time.Duration, cond func() bool) {
	w.t.Helper()
	for end := time.Now().Add(d); !cond(); time.Sleep(50 * time.Millisecond) {
		select {
		case <-w.exited:
			w.fatalf("rekam exited while waiting for %s", what)
		default:
		}
		if time.Now().After(end) {
			w.fatalf("timed out after %v waiting for %s", d, what)
		}
	}
}

// key presses named keys (X key names: Return, Tab, space, F5, ctrl+n…) one after another.
func (w *rekamWindow) key(names ...string) {
	w.t.Helper()
	if _, err := w.x.xdo(30*time.Second, append([]string{"key", "--delay", "40"}, names...)...); err != nil {
		w.fatalf("%v", err)
	}
	w.keys += len(names)
	time.Sleep(60 * time.Millisecond)
}

// typ types s, one key press per character.
func (w *rekamWindow) typ(s string) {
	w.t.Helper()
	if _, err := w.x.xdo(30*time.Second, "type", "--delay", "30", s); err != nil {
		w.fatalf("%v", err)
	}
	w.keys += utf8.RuneCountInString(s)
	time.Sleep(60 * time.Millisecond)
}

// field types s and presses Enter.
func (w *rekamWindow) field(s string) {
	w.t.Helper()
	w.typ(s)
	w.key("Return")
}

// geometry reads where the window is.
func (w *rekamWindow) geometry() {
	w.t.Helper()
	out, err := w.x.xdo(10*time.Second, "getwindowgeometry", "--shell", w.win)
	if err != nil {
		w.fatalf("window geometry: %v", err)
	}
	v := map[string]int{}
	for _, l := range strings.Fields(out) {
		k, s, _ := strings.Cut(l, "=")
		v[k], _ = strconv.Atoi(s)
	}
	w.rect = image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"])
	if w.rect.Dx() > w.widest.Dx() || w.rect.Dy() > w.widest.Dy() {
		w.widest = w.rect
	}
}

func (w *rekamWindow) frame() *image.RGBA {
	w.t.Helper()
	img, err := w.x.screen(1)
	if err != nil {
		w.fatalf("%v", err)
	}
	return img
}

// shot saves the window as NN-name.png in the screenshot folder.
func (w *rekamWindow) shot(name string) string {
	w.t.Helper()
	w.geometry()
	img := w.frame()
	w.nshot++
	p := filepath.Join(w.shots, fmt.Sprintf("%02d-%s.png", w.nshot, name))
	f, err := os.Create(p)
	if err == nil {
		err = png.Encode(f, img.SubImage(w.rect.Intersect(img.Bounds())))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		w.t.Fatalf("save screenshot %s: %v", p, err)
	}
	return p
}

// waitScreen waits until the window differs from before by a new screen's worth of
// pixels (a thirtieth of the window: another screen changes over 100 000 pixels of the
// 1280×720 window, a message line or a blinking cursor a few thousand) and then, when
// quiet is set, until it stops changing (a blinking cursor aside).
func (w *rekamWindow) waitScreen(before *image.RGBA, what string, quiet bool) {
	w.t.Helper()
	w.geometry()
	var last *image.RGBA
	w.until(what+" (the screen changes)", 30*time.Second, func() bool {
		last = w.frame()
		return changed(before, last, w.rect) > w.rect.Dx()*w.rect.Dy()/30
	})
	if !quiet {
		time.Sleep(500 * time.Millisecond)
		return
	}
	calm := 0
	w.until(what+" (the screen settles)", 30*time.Second, func() bool {
		img := w.frame()
		if changed(last, img, w.rect) < 300 {
			calm++
		} else {
			calm = 0
		}
		last = img
		return calm >= 4
	})
	time.Sleep(200 * time.Millisecond)
}

// state reads the newest record.
func (w *rekamWindow) state() dbState {
	w.t.Helper()
	s, err := w.db.state()
	if err != nil {
		w.fatalf("%v", err)
	}
	return s
}

// waitDB waits until the newest record satisfies cond and returns it.
func (w *rekamWindow) waitDB(what string, d time.Duration, cond func(dbState) bool) dbState {
	w.t.Helper()
	var s dbState
	w.until(what, d, func() bool {
		var err error
		s, err = w.db.state()
		return err == nil && cond(s)
	})
	return s
}

// saved reports whether s is a save of the record after s0.
func saved(s0 dbState) func(dbState) bool {
	return func(s dbState) bool {
		return s.id != "" && (s.id != s0.id || s.updated != s0.updated || s.samples != s0.samples || s.status != s0.status)
	}
}
