package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	core "github.com/rekam-id/rekam/app/station"
)

func runImportWilayah(args []string, out io.Writer) error {
	fs := newFlags("import-wilayah", out)
	data := dataFlag(fs)
	version := fs.String("version", "", "version label of the master data (default: file name and date)")
	as := asFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: rekam import-wilayah [--data DIR] --as ACCOUNT FILE"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	if *version == "" {
		*version = filepath.Base(pos[0]) + "@" + time.Now().Format("2006-01-02")
	}
	ctx := context.Background()
	// A new station with no accounts yet is being set up (the one exception, like its
	// first provisioning); once it has accounts, only a supervisor or an admin may.
	actor := auth.SystemActor
	if st.Encrypted() {
		sess, err := unlockStore(ctx, st, *as, core.ActionMasterData, out)
		if err != nil {
			return err
		}
		defer sess.Close()
		actor = sess.Account.ID
	} else if err := core.Authorize(nil, core.ActionFirstProvision); err != nil {
		return err
	}
	// The audit entry comes first: a change that cannot be recorded is not made.
	_, log := stationAccounts(st)
	if _, err := log.Record(ctx, actor, auth.ActionMasterData, "wilayah",
		fmt.Sprintf("region master data replaced from %s as version %q", filepath.Base(pos[0]), *version)); err != nil {
		return err
	}
	start := time.Now()
	last := time.Now()
	n, err := st.ImportRegions(ctx, f, *version, func(rows int) {
		if time.Since(last) > time.Second {
			fmt.Fprintf(out, "import-wilayah: %d rows…\n", rows)
			last = time.Now()
		}
	})
	if err != nil {
		return fmt.Errorf("%s: %w (the previous master data is unchanged)", pos[0], err)
	}
	fmt.Fprintf(out, "imported %d regions from %s as version %q in %v\n", n, pos[0], *version, time.Since(start).Round(time.Millisecond))
	return nil
}
