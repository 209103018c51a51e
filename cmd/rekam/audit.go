package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/store/sqlite"
)

// auditLine is one exported audit entry (JSON Lines), with everything needed to
// recompute its hash.
type auditLine struct {
	Seq      uint64    `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Subject  string    `json:"subject"`
	Detail   string    `json:"detail"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

func runAudit(args []string, out io.Writer) error {
	fs := newFlags("audit", out)
	data := dataFlag(fs)
	as := fs.String("as", "", "the supervisor or admin doing it")
	anchor := fs.String("anchor", "", "SEQ:HASH of an entry kept elsewhere (an earlier export's last line) that must still be there")
	to := fs.String("to", "", "export: the file to write (default: standard output)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "verify" && pos[0] != "export") {
		return usageError{"usage: rekam audit [--data DIR] --as ACCOUNT verify [--anchor SEQ:HASH] | export [--to FILE]"}
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	accounts, log := stationAccounts(st)
	s, err := loginAs(ctx, accounts, *as, out)
	if err != nil {
		return err
	}
	defer accounts.Logout(ctx, s, "command line")
	if pos[0] == "export" {
		if err := core.Authorize(s, core.ActionExportAudit); err != nil {
			return err
		}
		return exportAudit(ctx, log, s, *to, out)
	}
	if err := core.Authorize(s, core.ActionVerifyAudit); err != nil {
		return err
	}
	entries, broken, err := log.Verify(ctx)
	if err != nil {
		if broken >= 0 {
			return fmt.Errorf("%w\n(%d entries read; everything before position %d is intact)", err, len(entries), broken+1)
		}
		return err
	}
	if *anchor != "" {
		seq, hash, err := parseAnchor(*anchor)
		if err != nil {
			return err
		}
		if err := auth.VerifyAnchor(entries, seq, hash); err != nil {
			return err
		}
	}
	if len(entries) == 0 {
		fmt.Fprintln(out, "the audit log is empty")
		return nil
	}
	head := entries[len(entries)-1]
	fmt.Fprintf(out, "audit log intact: %d entries, %s to %s\nhead %d:%s\n", len(entries),
		entries[0].At.Local().Format(time.DateTime), head.At.Local().Format(time.DateTime), head.Seq, hex.EncodeToString(head.Hash))
	return nil
}

// exportAudit records the export, then writes every entry as JSON Lines. The last line's
// seq:hash is the anchor a later `rekam audit verify --anchor` checks against.
func exportAudit(ctx context.Context, log *auth.Log, s *auth.Session, to string, out io.Writer) error {
	dest := "standard output"
	if to != "" {
		dest = to
	}
	if _, err := log.Record(ctx, s.Account.ID, auth.ActionExport, "audit log", "to "+dest); err != nil {
		return err
	}
	entries, broken, verr := log.Verify(ctx)
	if entries == nil && verr != nil {
		return verr
	}
	w := out
	var file *os.File
	if to != "" {
		f, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("export audit: %w", err)
		}
		defer f.Close()
		w, file = f, f
	}
	enc := json.NewEncoder(w)
	for _, e := range entries {
		if err := enc.Encode(auditLine{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: string(e.Action), Subject: e.Subject,
			Detail: e.Detail, PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)}); err != nil {
			return fmt.Errorf("export audit: %w", err)
		}
	}
	if file != nil {
		if err := file.Sync(); err != nil {
			return fmt.Errorf("export audit: %w", err)
		}
	}
	if verr != nil {
		return fmt.Errorf("exported %d entries, but the chain is broken at position %d: %w", len(entries), broken+1, verr)
	}
	if to != "" {
		head := entries[len(entries)-1]
		fmt.Fprintf(out, "%d audit entries written to %s; anchor %d:%s\n", len(entries), to, head.Seq, hex.EncodeToString(head.Hash))
	}
	return nil
}

// parseAnchor reads "SEQ:HASH".
func parseAnchor(s string) (uint64, []byte, error) {
	a, b, ok := strings.Cut(s, ":")
	seq, err1 := strconv.ParseUint(a, 10, 64)
	hash, err2 := hex.DecodeString(b)
	if !ok || err1 != nil || err2 != nil || len(hash) != auth.HashLen {
		return 0, nil, usageError{fmt.Sprintf("anchor %q: want SEQ:HASH (64 hex digits)", s)}
	}
	return seq, hash, nil
}

// purgeExpired deletes the biometric samples of records the centre confirmed (print-ready
// or later) more than days ago, recording the purge in the audit log first (actor
// "system" for the scheduler). The station runs it daily from its scheduler, and at
// start-up to catch up. It works while the store is locked.
func purgeExpired(ctx context.Context, st *sqlite.Store, log *auth.Log, actor string, days int, now time.Time) ([]string, error) {
	if days <= 0 {
		days = sqlite.DefaultRetentionDays
	}
	before := now.AddDate(0, 0, -days)
	return st.Purge(ctx, before, func(ctx context.Context, ids []string) error {
		_, err := log.Record(ctx, actor, auth.ActionPurge, fmt.Sprintf("%d records", len(ids)),
			fmt.Sprintf("biometric samples of records print-ready before %s (retention %d days): %s",
				before.Format(time.DateOnly), days, strings.Join(ids, " ")))
		return err
	})
}

func runPurge(args []string, out io.Writer) error {
	fs := newFlags("purge", out)
	data := dataFlag(fs)
	as := fs.String("as", "", "the supervisor or admin doing it")
	days := fs.Int("days", sqlite.DefaultRetentionDays, "purge samples of records print-ready for more than this many days")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"usage: rekam purge [--data DIR] --as ACCOUNT [--days N]"}
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	accounts, log := stationAccounts(st)
	s, err := loginAs(ctx, accounts, *as, out)
	if err != nil {
		return err
	}
	defer accounts.Logout(ctx, s, "command line")
	if err := core.Authorize(s, core.ActionPurge); err != nil {
		return err
	}
	ids, err := purgeExpired(ctx, st, log, s.Account.ID, *days, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "purged the biometric samples of %d records\n", len(ids))
	return nil
}
