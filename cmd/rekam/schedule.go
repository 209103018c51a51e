package main

import (
	"context"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/rekam-id/rekam/app/enroll"
)

// scheduler triggers syncs: on the cron schedule, at once when the network comes back,
// and at start-up when a scheduled run was missed while the station was off. Every
// trigger calls the same sync function as the "Kirim sekarang" button; the engine lets
// only one run at a time.
type scheduler struct {
	spec     string
	sync     func(ctx context.Context) error // one SyncOnce
	probe    func(ctx context.Context) error // a cheap health check of the centre
	lastSync func() time.Time
	now      func() time.Time
	sleep    func(ctx context.Context, d time.Duration) error
	// onNetwork is told whenever the network state changes (may be nil).
	onNetwork func(up bool)

	// Probe intervals: every upEvery while the centre answers; while it does not, from
	// downMin doubling to downMax.
	upEvery, downMin, downMax time.Duration

	mu   sync.Mutex
	cron *cron.Cron
}

// parseSchedule parses a cron spec (five fields, or a descriptor such as "@every 5m").
func parseSchedule(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, enroll.Errorf("parse sync schedule", enroll.KindInvalid, "%q: %v", spec, err)
	}
	return s, nil
}

// missed reports whether a run scheduled after last was due before now.
func missed(s cron.Schedule, last, now time.Time) bool {
	if last.IsZero() {
		return true
	}
	return !s.Next(last).After(now)
}

// start runs the scheduler until ctx is done.
func (s *scheduler) start(ctx context.Context) error {
	sched, err := parseSchedule(s.spec)
	if err != nil {
		return err
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.upEvery == 0 {
		s.upEvery, s.downMin, s.downMax = 30*time.Second, 5*time.Second, 5*time.Minute
	}
	c := cron.New()
	c.Schedule(sched, cron.FuncJob(func() { s.sync(ctx) }))
	s.mu.Lock()
	s.cron = c
	s.mu.Unlock()
	c.Start()
	go func() { <-ctx.Done(); c.Stop() }()
	if missed(sched, s.lastSync(), s.now()) {
		go s.sync(ctx) // catch up a run missed while the station was off
	}
	go s.watchNetwork(ctx)
	return nil
}

// watchNetwork probes the centre: every upEvery while it answers, with capped doubling
// waits while it does not, and triggers a sync the moment it answers again.
func (s *scheduler) watchNetwork(ctx context.Context) {
	up := true
	wait := s.downMin
	for ctx.Err() == nil {
		err := s.probe(ctx)
		switch {
		case err == nil && !up:
			up, wait = true, s.downMin
			if s.onNetwork != nil {
				s.onNetwork(true)
			}
			go s.sync(ctx)
		case err != nil && up:
			up = false
			if s.onNetwork != nil {
				s.onNetwork(false)
			}
		}
		d := s.upEvery
		if !up {
			d, wait = wait, min(wait*2, s.downMax)
		}
		if s.sleep(ctx, d) != nil {
			return
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
