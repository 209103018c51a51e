package uplink

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// memOutbox is an in-memory Outbox.
type memOutbox struct {
	mu          sync.Mutex
	incarnation string
	items       []Item
	packets     map[string][]byte
	receipts    map[string]Receipt
	rejected    map[string]string
	failures    map[string][]string // packet ID → causes of transient failures
	statuses    map[string]enroll.Status
	cursor      string
}

func newOutbox(n, size int) *memOutbox {
	o := &memOutbox{incarnation: "inc-1", packets: map[string][]byte{}, receipts: map[string]Receipt{},
		rejected: map[string]string{}, failures: map[string][]string{}, statuses: map[string]enroll.Status{}}
	for i := 1; i <= n; i++ {
		data := bytes.Repeat([]byte{byte(i)}, size+i)
		rid := fmt.Sprintf("R%03d", i)
		o.items = append(o.items, Item{Seq: int64(i), RecordID: rid, PacketID: "P" + rid, SHA256: fmt.Sprintf("sha%d", i), Size: int64(len(data))})
		o.packets[rid] = data
		o.statuses[rid] = enroll.StatusBioCaptured
	}
	return o
}

func (o *memOutbox) Incarnation() string { return o.incarnation }

func (o *memOutbox) Items(_ context.Context, after int64, limit int, all bool) ([]Item, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Item
	for _, it := range o.items {
		_, sent := o.receipts[it.PacketID]
		_, rej := o.rejected[it.PacketID]
		if it.Seq <= after || rej || sent && !all {
			continue
		}
		it.Sent = sent
		out = append(out, it)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func (o *memOutbox) Packet(_ context.Context, id string) (io.ReaderAt, error) {
	return bytes.NewReader(o.packets[id]), nil
}

func (o *memOutbox) MarkSent(_ context.Context, it Item, r Receipt) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.receipts[it.PacketID] = r
	o.statuses[it.RecordID] = enroll.StatusSent
	return nil
}

func (o *memOutbox) MarkFailed(_ context.Context, it Item, cause string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failures[it.PacketID] = append(o.failures[it.PacketID], cause)
	return nil
}

func (o *memOutbox) MarkRejected(_ context.Context, it Item, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rejected[it.PacketID] = reason
	o.statuses[it.RecordID] = enroll.StatusRejected
	return nil
}

func (o *memOutbox) ApplyStatus(_ context.Context, u StatusUpdate) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	cur, ok := o.statuses[u.RecordID]
	if !ok {
		return enroll.Errorf("apply status", enroll.KindNotFound, "no record %s", u.RecordID)
	}
	s, err := enroll.Move(cur, u.Status)
	if err != nil {
		return err
	}
	o.statuses[u.RecordID] = s
	return nil
}

func (o *memOutbox) Cursor(context.Context) (string, error) { return o.cursor, nil }
func (o *memOutbox) SetCursor(_ context.Context, c string) error {
	o.cursor = c
	return nil
}

// fakeCentre is a Transport with a scripted failure plan.
type fakeCentre struct {
	mu           sync.Mutex
	incarnations map[string]bool
	have         map[string][]byte // packet → bytes received
	complete     map[string]bool
	feed         []StatusUpdate
	// failures: the next n calls of an operation fail with the given error.
	fail      map[string][]error
	cutAfter  map[string]int64 // upload of packet stops (transient) after this many bytes, once
	reject    map[string]string
	chunk     int64
	calls     map[string]int
	sentBytes int64
}

func newCentre() *fakeCentre {
	return &fakeCentre{incarnations: map[string]bool{}, have: map[string][]byte{}, complete: map[string]bool{},
		fail: map[string][]error{}, cutAfter: map[string]int64{}, reject: map[string]string{}, chunk: 100, calls: map[string]int{}}
}

func (c *fakeCentre) failing(op string) error {
	c.calls[op]++
	if errs := c.fail[op]; len(errs) > 0 {
		c.fail[op] = errs[1:]
		return errs[0]
	}
	return nil
}

var errCut = enroll.Errorf("upload", enroll.KindUnavailable, "connection reset")

func (c *fakeCentre) Announce(_ context.Context, a Announcement) (AnnounceReply, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.failing("announce"); err != nil {
		return AnnounceReply{}, err
	}
	r := AnnounceReply{KnownIncarnation: c.incarnations[a.Incarnation]}
	c.incarnations[a.Incarnation] = true
	for _, p := range a.Packets {
		o := Offer{PacketID: p.PacketID, Have: c.complete[p.PacketID], Offset: int64(len(c.have[p.PacketID]))}
		if o.Have {
			o.Receipt = &Receipt{PacketID: p.PacketID, RecordID: p.RecordID, SHA256: p.SHA256}
		}
		r.Offers = append(r.Offers, o)
	}
	return r, nil
}

func (c *fakeCentre) Offset(_ context.Context, p AnnouncedPkt) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.failing("offset"); err != nil {
		return 0, err
	}
	return int64(len(c.have[p.PacketID])), nil
}

func (c *fakeCentre) Upload(_ context.Context, p AnnouncedPkt, off int64, src io.ReaderAt, progress func(int64)) (Receipt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.failing("upload"); err != nil {
		return Receipt{}, err
	}
	if why, ok := c.reject[p.PacketID]; ok {
		return Receipt{}, enroll.Errorf("upload", enroll.KindInvalid, "%s", why)
	}
	if off != int64(len(c.have[p.PacketID])) {
		return Receipt{}, enroll.Errorf("upload", enroll.KindConflict, "offset %d, have %d", off, len(c.have[p.PacketID]))
	}
	for off < p.Size {
		n := min(c.chunk, p.Size-off)
		buf := make([]byte, n)
		if _, err := src.ReadAt(buf, off); err != nil && err != io.EOF {
			return Receipt{}, err
		}
		if cut, ok := c.cutAfter[p.PacketID]; ok && off+n > cut {
			delete(c.cutAfter, p.PacketID)
			return Receipt{}, errCut
		}
		c.have[p.PacketID] = append(c.have[p.PacketID], buf...)
		c.sentBytes += n
		off += n
		progress(off)
	}
	c.complete[p.PacketID] = true
	return Receipt{PacketID: p.PacketID, RecordID: p.RecordID, SHA256: p.SHA256, Status: "RECEIVED_AT_CENTRAL"}, nil
}

func (c *fakeCentre) Statuses(_ context.Context, cursor string) (StatusPage, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.failing("status"); err != nil {
		return StatusPage{}, err
	}
	start := 0
	fmt.Sscan(cursor, &start)
	end := min(start+2, len(c.feed))
	return StatusPage{Updates: c.feed[start:end], Cursor: fmt.Sprint(end), More: end < len(c.feed)}, nil
}

// fakeSleep records the waits instead of sleeping.
type fakeSleep struct{ waits []time.Duration }

func (f *fakeSleep) sleep(_ context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	return nil
}
