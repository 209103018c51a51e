package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// command is one subcommand of rekam.
type command struct {
	name, usage, summary string
	run                  func(args []string, out io.Writer) error
}

// usageError marks an error in the command line itself (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

func commands() []command {
	return []command{
		{"help", "help", "list the commands", runHelp},
		{"version", "version", "print the version", runVersion},
		{"import-wilayah", "import-wilayah [--data DIR] --as ACCOUNT FILE", "import a Kemendagri region CSV as master data", runImportWilayah},
		{"demo", "demo enroll [--data DIR] --count N", "create N complete synthetic enrollments (simulated devices)", runDemo},
		{"devices", "devices list | devices capture KIND --out DIR", "list capture devices, or capture one sample", runDevices},
		{"sync", "sync [--data DIR] --once | sync status", "send the queue to the centre now, or show queue counts", runSync},
		{"export", "export [--data DIR] --to FOLDER", "write the sealed upload queue to a removable drive", runExport},
		{"import", "import [--data DIR] FOLDER", "queue another station's drive transfer for upload", runImport},
		{"an2k", "an2k dump|check FILE", "print or strictly check an ANSI/NIST-ITL file", runAN2K},
		{"wsq", "wsq encode [--bitrate R] IN.png OUT.wsq | decode IN OUT", "WSQ fingerprint compression", runWSQ},
		{"packet", "packet open --identity KEY PACKET", "verify, decrypt and print a sealed packet", runPacket},
		{"face", "face check IMAGE --birth-year YYYY [--wna]", "check a face photo against the card's rules", runFace},
		{"finger", "finger quality|extract|compare …", "fingerprint quality, ISO templates and comparison", runFinger},
		{"operator", "operator --as ADMIN add|remove|unlock|list|passwd … | passwd ID | recover ID", "manage operator accounts", runOperator},
		{"audit", "audit --as ACCOUNT verify [--anchor SEQ:HASH] | export [--to FILE]", "verify or export the tamper-evident audit log", runAudit},
		{"purge", "purge --as ACCOUNT [--days N]", "purge biometrics of records print-ready for N days (default 30)", runPurge},
		{"provision", "provision [--data DIR] [--admin ID | --as ADMIN] BUNDLE", "import the centre's bundle, register, create the first admin (re-provisioning: --as ADMIN)", runProvision},
	}
}

func runHelp(_ []string, out io.Writer) error {
	fmt.Fprintln(out, "rekam — the e-KTP enrollment station. With no command it opens the station window.")
	fmt.Fprintln(out, "\nCommands:")
	for _, c := range commands() {
		if len(c.usage) > 44 {
			fmt.Fprintf(out, "  %s\n  %-44s %s\n", c.usage, "", c.summary)
			continue
		}
		fmt.Fprintf(out, "  %-44s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(out, "\nThe data directory defaults to $REKAM_DATA or the user's data directory (~/.local/share/rekam).")
	return nil
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func runVersion(_ []string, out io.Writer) error {
	fmt.Fprintf(out, "rekam %s\n", version)
	return nil
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("rekam "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// parse parses args, allowing flags after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
