package ui

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
	"github.com/rekam-id/rekam/app/face"
)

func TestRecordsSearchAndOpen(t *testing.T) {
	b := newFakeBackend()
	ctx := context.Background()
	r := enrolltest.Fixture("REC1", testNIK, "SITI AMINAH", testStart, 1000)
	enrolltest.Sign(r, testStart.Add(7*time.Minute))
	if _, err := b.repo.Commit(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, b)
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.Key3)
	s, ok := h.u.cur.(*recordsScreen)
	if !ok || h.focused() != s.query {
		t.Fatalf("records screen %T, focus %T", h.u.cur, h.focused())
	}
	h.typeText("budi")
	h.press(fyne.KeyReturn)
	h.mustSee("0 rekaman ditemukan.")
	s.query.SetText("")
	h.typeText("siti")
	h.press(fyne.KeyReturn)
	h.mustSee("1 rekaman ditemukan.")
	h.mustSee(testNIK + " · SITI AMINAH · Sudah rekam")
	if h.focused() != s.first {
		t.Fatal("the first result does not have the focus")
	}
	h.press(fyne.KeyReturn)
	h.mustSee("Disahkan oleh op1 · KEC-JATEN-01")
	h.mustSee("PEREMPUAN")
	h.mustSee("KARANGANYAR, 05-12-2008")
	if h.screenHas("Sahkan dan simpan") {
		t.Error("the read-only view offers a sign-off")
	}
}

func TestQueueSendNowShowsProgressAndPlainErrors(t *testing.T) {
	b := newFakeBackend()
	b.counts = QueueCounts{Waiting: 1, Problems: 2}
	b.items = []QueueItem{
		{ID: "A", NIK: testNIK, Name: "SITI AMINAH", Seq: 7, State: QueueProblem, Status: enroll.StatusDuplicate},
		{ID: "B", NIK: "3313091512000002", Name: "BUDI", Seq: 8, State: QueueWaiting, Status: enroll.StatusBioCaptured,
			Attempts: 3, Error: "connection refused"},
		{ID: "C", NIK: "3313091512000003", Name: "DEWI", Seq: 9, State: QueueProblem, Status: enroll.StatusRejected, Error: "bad signature"},
	}
	b.syncSteps = []SyncProgress{{Phase: PhaseConnect}, {Phase: PhaseUpload, Records: 1, Total: 2, Bytes: 50 << 10, TotalBytes: 200 << 10, Packet: "P-1"}}
	b.syncErr = enroll.Errorf("sync", enroll.KindUnavailable, "dial tcp: connection refused")
	h := newHarness(t, b)
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.Key4)
	s := h.u.cur.(*queueScreen)
	h.mustSee("Menunggu kirim: 1 · Terkirim: 0 · Siap cetak: 0 · Bermasalah: 2")
	h.mustSee("Arahkan pemohon ke Dinas Dukcapil")
	h.mustSee("Belum terkirim (3 kali dicoba): connection refused")
	h.mustSee("Ditolak server (bad signature)")
	if h.focused() != s.send {
		t.Fatalf("focus on %T, want Kirim sekarang", h.focused())
	}
	// The progress as the engine reports it, before the run ends.
	s.report(b.syncSteps[1])
	h.settle()
	if s.bar.Value != 0.25 || !strings.Contains(s.phase.Text, "Mengirim 1/2 rekaman · 50 dari 200 KB · P-1") {
		t.Fatalf("progress %v %q", s.bar.Value, s.phase.Text)
	}
	h.press(fyne.KeySpace)
	if b.syncs != 1 {
		t.Fatalf("%d syncs", b.syncs)
	}
	h.mustSee("Penyimpanan atau jaringan tidak tersedia")
	if s.send.Disabled() {
		t.Fatal("the button stays disabled after the run")
	}
	b.syncErr = nil
	h.press(fyne.KeyReturn)
	if s.phase.Text != "Selesai." || s.bar.Value != 1 {
		t.Fatalf("after a good run: %q %v", s.phase.Text, s.bar.Value)
	}
}

func TestSettingsSwitchLanguageAndCheckChecklist(t *testing.T) {
	b := newFakeBackend()
	h := newHarness(t, b)
	t.Cleanup(func() { _ = setLanguage("id") })
	h.login("adm", "admin")
	h.chord(fyne.KeyModifierControl, fyne.Key5)
	s := h.u.cur.(*settingsScreen)
	if s.station.Text != "KEC-JATEN-01" || s.quality.Text != "40" {
		t.Fatalf("settings not loaded: %q %q", s.station.Text, s.quality.Text)
	}
	s.quality.SetText("140")
	h.u.focus(s.save)
	h.press(fyne.KeyReturn)
	h.mustSee("ambang kualitas harus 0–100")
	s.quality.SetText("45")
	s.checklist.SetText(`{"items":[{"key":"A","when":"sometimes"}]}`)
	h.press(fyne.KeyReturn)
	h.mustSee("unknown condition")
	good, _ := json.Marshal(enroll.DefaultChecklist())
	s.checklist.SetText(string(good))
	s.language.SetText("english")
	h.press(fyne.KeyReturn)
	if b.settings.FingerQuality != 45 || b.settings.Language != "en" {
		t.Fatalf("saved %+v", b.settings)
	}
	h.mustSee("Settings")
	h.mustSee("Saved.")
	h.mustSee("Finger quality threshold")
	if h.u.lang != "en" || h.screenHas("Pengaturan") {
		t.Fatal("the screen is still in Indonesian")
	}
	h.chord(fyne.KeyModifierControl, fyne.Key1)
	h.mustSee("Enrollments today: 0")
}

func TestSettingsReadOnlyForOperators(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.Key5)
	s := h.u.cur.(*settingsScreen)
	if !s.station.Disabled() || s.language.Disabled() {
		t.Fatal("an operator may change the station but not the language")
	}
	if h.focused() != s.language {
		t.Fatalf("focus on %T, want the language", h.focused())
	}
}

func TestExpectedBackgroundByBirthYear(t *testing.T) {
	for _, c := range []struct {
		year, cit int
		want      face.Background
	}{{2001, enroll.CitizenWNI, face.BackgroundRed}, {2000, enroll.CitizenWNI, face.BackgroundBlue},
		{2000, enroll.CitizenWNA, face.BackgroundOrange}, {0, enroll.CitizenWNI, face.BackgroundUnknown}} {
		b := enroll.Biodata{Citizenship: c.cit}
		if c.year > 0 {
			b.BirthDate = time.Date(c.year, 3, 1, 0, 0, 0, 0, time.UTC)
		}
		if got, _ := expectedBackground(b); got != c.want {
			t.Errorf("%d/%d: %v, want %v", c.year, c.cit, got, c.want)
		}
	}
}

func TestFaceRetakeReplacesPhoto(t *testing.T) {
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	fillBiodata(t, h, w, nil)
	h.mustSee("Latar foto: BIRU (tahun lahir 2000 genap)")
	h.press(fyne.KeyPageDown)
	if w.cur != stepFace {
		t.Fatal("moved on without a photo")
	}
	h.mustSee("Ambil foto wajah dulu (F5).")
	h.press(fyne.KeyF5)
	first := w.rec.Face
	if first == nil {
		t.Fatalf("no photo: %q", w.msg.Text)
	}
	h.press(fyne.KeyF6)
	h.mustSee("Foto ulang")
	h.press(fyne.KeyF5)
	if w.rec.Face == first || w.rec.Face == nil {
		t.Fatal("the retake did not replace the photo")
	}
	h.press(fyne.KeyF7) // nothing on this step
	h.press(fyne.KeyPageDown)
	if w.cur != stepSignature {
		t.Fatalf("step %d", w.cur)
	}
	s := w.steps[stepSignature].(*signatureStep)
	h.press(fyne.KeyF7)
	h.mustSee("Alat dibersihkan")
	h.press(fyne.KeyF5)
	if w.rec.Signature == nil || s.saved.Image == nil {
		t.Fatalf("no signature: %q", w.msg.Text)
	}
	h.press(fyne.KeyPageUp)
	if w.cur != stepFace {
		t.Fatal("PgUp did not go back")
	}
}

func TestMissingDevicesAreExplained(t *testing.T) {
	h := newHarness(t, newFakeBackend()) // no devices at all
	w := begin(t, h, testNIK)
	passDocs(t, h, w)
	fillBiodata(t, h, w, nil)
	h.mustSee("Kamera tidak ada.")
	h.press(fyne.KeyF5)
	if w.rec.Face != nil {
		t.Fatal("a photo without a camera")
	}
	w.goTo(stepSignature)
	h.mustSee("Alat tanda tangan tidak ada.")
	w.goTo(stepFingers)
	h.mustSee("Pemindai sidik jari tidak ada.")
}

func TestErrorTextsByKind(t *testing.T) {
	u := &UI{}
	for k, want := range map[enroll.Kind]string{
		enroll.KindNotConnected: "Periksa kabel USB",
		enroll.KindTimeout:      "Cabut dan pasang lagi",
		enroll.KindBusy:         "sedang sibuk",
		enroll.KindPermission:   "kata sandi salah",
	} {
		if got := u.errText(enroll.E("x", k, errors.New("cause"))); !strings.Contains(got, want) {
			t.Errorf("%v: %q lacks %q", k, got, want)
		}
	}
}

// TestTranslationsComplete checks that every text the screens look up is in both
// catalogues, and that the catalogues hold nothing else.
func TestTranslationsComplete(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\btrf?\(\s*"((?:[^"\\]|\\.)*)"`)
	used := map[string]bool{"Agama": true, "Kepercayaan": true} // via Biodata.ReligionRowLabel
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			var s string
			if err := json.Unmarshal([]byte(`"`+m[1]+`"`), &s); err != nil {
				t.Fatalf("%s: %q: %v", f, m[1], err)
			}
			used[s] = true
		}
	}
	for _, lang := range []string{"id", "en"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "assets", "translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]string
		if err := json.Unmarshal(data, &cat); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for s := range used {
			if v, ok := cat[s]; !ok || v == "" {
				t.Errorf("%s.json lacks %q", lang, s)
			}
			if lang == "id" && cat[s] != s {
				t.Errorf("id.json changes %q to %q", s, cat[s])
			}
		}
		for s := range cat {
			if !used[s] {
				t.Errorf("%s.json has unused %q", lang, s)
			}
		}
	}
}

// TestImportRules enforces DESIGN.md rule 3: the screens receive interfaces and never
// import the store, the devices or the sync engine.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, bad := range []string{"/store/", "/device/", "/sync/", "/cmd/"} {
			if strings.HasPrefix(p, "github.com/rekam-id/rekam") && strings.Contains(p+"/", bad) {
				t.Errorf("app/ui depends on %s", p)
			}
		}
	}
}
