package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// plaintextNeedles saves enrollments with known personal values into s (two committed
// with packets, one draft) and returns byte strings that must not appear in the files of
// an encrypted store: NIKs, KK, names, birth place, address, mother's name, and windows
// of every sample and packet.
func plaintextNeedles(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	needles := map[string][]byte{}
	people := []struct{ id, nik, name string }{
		{"p1", "3313094512000001", "Kartika Sulistyowati"},
		{"p2", "3313091708990002", "Bambang Wirakusuma"},
		{"p3", "3313096603010003", "Ratnaningsih Purbasari"},
	}
	for i, p := range people {
		r := enrolltest.Fixture(p.id, p.nik, p.name, day.Add(time.Duration(i)*time.Hour), 60_000)
		needles["NIK of "+p.id] = []byte(p.nik)
		needles["name of "+p.id] = []byte(p.name)
		needles["normalized name of "+p.id] = []byte(NameKey(p.name))
		for key, smp := range r.Samples() {
			d := smp.Data
			for _, at := range []int{0, len(d) / 2, len(d) - 24} {
				needles[fmt.Sprintf("%s %s bytes at %d", p.id, key, at)] = d[at : at+24]
			}
		}
		if i == 2 {
			if err := s.SaveDraft(ctx, r); err != nil {
				t.Fatal(err)
			}
			continue
		}
		enrolltest.Sign(r, r.Times.Arrived.Add(9*time.Minute))
		packet := bytes.Repeat([]byte(fmt.Sprintf("packet-of-%s-", p.id)), 2000)
		needles["packet of "+p.id] = packet[:40]
		if _, err := s.Commit(ctx, r, packet); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStatus(ctx, p.id, enroll.StatusSent, "receipt", day); err != nil {
			t.Fatal(err)
		}
	}
	for what, v := range map[string]string{"KK": "3313090101200001", "birth place": "KARANGANYAR",
		"address": "JL. LAWU 5", "mother": "SITI AMINAH"} {
		needles[what] = []byte(v)
	}
	return needles
}

// scanFiles returns the needles found in the database file and its -wal and -shm files.
func scanFiles(t *testing.T, path string, needles map[string][]byte) []string {
	t.Helper()
	var found []string
	scanned := 0
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		scanned += len(b)
		upper := bytes.ToUpper(b)
		for what, n := range needles {
			if bytes.Contains(b, n) || bytes.Contains(upper, bytes.ToUpper(n)) {
				found = append(found, what+" in "+filepath.Base(path+suffix))
			}
		}
	}
	if scanned < 100_000 {
		t.Fatalf("scanned only %d bytes: the samples are not in the files", scanned)
	}
	return found
}

func TestNoPlaintextInDatabaseFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path, WithCrypter(testCipher(t, 1)))
	if err != nil {
		t.Fatal(err)
	}
	needles := plaintextNeedles(t, s)
	// The search paths still work without plaintext.
	ctx := context.Background()
	if got, err := s.FindByNIK(ctx, "3313091708990002"); err != nil || ids(got) != "[p2]" || got[0].Name != "Bambang Wirakusuma" {
		t.Fatalf("FindByNIK = %v, %v", got, err)
	}
	if got, err := s.SearchName(ctx, "ratnaningsih pur", 5); err != nil || ids(got) != "[p3]" {
		t.Fatalf("SearchName = %v, %v", ids(got), err)
	}
	if found := scanFiles(t, path, needles); len(found) > 0 {
		t.Errorf("while open, plaintext found: %s", strings.Join(found, "; "))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if found := scanFiles(t, path, needles); len(found) > 0 {
		t.Errorf("after close, plaintext found: %s", strings.Join(found, "; "))
	}
}

// TestPlainStoreShowsPlaintext is the control: the same scan finds the values in a store
// without a Crypter, so the scan of the encrypted one can fail.
func TestPlainStoreShowsPlaintext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	needles := plaintextNeedles(t, s)
	s.Close()
	found := strings.Join(scanFiles(t, path, needles), "; ")
	for _, want := range []string{"NIK of p1", "name of p2", "p1 face bytes at 0", "KK", "mother"} {
		if !strings.Contains(found, want) {
			t.Errorf("the scan of a plain store misses %q (found: %s)", want, found)
		}
	}
}

func TestLockedStoreRefusesRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rekam.db")
	s, err := Open(path, WithCrypter(testCipher(t, 1)))
	if err != nil {
		t.Fatal(err)
	}
	r := enrolltest.Fixture("k1", "3313094512000001", "Sri Wahyuni", day, 10_000)
	if err := s.SaveDraft(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path) // no key: opens locked
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if !s.Encrypted() {
		t.Fatal("an encrypted database opened as plain")
	}
	_, errGet := s.Get(ctx, "k1")
	_, errFind := s.FindByNIK(ctx, "3313094512000001")
	_, errList := s.List(ctx, Filter{})
	errSave := s.SaveDraft(ctx, enrolltest.Fixture("k2", "3313094512000002", "Budi", day, 1000))
	for name, err := range map[string]error{"Get": errGet, "FindByNIK": errFind, "List": errList, "SaveDraft": errSave} {
		if !enroll.IsKind(err, enroll.KindPermission) {
			t.Errorf("%s while locked: %v, want KindPermission", name, err)
		}
	}
	// Accounts and the audit log work while locked: login needs them.
	if err := s.PutAccount(ctx, auth.Account{ID: "budi", Name: "Budi", Role: auth.RoleOperator}); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(ctx, testCipher(t, 2)); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("Unlock with another station's key: %v, want KindInvalid", err)
	}
	if err := s.Unlock(ctx, testCipher(t, 1)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	enrolltest.SameRecord(t, got, r)
	s.Lock()
	if _, err := s.Get(ctx, "k1"); !enroll.IsKind(err, enroll.KindPermission) {
		t.Fatalf("Get after Lock: %v, want KindPermission", err)
	}
}

func TestPlainRecordsAreNotEncryptedInPlace(t *testing.T) {
	s := openTemp(t)
	if err := s.SaveDraft(context.Background(), enrolltest.Fixture("x1", "3313094512000001", "Sri", day, 1000)); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(context.Background(), testCipher(t, 1)); !enroll.IsKind(err, enroll.KindConflict) {
		t.Fatalf("Unlock of a plain database with records: %v, want KindConflict", err)
	}
	if s.Encrypted() {
		t.Fatal("the refused Unlock left the store encrypted")
	}
}

// TestMovedCiphertextFails plays an attacker with the file who swaps sealed fields
// between records: each must fail to open instead of showing the other person's data.
func TestMovedCiphertextFails(t *testing.T) {
	s := openSealed(t)
	ctx := context.Background()
	for i, id := range []string{"a1", "a2"} {
		r := enrolltest.Fixture(id, fmt.Sprintf("331309451200000%d", i+1), "Sri Wahyuni", day, 10_000)
		enrolltest.Sign(r, day.Add(9*time.Minute))
		if _, err := s.Commit(ctx, r, []byte("packet "+id)); err != nil {
			t.Fatal(err)
		}
	}
	moves := []struct{ name, sql string }{
		{"meta", `UPDATE records SET meta = (SELECT meta FROM records WHERE id = 'a2') WHERE id = 'a1'`},
		{"face", `UPDATE samples SET data = (SELECT data FROM samples WHERE record_id = 'a2' AND key = 'face')
			WHERE record_id = 'a1' AND key = 'face'`},
		{"finger to face", `UPDATE samples SET data = (SELECT data FROM samples WHERE record_id = 'a1' AND key = 'finger-01')
			WHERE record_id = 'a1' AND key = 'face'`},
		{"one bit", "flip"},
		{"cut", `UPDATE samples SET data = substr(data, 1, length(data) - 1) WHERE record_id = 'a1' AND key = 'finger-02'`},
	}
	for _, m := range moves {
		t.Run(m.name, func(t *testing.T) {
			s := openSealed(t)
			for i, id := range []string{"a1", "a2"} {
				r := enrolltest.Fixture(id, fmt.Sprintf("331309451200000%d", i+1), "Sri Wahyuni", day, 10_000)
				if err := s.SaveDraft(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			if m.sql == "flip" {
				flipBit(t, s, "a1", "signature", 100)
			} else if _, err := s.db.Exec(m.sql); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, "a1")
			if got != nil || !enroll.IsKind(err, enroll.KindInvalid) || !errors.Is(err, auth.ErrDecrypt) {
				t.Fatalf("Get after moving %s = %v, %v; want nil, KindInvalid ErrDecrypt", m.name, got != nil, err)
			}
		})
	}
	if _, err := s.db.Exec(`UPDATE packets SET data = (SELECT data FROM packets WHERE record_id = 'a2') WHERE record_id = 'a1'`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PacketReader(ctx, "a1"); !errors.Is(err, auth.ErrDecrypt) {
		t.Fatalf("PacketReader of a moved packet: %v, want ErrDecrypt", err)
	}
}

// flipBit changes one bit of a stored sample, as a failing disk or an attacker would.
func flipBit(t *testing.T, s *Store, id, key string, at int) {
	t.Helper()
	var data []byte
	if err := s.db.QueryRow(`SELECT data FROM samples WHERE record_id = ? AND key = ?`, id, key).Scan(&data); err != nil {
		t.Fatal(err)
	}
	data[at] ^= 1
	if _, err := s.db.Exec(`UPDATE samples SET data = ? WHERE record_id = ? AND key = ?`, data, id, key); err != nil {
		t.Fatal(err)
	}
}

// FuzzOpenText feeds arbitrary column contents to the reader of sealed JSON columns: it
// must never panic, and only a genuine sealed value may open.
func FuzzOpenText(f *testing.F) {
	c := testCipher(f, 1)
	genuine, err := sealText(c, []byte(`{"id":"R1"}`), metaAAD("R1"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(genuine)
	f.Add([]byte(`{"sealed":"AAAA"}`))
	f.Add([]byte(`{"id":"R1","biodata":{"nik":"3313094512000001"}}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, stored []byte) {
		pt, err := openText(c, stored, metaAAD("R1"))
		if err == nil && string(pt) != `{"id":"R1"}` {
			t.Fatalf("%q opened to %q", stored, pt)
		}
		if err != nil && pt != nil {
			t.Fatal("plaintext returned with an error")
		}
	})
}
