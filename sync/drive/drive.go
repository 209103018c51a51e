// Package drive is the removable-drive transfer for teams with no network: a station
// writes its sealed queue to a folder (packets as they were sealed, a manifest, and a
// SHA256SUMS file), and the office station or the central server reads it back. Nothing
// is decrypted on the way: packets stay sealed to the centre's key.
//
// Layout of a transfer folder:
//
//	rekam-transfer.json   the manifest: format, station, creation time, one entry per packet
//	SHA256SUMS            "<sha256>  packets/<packet id>.pkt" per packet (sha256sum -c works)
//	packets/<id>.pkt      the sealed packets
package drive

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Format is the manifest's format name.
const Format = "rekam-transfer/1"

// ManifestName and SumsName are the file names in a transfer folder.
const (
	ManifestName = "rekam-transfer.json"
	SumsName     = "SHA256SUMS"
)

// Manifest describes a transfer folder.
type Manifest struct {
	Format  string    `json:"format"`
	Station string    `json:"station"`
	Created time.Time `json:"created"`
	Packets []Entry   `json:"packets"`
}

// Entry is one packet in a transfer.
type Entry struct {
	PacketID string `json:"packet_id"`
	RecordID string `json:"record_id"`
	Seq      int64  `json:"seq"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,120}$`)

// Source gives the bytes of a packet to export.
type Source func(e Entry) (io.ReadCloser, error)

// Write writes the entries to dir (created if needed), each packet through a temporary
// file and fsync, then the checksums and the manifest last, so that a folder with a
// manifest is complete. Packets already present with the right checksum are kept.
func Write(dir, station string, now time.Time, entries []Entry, src Source, progress func(done, total int)) error {
	if err := os.MkdirAll(filepath.Join(dir, "packets"), 0o700); err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	var sums strings.Builder
	for i, e := range entries {
		if !idPattern.MatchString(e.PacketID) {
			return fmt.Errorf("export: bad packet ID %q", e.PacketID)
		}
		path := filepath.Join(dir, "packets", e.PacketID+".pkt")
		if sum, err := fileSHA(path); err != nil || sum != e.SHA256 {
			if err := writePacket(path, e, src); err != nil {
				return err
			}
		}
		fmt.Fprintf(&sums, "%s  packets/%s.pkt\n", e.SHA256, e.PacketID)
		if progress != nil {
			progress(i+1, len(entries))
		}
	}
	if err := writeFile(filepath.Join(dir, SumsName), []byte(sums.String())); err != nil {
		return err
	}
	m, err := json.MarshalIndent(Manifest{Format: Format, Station: station, Created: now.UTC(), Packets: entries}, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ManifestName), append(m, '\n'))
}

func writePacket(path string, e Entry, src Source) error {
	rc, err := src(e)
	if err != nil {
		return fmt.Errorf("export %s: %w", e.PacketID, err)
	}
	defer rc.Close()
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("export %s: %w", e.PacketID, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), rc)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", e.PacketID, err)
	}
	if n != e.Size || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		os.Remove(tmp)
		return fmt.Errorf("export %s: stored packet does not match its checksum (%d bytes)", e.PacketID, n)
	}
	return os.Rename(tmp, path)
}

func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Problem is a packet of a transfer that could not be taken in.
type Problem struct {
	PacketID string
	Reason   string
}

// ErrNoManifest is returned by Read for a folder that is not a transfer.
var ErrNoManifest = errors.New("not a Rekam transfer folder (no " + ManifestName + ")")

// Read reads a transfer folder and calls take for each packet whose bytes match both
// the manifest and SHA256SUMS. A packet that is missing, corrupted or refused by take
// is reported and skipped; the rest are taken in.
func Read(dir string, take func(e Entry, data []byte) error) (Manifest, []Problem, error) {
	var m Manifest
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return m, nil, fmt.Errorf("import %s: %w", dir, ErrNoManifest)
	}
	if err != nil {
		return m, nil, fmt.Errorf("import %s: %w", dir, err)
	}
	if err := json.Unmarshal(raw, &m); err != nil || m.Format != Format {
		return m, nil, fmt.Errorf("import %s: manifest is not a %s document", dir, Format)
	}
	sums, err := readSums(filepath.Join(dir, SumsName))
	if err != nil {
		return m, nil, fmt.Errorf("import %s: %w", dir, err)
	}
	var problems []Problem
	sort.Slice(m.Packets, func(i, j int) bool { return m.Packets[i].Seq < m.Packets[j].Seq })
	for _, e := range m.Packets {
		if !idPattern.MatchString(e.PacketID) {
			problems = append(problems, Problem{e.PacketID, "bad packet ID"})
			continue
		}
		rel := "packets/" + e.PacketID + ".pkt"
		if sums[rel] != e.SHA256 {
			problems = append(problems, Problem{e.PacketID, "manifest and SHA256SUMS disagree"})
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			problems = append(problems, Problem{e.PacketID, "cannot read: " + err.Error()})
			continue
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != e.SHA256 || int64(len(data)) != e.Size {
			problems = append(problems, Problem{e.PacketID, "corrupted: checksum mismatch"})
			continue
		}
		if err := take(e, data); err != nil {
			problems = append(problems, Problem{e.PacketID, err.Error()})
		}
	}
	return m, problems, nil
}

func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if ok {
			out[name] = sum
		}
	}
	return out, sc.Err()
}
