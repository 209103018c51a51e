package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/robfig/cron/v3"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/app/ui"
	"github.com/rekam-id/rekam/device/sbi"
)

// appID is the Fyne application ID; preferences never depend on FyneApp.toml.
const appID = "id.rekam.station"

// runGUI opens the station window: the store, the workflow, the devices (MOSIP SBI
// devices when any are found, the simulators otherwise), the sync schedule, the screens.
func runGUI(stdout, stderr io.Writer) int {
	dir := defaultDataDir()
	rt, err := openRuntime(dir, runtimeOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "rekam: %v\n", err)
		return 1
	}
	defer rt.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	useSBI(ctx, rt, stderr)
	b, err := newBackend(rt, accountLogin(rt))
	if err != nil {
		fmt.Fprintf(stderr, "rekam: %v\n", err)
		return 1
	}
	if b.engine != nil {
		s := &scheduler{spec: rt.cfg.Schedule, lastSync: func() time.Time { return b.NetworkStatus(ctx).LastSync },
			sync:  func(ctx context.Context) error { return b.syncWith(ctx, nil) },
			probe: b.client.Health, onNetwork: b.setOnline}
		if err := s.start(ctx); err != nil {
			fmt.Fprintf(stderr, "rekam: sync schedule: %v (syncing by hand only)\n", err)
		}
	}
	// Retention: purge the biometrics of long print-ready records at start and daily.
	purge := func() {
		if ids, err := purgeExpired(ctx, rt.store, rt.log, auth.SystemActor, 0, time.Now()); err != nil {
			fmt.Fprintf(stderr, "rekam: retention purge: %v\n", err)
		} else if len(ids) > 0 {
			fmt.Fprintf(stderr, "rekam: purged the biometrics of %d records past retention\n", len(ids))
		}
	}
	go purge()
	daily := cron.New()
	daily.AddFunc("@daily", purge)
	daily.Start()
	defer daily.Stop()
	a := fyneapp.NewWithID(appID)
	u := ui.New(a, b, ui.Options{Service: rt.svc, Quality: finger.Quality, Language: rt.cfg.Language,
		IdleLock: time.Duration(rt.cfg.IdleLockMinutes) * time.Minute})
	// SIGTERM or Ctrl+C closes the window as its close button does: the draft is saved.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		if _, ok := <-sig; ok {
			fyne.Do(u.Close)
		}
	}()
	u.ShowAndRun()
	return 0
}

// useSBI replaces the simulators by verified MOSIP SBI devices when some are found.
func useSBI(ctx context.Context, rt *runtime, stderr io.Writer) {
	clients, err := discoverSBI(ctx, rt.dir)
	if err != nil {
		fmt.Fprintf(stderr, "rekam: SBI discovery: %v\n", err)
	}
	for _, c := range clients {
		switch c.Info().Modality {
		case enroll.ModalityFinger:
			if s, err := sbi.NewScanner(c); err == nil {
				rt.scanner = s
			}
		case enroll.ModalityFace:
			if cam, err := sbi.NewCamera(c); err == nil {
				rt.camera = cam
			}
		}
	}
}

// fyneLog reports an error the window cannot show.
func fyneLog(what string, err error) { fmt.Fprintf(os.Stderr, "rekam: %s: %v\n", what, err) }
