package finger

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// The index pre-selects people by voting: every enrolled finger files its shortest
// edges under a coarse (length, alpha, beta) key, per finger position. An applicant's
// edges look up their keys and vote for the people filed there; only the people with
// the most votes over all fingers are compared in full. The voting costs a few memory
// reads per enrolled edge that shares a key, so a search grows with the number of
// people far more slowly than fingers × people full comparisons would.
const (
	idxNeighbours = 4  // edges per minutia that are filed
	idxLenBin     = 12 // pixels
	idxLenBins    = edgeMaxLen/idxLenBin + 1
	idxAngBins    = 16
	idxKeys       = idxLenBins * idxAngBins * idxAngBins
	// shortlist is how many people, best voted first, are compared in full.
	shortlist = 64
	positions = 11 // finger positions 0 (unknown) to 10
)

// Hit is an enrolled person whose fingers match an applicant's.
type Hit struct {
	// PersonID is the identifier the person was added with.
	PersonID string
	// Score is the sum of the matching fingers' scores.
	Score float64
	// Fingers is how many of the applicant's fingers matched, each at or above
	// Threshold.
	Fingers int
}

// MinMatchingFingers is how many fingers of an applicant must match one enrolled person
// for a duplicate ("data ganda"): a single finger can be a chance match among many people.
const MinMatchingFingers = 2

// Duplicate reports whether h is a duplicate of an applicant who presented probeFingers
// fingers: MinMatchingFingers of them matched, or all of them when fewer were presented.
func (h Hit) Duplicate(probeFingers int) bool {
	need := min(MinMatchingFingers, probeFingers)
	return need > 0 && h.Fingers >= need
}

type person struct {
	id    string
	cands [positions]*Candidate
	alive bool
}

// Index holds enrolled people's finger templates for duplicate checks. Search may run
// concurrently with itself and with Add and Remove. The zero Index is not usable; call
// NewIndex.
type Index struct {
	mu     sync.RWMutex
	people []person
	byID   map[string]int32
	// posting[position][key] lists the slots of people filed under key; a slot
	// appears once per filed edge.
	posting [positions][][]int32
	removed int
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	x := &Index{byID: map[string]int32{}}
	for p := range x.posting {
		x.posting[p] = make([][]int32, idxKeys)
	}
	return x
}

// Len returns the number of people enrolled.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// Add enrolls a person with up to ten finger templates; each template's Position says
// which finger it is (0 when unknown, in which case it is only compared with other
// unknown fingers). Adding an ID that is already enrolled replaces its fingers.
func (x *Index) Add(personID string, fingers []*Template) error {
	if personID == "" {
		return fmt.Errorf("index add: empty person ID")
	}
	pr := person{id: personID, alive: true}
	for _, t := range fingers {
		if t == nil {
			continue
		}
		if int(t.Position) >= positions {
			return fmt.Errorf("index add %s: finger position %d out of range", personID, t.Position)
		}
		if pr.cands[t.Position] != nil {
			return fmt.Errorf("index add %s: finger position %d given twice", personID, t.Position)
		}
		pr.cands[t.Position] = NewCandidate(t)
	}
	keys := make([][]uint16, positions)
	for p, c := range pr.cands {
		if c != nil {
			keys[p] = indexKeys(c)
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if old, ok := x.byID[personID]; ok {
		x.people[old].alive = false
		x.removed++
	}
	slot := int32(len(x.people))
	x.people = append(x.people, pr)
	x.byID[personID] = slot
	for p, ks := range keys {
		for _, k := range ks {
			x.posting[p][k] = append(x.posting[p][k], slot)
		}
	}
	return nil
}

// Remove takes a person out of the index and reports whether they were enrolled. The
// person's filed edges are skipped from then on and their memory is kept until the
// index is rebuilt.
func (x *Index) Remove(personID string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	slot, ok := x.byID[personID]
	if !ok {
		return false
	}
	x.people[slot].alive = false
	x.people[slot].cands = [positions]*Candidate{}
	delete(x.byID, personID)
	x.removed++
	return true
}

// Search returns the enrolled people with at least one finger matching the applicant's
// fingers (a score at or above Threshold on the same finger position), best first.
func (x *Index) Search(fingers []*Template) []Hit {
	type probeAt struct {
		pos   int
		probe *Probe
		keys  []uint16
	}
	var probes []probeAt
	for _, t := range fingers {
		if t == nil || int(t.Position) >= positions || len(t.Minutiae) < 2 {
			continue
		}
		pr := Prepare(t)
		probes = append(probes, probeAt{int(t.Position), pr, indexKeys(&pr.Candidate)})
	}
	if len(probes) == 0 {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	votes := make([]uint32, len(x.people))
	for _, pa := range probes {
		post := x.posting[pa.pos]
		for _, k := range pa.keys {
			for _, slot := range post[k] {
				votes[slot]++
			}
		}
	}
	short := topSlots(votes, x.people, shortlist)
	hits := make([]Hit, len(short))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				pr := &x.people[short[i]]
				h := Hit{PersonID: pr.id}
				for _, pa := range probes {
					c := pr.cands[pa.pos]
					if c == nil {
						continue
					}
					if s := pa.probe.Compare(c); s >= Threshold {
						h.Score += s
						h.Fingers++
					}
				}
				hits[i] = h
			}
		}()
	}
	for i := range short {
		work <- i
	}
	close(work)
	wg.Wait()
	out := hits[:0]
	for _, h := range hits {
		if h.Fingers > 0 {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].PersonID < out[j].PersonID
	})
	return out
}

// topSlots returns up to n live slots with the most votes.
func topSlots(votes []uint32, people []person, n int) []int32 {
	var out []int32
	for s, v := range votes {
		if v > 0 && people[s].alive {
			out = append(out, int32(s))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if votes[out[i]] != votes[out[j]] {
			return votes[out[i]] > votes[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// indexKeys returns the distinct coarse keys of a template's shortest edges.
func indexKeys(c *Candidate) []uint16 {
	seen := make(map[uint16]struct{}, len(c.edges))
	var out []uint16
	for i := range c.pts {
		es := c.edges[c.from[i]:c.from[i+1]]
		if len(es) > idxNeighbours {
			es = es[:idxNeighbours]
		}
		for _, e := range es {
			l := min(int(e.length/idxLenBin), idxLenBins-1)
			k := uint16((l*idxAngBins+int(e.alpha>>4))*idxAngBins + int(e.beta>>4))
			if _, ok := seen[k]; !ok {
				seen[k] = struct{}{}
				out = append(out, k)
			}
		}
	}
	return out
}
