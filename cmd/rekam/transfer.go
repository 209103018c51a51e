package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/drive"
)

func runExport(args []string, out io.Writer) error {
	fs := newFlags("export", out)
	data := dataFlag(fs)
	to := fs.String("to", "", "folder on the removable drive")
	as := asFlag(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"usage: rekam export [--data DIR] --to FOLDER"}
	}
	c, _, err := loadStation(*data)
	if err != nil {
		return err
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	sess, err := unlockStore(ctx, st, *as, core.ActionExport, out)
	if err != nil {
		return err
	}
	n, err := exportQueue(ctx, st, c.Station, *to, func(done, total int) {
		if done == total || done%50 == 0 {
			fmt.Fprintf(out, "export: %d/%d packets\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "exported %d sealed packets of station %s to %s (nothing decrypted)\n", n, c.Station, *to)
	return auditAs(ctx, st, sess, auth.ActionExport, *to, fmt.Sprintf("%d sealed packets", n))
}

// exportQueue writes the queued (not yet sent) sealed packets to a drive folder.
func exportQueue(ctx context.Context, st *sqlite.Store, station, dir string, progress func(done, total int)) (int, error) {
	var entries []drive.Entry
	var after int64
	for {
		items, err := st.OutboxItems(ctx, after, 500, false)
		if err != nil {
			return 0, err
		}
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			if it.Packet != nil && !it.Relay {
				entries = append(entries, drive.Entry{PacketID: it.Packet.ID, RecordID: it.RecordID, Seq: it.Seq, Size: it.Packet.Size, SHA256: it.Packet.SHA256})
			}
		}
		after = items[len(items)-1].Seq
	}
	src := func(e drive.Entry) (io.ReadCloser, error) {
		r, _, err := st.PacketReader(ctx, e.RecordID)
		return r, err
	}
	if err := drive.Write(dir, station, time.Now(), entries, src, progress); err != nil {
		return 0, enroll.E("export to "+dir, enroll.KindUnavailable, err)
	}
	return len(entries), nil
}

func runImport(args []string, out io.Writer) error {
	fs := newFlags("import", out)
	data := dataFlag(fs)
	as := asFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: rekam import [--data DIR] FOLDER"}
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	sess, err := unlockStore(ctx, st, *as, core.ActionImport, out)
	if err != nil {
		return err
	}
	added, already, problems, station, err := importQueue(ctx, st, pos[0], nil)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(out, "skipped %s: %s\n", p.PacketID, p.Reason)
	}
	fmt.Fprintf(out, "from station %s: %d added to the upload queue, %d already here, %d skipped\n",
		station, added, already, len(problems))
	return auditAs(ctx, st, sess, auth.ActionImport, pos[0], fmt.Sprintf("station %s: %d added, %d already here, %d skipped", station, added, already, len(problems)))
}

// importQueue queues another station's drive transfer for upload; a corrupted packet
// is reported and skipped, a packet already here is not added again.
func importQueue(ctx context.Context, st *sqlite.Store, dir string, progress func(done, total int)) (added, already int, problems []drive.Problem, station string, err error) {
	m, problems, err := drive.Read(dir, func(e drive.Entry, pkt []byte) error {
		ok, err := st.AddRelay(ctx, sqliteRelay(e, pkt))
		if err != nil {
			return err
		}
		if ok {
			added++
		} else {
			already++
		}
		if progress != nil {
			progress(added+already, 0)
		}
		return nil
	})
	if err != nil {
		return 0, 0, nil, "", enroll.E("import from "+dir, enroll.KindInvalid, err)
	}
	return added, already, problems, m.Station, nil
}

// auditAs records an event for the logged-in account (or the system, for a plain store).
func auditAs(ctx context.Context, st *sqlite.Store, s *auth.Session, a auth.Action, subject, detail string) error {
	actor := auth.SystemActor
	if s != nil {
		actor = s.Account.ID
	}
	_, log := stationAccounts(st)
	_, err := log.Record(ctx, actor, a, subject, detail)
	return err
}

// sqliteRelay turns a drive entry into a relayed packet for the store.
func sqliteRelay(e drive.Entry, pkt []byte) sqlite.RelayPacket {
	return sqlite.RelayPacket{PacketID: e.PacketID, RecordID: e.RecordID, SHA256: e.SHA256, Data: pkt}
}
