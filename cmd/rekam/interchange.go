package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rekam-id/rekam/app/an2k"
	"github.com/rekam-id/rekam/app/wsq"
	"github.com/rekam-id/rekam/sync/packet"
)

func runAN2K(args []string, out io.Writer) error {
	if len(args) != 2 || (args[0] != "dump" && args[0] != "check") {
		return usageError{"usage: rekam an2k dump FILE | rekam an2k check FILE"}
	}
	f, err := os.Open(args[1])
	if err != nil {
		return err
	}
	defer f.Close()
	if args[0] == "check" {
		if err := an2k.Check(f); err != nil {
			return fmt.Errorf("%s fails the strict check:\n%w", args[1], err)
		}
		fmt.Fprintf(out, "%s: ok\n", args[1])
		return nil
	}
	t, err := an2k.Read(f, an2k.Tolerant)
	if err != nil {
		return err
	}
	return t.Dump(out)
}

func runWSQ(args []string, out io.Writer) error {
	fs := newFlags("wsq", out)
	bitrate := fs.Float64("bitrate", wsq.DefaultBitrate, "target bit rate in bits per pixel")
	ppi := fs.Int("ppi", 500, "scanning resolution written into the NIST comment")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 || (pos[0] != "encode" && pos[0] != "decode") {
		return usageError{"usage: rekam wsq encode [--bitrate R] IN.png OUT.wsq | rekam wsq decode IN.wsq OUT.png"}
	}
	in, err := os.ReadFile(pos[1])
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if pos[0] == "encode" {
		img, err := png.Decode(bytes.NewReader(in))
		if err != nil {
			return fmt.Errorf("%s: %w", pos[1], err)
		}
		if err := wsq.Encode(&buf, toGray(img), &wsq.Options{Bitrate: *bitrate, PPI: *ppi}); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %d bytes → %d bytes (%.1f:1)\n", pos[2], len(in), buf.Len(), float64(img.Bounds().Dx()*img.Bounds().Dy())/float64(buf.Len()))
	} else {
		img, err := wsq.Decode(bytes.NewReader(in))
		if err != nil {
			return fmt.Errorf("%s: %w", pos[1], err)
		}
		if err := png.Encode(&buf, img); err != nil {
			return err
		}
	}
	return writeFileAtomic(pos[2], buf.Bytes(), 0o644)
}

// toGray converts any image to 8-bit grayscale.
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

func runPacket(args []string, out io.Writer) error {
	fs := newFlags("packet", out)
	identity := fs.String("identity", "", "the centre's age identity file (AGE-SECRET-KEY-1…)")
	station := fs.String("station-key", "", "the station's public key as base64, or STATION=BASE64 (repeatable, comma-separated)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "open" || *identity == "" {
		return usageError{"usage: rekam packet open --identity KEY [--station-key STATION=BASE64] PACKET"}
	}
	idText, err := os.ReadFile(*identity)
	if err != nil {
		return err
	}
	id, err := packet.ParseIdentity(string(idText))
	if err != nil {
		return err
	}
	data, err := os.ReadFile(pos[1])
	if err != nil {
		return err
	}
	keys := map[string]ed25519.PublicKey{}
	var anyKey ed25519.PublicKey
	for _, kv := range strings.Split(*station, ",") {
		if kv == "" {
			continue
		}
		name, b64, found := strings.Cut(kv, "=")
		if !found {
			name, b64 = "", kv
		}
		k, err := decodeEd25519(b64)
		if err != nil {
			return err
		}
		if name == "" {
			anyKey = k
		} else {
			keys[name] = k
		}
	}
	o, err := packet.Open(data, id, func(s string) (ed25519.PublicKey, bool) {
		if k, ok := keys[s]; ok {
			return k, true
		}
		return anyKey, anyKey != nil
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(o.Manifest); err != nil {
		return err
	}
	t, err := an2k.Parse(o.Transaction, an2k.Tolerant)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "transaction ("+strconv.Itoa(len(o.Transaction))+" bytes):")
	return t.Dump(out)
}
