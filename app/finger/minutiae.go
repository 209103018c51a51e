package finger

import "math"

// candidate is a minutia found on the skeleton, before the spurious ones are removed.
type candidate struct {
	x, y  int
	kind  Kind
	angle float64 // image coordinates (y down), pointing away from the ridge or stem
	drop  bool
	why   dropRule // the first rule that dropped it, for diagnostics
}

// dropRule names the rule that found a candidate spurious.
type dropRule uint8

// The rules of skeletonMinutiae, in the order they are applied.
const (
	keep                dropRule = iota
	dropBranches                 // not one (ending) or three (bifurcation) lines leave it
	dropShortRidge               // an ending meets another minutia within shortRidge periods
	dropDuplicate                // a second junction pixel of the same bifurcation
	dropBifurcationPair          // two bifurcations joined by a very short line
	dropSpur                     // a bifurcation joined to an ending by a short line
	dropBridge                   // a bifurcation branch crossing the ridge flow
	dropBrokenRidge              // two endings facing each other across a small gap
	dropBorder                   // too close to the edge of the print
)

// Spurious-minutia distances in ridge periods. Measured on FVC2002 DB1_B and DB2_B:
// removing less than the usual 1.5–2 periods keeps many true minutiae (ridges that
// really end close to a junction) and lowered the EER by more than a point.
const (
	shortRidge      = 0.8
	bifurcationPair = 0.7
	spurLen         = 0.8
	traceLen        = 1.2 // the direction is read this far along the line
)

// dropFor marks c as spurious by rule why.
func (c *candidate) dropFor(why dropRule) {
	if !c.drop {
		c.drop, c.why = true, why
	}
}

// traceResult is where a walk along a skeleton line stopped.
type traceResult struct {
	x, y  int // pixel reached after dirSteps steps (or the last one)
	steps int
	hit   int // index of the candidate met, or -1
	hitAt int // steps when it was met
}

// skeletonMinutiae finds ridge endings and bifurcations by crossing number and removes
// the spurious ones: short ridges and islands, spurs, bridges and lakes, broken ridges,
// and everything close to the edge of the print.
func skeletonMinutiae(f *field, sk []bool) []candidate {
	cs := detectMinutiae(f, sk)
	out := cs[:0]
	for _, c := range cs {
		if !c.drop {
			out = append(out, c)
		}
	}
	return out
}

// detectMinutiae returns every crossing-number minutia of the skeleton, the spurious
// ones marked as dropped.
func detectMinutiae(f *field, sk []bool) []candidate {
	w, h := f.w, f.h
	at := make([]int32, w*h)
	for i := range at {
		at[i] = -1
	}
	var cs []candidate
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if !sk[i] {
				continue
			}
			switch crossing[neighbours(sk, i, w)] {
			case 1:
				at[i] = int32(len(cs))
				cs = append(cs, candidate{x: x, y: y, kind: KindEnding})
			case 3:
				at[i] = int32(len(cs))
				cs = append(cs, candidate{x: x, y: y, kind: KindBifurcation})
			}
		}
	}
	period := func(c *candidate) float64 { return float64(f.period[f.at(c.x, c.y)]) }
	for ci := range cs {
		c := &cs[ci]
		short := int(shortRidge * period(c))
		dirSteps := int(traceLen * period(c))
		i := c.y*w + c.x
		starts := branchStarts(sk, i, w)
		if c.kind == KindEnding {
			if len(starts) != 1 {
				c.dropFor(dropBranches)
				continue
			}
			r := trace(sk, at, w, i, starts[0], starts, max(short, dirSteps), dirSteps)
			if r.hit >= 0 && r.hitAt <= short {
				c.dropFor(dropShortRidge)
				cs[r.hit].dropFor(dropShortRidge)
			}
			c.angle = math.Atan2(float64(r.y-c.y), float64(r.x-c.x))
			continue
		}
		if len(starts) != 3 {
			c.dropFor(dropBranches)
			continue
		}
		var dirs [3]float64
		for b, s := range starts {
			r := trace(sk, at, w, i, s, starts, max(short, dirSteps), dirSteps)
			if r.hit >= 0 && r.hit != ci {
				o := &cs[r.hit]
				close := r.hitAt <= 3
				if o.kind == KindBifurcation && (close || r.hitAt <= int(bifurcationPair*period(c))) {
					if close {
						// Two junction pixels of one bifurcation: keep one.
						if r.hit > ci {
							o.dropFor(dropDuplicate)
						}
					} else {
						c.dropFor(dropBifurcationPair)
						o.dropFor(dropBifurcationPair)
					}
				}
				if o.kind == KindEnding && r.hitAt <= int(spurLen*period(c)) {
					c.dropFor(dropSpur)
					o.dropFor(dropSpur)
				}
			}
			dirs[b] = math.Atan2(float64(r.y-c.y), float64(r.x-c.x))
		}
		// The two branches closest in direction are the forks; the minutia points
		// between them, away from the stem.
		bi, bj, bd := 0, 1, math.Inf(1)
		for a := range 3 {
			for b := a + 1; b < 3; b++ {
				if d := angleDiff(dirs[a], dirs[b]); d < bd {
					bi, bj, bd = a, b, d
				}
			}
		}
		c.angle = math.Atan2(math.Sin(dirs[bi])+math.Sin(dirs[bj]), math.Cos(dirs[bi])+math.Cos(dirs[bj]))
		// A true bifurcation's branches all run with the ridges; a bridge across a
		// valley leaves at a steep angle to them.
		th := f.angleAt(f.at(c.x, c.y))
		for _, d := range dirs {
			if axisDiff(d, th) > bridgeAngle {
				c.dropFor(dropBridge)
			}
		}
	}
	removeBrokenRidges(cs, f)
	border := 1.0 * defaultPeriod
	for ci := range cs {
		c := &cs[ci]
		if c.drop {
			continue
		}
		for k := range 16 {
			a := float64(k) * math.Pi / 8
			if !f.inside(c.x+int(border*math.Cos(a)), c.y+int(border*math.Sin(a))) {
				c.dropFor(dropBorder)
				break
			}
		}
	}
	return cs
}

// removeBrokenRidges drops pairs of endings that face each other across a short gap:
// one ridge interrupted by a crease or a dry patch.
func removeBrokenRidges(cs []candidate, f *field) {
	for i := range cs {
		a := &cs[i]
		if a.kind != KindEnding {
			continue
		}
		gap := 2.0 * float64(f.period[f.at(a.x, a.y)])
		for j := i + 1; j < len(cs); j++ {
			b := &cs[j]
			if b.kind != KindEnding {
				continue
			}
			dx, dy := float64(b.x-a.x), float64(b.y-a.y)
			d := math.Hypot(dx, dy)
			if d > gap || d == 0 {
				continue
			}
			// Facing: opposite directions (each points into its own ridge), and the gap
			// lies along them.
			if angleDiff(a.angle, b.angle+math.Pi) > math.Pi/4 {
				continue
			}
			ab := math.Atan2(dy, dx)
			if angleDiff(a.angle, ab+math.Pi) < math.Pi/3 && angleDiff(b.angle, ab) < math.Pi/3 {
				a.dropFor(dropBrokenRidge)
				b.dropFor(dropBrokenRidge)
			}
		}
	}
}

// branchStarts returns the first pixel of each line leaving pixel i: one per run of set
// neighbours, preferring a 4-neighbour within the run.
func branchStarts(sk []bool, i, w int) []int {
	b := neighbours(sk, i, w)
	var out []int
	for k := range 8 {
		if b&(1<<k) == 0 || b&(1<<((k+7)&7)) != 0 {
			continue // not the first of a run
		}
		pick := k
		for j := k; b&(1<<(j&7)) != 0 && j < k+8; j++ {
			if (j&7)%2 == 0 {
				pick = j & 7
				break
			}
		}
		out = append(out, i+nbrDY[pick]*w+nbrDX[pick])
	}
	return out
}

// trace walks along the skeleton from pixel `from` through `first` for at most maxSteps
// steps, stopping at the first other minutia. The pixels in skip (the other branches of
// the start) are never entered.
func trace(sk []bool, at []int32, w, from, first int, skip []int, maxSteps, dirSteps int) traceResult {
	r := traceResult{hit: -1}
	var recent [4]int
	for k := range recent {
		recent[k] = from
	}
	seen := func(j int) bool {
		if j == from {
			return true
		}
		for _, s := range skip {
			if s == j {
				return true
			}
		}
		for _, s := range recent {
			if s == j {
				return true
			}
		}
		return false
	}
	cur := first
	for step := 1; ; step++ {
		if step <= dirSteps || r.steps == 0 {
			r.x, r.y, r.steps = cur%w, cur/w, step
		}
		if at[cur] >= 0 {
			r.hit, r.hitAt = int(at[cur]), step
			return r
		}
		if step >= maxSteps {
			return r
		}
		recent[step&3] = cur
		next := -1
		for _, k := range [8]int{0, 2, 4, 6, 1, 3, 5, 7} {
			j := cur + nbrDY[k]*w + nbrDX[k]
			if sk[j] && !seen(j) {
				next = j
				break
			}
		}
		if next < 0 {
			return r
		}
		cur = next
	}
}

// bridgeAngle is how far a bifurcation's branch may turn from the local ridge
// orientation: beyond it the branch crosses a valley and the "bifurcation" is one end
// of a bridge made by enhancement noise (50° measured best on FVC2002 DB1_B/DB2_B).
const bridgeAngle = 50 * math.Pi / 180

// axisDiff is the difference in [0, π/2] between direction a and the undirected
// orientation th.
func axisDiff(a, th float64) float64 {
	d := angleDiff(a, th)
	return min(d, math.Pi-d)
}
