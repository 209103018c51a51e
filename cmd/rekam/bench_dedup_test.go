package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/device/sim"
)

// dedupPeople is the station population of the synthetic-scale duplicate check.
const dedupPeople = 10_000

// dedupFingers are the fingers enrolled per synthetic person: the two index fingers the
// chip stores (ten per person would take the generator over an hour here).
var dedupFingers = []enroll.FingerPosition{enroll.RightIndex, enroll.LeftIndex}

// generatedTemplates returns the templates of n synthetic people made by the simulator's
// fingerprint generator (impression 0), extracted by app/finger. They are cached in the
// temporary directory because generating 20,000 prints takes minutes.
func generatedTemplates(b *testing.B, n int) [][]*finger.Template {
	cache := filepath.Join(os.TempDir(), fmt.Sprintf("rekam-dedup-cache-v2-%d.bin", n))
	if data, err := os.ReadFile(cache); err == nil {
		if people, err := decodeTemplates(data, n); err == nil {
			return people
		}
	}
	gen := sim.NewFingerGenerator(sim.FingerOptions{CacheSize: 4})
	people := make([][]*finger.Template, n)
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < goruntime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				for _, p := range dedupFingers {
					t, err := finger.Extract(gen.Impression(personID(i), p, 0), sim.PPI)
					if err != nil {
						continue
					}
					t.Position = uint8(p)
					people[i] = append(people[i], t)
				}
			}
		}()
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	b.Logf("generated and extracted %d synthetic people in %v", n, time.Since(start).Round(time.Second))
	if data, err := encodeTemplates(people); err == nil {
		os.WriteFile(cache, data, 0o600)
	}
	return people
}

func personID(i int) string { return fmt.Sprintf("SYN-%05d", i) }

func encodeTemplates(people [][]*finger.Template) ([]byte, error) {
	var buf bytes.Buffer
	for _, ts := range people {
		buf.WriteByte(byte(len(ts)))
		for _, t := range ts {
			iso, err := t.MarshalISO()
			if err != nil {
				return nil, err
			}
			buf.WriteByte(t.Position)
			binary.Write(&buf, binary.BigEndian, uint32(len(iso)))
			buf.Write(iso)
		}
	}
	return buf.Bytes(), nil
}

func decodeTemplates(data []byte, n int) ([][]*finger.Template, error) {
	r := bytes.NewReader(data)
	people := make([][]*finger.Template, n)
	for i := range people {
		k, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		for j := 0; j < int(k); j++ {
			pos, _ := r.ReadByte()
			var l uint32
			if err := binary.Read(r, binary.BigEndian, &l); err != nil || int(l) > r.Len() {
				return nil, fmt.Errorf("damaged cache")
			}
			iso := make([]byte, l)
			r.Read(iso)
			ts, err := finger.ParseISO(iso)
			if err != nil || len(ts) == 0 {
				return nil, fmt.Errorf("damaged cache: %v", err)
			}
			ts[0].Position = pos
			people[i] = append(people[i], ts[0])
		}
	}
	return people, nil
}

// BenchmarkDedupGenerated enrolls 10,000 people made by the simulator's generator and
// times the duplicate check of a planted re-enrollment (another impression of person
// 4242) and of a new applicant, through the station's index (the workflow's port).
func BenchmarkDedupGenerated(b *testing.B) {
	people := generatedTemplates(b, dedupPeople)
	fi := &fingerIndex{idx: finger.NewIndex()}
	for i, ts := range people {
		if err := fi.idx.Add(personID(i), ts); err != nil {
			b.Fatal(err)
		}
	}
	gen := sim.NewFingerGenerator(sim.FingerOptions{})
	applicant := func(identity string, imp int) *enroll.Record {
		r := &enroll.Record{ID: "NEW-" + identity}
		for _, p := range dedupFingers {
			img := gen.Impression(identity, p, imp)
			bd := img.Bounds()
			r.Fingers = append(r.Fingers, enroll.FingerCapture{Position: p, Sample: &enroll.Sample{Format: enroll.FormatGray8,
				Width: bd.Dx(), Height: bd.Dy(), PPI: sim.PPI, Data: img.Pix}})
		}
		return r
	}
	planted, stranger := applicant(personID(4242), 5), applicant("SYN-NEVER-ENROLLED", 0)
	var worst time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range []*enroll.Record{planted, stranger} {
			for f := range r.Fingers {
				r.Fingers[f].Template = nil // extraction is part of the check
			}
			start := time.Now()
			hits, err := fi.Search(context.Background(), r)
			d := time.Since(start)
			worst = max(worst, d)
			if err != nil {
				b.Fatal(err)
			}
			if r == planted && (len(hits) == 0 || hits[0].RecordID != personID(4242)) {
				b.Fatalf("planted re-enrollment of %s not found: %+v", personID(4242), hits)
			}
			if r == stranger && len(hits) != 0 {
				b.Fatalf("a new applicant matched %+v", hits)
			}
		}
	}
	b.Logf("%d people indexed; planted re-enrollment found; slowest check %v", fi.idx.Len(), worst)
	b.ReportMetric(worst.Seconds(), "dedup.10k_s")
}
