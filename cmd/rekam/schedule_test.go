package main

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestMissedRuns(t *testing.T) {
	s, err := parseSchedule("@every 5m")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		last time.Time
		want bool
	}{{time.Time{}, true}, {now.Add(-4 * time.Minute), false}, {now.Add(-5 * time.Minute), true}, {now.Add(-3 * time.Hour), true}} {
		if got := missed(s, tt.last, now); got != tt.want {
			t.Errorf("missed(last=%v) = %v, want %v", tt.last, got, tt.want)
		}
	}
	daily, _ := parseSchedule("0 7 * * *")
	if !missed(daily, now.Add(-26*time.Hour), now) || missed(daily, now.Add(-time.Hour), now) {
		t.Error("daily schedule catch-up")
	}
	if _, err := parseSchedule("every five minutes"); err == nil {
		t.Error("bad spec accepted")
	}
}

// TestNetworkComesBack: the probe fails three times (the waits double), then succeeds:
// a sync is triggered at once and probing slows to the healthy interval.
func TestNetworkComesBack(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var waits []time.Duration
	var states []bool
	probes := 0
	synced := make(chan struct{}, 1)
	s := &scheduler{
		probe: func(context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			probes++
			if probes >= 2 && probes <= 4 {
				return errors.New("no route to host")
			}
			return nil
		},
		sync: func(context.Context) error { synced <- struct{}{}; return nil },
		sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			waits = append(waits, d)
			n := len(waits)
			mu.Unlock()
			if n >= 6 {
				cancel()
				return ctx.Err()
			}
			return nil
		},
		onNetwork: func(up bool) { mu.Lock(); states = append(states, up); mu.Unlock() },
		upEvery:   30 * time.Second, downMin: 5 * time.Second, downMax: 20 * time.Second,
	}
	s.watchNetwork(ctx)
	select {
	case <-synced:
	case <-time.After(5 * time.Second):
		t.Fatal("no sync when the network came back")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []time.Duration{30 * time.Second, 5 * time.Second, 10 * time.Second, 20 * time.Second, 30 * time.Second, 30 * time.Second}
	if !reflect.DeepEqual(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if !reflect.DeepEqual(states, []bool{false, true}) {
		t.Errorf("network states %v", states)
	}
}
