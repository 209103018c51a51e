package finger

import "math"

// Local structures: every minutia is joined to its nearest neighbours by directed
// edges, described in a way that does not change when the print is moved or rotated
// (Jiang & Yau 2000; SourceAFIS's edge table): the edge length, the edge direction seen
// from the start minutia, and the end minutia's direction seen from the start minutia.
// Angles are bytes, 256 to the turn, so differences wrap for free.
const (
	edgeNeighbours = 9   // edges per minutia
	edgeMinLen     = 10  // shorter edges have unreliable angles
	edgeMaxLen     = 170 // pixels
)

// point is a minutia in matcher form: image coordinates (y down) and an angle in
// 256ths of a turn, counter-clockwise in image coordinates.
type point struct {
	x, y float32
	a    uint8
}

// edge joins minutia i to minutia j.
type edge struct {
	i, j   uint8
	length float32
	alpha  uint8 // direction of i→j relative to minutia i
	beta   uint8 // direction of minutia j relative to minutia i
}

// Candidate is a template prepared for being compared with a Probe: its minutiae and
// local structures are computed once. A Candidate is immutable and safe to share.
type Candidate struct {
	pts   []point
	edges []edge
	// from[i] is the first edge leaving minutia i; edges leave minutiae in order.
	from []int32
}

// NewCandidate prepares t for comparison. Templates with more than 255 minutiae are cut
// to the 255 of best quality.
func NewCandidate(t *Template) *Candidate {
	ms := t.Minutiae
	if len(ms) > 255 {
		ms = bestMinutiae(ms, 255)
	}
	c := &Candidate{pts: make([]point, len(ms))}
	for i, m := range ms {
		// The template's angle is counter-clockwise on screen (y up); in image
		// coordinates (y down) the same direction has the opposite sign.
		c.pts[i] = point{x: float32(m.X), y: float32(m.Y), a: angleByte(-m.Angle)}
	}
	c.edges = buildEdges(c.pts)
	c.from = make([]int32, len(c.pts)+1)
	for _, e := range c.edges {
		c.from[e.i+1]++
	}
	for i := range c.pts {
		c.from[i+1] += c.from[i]
	}
	return c
}

// angleByte converts radians to 256ths of a turn.
func angleByte(a float64) uint8 {
	return uint8(int(math.Round(normAngle(a)*128/math.Pi)) & 255)
}

// buildEdges joins every minutia to its nearest neighbours, nearest first.
func buildEdges(pts []point) []edge {
	type nb struct {
		j  int
		d2 float32
	}
	out := make([]edge, 0, len(pts)*edgeNeighbours)
	var near [edgeNeighbours]nb
	for i, p := range pts {
		k := 0
		for j, q := range pts {
			dx, dy := q.x-p.x, q.y-p.y
			d2 := dx*dx + dy*dy
			if j == i || d2 < edgeMinLen*edgeMinLen || d2 > edgeMaxLen*edgeMaxLen {
				continue
			}
			if k == edgeNeighbours && d2 >= near[k-1].d2 {
				continue
			}
			if k < edgeNeighbours {
				k++
			}
			at := k - 1
			for at > 0 && near[at-1].d2 > d2 {
				near[at] = near[at-1]
				at--
			}
			near[at] = nb{j, d2}
		}
		for _, n := range near[:k] {
			q := pts[n.j]
			dir := angleByte(math.Atan2(float64(q.y-p.y), float64(q.x-p.x)))
			out = append(out, edge{
				i: uint8(i), j: uint8(n.j), length: float32(math.Sqrt(float64(n.d2))),
				alpha: dir - p.a, beta: q.a - p.a,
			})
		}
	}
	return out
}
