package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rekam-id/rekam/app/finger"
	"github.com/rekam-id/rekam/app/wsq"
)

// readFingerImage reads a PNG or WSQ fingerprint image.
func readFingerImage(path string) (*image.Gray, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xa0}) {
		img, err := wsq.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return img, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return toGray(img), nil
}

// readTemplate reads an ISO/IEC 19794-2 template, or extracts one from an image.
func readTemplate(path string) (*finger.Template, error) {
	if strings.EqualFold(filepath.Ext(path), ".iso") || strings.EqualFold(filepath.Ext(path), ".fmr") {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		t, err := finger.ReadISO(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return t, nil
	}
	img, err := readFingerImage(path)
	if err != nil {
		return nil, err
	}
	t, err := finger.Extract(img, 500)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

func runFinger(args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: rekam finger quality FILE... | extract IN OUT.iso | compare A B | compare --pairs FILE"}
	}
	switch args[0] {
	case "quality":
		if len(args) < 2 {
			return usageError{"usage: rekam finger quality FILE..."}
		}
		for _, p := range args[1:] {
			img, err := readFingerImage(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s %d\n", p, finger.Quality(img))
		}
		return nil
	case "extract":
		if len(args) != 3 {
			return usageError{"usage: rekam finger extract IN OUT.iso"}
		}
		t, err := readTemplate(args[1])
		if err != nil {
			return err
		}
		raw, err := t.MarshalISO()
		if err != nil {
			return err
		}
		if err := writeFileAtomic(args[2], raw, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %d minutiae\n", args[2], len(t.Minutiae))
		return nil
	case "compare":
		if len(args) == 3 && args[1] == "--pairs" {
			return comparePairs(args[2], out)
		}
		if len(args) != 3 {
			return usageError{"usage: rekam finger compare A B | compare --pairs FILE"}
		}
		a, err := readTemplate(args[1])
		if err != nil {
			return err
		}
		b, err := readTemplate(args[2])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%.2f\n", finger.Compare(a, b))
		return nil
	}
	return usageError{"unknown finger command " + args[0]}
}

// comparePairs reads "A B" lines and prints "A B SCORE", extracting each file once.
func comparePairs(path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cache := map[string]*finger.Candidate{}
	probes := map[string]*finger.Probe{}
	get := func(p string) (*finger.Template, error) { return readTemplate(p) }
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 2 {
			return fmt.Errorf("%s:%d: want two files per line", path, line)
		}
		pa, ok := probes[fields[0]]
		if !ok {
			t, err := get(fields[0])
			if err != nil {
				return err
			}
			pa = finger.Prepare(t)
			probes[fields[0]] = pa
		}
		cb, ok := cache[fields[1]]
		if !ok {
			t, err := get(fields[1])
			if err != nil {
				return err
			}
			cb = finger.NewCandidate(t)
			cache[fields[1]] = cb
		}
		fmt.Fprintf(out, "%s %s %.2f\n", fields[0], fields[1], pa.Compare(cb))
	}
	return sc.Err()
}
