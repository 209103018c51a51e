// Command afisd is the reference central AFIS server for Rekam stations: it receives
// sealed enrollment packets over TLS (sync protocol v1), verifies and stores them,
// assigns central statuses and serves the status feed and master data.
//
//	afisd [--dir DATA] [--listen 127.0.0.1:8443]   serve (keys, and a bundle for STATION-01, on first start)
//	afisd provision --station ID [--dir DATA]     print a station's provisioning bundle
//	afisd import [--dir DATA] FOLDER              take in a drive transfer
//	afisd status [--dir DATA]                     list received packets
//	afisd set-status --packet ID STATUS           move a record on (e.g. CARD_PRINTED)
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/afis"
	"github.com/rekam-id/rekam/sync/drive"
	"github.com/rekam-id/rekam/sync/wire"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("afisd "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", defaultDir(), "data directory")
	listen := fs.String("listen", "127.0.0.1:8443", "address to serve on")
	url := fs.String("url", "", "server URL written into bundles (default https://<listen>)")
	station := fs.String("station", "", "station ID (provision)")
	pkt := fs.String("packet", "", "packet ID (set-status)")
	reason := fs.String("reason", "", "reason (set-status)")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *url == "" {
		*url = "https://" + *listen
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(*dir, *listen, *url, stdout, stderr)
	case "provision":
		err = provision(*dir, *listen, *url, *station, stdout)
	case "import":
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "usage: afisd import [--dir DATA] FOLDER")
			return 2
		}
		err = importDrive(*dir, *listen, pos[0], stdout)
	case "status":
		err = status(*dir, *listen, stdout)
	case "set-status":
		if len(pos) != 1 || *pkt == "" {
			fmt.Fprintln(stderr, "usage: afisd set-status --packet ID STATUS")
			return 2
		}
		err = setStatus(*dir, *listen, *pkt, enroll.Status(pos[0]), *reason)
	case "help":
		fmt.Fprintln(stdout, "afisd [serve|provision|import|status|set-status] [--dir DATA] — see the package comment")
	default:
		fmt.Fprintf(stderr, "afisd: unknown command %q\n", cmd)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "afisd %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

func defaultDir() string {
	if d := os.Getenv("AFISD_DATA"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "afisd")
	}
	return "afisd-data"
}

func hosts(listen string) []string {
	h := []string{"localhost", "127.0.0.1", "::1"}
	if host, _, err := net.SplitHostPort(listen); err == nil && host != "" && !contains(h, host) {
		h = append(h, host)
	}
	return h
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func open(dir, listen string, log *slog.Logger) (*afis.Server, *afis.Keys, error) {
	keys, created, err := afis.LoadOrCreateKeys(dir, hosts(listen))
	if err != nil {
		return nil, nil, err
	}
	if created {
		log.Info("created keys", "dir", filepath.Join(dir, "keys"), "recipient", keys.Identity.Recipient().String())
	}
	cfg := afis.Config{Dir: dir, Identity: keys.Identity, Log: log}
	if raw, err := os.ReadFile(filepath.Join(dir, "masterdata.json")); err == nil {
		var md afis.MasterData
		if err := json.Unmarshal(raw, &md); err != nil {
			return nil, nil, fmt.Errorf("masterdata.json: %w", err)
		}
		cfg.MasterData = &md
	}
	srv, err := afis.Open(cfg)
	if err != nil {
		return nil, nil, err
	}
	if _, err := srv.EnableDedup(context.Background()); err != nil {
		srv.Close()
		return nil, nil, fmt.Errorf("load fingerprint index: %w", err)
	}
	return srv, keys, nil
}

func serve(dir, listen, url string, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	_, statErr := os.Stat(filepath.Join(dir, "keys"))
	first := os.IsNotExist(statErr)
	srv, keys, err := open(dir, listen, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	if first {
		// First start: print a bundle for a first station, so that one command is enough
		// to get going (`afisd provision --station ID` makes more).
		token := afis.NewToken()
		if err := srv.AddStation(context.Background(), "STATION-01", token); err != nil {
			return err
		}
		b := wire.Bundle{Station: "STATION-01", ServerURL: url, CAPEM: string(keys.CAPEM), Recipient: keys.Identity.Recipient().String(), Token: token}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(b)
		log.Info("first start: the bundle above provisions station STATION-01 (save it and run `rekam provision FILE`)")
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 20 * time.Second, IdleTimeout: 2 * time.Minute,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{keys.TLS}, MinVersion: tls.VersionTLS13}}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	log.Info("serving", "addr", ln.Addr().String(), "dir", dir, "provision", "afisd provision --station ID --dir "+dir)
	if err := hs.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func provision(dir, listen, url, station string, stdout io.Writer) error {
	if station == "" {
		return errors.New("--station ID is required")
	}
	srv, keys, err := open(dir, listen, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer srv.Close()
	token := afis.NewToken()
	if err := srv.AddStation(context.Background(), station, token); err != nil {
		return err
	}
	b := wire.Bundle{Station: station, ServerURL: url, CAPEM: string(keys.CAPEM), Recipient: keys.Identity.Recipient().String(), Token: token}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

func importDrive(dir, listen, folder string, stdout io.Writer) error {
	srv, _, err := open(dir, listen, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer srv.Close()
	ctx := context.Background()
	before, _ := srv.Packets(ctx)
	have := map[string]bool{}
	for _, p := range before {
		have[p.PacketID] = true
	}
	added := 0
	m, problems, err := drive.Read(folder, func(e drive.Entry, data []byte) error {
		if have[e.PacketID] {
			return nil
		}
		if _, err := srv.Ingest(ctx, "", data, "drive"); err != nil {
			return err
		}
		added++
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(stdout, "skipped %s: %s\n", p.PacketID, p.Reason)
	}
	fmt.Fprintf(stdout, "station %s: %d packets in transfer, %d added, %d already here, %d skipped\n",
		m.Station, len(m.Packets), added, len(m.Packets)-added-len(problems), len(problems))
	return nil
}

func status(dir, listen string, stdout io.Writer) error {
	srv, _, err := open(dir, listen, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer srv.Close()
	pkts, err := srv.Packets(context.Background())
	if err != nil {
		return err
	}
	for _, p := range pkts {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\n", p.PacketID, p.Station, p.NIK, p.Status, p.Reason)
	}
	fmt.Fprintf(stdout, "%d packets\n", len(pkts))
	return nil
}

func setStatus(dir, listen, packetID string, to enroll.Status, reason string) error {
	srv, _, err := open(dir, listen, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer srv.Close()
	return srv.SetStatus(context.Background(), packetID, to, reason)
}
