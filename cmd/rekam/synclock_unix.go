//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/rekam-id/rekam/app/enroll"
)

// lockSync takes the data folder's sync lock: one sync at a time across every process
// on the station (the window's schedule, its "Kirim sekarang" button and `rekam sync
// --once`). The lock is an exclusive flock on sync.lock, so the kernel releases it when
// a process dies, even by SIGKILL. It returns the release function. Errors: KindConflict
// (another sync is running), KindUnavailable (the lock file cannot be opened).
func lockSync(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, "sync.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, enroll.E("lock sync", enroll.KindUnavailable, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, enroll.Errorf("sync", enroll.KindConflict, "another sync of this station is running")
		}
		return nil, enroll.E("lock sync", enroll.KindUnavailable, fmt.Errorf("flock %s: %w", f.Name(), err))
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
