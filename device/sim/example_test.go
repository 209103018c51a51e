package sim_test

import (
	"context"
	"fmt"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/device/sim"
)

// A training station wires the simulators in place of hardware; the scanner is told
// whose fingers to simulate as each applicant comes to the desk.
func Example() {
	scanner := sim.NewFingerScanner(sim.ScannerOptions{CaptureDelay: -1})
	scanner.SetSubject("3313012345670001")
	s, err := scanner.Capture(context.Background(), enroll.RightIndex, enroll.DefaultFingerQuality)
	fmt.Println(s.Image.Bounds().Dx(), s.Image.Bounds().Dy(), s.PPI, err == nil || enroll.IsKind(err, enroll.KindLowQuality))

	scanner.Fail(sim.FaultDisconnect)
	_, err = scanner.Capture(context.Background(), enroll.RightIndex, 0)
	fmt.Println(enroll.KindOf(err), scanner.Status())
	// Output:
	// 400 500 500 true
	// not connected not_connected
}
