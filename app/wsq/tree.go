package wsq

// The decomposition is a fixed tree of 20 two-dimensional splits ("nodes"). Node 0
// covers the whole image; every split turns its rectangle into four quadrants
// (top-left, top-right, bottom-left, bottom-right) which are either split again or
// are subbands. Subbands are numbered by the specification's figure: 0..59 are coded,
// 60..63 (the finest diagonal quadrant) are always discarded.
//
// A quadrant's position fixes how its own split stores the bands: a top-right node
// keeps the high-pass half of each row on the left (its rows are "inverted"), a
// bottom-left node keeps the high-pass half of each column on top, a bottom-right
// node does both. The low-pass half of a line of n samples has ceil(n/2) samples,
// the high-pass half floor(n/2).

const (
	numNodes    = 20
	numSubbands = 64 // subbands described by the quantization table
	numCoded    = 60 // subbands 60..63 are never transmitted
)

// rect is a rectangle of the coefficient plane, in pixels.
type rect struct{ x, y, w, h int }

// node is one 2-D split of the decomposition.
type node struct {
	rect
	invRow bool // high-pass half stored first along x
	invCol bool // high-pass half stored first along y
}

// quadrants returns the top-left, top-right, bottom-left and bottom-right quadrants
// of n after its split.
func (n node) quadrants() [4]rect {
	left := (n.w + 1) / 2
	if n.invRow {
		left = n.w / 2
	}
	top := (n.h + 1) / 2
	if n.invCol {
		top = n.h / 2
	}
	return [4]rect{
		{n.x, n.y, left, top},
		{n.x + left, n.y, n.w - left, top},
		{n.x, n.y + top, left, n.h - top},
		{n.x + left, n.y + top, n.w - left, n.h - top},
	}
}

// child codes in nodeChildren: a value v >= 0 is node v, a value v < 0 is subband -1-v,
// and none marks the discarded quadrant of node 0.
const none = -1000

func sb(k int) int { return -1 - k }

// nodeChildren lists, for each node, what its four quadrants become.
var nodeChildren = [numNodes][4]int{
	0:  {1, 2, 3, none},
	1:  {14, 4, 5, sb(51)},
	2:  {sb(52), sb(53), sb(54), sb(55)},
	3:  {sb(56), sb(57), sb(58), sb(59)},
	4:  {6, 7, 8, 9},
	5:  {10, 11, 12, 13},
	6:  {sb(19), sb(20), sb(21), sb(22)},
	7:  {sb(23), sb(24), sb(25), sb(26)},
	8:  {sb(27), sb(28), sb(29), sb(30)},
	9:  {sb(31), sb(32), sb(33), sb(34)},
	10: {sb(35), sb(36), sb(37), sb(38)},
	11: {sb(39), sb(40), sb(41), sb(42)},
	12: {sb(43), sb(44), sb(45), sb(46)},
	13: {sb(47), sb(48), sb(49), sb(50)},
	14: {15, 16, 17, 18},
	15: {19, sb(4), sb(5), sb(6)},
	16: {sb(7), sb(8), sb(9), sb(10)},
	17: {sb(11), sb(12), sb(13), sb(14)},
	18: {sb(15), sb(16), sb(17), sb(18)},
	19: {sb(0), sb(1), sb(2), sb(3)},
}

// layout is the geometry of the decomposition for one image size.
type layout struct {
	width, height int
	nodes         [numNodes]node
	subbands      [numCoded]rect
}

// newLayout computes the node and subband rectangles for a width x height image.
func newLayout(width, height int) *layout {
	l := &layout{width: width, height: height}
	l.place(0, node{rect: rect{0, 0, width, height}})
	return l
}

func (l *layout) place(i int, n node) {
	l.nodes[i] = n
	for q, r := range n.quadrants() {
		c := nodeChildren[i][q]
		switch {
		case c == none:
		case c >= 0:
			l.place(c, node{rect: r, invRow: q&1 == 1, invCol: q&2 == 2})
		default:
			l.subbands[-1-c] = r
		}
	}
}
