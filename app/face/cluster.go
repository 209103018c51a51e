package face

import (
	"math"
	"sort"

	pigo "github.com/esimov/pigo/core"
)

// candidate is a square window: centre row r, column c, side s and score q.
type candidate struct{ r, c, s, q float64 }

// maxRaw bounds the quadratic clustering on pathological inputs; real photos give tens to
// a few hundred raw detections.
const maxRaw = 4000

// overlap returns the intersection over union of two square windows.
func overlap(a, b candidate) float64 {
	ix := math.Min(a.c+a.s/2, b.c+b.s/2) - math.Max(a.c-a.s/2, b.c-b.s/2)
	iy := math.Min(a.r+a.s/2, b.r+b.s/2) - math.Max(a.r-a.s/2, b.r-b.s/2)
	if ix <= 0 || iy <= 0 {
		return 0
	}
	inter := ix * iy
	return inter / (a.s*a.s + b.s*b.s - inter)
}

// cluster groups raw detections into connected components of windows that overlap by more
// than iou (as in the pico paper), and returns one candidate per component: the mean
// window, with the summed score.
func cluster(raw []pigo.Detection, iou float64) []candidate {
	if len(raw) > maxRaw {
		sort.Slice(raw, func(i, j int) bool { return raw[i].Q > raw[j].Q })
		raw = raw[:maxRaw]
	}
	dets := make([]candidate, len(raw))
	for i, d := range raw {
		dets[i] = candidate{float64(d.Row), float64(d.Col), float64(d.Scale), float64(d.Q)}
	}
	label := make([]int, len(dets))
	for i := range label {
		label[i] = -1
	}
	var out []candidate
	var stack []int
	for i := range dets {
		if label[i] >= 0 {
			continue
		}
		id := len(out)
		label[i] = id
		stack = append(stack[:0], i)
		var sum candidate
		n := 0
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			d := dets[j]
			sum.r, sum.c, sum.s, sum.q = sum.r+d.r, sum.c+d.c, sum.s+d.s, sum.q+d.q
			n++
			for m := range dets {
				if label[m] < 0 && overlap(d, dets[m]) > iou {
					label[m] = id
					stack = append(stack, m)
				}
			}
		}
		fn := float64(n)
		out = append(out, candidate{sum.r / fn, sum.c / fn, sum.s / fn, sum.q})
	}
	return out
}

// suppress drops candidates scoring below minScore and, strongest first, any candidate whose
// centre falls inside a stronger one or that overlaps it by more than 30 %: one face seen at
// two scales is still one face.
func suppress(cands []candidate, minScore float64) []candidate {
	sort.Slice(cands, func(i, j int) bool { return cands[i].q > cands[j].q })
	var kept []candidate
	for _, c := range cands {
		if c.q < minScore {
			break
		}
		ok := true
		for _, k := range kept {
			inside := math.Abs(c.c-k.c) < k.s/2 && math.Abs(c.r-k.r) < k.s/2
			if inside || overlap(c, k) > 0.3 {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, c)
		}
	}
	return kept
}
