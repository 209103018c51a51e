package finger

import "testing"

func TestHitDuplicate(t *testing.T) {
	for _, tt := range []struct {
		fingers, probe int
		want           bool
	}{{2, 10, true}, {1, 10, false}, {1, 1, true}, {0, 0, false}, {3, 2, true}, {1, 2, false}} {
		if got := (Hit{Fingers: tt.fingers}).Duplicate(tt.probe); got != tt.want {
			t.Errorf("Hit{Fingers: %d}.Duplicate(%d) = %v, want %v", tt.fingers, tt.probe, got, tt.want)
		}
	}
}
