package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
)

func runDemo(args []string, out io.Writer) error {
	fs := newFlags("demo", out)
	data := dataFlag(fs)
	count := fs.Int("count", 10, "how many enrollments to create")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "seed for the synthetic applicants")
	as := asFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "enroll" || *count < 1 {
		return usageError{"usage: rekam demo enroll [--data DIR] --count N"}
	}
	rt, err := openRuntime(*data, runtimeOptions{fast: true})
	if err != nil {
		return err
	}
	defer rt.close()
	if err := rt.unlockCLI(context.Background(), *as, core.ActionEnroll, out); err != nil {
		return err
	}
	if !rt.provisioned {
		fmt.Fprintln(out, "note: the station is not provisioned, so records are saved without a sealed packet")
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	start := time.Now()
	for i := 0; i < *count; i++ {
		id, err := demoEnroll(context.Background(), rt, rng)
		if err != nil {
			return fmt.Errorf("enrollment %d: %w", i+1, err)
		}
		if (i+1)%10 == 0 || i+1 == *count {
			fmt.Fprintf(out, "%d/%d enrollments (last %s)\n", i+1, *count, id)
		}
	}
	fmt.Fprintf(out, "created %d complete enrollments in %v\n", *count, time.Since(start).Round(time.Millisecond))
	return nil
}

var demoNames = []string{"SITI", "BUDI", "AGUS", "SRI", "DEWI", "EKO", "RINA", "JOKO", "WAHYU", "PUTRI", "ANDI", "NUR"}
var demoFamilies = []string{"RAHAYU", "SANTOSO", "WIBOWO", "LESTARI", "PRASETYO", "HANDAYANI", "SETIAWAN", "KURNIAWAN"}

// demoBiodata returns a valid synthetic applicant of Kabupaten Karanganyar.
func demoBiodata(rng *rand.Rand) enroll.Biodata {
	sex := 1 + rng.IntN(2)
	birth := time.Date(1960+rng.IntN(48), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	day := birth.Day()
	if sex == enroll.SexFemale {
		day += 40
	}
	nik := fmt.Sprintf("331309%02d%02d%02d%04d", day, int(birth.Month()), birth.Year()%100, 1+rng.IntN(9999))
	marital := 1
	if birth.Year() < 2000 {
		marital = 2
	}
	return enroll.Biodata{
		NIK: nik, KK: fmt.Sprintf("331309%02d%02d%02d%04d", 1+rng.IntN(28), 1+rng.IntN(12), rng.IntN(25), 1+rng.IntN(9999)),
		Name:       demoNames[rng.IntN(len(demoNames))] + " " + demoFamilies[rng.IntN(len(demoFamilies))],
		BirthPlace: "KARANGANYAR", BirthDate: birth, Sex: sex, BloodType: enroll.BloodUnknown, Religion: 1 + rng.IntN(6),
		MaritalStatus: marital, Occupation: 1 + rng.IntN(89), Citizenship: enroll.CitizenWNI, Education: 1 + rng.IntN(10),
		FamilyRelation: 1 + rng.IntN(4),
		Address: enroll.Address{Street: fmt.Sprintf("JL. LAWU NO. %d", 1+rng.IntN(200)), RT: fmt.Sprintf("%03d", 1+rng.IntN(9)),
			RW: fmt.Sprintf("%03d", 1+rng.IntN(9)), VillageCode: "3313092001"},
		Mother: enroll.Parent{Name: "SRI " + demoFamilies[rng.IntN(len(demoFamilies))]},
		Father: enroll.Parent{Name: "BUDI " + demoFamilies[rng.IntN(len(demoFamilies))]},
	}
}

// demoEnroll walks one synthetic applicant through the whole service standard with the
// simulated devices.
func demoEnroll(ctx context.Context, rt *runtime, rng *rand.Rand) (string, error) {
	svc := rt.svc
	r, err := svc.Start(ctx, enroll.RequestNew, fmt.Sprintf("A-%03d", 1+rng.IntN(999)), "demo")
	if err != nil {
		return "", err
	}
	bio := demoBiodata(rng)
	is, err := svc.SetBiodata(ctx, r, bio)
	if err != nil {
		return "", err
	}
	for _, w := range is.Warnings() {
		if err := svc.Acknowledge(ctx, r, w.Code, "data demo", "demo"); err != nil {
			return "", err
		}
	}
	if _, err := svc.CheckDocuments(ctx, r, map[string]bool{"SURAT_PENGANTAR": true, "TERDAFTAR_KK": true, "AKTA_KELAHIRAN": true}); err != nil {
		return "", err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	face, err := rt.camera.Capture(cctx)
	if err != nil {
		return "", err
	}
	if err := svc.SetFace(ctx, r, face); err != nil {
		return "", err
	}
	rt.simPad.SetSubject(r.ID)
	sig, err := rt.pad.Capture(cctx)
	if err != nil {
		return "", err
	}
	if err := svc.SetSignature(ctx, r, sig); err != nil {
		return "", err
	}
	rt.simScanner.SetSubject(bio.NIK)
	for _, p := range enroll.AllFingers {
		for try := 0; try < enroll.MaxFingerTries; try++ {
			s, err := rt.scanner.Capture(cctx, p, svc.FingerQuality())
			if err != nil && !enroll.IsKind(err, enroll.KindLowQuality) {
				return "", err
			}
			retry, err := svc.AddFingerTry(ctx, r, s)
			if err != nil {
				return "", err
			}
			if !retry {
				break
			}
		}
	}
	if _, err := svc.SignOff(ctx, r, "demo"); err != nil {
		return "", err
	}
	return r.ID, nil
}
