package finger

// Binary morphology on the block grid, 4-connected.

func dilate(m []bool, w, h int) []bool {
	out := make([]bool, len(m))
	for y := range h {
		for x := range w {
			i := y*w + x
			out[i] = m[i] || (x > 0 && m[i-1]) || (x < w-1 && m[i+1]) ||
				(y > 0 && m[i-w]) || (y < h-1 && m[i+w])
		}
	}
	return out
}

func erode(m []bool, w, h int) []bool {
	out := make([]bool, len(m))
	for y := range h {
		for x := range w {
			i := y*w + x
			out[i] = m[i] && x > 0 && m[i-1] && x < w-1 && m[i+1] &&
				y > 0 && m[i-w] && y < h-1 && m[i+w]
		}
	}
	return out
}

// label gives every 4-connected region of cells equal to want a label from 1 and
// returns the labels and each label's size (index 0 unused).
func label(m []bool, w, h int, want bool) ([]int32, []int) {
	lab := make([]int32, len(m))
	sizes := []int{0}
	stack := make([]int, 0, 64)
	for s := range m {
		if m[s] != want || lab[s] != 0 {
			continue
		}
		id := int32(len(sizes))
		size := 0
		lab[s] = id
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := i%w, i/w
			for _, j := range [4]int{i - 1, i + 1, i - w, i + w} {
				switch {
				case j == i-1 && x == 0, j == i+1 && x == w-1, j < 0, j >= len(m), y == 0 && j == i-w:
					continue
				}
				if m[j] == want && lab[j] == 0 {
					lab[j] = id
					stack = append(stack, j)
				}
			}
		}
		sizes = append(sizes, size)
	}
	return lab, sizes
}

// keepLargest clears every true region but the largest.
func keepLargest(m []bool, w, h int) {
	lab, sizes := label(m, w, h, true)
	best := 0
	for i := 1; i < len(sizes); i++ {
		if best == 0 || sizes[i] > sizes[best] {
			best = i
		}
	}
	for i := range m {
		m[i] = m[i] && int(lab[i]) == best
	}
}

// fillHoles sets every false region that does not touch the border.
func fillHoles(m []bool, w, h int) {
	lab, sizes := label(m, w, h, false)
	touches := make([]bool, len(sizes))
	for x := range w {
		touches[lab[x]] = true
		touches[lab[(h-1)*w+x]] = true
	}
	for y := range h {
		touches[lab[y*w]] = true
		touches[lab[y*w+w-1]] = true
	}
	for i := range m {
		if !m[i] && !touches[lab[i]] {
			m[i] = true
		}
	}
}
