package main

// The station's real window: the built binary under a private Xvfb display, driven by
// xdotool key presses only, one complete applicant from login to the sign-off receipt.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/refdata"
	"github.com/rekam-id/rekam/store/sqlite"
)

var shotsFlag = flag.String("shots", "", "folder for the window test's screenshots (default: a temporary folder; env REKAM_SHOTS)")

// The operator of the window test: the station's built-in training account.
const (
	windowOperator = "latihan"
	windowPassword = "latihan"
)

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
		t.Errorf("the window grew to %dx%d: larger than a 1366×768 screen", wd.Dx(), wd.Dy())
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
