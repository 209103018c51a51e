package finger

// Neighbour bits of a pixel, clockwise from north: N NE E SE S SW W NW.
var nbrDX = [8]int{0, 1, 1, 1, 0, -1, -1, -1}
var nbrDY = [8]int{-1, -1, 0, 1, 1, 1, 0, -1}

// crossing[b] is the crossing number of neighbourhood b (Rutovitz): half the number of
// 0/1 changes around the pixel. 1 is a ridge ending, 2 a ridge, 3 a bifurcation.
var crossing [256]uint8

// thinDel[pass][b] says whether Zhang–Suen deletes a pixel with neighbourhood b.
var thinDel [2][256]bool

func init() {
	for b := range 256 {
		p := func(i int) int { return (b >> (i & 7)) & 1 }
		t, n := 0, 0
		for i := range 8 {
			if p(i) == 0 && p(i+1) == 1 {
				t++
			}
			n += p(i)
		}
		c := 0
		for i := range 8 {
			if p(i) != p(i+1) {
				c++
			}
		}
		crossing[b] = uint8(c / 2)
		if n < 2 || n > 6 || t != 1 {
			continue
		}
		// N=0 NE=1 E=2 SE=3 S=4 SW=5 W=6 NW=7
		thinDel[0][b] = p(0)*p(2)*p(4) == 0 && p(2)*p(4)*p(6) == 0
		thinDel[1][b] = p(0)*p(2)*p(6) == 0 && p(0)*p(4)*p(6) == 0
	}
}

// neighbours returns the 8-neighbourhood bit pattern of pixel i in a w-wide binary
// image that has a one-pixel false border.
func neighbours(m []bool, i, w int) uint8 {
	var b uint8
	offs := [8]int{-w, -w + 1, 1, w + 1, w, w - 1, -1, -w - 1}
	for k, o := range offs {
		if m[i+o] {
			b |= 1 << k
		}
	}
	return b
}

// cleanRidges removes ridge specks and fills valley pores smaller than minArea pixels.
func cleanRidges(r []bool, w, h, minArea int) {
	for _, want := range []bool{true, false} {
		lab, sizes := label(r, w, h, want)
		for i := range r {
			if r[i] == want && sizes[lab[i]] < minArea {
				r[i] = !want
			}
		}
	}
}

// thin reduces the ridge map to one-pixel-wide, 8-connected lines (Zhang & Suen 1984,
// then removal of the redundant corner pixels of staircases). The image border is
// cleared first.
func thin(r []bool, w, h int) {
	for x := range w {
		r[x], r[(h-1)*w+x] = false, false
	}
	for y := range h {
		r[y*w], r[y*w+w-1] = false, false
	}
	live := make([]int, 0, len(r)/3)
	for i, v := range r {
		if v {
			live = append(live, i)
		}
	}
	del := make([]int, 0, len(live))
	for changed := true; changed; {
		changed = false
		for pass := range 2 {
			del = del[:0]
			for _, i := range live {
				if r[i] && thinDel[pass][neighbours(r, i, w)] {
					del = append(del, i)
				}
			}
			for _, i := range del {
				r[i] = false
			}
			changed = changed || len(del) > 0
		}
		k := 0
		for _, i := range live {
			if r[i] {
				live[k] = i
				k++
			}
		}
		live = live[:k]
	}
	// A corner pixel whose two 4-neighbours touch diagonally is redundant.
	for _, i := range live {
		b := neighbours(r, i, w)
		has := func(k int) bool { return b&(1<<k) != 0 }
		for c := 0; c < 8; c += 2 {
			a, d := c, (c+2)&7
			opp := [3]int{(c + 4) & 7, (c + 5) & 7, (c + 6) & 7}
			if has(a) && has(d) && !has(opp[0]) && !has(opp[1]) && !has(opp[2]) {
				r[i] = false
				break
			}
		}
	}
}
