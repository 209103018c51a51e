package main

// The station's real window: the built binary under a private Xvfb display, driven by
// xdotool key presses only, one complete applicant from login to the sign-off receipt.
// The test reads the screen from Xvfb's framebuffer file (-fbdir, XWD format) for its
// screenshots and to see screens change, and follows the enrollment in the station's
// database (read-only) to know when a capture has finished.

import (
	"context"
	"database/sql"
	"errors"
	"flag"
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

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/refdata"
	"github.com/rekam-id/rekam/store/sqlite"
)

var shotsFlag = flag.String("shots", "", "folder for the window test's screenshots (default: a temporary folder; env REKAM_SHOTS)")

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

// The operator of the window test: the station's built-in training account.
const (
	windowOperator = "latihan"
	windowPassword = "latihan"
)

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
	keys    int // key presses sent: a typed character counts as one
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
	if w.win != "" {
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
// pixels and then, when quiet is set, until it stops changing (a blinking cursor aside).
func (w *rekamWindow) waitScreen(before *image.RGBA, what string, quiet bool) {
	w.t.Helper()
	w.geometry()
	var last *image.RGBA
	w.until(what+" (the screen changes)", 30*time.Second, func() bool {
		last = w.frame()
		return changed(before, last, w.rect) > 2000
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

// Test data: a woman born 5 December 2000 in Jaten, Karanganyar (NIK day 05+40).
const (
	windowNIK = "3313114512000001"
	windowKK  = "3313110101200001"
)

// TestRealWindowEnrollment builds rekam, opens its window on a private Xvfb display and
// enrolls one applicant with xdotool key presses only (the keyboard path of the Fyne
// test TestFullEnrollmentByKeyboard), saving a screenshot of every step; then it closes
// the station and checks the record in the database. Keep the screenshots with
// `go test -run RealWindow ./cmd/rekam -args -shots DIR` or REKAM_SHOTS=DIR.
func TestRealWindowEnrollment(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds rekam and drives its window under Xvfb (about a minute)")
	}
	needX(t, "xdotool")
	regions := refdata.Path(t, "wilayah/karanganyar-3313.csv")
	shots := *shotsFlag
	if shots == "" {
		shots = os.Getenv("REKAM_SHOTS")
	}
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	began := time.Now()
	var timings []string
	lap := func(name string, since time.Time) time.Time {
		timings = append(timings, fmt.Sprintf("%s %.1fs", name, time.Since(since).Seconds()))
		return time.Now()
	}
	bin := buildRekam(t)
	data := t.TempDir()
	if out, err := exec.Command(bin, "import-wilayah", "--data", data, regions).CombinedOutput(); err != nil {
		t.Fatalf("import-wilayah: %v\n%s", err, out)
	}
	x := startXvfb(t, 1600, 900)
	mark := lap("build+setup", began)
	w := openWindow(t, bin, x, data, shots)
	mark = lap("start to login drawn", mark)

	// Login, then the home screen.
	w.typ(windowOperator)
	w.key("Tab")
	w.typ(windowPassword)
	w.shot("login")
	before := w.frame()
	w.key("Return")
	w.waitScreen(before, "the home screen", true)
	w.shot("home")
	mark = lap("login", mark)

	// 1. Permohonan: Baru is preselected; queue number; NIK, whose Enter moves on.
	before = w.frame()
	w.key("ctrl+n")
	w.waitScreen(before, "step 1", true)
	time.Sleep(300 * time.Millisecond) // the stepper looks for drafts before it shows step 1
	w.key("Return")
	w.field("a-017")
	w.typ(windowNIK)
	w.shot("request")
	s0, before := w.state(), w.frame()
	w.key("Return")
	w.waitDB("the record to start", 20*time.Second, saved(s0))
	w.waitScreen(before, "step 2", true)

	// 2. Persyaratan: pengantar, KK, akta kelahiran.
	w.key("space", "Tab", "space", "Tab", "space")
	w.shot("docs")
	s0, before = w.state(), w.frame()
	w.key("Return")
	w.waitDB("the documents to be saved", 20*time.Second, saved(s0))
	w.waitScreen(before, "step 3", true)
	mark = lap("steps 1-2", mark)

	// 3. Biodata in Tab order; Enter moves from field to field and, on the last, on.
	w.key("Return")           // NIK, carried over
	w.field(windowKK)         // KK
	w.field("siti aminah")    // name
	w.field("karanganyar")    // place of birth
	w.field("05122000")       // date of birth
	w.key("Return", "Return") // sex (suggested from the NIK), blood type (not known)
	w.field("1")              // religion: ISLAM
	w.field("1")              // marital status: BELUM KAWIN
	w.field("3")              // occupation: PELAJAR/MAHASISWA
	w.key("Return")           // citizenship: WNI preselected
	w.field("5")              // education: SLTA
	w.field("4")              // relation: ANAK
	w.field("jl lawu 5")      // street
	w.field("001")            // RT
	w.field("002")            // RW
	w.key("Return", "Return") // province and regency: the office's
	w.field("jaten")          // kecamatan
	w.field("jaten")          // desa; the postal code follows from it
	time.Sleep(300 * time.Millisecond)
	w.shot("biodata")
	w.key("Return", "Return", "Return", "Return") // postal code, moved from, from abroad, country
	w.field("aminah")                             // mother
	w.key("Return")                               // mother's NIK
	w.field("slamet")                             // father
	w.key("Return")                               // father's NIK
	w.field("1234")                               // birth certificate
	w.key("Return", "Return")                     // marriage and divorce certificates
	w.shot("biodata-end")
	s0, before = w.state(), w.frame()
	w.key("Return") // disabilities: the last field moves on
	w.waitDB("the biodata to be saved", 20*time.Second, saved(s0))
	w.waitScreen(before, "step 4", false)
	mark = lap("step 3", mark)

	// 4. Foto wajah: F5, then Enter on Lanjut.
	s0 = w.state()
	w.key("F5")
	w.waitDB("the face photo", 20*time.Second, func(s dbState) bool { return s.face && s.samples != s0.samples })
	time.Sleep(500 * time.Millisecond)
	w.shot("face")
	before = w.frame()
	w.key("Return")
	w.waitScreen(before, "step 5", false)

	// 5. Tanda tangan: F5 waits for the applicant to finish signing.
	s0 = w.state()
	w.key("F5")
	w.waitDB("the signature", 60*time.Second, func(s dbState) bool { return s.sign && s.samples != s0.samples })
	time.Sleep(500 * time.Millisecond)
	w.shot("signature")
	before = w.frame()
	w.key("Return")
	w.waitScreen(before, "step 6", false)
	mark = lap("steps 4-5", mark)

	// 6. Sidik jari: F5 per finger, again when the quality asks for it.
	st := w.state()
	for i := 0; st.fingers < len(enroll.AllFingers); i++ {
		if i == len(enroll.AllFingers)*enroll.MaxFingerTries {
			w.fatalf("%d fingers after %d captures", st.fingers, i)
		}
		s0 := st
		w.key("F5")
		st = w.waitDB("finger capture "+strconv.Itoa(i+1), 30*time.Second, func(s dbState) bool { return s.samples != s0.samples })
		time.Sleep(300 * time.Millisecond)
	}
	w.shot("fingers")
	before = w.frame()
	w.key("Return")
	w.waitScreen(before, "step 7", true)
	mark = lap("step 6", mark)

	// 7. Pengesahan with the operator's password; the receipt.
	w.shot("signoff")
	w.typ(windowPassword)
	s0, before = w.state(), w.frame()
	w.key("Return")
	final := w.waitDB("the sign-off", 30*time.Second, func(s dbState) bool { return s.status == string(enroll.StatusBioCaptured) })
	w.waitScreen(before, "the receipt", true)
	w.shot("receipt")
	before = w.frame()
	w.key("ctrl+1")
	w.waitScreen(before, "the home screen", true)
	w.shot("home-after")
	lap("step 7", mark)
	t.Logf("complete applicant through the real window: %d key presses, %.1f s (%s); screenshots in %s",
		w.keys, time.Since(began).Seconds(), strings.Join(timings, ", "), shots)
	if wd := w.widest; wd.Dx() > 1366 || wd.Dy() > 768 {
		t.Logf("note: the window grew to %dx%d, larger than a 1366×768 screen", wd.Dx(), wd.Dy())
	}

	// Close the station (it has no quit key; SIGTERM ends it) and read the record back.
	stopProcess(w.cmd, w.exited)
	checkWindowRecord(t, filepath.Join(data, "rekam.db"), final.id)
}

// checkWindowRecord checks the record the window test made, from the closed database.
func checkWindowRecord(t *testing.T, path, id string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != enroll.StatusBioCaptured {
		t.Errorf("status %s, want %s", r.Status, enroll.StatusBioCaptured)
	}
	if r.Biodata.NIK != windowNIK || r.Biodata.KK != windowKK || r.Biodata.Name != "SITI AMINAH" || r.QueueNo != "a-017" {
		t.Errorf("record %s: NIK %q, KK %q, name %q, queue %q", r.ID, r.Biodata.NIK, r.Biodata.KK, r.Biodata.Name, r.QueueNo)
	}
	if a := r.Biodata.Address; a.VillageCode != "3313112003" || a.PostalCode != "57731" {
		t.Errorf("address %+v, want Jaten 3313112003, postal code 57731", a)
	}
	if r.Face == nil || len(r.Face.Data) == 0 || r.Signature == nil || len(r.Signature.Data) == 0 {
		t.Errorf("face or signature missing")
	}
	done := 0
	for _, f := range r.Fingers {
		if f.Done() {
			done++
		}
	}
	if done != len(enroll.AllFingers) {
		t.Errorf("%d fingers captured or excused, want %d", done, len(enroll.AllFingers))
	}
	if r.SignOff == nil || r.SignOff.Operator != windowOperator {
		t.Errorf("sign-off %+v", r.SignOff)
	}
	if q, err := st.QueueCounts(ctx); err != nil || q["queued"] != 1 {
		t.Errorf("outbox %v, %v; want one queued", q, err)
	}
}
