package finger

import "testing"

// TestInteroperability runs our matcher on the other extractor's ISO templates beside
// the FVC images and compares the EER with the one on our own templates.
func TestInteroperability(t *testing.T) {
	const name = "fvc2002-db1b"
	theirs := loadISO(t, name)
	ours := loadFVC(t, name)
	rt := runProtocol(theirs)
	ro := runProtocol(&ours.templates)
	eerT, _, _, _ := rates(rt.genuineScores(), rt.impostor)
	eerO, _, _, _ := rates(ro.genuineScores(), ro.impostor)
	t.Logf("%s EER: %.2f %% on the ISO templates of the other extractor, %.2f %% on ours", name, eerT, eerO)
	if d := eerT - eerO; d > 5 || d < -5 {
		t.Errorf("EER on foreign templates %.2f %% differs from ours %.2f %% by more than 5 points", eerT, eerO)
	}
}
