package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/rekam-id/rekam/app/enroll"
)

// TestFullEnrollmentByKeyboard walks one complete applicant through the seven steps
// with key presses only, against the simulators and the in-memory store, checks the
// saved record and counts the key presses.
func TestFullEnrollmentByKeyboard(t *testing.T) {
	start := time.Now()
	b := withSimulators(newFakeBackend())
	h := newHarness(t, b)
	ctrl := fyne.KeyModifierControl
	enter := func() { h.press(fyne.KeyReturn) }
	field := func(s string) { h.typeText(s); enter() }

	h.login("op1", "rahasia")
	if _, ok := h.u.cur.(*homeScreen); !ok {
		t.Fatalf("after login the screen is %T, want the home screen", h.u.cur)
	}
	h.chord(ctrl, fyne.KeyN)
	w := h.wizard()

	// 1. Permohonan: Baru is preselected.
	enter()
	field("a-017")
	field("3313094512000001")
	if w.cur != stepDocs || w.rec == nil {
		t.Fatalf("after step 1: step %d, record %v; message %q", w.cur, w.rec, w.msg.Text)
	}

	// 2. Persyaratan: pengantar, KK, akta kelahiran.
	h.press(fyne.KeySpace)
	h.press(fyne.KeyTab)
	h.press(fyne.KeySpace)
	h.press(fyne.KeyTab)
	h.press(fyne.KeySpace)
	enter()
	if w.cur != stepBiodata {
		t.Fatalf("after step 2: step %d; message %q", w.cur, w.msg.Text)
	}

	// 3. Biodata, in Tab order; Enter moves on.
	enter()                   // NIK, carried over
	field("3313090101200001") // KK
	field("siti aminah")      // name
	field("karanganyar")      // place of birth
	field("05122000")         // date of birth
	enter()                   // sex, suggested from the NIK
	enter()                   // blood type: not known
	field("1")                // religion: ISLAM
	field("1")                // marital status: BELUM KAWIN
	field("3")                // occupation: PELAJAR/MAHASISWA
	enter()                   // citizenship: WNI preselected
	field("5")                // education: SLTA
	field("4")                // relation: ANAK
	field("jl lawu 5")        // street
	field("001")              // RT
	field("002")              // RW
	enter()                   // province: the office's
	enter()                   // regency: the office's
	field("jaten")            // kecamatan
	field("jaten")            // desa
	enter()                   // postal code, from the village
	enter()                   // moved from
	enter()                   // from abroad
	enter()                   // country
	field("aminah")           // mother
	enter()                   // mother's NIK
	field("slamet")           // father
	enter()                   // father's NIK
	field("1234")             // birth certificate
	enter()                   // marriage certificate
	enter()                   // divorce certificate
	enter()                   // disabilities: last field, moves on
	if w.cur != stepFace {
		t.Fatalf("after step 3: step %d; message %q; screen %q", w.cur, w.msg.Text, h.texts())
	}

	// 4. Foto wajah, 5. Tanda tangan.
	h.press(fyne.KeyF5)
	if w.rec.Face == nil {
		t.Fatalf("no face after F5: %q", w.msg.Text)
	}
	enter() // the focus is on Lanjut
	if w.cur != stepSignature {
		t.Fatalf("after step 4: step %d; %q", w.cur, w.msg.Text)
	}
	h.press(fyne.KeyF5)
	if w.rec.Signature == nil {
		t.Fatalf("no signature after F5: %q", w.msg.Text)
	}
	enter()
	if w.cur != stepFingers {
		t.Fatalf("after step 5: step %d; %q", w.cur, w.msg.Text)
	}

	// 6. Sidik jari: F5 per finger, again when the quality asks for it.
	for i := 0; i < 10*enroll.MaxFingerTries && nextFinger(w.rec, 0) != 0; i++ {
		h.press(fyne.KeyF5)
	}
	if p := nextFinger(w.rec, 0); p != 0 {
		t.Fatalf("finger %v still to do; %q", p, w.msg.Text)
	}
	enter()
	if w.cur != stepSignOff {
		t.Fatalf("after step 6: step %d; %q", w.cur, w.msg.Text)
	}

	// 7. Pengesahan with the operator's password.
	field("rahasia")
	if !w.finished {
		t.Fatalf("not signed off: %q", w.msg.Text)
	}
	h.mustSee("Perekaman selesai")
	t.Logf("complete applicant: %d key presses (%.1f s)", h.keys, time.Since(start).Seconds())

	r, err := b.repo.Get(context.Background(), w.rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != enroll.StatusBioCaptured {
		t.Errorf("status %s, want %s", r.Status, enroll.StatusBioCaptured)
	}
	if r.Face == nil || len(r.Face.Data) == 0 || r.Signature == nil || len(r.Signature.Data) == 0 {
		t.Errorf("face or signature missing")
	}
	done := 0
	for _, p := range enroll.AllFingers {
		if fingerOf(r, p).Done() {
			done++
		}
	}
	if done != 10 {
		t.Errorf("%d fingers done, want 10", done)
	}
	bd := r.Biodata
	if bd.Name != "SITI AMINAH" || bd.Sex != enroll.SexFemale || bd.Address.VillageCode != "3313092001" ||
		bd.Address.PostalCode != "57731" || bd.Occupation != 3 || bd.BirthDate.Year() != 2000 || r.QueueNo != "a-017" {
		t.Errorf("biodata as saved: %+v (queue %q)", bd, r.QueueNo)
	}
	if r.SignOff == nil || r.SignOff.Operator != "op1" || r.SignOff.Station != "KEC-JATEN-01" {
		t.Errorf("sign-off %+v", r.SignOff)
	}
	if m := b.svc.Missing(r); len(m) != 0 {
		t.Errorf("saved record lacks %v", m)
	}
}
