package sim

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/rekam-id/rekam/app/refdata"
)

// TestOrientationMeasureOnFVC checks the yardstick of TestGenuineVersusImpostor on
// real fingerprints (FVC2002 DB1 B): the measure must tell impressions of one finger
// from those of different fingers there too, or it would prove nothing about the
// generator. It also compares the simple quality of real and synthetic impressions.
func TestOrientationMeasureOnFVC(t *testing.T) {
	dir := refdata.Path(t, "fingerprints/fvc2002-db1b")
	var fields [10][2]orientField
	var realQ float64
	for f := 0; f < 10; f++ {
		for k := 0; k < 2; k++ {
			img := refdata.Gray(t, filepath.Join(dir, fmt.Sprintf("%d_%d.png", 101+f, 1+k)))
			fields[f][k] = blockOrientation(img, 16)
			realQ += float64(SimpleQuality(img)) / 20
		}
	}
	score := func(a, b orientField) float64 { return similarity(a, b, 24*math.Pi/180, 4*math.Pi/180, 56, 8) }
	var gen, imp float64
	for f := 0; f < 10; f++ {
		gen += score(fields[f][0], fields[f][1]) / 10
		imp += score(fields[f][0], fields[(f+1)%10][0]) / 20
		imp += score(fields[f][1], fields[(f+3)%10][1]) / 20
	}
	var synQ float64
	for i := 0; i < 10; i++ {
		synQ += float64(SimpleQuality(testGenerator().Impression(fmt.Sprintf("q-%d", i), 2, 0))) / 10
	}
	t.Logf("FVC2002 DB1 B: genuine mean %.3f, impostor mean %.3f; simple quality real %.0f, synthetic %.0f", gen, imp, realQ, synQ)
	if gen < imp+0.1 {
		t.Errorf("on real prints the measure does not separate: genuine %.3f, impostor %.3f", gen, imp)
	}
}
