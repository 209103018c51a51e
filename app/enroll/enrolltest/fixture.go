package enrolltest

import (
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// SampleBytes is the size of the samples of a typical complete enrollment: ten 500 ppi
// fingerprints of about 110 KB, a face photo and a signature, about 1.2 MB in all.
const SampleBytes = 1_200_000

// Fixture returns a complete DRAFT record with biodata, a face photo, a signature and ten
// fingerprints whose bytes total about sampleBytes. The bytes are pseudo-random but
// deterministic: the same id and size always give the same record. Times are in a
// +07:00 zone with nanoseconds, so that a store that loses either is caught.
func Fixture(id, nik, name string, arrived time.Time, sampleBytes int) *enroll.Record {
	wib := time.FixedZone("WIB", 7*3600)
	arrived = arrived.In(wib)
	h := fnv.New64a()
	h.Write([]byte(id))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(sampleBytes)))
	dev := func(m enroll.Modality) enroll.DeviceInfo {
		return enroll.DeviceInfo{Modality: m, Make: "Sim", Model: "S-1", Serial: "0001", Connected: "simulated", Simulated: true}
	}
	fingerBytes := sampleBytes * 9 / 100
	at := arrived.Add(2 * time.Minute)
	r := &enroll.Record{
		ID: id, Request: enroll.RequestNew, QueueNo: "A-017", Operator: "op1",
		Biodata: enroll.Biodata{
			NIK: nik, KK: "3313090101200001", Name: name, BirthPlace: "KARANGANYAR",
			BirthDate: time.Date(2008, 12, 5, 0, 0, 0, 0, time.UTC), Sex: enroll.SexFemale,
			Religion: 1, MaritalStatus: enroll.MaritalSingle, Occupation: 3, Citizenship: enroll.CitizenWNI,
			Education: 4, FamilyRelation: 4,
			Address: enroll.Address{Street: "JL. LAWU 5", RT: "001", RW: "002", VillageCode: "3313092001", PostalCode: "57792"},
			Mother:  enroll.Parent{Name: "SITI AMINAH"},
		},
		Checked: map[string]bool{"kk": true, "pengantar": true},
		Acks:    []enroll.Ack{{Code: "NIK_DATE_MISMATCH", Reason: "SIAK lama", By: "op1", At: at}},
		Face: &enroll.Sample{Format: enroll.FormatJPEG, Width: 480, Height: 640, Quality: -1,
			Device: dev(enroll.ModalityFace), At: at, Data: randomBytes(rng, sampleBytes*8/100)},
		Signature: &enroll.Sample{Format: enroll.FormatPNG, Width: 640, Height: 200, Quality: -1,
			Device: dev(enroll.ModalitySignature), At: at.Add(time.Second), Data: randomBytes(rng, sampleBytes*2/100)},
		Times:   enroll.Timestamps{Arrived: arrived, DocsChecked: arrived.Add(time.Minute + 123456789), CaptureStart: at},
		Status:  enroll.StatusDraft,
		Updated: at,
	}
	for i, p := range enroll.AllFingers {
		r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Tries: 1 + i%3, Sample: &enroll.Sample{
			Format: enroll.FormatGray8, Width: 388, Height: fingerBytes / 388, PPI: 500, Quality: 40 + i*5,
			Device: dev(enroll.ModalityFinger), At: at.Add(time.Duration(10+i) * time.Second),
			Data: randomBytes(rng, fingerBytes),
		}})
	}
	return r
}

// Sign stamps r as the operator's sign-off at t does: capture end, sign-off, status
// BIO_CAPTURED. It does not seal a packet.
func Sign(r *enroll.Record, at time.Time) {
	r.Times.CaptureEnd = at
	r.Times.SignedOff = at
	r.SignOff = &enroll.SignOff{Operator: r.Operator, Station: "KEC-JATEN-01", At: at}
	r.Status, r.StatusAt, r.Updated = enroll.StatusBioCaptured, at, at
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		v := rng.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}
