package enrolltest

import (
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestMemRepo(t *testing.T) {
	RunRepository(t, func(t *testing.T) enroll.Repository { return NewMemRepo() })
}
