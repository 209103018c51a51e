package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func runImportWilayah(args []string, out io.Writer) error {
	fs := newFlags("import-wilayah", out)
	data := dataFlag(fs)
	version := fs.String("version", "", "version label of the master data (default: file name and date)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: rekam import-wilayah [--data DIR] FILE"}
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
	start := time.Now()
	last := time.Now()
	n, err := st.ImportRegions(context.Background(), f, *version, func(rows int) {
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
