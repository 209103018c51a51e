package drive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func entries(n int) ([]Entry, map[string][]byte) {
	data := map[string][]byte{}
	var es []Entry
	for i := 1; i <= n; i++ {
		b := bytes.Repeat([]byte{byte(i)}, 1000+i)
		s := sha256.Sum256(b)
		id := fmt.Sprintf("PKT-R%d", i)
		data[id] = b
		es = append(es, Entry{PacketID: id, RecordID: fmt.Sprintf("R%d", i), Seq: int64(i), Size: int64(len(b)), SHA256: hex.EncodeToString(s[:])})
	}
	return es, data
}

func TestWriteReadCorruptAndTwice(t *testing.T) {
	dir := t.TempDir()
	es, data := entries(5)
	src := func(e Entry) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data[e.PacketID])), nil }
	if err := Write(dir, "ST-1", time.Now(), es, src, nil); err != nil {
		t.Fatal(err)
	}
	// Corrupt one packet on the drive.
	p := filepath.Join(dir, "packets", "PKT-R3.pkt")
	b, _ := os.ReadFile(p)
	b[10] ^= 0xff
	os.WriteFile(p, b, 0o600)

	taken := map[string]int{}
	take := func(e Entry, d []byte) error {
		if taken[e.PacketID] > 0 {
			return errors.New("already imported")
		}
		taken[e.PacketID]++
		if !bytes.Equal(d, data[e.PacketID]) {
			t.Errorf("%s: bytes differ", e.PacketID)
		}
		return nil
	}
	m, probs, err := Read(dir, take)
	if err != nil || m.Station != "ST-1" {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].PacketID != "PKT-R3" || len(taken) != 4 {
		t.Fatalf("problems %+v, taken %v", probs, taken)
	}
	// Importing twice adds nothing: the taker refuses what it has.
	_, probs, _ = Read(dir, take)
	if len(taken) != 4 || len(probs) != 5 {
		t.Fatalf("second import took %v, problems %d", taken, len(probs))
	}
	if _, _, err := Read(t.TempDir(), take); !errors.Is(err, ErrNoManifest) {
		t.Fatalf("empty folder: %v", err)
	}
}

func TestWriteRefusesMismatch(t *testing.T) {
	es, _ := entries(1)
	src := func(e Entry) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte("other"))), nil }
	if err := Write(t.TempDir(), "ST-1", time.Now(), es, src, nil); err == nil {
		t.Fatal("a packet that does not match its checksum was exported")
	}
}
