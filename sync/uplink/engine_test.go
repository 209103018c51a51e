package uplink

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

func newEngine(o *memOutbox, c *fakeCentre, s *fakeSleep) *Engine {
	return New(Config{Station: "ST1", Outbox: o, Transport: c, BatchSize: 3, MaxAttempts: 4,
		BackoffBase: time.Second, BackoffMax: 8 * time.Second, Sleep: s.sleep, Jitter: func() float64 { return 1 }})
}

func TestSyncOnce(t *testing.T) {
	transient := enroll.Errorf("announce", enroll.KindUnavailable, "network down")
	tests := []struct {
		name  string
		setup func(o *memOutbox, c *fakeCentre)
		want  Summary
		waits []time.Duration
		check func(t *testing.T, o *memOutbox, c *fakeCentre)
	}{
		{"happy path", nil, Summary{Announced: 5, Uploaded: 5, BytesSent: 5*200 + 15}, nil, nil},
		{"transient then backoff", func(o *memOutbox, c *fakeCentre) {
			c.fail["announce"] = []error{transient, transient, transient}
		}, Summary{Announced: 5, Uploaded: 5, BytesSent: 1015, Retries: 3}, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, nil},
		{"permanent rejection", func(o *memOutbox, c *fakeCentre) {
			c.reject["PR002"] = "bad station signature"
		}, Summary{Announced: 5, Uploaded: 4, Rejected: 1, BytesSent: 1015 - 202}, nil, func(t *testing.T, o *memOutbox, c *fakeCentre) {
			if o.rejected["PR002"] != "bad station signature" || o.statuses["R002"] != enroll.StatusRejected {
				t.Errorf("rejection not marked: %v %v", o.rejected, o.statuses["R002"])
			}
		}},
		{"cut resumes at the acknowledged offset", func(o *memOutbox, c *fakeCentre) {
			c.cutAfter["PR003"] = 150 // one chunk of 100 acknowledged, then the link drops
		}, Summary{Announced: 5, Uploaded: 5, BytesSent: 1015, Retries: 1}, []time.Duration{time.Second}, func(t *testing.T, o *memOutbox, c *fakeCentre) {
			if c.sentBytes != 1015 {
				t.Errorf("centre received %d bytes, want 1015: nothing resent", c.sentBytes)
			}
		}},
		{"incarnation change resends everything", func(o *memOutbox, c *fakeCentre) {
			// The centre already holds R001 and R002 from before the reset; the station
			// lost its marks, so R003 marked sent locally must still be re-announced.
			for _, id := range []string{"R001", "R002"} {
				c.complete["P"+id], c.have["P"+id] = true, o.packets[id]
			}
			o.receipts["PR003"] = Receipt{PacketID: "PR003"}
			o.incarnation = "inc-2"
		}, Summary{Announced: 5, Uploaded: 3, AlreadyThere: 2, BytesSent: 203 + 204 + 205, FullResend: true}, nil,
			func(t *testing.T, o *memOutbox, c *fakeCentre) {
				if !c.complete["PR003"] || !bytes.Equal(c.have["PR003"], o.packets["R003"]) {
					t.Error("R003 was not resent after the reset")
				}
			}},
		{"status pull", func(o *memOutbox, c *fakeCentre) {
			c.feed = []StatusUpdate{{RecordID: "R001", Status: enroll.StatusReceived}, {RecordID: "R001", Status: enroll.StatusPrintReady},
				{RecordID: "R002", Status: enroll.StatusDuplicate, Reason: "NIK sudah terekam"}, {RecordID: "R404", Status: enroll.StatusPrintReady},
				{RecordID: "R002", Status: enroll.StatusPrintReady}} // illegal after DUPLICATE: skipped
		}, Summary{Announced: 5, Uploaded: 5, BytesSent: 1015, Statuses: 3}, nil, func(t *testing.T, o *memOutbox, c *fakeCentre) {
			if o.statuses["R001"] != enroll.StatusPrintReady || o.statuses["R002"] != enroll.StatusDuplicate || o.cursor != "5" {
				t.Errorf("statuses %v cursor %q", o.statuses, o.cursor)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, c, s := newOutbox(5, 200), newCentre(), &fakeSleep{}
			c.incarnations["inc-1"] = true // the station has synced before
			if tt.setup != nil {
				tt.setup(o, c)
			}
			sum, err := newEngine(o, c, s).SyncOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if sum != tt.want {
				t.Errorf("summary %+v\nwant    %+v", sum, tt.want)
			}
			if !reflect.DeepEqual(s.waits, tt.waits) {
				t.Errorf("waits %v, want %v", s.waits, tt.waits)
			}
			for id, data := range o.packets {
				if _, rej := o.rejected["P"+id]; rej {
					continue
				}
				if !bytes.Equal(c.have["P"+id], data) {
					t.Errorf("centre holds %d bytes of %s, want %d", len(c.have["P"+id]), id, len(data))
				}
			}
			if tt.check != nil {
				tt.check(t, o, c)
			}
		})
	}
}

func TestSyncGivesUpAfterMaxAttempts(t *testing.T) {
	o, c, s := newOutbox(2, 10), newCentre(), &fakeSleep{}
	down := enroll.Errorf("announce", enroll.KindUnavailable, "no route to host")
	c.fail["announce"] = []error{down, down, down, down, down}
	_, err := newEngine(o, c, s).SyncOnce(context.Background())
	if !enroll.IsKind(err, enroll.KindUnavailable) || c.calls["announce"] != 4 {
		t.Fatalf("err %v after %d calls", err, c.calls["announce"])
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !reflect.DeepEqual(s.waits, want) {
		t.Fatalf("waits %v, want %v", s.waits, want)
	}
	if len(o.receipts) != 0 {
		t.Fatal("receipts recorded without upload")
	}
}

func TestBackoffIsCappedWithJitter(t *testing.T) {
	for _, tt := range []struct {
		attempt int
		jitter  float64
		want    time.Duration
	}{{1, 0, 500 * time.Millisecond}, {1, 1, time.Second}, {3, 0.5, 3 * time.Second}, {10, 1, 8 * time.Second}, {10, 0, 4 * time.Second}} {
		if got := Backoff(tt.attempt, time.Second, 8*time.Second, tt.jitter); got != tt.want {
			t.Errorf("Backoff(%d, %g) = %v, want %v", tt.attempt, tt.jitter, got, tt.want)
		}
	}
}

// blockingTransport holds the first Announce until released.
type blockingTransport struct {
	*fakeCentre
	entered, release chan struct{}
	once             sync.Once
}

func (b *blockingTransport) Announce(ctx context.Context, a Announcement) (AnnounceReply, error) {
	b.once.Do(func() { close(b.entered); <-b.release })
	return b.fakeCentre.Announce(ctx, a)
}

func TestOneSyncAtATime(t *testing.T) {
	o := newOutbox(1, 10)
	bt := &blockingTransport{fakeCentre: newCentre(), entered: make(chan struct{}), release: make(chan struct{})}
	e := New(Config{Station: "ST1", Outbox: o, Transport: bt})
	done := make(chan error)
	go func() { _, err := e.SyncOnce(context.Background()); done <- err }()
	<-bt.entered
	if _, err := e.SyncOnce(context.Background()); !enroll.IsKind(err, enroll.KindBusy) {
		t.Fatalf("overlapping sync: %v", err)
	}
	close(bt.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := e.SyncOnce(context.Background()); err != nil {
		t.Fatalf("sync after the first finished: %v", err)
	}
}

func TestProgressReportsBytes(t *testing.T) {
	o, c := newOutbox(3, 250), newCentre()
	var last Progress
	var phases []string
	e := New(Config{Station: "ST1", Outbox: o, Transport: c, Progress: func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
		if p.Phase == "upload" {
			last = p
		}
	}})
	if _, err := e.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if last.RecordsDone != 3 || last.BytesDone != last.BytesTotal || last.BytesTotal != 251+252+253 {
		t.Fatalf("last progress %+v", last)
	}
	if !reflect.DeepEqual(phases, []string{"announce", "upload", "status", "done"}) {
		t.Fatalf("phases %v", phases)
	}
}

// TestTransientUploadFailuresAreRecorded: every transient failure of an upload is told
// to the outbox (attempts and the last error), so the queue screen can show them.
func TestTransientUploadFailuresAreRecorded(t *testing.T) {
	o, c, s := newOutbox(1, 100), newCentre(), &fakeSleep{}
	cut := enroll.Errorf("upload", enroll.KindNetwork, "connection reset")
	c.fail["upload"] = []error{cut, cut}
	if _, err := newEngine(o, c, s).SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := o.failures["P"+o.items[0].RecordID]
	if len(f) != 2 || !strings.Contains(f[1], "connection reset") {
		t.Errorf("failures recorded: %q, want 2 naming the cause", f)
	}
}
