//go:build !cgo || nousb

package usb

import (
	"context"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/enroll"
)

func TestBusWithoutUSBSupport(t *testing.T) {
	if _, err := NewBus(); !enroll.IsKind(err, enroll.KindUnavailable) || !strings.Contains(err.Error(), "not compiled in") {
		t.Fatalf("NewBus: err = %v, want KindUnavailable saying USB is not compiled in", err)
	}
	var b Bus
	if _, err := b.List(context.Background()); !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("List: err = %v", err)
	}
	if _, err := b.Open(DeviceDesc{}, 1, 0, 0); !enroll.IsKind(err, enroll.KindUnavailable) {
		t.Fatalf("Open: err = %v", err)
	}
}
