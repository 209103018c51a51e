package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/uplink"
)

// storeOutbox adapts the SQLite store to the sync engine's Outbox port. The adapter
// lives here, in the wiring, because adapters never import each other.
type storeOutbox struct{ s *sqlite.Store }

var _ uplink.Outbox = storeOutbox{}

// statusCursorKey is the settings key of the status-feed cursor.
const statusCursorKey = "sync.status_cursor"

func (o storeOutbox) Incarnation() string { return o.s.Incarnation() }

func (o storeOutbox) Items(ctx context.Context, after int64, limit int, all bool) ([]uplink.Item, error) {
	items, err := o.s.OutboxItems(ctx, after, limit, all)
	if err != nil {
		return nil, err
	}
	out := make([]uplink.Item, 0, len(items))
	for _, it := range items {
		if it.Packet == nil {
			continue // committed without a packet (no sealer configured then): nothing to send
		}
		out = append(out, uplink.Item{Seq: it.Seq, RecordID: it.RecordID, PacketID: it.Packet.ID, SHA256: it.Packet.SHA256,
			Size: it.Packet.Size, Sent: it.State == sqlite.Sent, Relay: it.Relay})
	}
	return out, nil
}

func (o storeOutbox) Packet(ctx context.Context, recordID string) (io.ReaderAt, error) {
	r, _, err := o.s.PacketReader(ctx, recordID)
	return r, err
}

func (o storeOutbox) MarkSent(ctx context.Context, it uplink.Item, rc uplink.Receipt) error {
	raw, _ := json.Marshal(rc)
	err := o.s.MarkSent(ctx, it.Seq, string(raw))
	if enroll.IsKind(err, enroll.KindConflict) && it.Sent {
		return nil // already sent before a database reset's full resend
	}
	return err
}

func (o storeOutbox) MarkFailed(ctx context.Context, it uplink.Item, cause string) error {
	return o.s.MarkFailed(ctx, it.Seq, cause)
}

func (o storeOutbox) MarkRejected(ctx context.Context, it uplink.Item, reason string) error {
	return o.s.MarkRejected(ctx, it.Seq, reason)
}

func (o storeOutbox) ApplyStatus(ctx context.Context, u uplink.StatusUpdate) error {
	r, err := o.s.Get(ctx, u.RecordID)
	if err != nil {
		return err
	}
	if r.Status == u.Status {
		return nil
	}
	return o.s.SetStatus(ctx, u.RecordID, u.Status, u.Reason, u.At)
}

func (o storeOutbox) Cursor(ctx context.Context) (string, error) {
	return o.s.Setting(ctx, statusCursorKey)
}

func (o storeOutbox) SetCursor(ctx context.Context, c string) error {
	return o.s.SetSetting(ctx, statusCursorKey, c)
}
