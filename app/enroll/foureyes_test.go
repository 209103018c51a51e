package enroll_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/enroll/enrolltest"
)

// TestFourEyes: the supervisor who approves an override or a finger exception is not the
// operator who recorded the applicant, unless the office turned the rule off (training).
func TestFourEyes(t *testing.T) {
	ctx := context.Background()
	for _, self := range []bool{false, true} {
		n := 0
		svc := enroll.NewService(enroll.Config{Repo: enrolltest.NewMemRepo(), Clock: time.Now, Station: "S",
			NewID: func() string { n++; return fmt.Sprintf("R%d", n) }, AllowSelfApproval: self})
		r, err := svc.Start(ctx, enroll.RequestNew, "A-001", "latihan")
		if err != nil {
			t.Fatal(err)
		}
		err = svc.Override(ctx, r, enroll.OverrideRerecordNIK, "R0", "latihan", "sama orang")
		if self != (err == nil) || (!self && enroll.KindOf(err) != enroll.KindPermission) {
			t.Errorf("self-approval allowed=%v: Override by the recorder = %v", self, err)
		}
		err = svc.SetFingerException(ctx, r, enroll.RightThumb, enroll.ExceptionAmputated, "LATIHAN", "amputasi")
		if self != (err == nil) || (!self && enroll.KindOf(err) != enroll.KindPermission) {
			t.Errorf("self-approval allowed=%v: finger exception by the recorder = %v", self, err)
		}
		if err := svc.Override(ctx, r, enroll.OverrideRerecordNIK, "R0", "sri", "dicek KK"); err != nil {
			t.Errorf("another supervisor's approval refused: %v", err)
		}
		want := 1
		if self {
			want = 3
		}
		if len(r.Overrides) != want {
			t.Errorf("self-approval allowed=%v: %d overrides on the record, want %d", self, len(r.Overrides), want)
		}
	}
}
