package enroll_test

import (
	"context"
	"fmt"
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// fakeClock advances by step on every call, so per-step timestamps are exact.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time { c.t = c.t.Add(c.step); return c.t }

type sealer struct{ calls int }

func (s *sealer) Seal(_ context.Context, r *enroll.Record) (enroll.PacketRef, []byte, error) {
	s.calls++
	data := []byte("packet of " + r.ID + " signed by " + r.SignOff.Operator)
	return enroll.PacketRef{ID: "P-" + r.ID, SHA256: "00", Size: int64(len(data))}, data, nil
}

func newService(t *testing.T) (*enroll.Service, *enrolltest.MemRepo, *fakeClock, *sealer) {
	t.Helper()
	repo := enrolltest.NewMemRepo()
	clk := &fakeClock{t: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC), step: 30 * time.Second}
	n := 0
	sl := &sealer{}
	svc := enroll.NewService(enroll.Config{Repo: repo, Clock: clk.Now, Station: "3313-JATEN-01", Sealer: sl,
		NewID: func() string { n++; return fmt.Sprintf("R%03d", n) }})
	return svc, repo, clk, sl
}

func biodata() enroll.Biodata {
	return enroll.Biodata{
		NIK: "3313094512000001", KK: "3313090101200001", Name: "SITI RAHAYU", BirthPlace: "KARANGANYAR",
		BirthDate: time.Date(2000, 12, 5, 0, 0, 0, 0, time.UTC), Sex: enroll.SexFemale, Religion: 1,
		MaritalStatus: 1, Occupation: 3, Citizenship: enroll.CitizenWNI, Education: 5, FamilyRelation: 4,
		Address: enroll.Address{Street: "JL. LAWU 1", RT: "001", RW: "002", VillageCode: "3313092001"},
		Mother:  enroll.Parent{Name: "SRI WAHYUNI"},
	}
}

func finger(pos enroll.FingerPosition, q int) enroll.FingerSample {
	img := image.NewGray(image.Rect(0, 0, 8, 4))
	for i := range img.Pix {
		img.Pix[i] = byte(q + i)
	}
	return enroll.FingerSample{Position: pos, Image: img, PPI: 500, Quality: q}
}

var allDocs = map[string]bool{"SURAT_PENGANTAR": true, "TERDAFTAR_KK": true, "AKTA_KELAHIRAN": true}

func TestServiceWalksTheStandard(t *testing.T) {
	ctx := context.Background()
	svc, repo, _, sl := newService(t)
	r, err := svc.Start(ctx, enroll.RequestNew, "A-001", "op1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignOff(ctx, r, "op1"); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("sign-off of an empty draft: %v", err)
	}
	if is, err := svc.SetBiodata(ctx, r, biodata()); err != nil || len(is) != 0 {
		t.Fatalf("SetBiodata: %v %v", is.Codes(), err)
	}
	if _, err := svc.CheckDocuments(ctx, r, map[string]bool{"TERDAFTAR_KK": true}); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("incomplete documents accepted: %v", err)
	}
	if _, err := svc.CheckDocuments(ctx, r, allDocs); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetFace(ctx, r, enroll.FaceSample{JPEG: []byte{0xff, 0xd8}, Width: 1, Height: 1}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetSignature(ctx, r, enroll.SignatureSample{PNG: []byte("png")}); err != nil {
		t.Fatal(err)
	}
	// Right thumb: three poor tries, the best is kept and no fourth is offered.
	for i, q := range []int{20, 35, 30} {
		retry, err := svc.AddFingerTry(ctx, r, finger(enroll.RightThumb, q))
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 2; retry != want {
			t.Fatalf("try %d: retry = %v, want %v", i+1, retry, want)
		}
	}
	if got := r.Finger(enroll.RightThumb).Sample.Quality; got != 35 {
		t.Fatalf("kept quality %d, want the best, 35", got)
	}
	for _, p := range enroll.AllFingers[1:9] {
		if retry, err := svc.AddFingerTry(ctx, r, finger(p, 60)); err != nil || retry {
			t.Fatalf("%v: retry=%v err=%v", p, retry, err)
		}
	}
	if err := svc.SetFingerException(ctx, r, enroll.LeftLittle, enroll.ExceptionAmputated, "", "no reason"); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("exception without supervisor: %v", err)
	}
	if err := svc.SetFingerException(ctx, r, enroll.LeftLittle, enroll.ExceptionAmputated, "spv1", "diamputasi"); err != nil {
		t.Fatal(err)
	}
	if m := svc.Missing(r); len(m) != 0 {
		t.Fatalf("missing %v", m)
	}
	seq, err := svc.SignOff(ctx, r, "op1")
	if err != nil || seq != 1 {
		t.Fatalf("SignOff = %d, %v", seq, err)
	}
	if sl.calls != 1 || r.Packet == nil || r.Packet.ID != "P-R001" {
		t.Fatalf("sealed %d times, packet %+v", sl.calls, r.Packet)
	}
	if _, err := svc.SignOff(ctx, r, "op1"); enroll.KindOf(err) != enroll.KindConflict {
		t.Fatalf("second sign-off: %v", err)
	}
	got, err := repo.Get(ctx, r.ID)
	if err != nil || got.Status != enroll.StatusBioCaptured || len(repo.Packet(r.ID)) == 0 {
		t.Fatalf("stored %+v, %v", got, err)
	}
	tm := got.Times
	if !(tm.Arrived.Before(tm.DocsChecked) && tm.DocsChecked.Before(tm.CaptureStart) &&
		!tm.CaptureEnd.After(tm.SignedOff) && tm.CaptureStart.Before(tm.CaptureEnd)) {
		t.Fatalf("timestamps out of order: %+v", tm)
	}
	if tm.Duration() <= 0 {
		t.Fatal("no duration")
	}
	if !slices.ContainsFunc(got.Overrides, func(o enroll.Override) bool { return o.Kind == enroll.OverrideFingerException }) {
		t.Fatal("finger exception override not recorded")
	}
	earlier, err := svc.Earlier(ctx, "3313094512000001")
	if err != nil || len(earlier) != 1 || earlier[0].ID != r.ID {
		t.Fatalf("Earlier = %v, %v", earlier, err)
	}
}

func TestServiceWarningsNeedAcknowledgement(t *testing.T) {
	ctx := context.Background()
	svc, _, _, _ := newService(t)
	r, _ := svc.Start(ctx, enroll.RequestNew, "", "op1")
	b := biodata()
	b.Name = "SUKARNO" // legacy one-word name: a warning
	if is, err := svc.SetBiodata(ctx, r, b); err != nil || !is.Has("NAME_ONE_WORD") {
		t.Fatalf("SetBiodata: %v %v", is.Codes(), err)
	}
	if !slices.Contains(svc.Missing(r), "UNACKNOWLEDGED_NAME_ONE_WORD") {
		t.Fatalf("missing = %v", svc.Missing(r))
	}
	if err := svc.Acknowledge(ctx, r, "NAME_ONE_WORD", " ", "op1"); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("empty reason accepted: %v", err)
	}
	if err := svc.Acknowledge(ctx, r, "NAME_ONE_WORD", "nama lama di SIAK", "op1"); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(svc.Missing(r), "UNACKNOWLEDGED_NAME_ONE_WORD") {
		t.Fatal("acknowledged warning still missing")
	}
	b.NIK = "12"
	if _, err := svc.SetBiodata(ctx, r, b); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("bad NIK: %v", err)
	}
	if r.Biodata.NIK != "12" {
		t.Fatal("typed input was dropped")
	}
}

func TestServiceRefusesUnknownRequest(t *testing.T) {
	svc, _, _, _ := newService(t)
	if _, err := svc.Start(context.Background(), "KTP_BARU", "", "op1"); enroll.KindOf(err) != enroll.KindInvalid {
		t.Fatalf("err = %v", err)
	}
}

// fakeIndex matches by the first finger's pixels.
type fakeIndex struct{ byPixel map[byte]string }

func (f *fakeIndex) Search(_ context.Context, r *enroll.Record) ([]enroll.DuplicateHit, error) {
	if len(r.Fingers) == 0 || r.Fingers[0].Sample == nil {
		return nil, nil
	}
	if id, ok := f.byPixel[r.Fingers[0].Sample.Data[0]]; ok {
		return []enroll.DuplicateHit{{RecordID: id, Fingers: 4, Score: 99}}, nil
	}
	return nil, nil
}

func (f *fakeIndex) Add(_ context.Context, r *enroll.Record) error {
	f.byPixel[r.Fingers[0].Sample.Data[0]] = r.ID
	return nil
}

func TestSignOffRefusesAFingerprintDuplicateWithoutApproval(t *testing.T) {
	ctx := context.Background()
	repo := enrolltest.NewMemRepo()
	n := 0
	idx := &fakeIndex{byPixel: map[byte]string{}}
	svc := enroll.NewService(enroll.Config{Repo: repo, Clock: time.Now, Station: "S", Duplicates: idx,
		NewID: func() string { n++; return fmt.Sprintf("R%d", n) }})
	complete := func(nik string) *enroll.Record {
		r, _ := svc.Start(ctx, enroll.RequestNew, "", "op1")
		b := biodata()
		b.NIK = nik
		svc.SetBiodata(ctx, r, b)
		svc.CheckDocuments(ctx, r, allDocs)
		svc.SetFace(ctx, r, enroll.FaceSample{JPEG: []byte{1}})
		svc.SetSignature(ctx, r, enroll.SignatureSample{PNG: []byte{1}})
		for _, p := range enroll.AllFingers {
			svc.AddFingerTry(ctx, r, finger(p, 60))
		}
		return r
	}
	first := complete("3313094512000001")
	if _, err := svc.SignOff(ctx, first, "op1"); err != nil {
		t.Fatal(err)
	}
	second := complete("3313094512000002") // same fingers, another NIK: data ganda
	if hits, _ := svc.Duplicates(ctx, second); len(hits) != 1 || hits[0].RecordID != "R1" {
		t.Fatalf("duplicates %v", hits)
	}
	_, err := svc.SignOff(ctx, second, "op1")
	if !enroll.IsKind(err, enroll.KindConflict) || !strings.Contains(err.Error(), "R1") || second.Status != enroll.StatusDraft {
		t.Fatalf("sign-off of a duplicate: %v (status %s)", err, second.Status)
	}
	if err := svc.Override(ctx, second, enroll.OverrideDuplicate, "R1", "spv1", "kembar identik, dicek KK"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignOff(ctx, second, "op1"); err != nil {
		t.Fatalf("approved duplicate: %v", err)
	}
}

func TestSettingsChangeWhileRunning(t *testing.T) {
	ctx := context.Background()
	svc, _, _, _ := newService(t)
	r, _ := svc.Start(ctx, enroll.RequestNew, "", "op1")
	svc.SetBiodata(ctx, r, biodata())
	if _, err := svc.CheckDocuments(ctx, r, map[string]bool{"TERDAFTAR_KK": true}); err == nil {
		t.Fatal("the default checklist accepted one document")
	}
	c := enroll.DefaultChecklist()
	c.Items = []enroll.Requirement{c.Items[1], c.Items[2]} // national law: KK and age only
	if err := svc.SetChecklist(c); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckDocuments(ctx, r, map[string]bool{"TERDAFTAR_KK": true}); err != nil {
		t.Fatalf("after the office changed its checklist: %v", err)
	}
	if err := svc.SetChecklist(enroll.Checklist{Items: []enroll.Requirement{{Key: ""}}}); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatalf("bad checklist: %v", err)
	}
	if err := svc.SetFingerQuality(70); err != nil || svc.FingerQuality() != 70 {
		t.Fatalf("quality %d %v", svc.FingerQuality(), err)
	}
	if retry, _ := svc.AddFingerTry(ctx, r, finger(enroll.RightThumb, 60)); !retry {
		t.Fatal("60 accepted against a threshold of 70")
	}
	if err := svc.SetFingerQuality(101); !enroll.IsKind(err, enroll.KindInvalid) {
		t.Fatal("quality 101 accepted")
	}
}
