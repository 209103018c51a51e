package finger

import (
	"fmt"
	"math"
	"os"
	"testing"
)

func TestDebugAngles(t *testing.T) {
	if os.Getenv("FANG") == "" {
		t.Skip()
	}
	s := loadFVC(t, "fvc2002-db1b")
	th := loadISO(t, "fvc2002-db1b")
	hist := map[string][12]int{}
	near, total, theirsN := 0, 0, 0
	for f := range 10 {
		for i := range 8 {
			a, b := s.templates[f][i], th[f][i]
			sx, sy := float64(a.Width)/float64(b.Width), float64(a.Height)/float64(b.Height)
			theirsN += len(b.Minutiae)
			for _, m := range a.Minutiae {
				total++
				bd, bj := 1e9, -1
				for j, n := range b.Minutiae {
					d := math.Hypot(float64(m.X)-float64(n.X)*sx, float64(m.Y)-float64(n.Y)*sy)
					if d < bd {
						bd, bj = d, j
					}
				}
				if bd > 6 {
					continue
				}
				near++
				n := b.Minutiae[bj]
				// their angle in unscaled space
				na := math.Atan2(math.Sin(n.Angle)*sy, math.Cos(n.Angle)*sx)
				d := normAngle(m.Angle - na)
				key := fmt.Sprintf("%d-%d", m.Kind, n.Kind)
				h := hist[key]
				h[int(d/(2*math.Pi)*12)%12]++
				hist[key] = h
			}
		}
	}
	t.Logf("ours %d theirs %d near %d", total, theirsN, near)
	for k, h := range hist {
		t.Logf("%s %v", k, h)
	}
}

func TestDebugHist(t *testing.T) {
	if os.Getenv("FHIST") == "" {
		t.Skip()
	}
	s := loadFVC(t, "fvc2002-db1b")
	th := loadISO(t, "fvc2002-db1b")
	for k, ts := range []*[10][8]*Template{&s.templates, th} {
		var gp, ip [40]int
		for f := range 10 {
			for i := range 8 {
				for j := i + 1; j < 8; j++ {
					m := Prepare(ts[f][i]).match(NewCandidate(ts[f][j]))
					gp[min(m.paired, 39)]++
				}
				for g := range 10 {
					if g != f {
						m := Prepare(ts[f][i]).match(NewCandidate(ts[g][i]))
						ip[min(m.paired, 39)]++
					}
				}
			}
		}
		t.Logf("%d gen %v", k, gp)
		t.Logf("%d imp %v", k, ip)
	}
}

func TestDebugFeatures(t *testing.T) {
	if os.Getenv("FFEAT") == "" {
		t.Skip()
	}
	fo, _ := os.Create("/tmp/feat.txt")
	defer fo.Close()
	for _, name := range []string{"fvc2002-db1b", "fvc2002-db2b"} {
		s := loadFVC(t, name)
		th := loadISO(t, name)
		for k, ts := range []*[10][8]*Template{&s.templates, th} {
			for f := range 10 {
				for i := range 8 {
					for j := i + 1; j < 8; j++ {
						m := Prepare(ts[f][i]).match(NewCandidate(ts[f][j]))
						fmt.Fprintf(fo, "%s %d G %d %d %d %d\n", name, k, m.paired, m.supported, m.nA, m.nB)
					}
					for g := range 10 {
						if g != f {
							m := Prepare(ts[f][i]).match(NewCandidate(ts[g][i]))
							fmt.Fprintf(fo, "%s %d I %d %d %d %d\n", name, k, m.paired, m.supported, m.nA, m.nB)
						}
					}
				}
			}
		}
	}
}
