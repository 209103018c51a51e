package usb

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/rekam-id/rekam/app/enroll"
)

// AdminCatalogPath is where an administrator may put a catalog that extends or
// overrides the built-in one.
const AdminCatalogPath = "/etc/rekam/usb-catalog.json"

// maxCatalogSize bounds a catalog file; a real one is a few kilobytes.
const maxCatalogSize = 1 << 20

//go:embed catalog_default.json
var defaultCatalogJSON []byte

// Entry is what the station knows about one USB product: which driver package serves
// it and how to name it to the operator.
type Entry struct {
	VID         uint16 `json:"-"`
	PID         uint16 `json:"-"`
	Driver      string `json:"driver"`      // the device/<family> package name, e.g. "uru4000"
	Modality    string `json:"modality"`    // an enroll.Modality: face, signature, finger, iris
	Description string `json:"description"` // shown to the operator, e.g. "DigitalPersona U.are.U 4500"
	Tested      string `json:"tested,omitempty"`
}

// catalogFile is the JSON form: {"devices": {"vvvv:pppp": Entry, ...}}. A map keyed by
// ID keeps one entry per product and lets an override name just the product it changes.
type catalogFile struct {
	Devices map[string]Entry `json:"devices"`
}

// Catalog maps VID:PID to an Entry. The zero Catalog is empty; use DefaultCatalog or
// LoadCatalog.
type Catalog struct {
	entries map[uint32]Entry
}

func key(vid, pid uint16) uint32 { return uint32(vid)<<16 | uint32(pid) }

// ParseCatalog parses a catalog file. Every key must be a valid "vvvv:pppp", every
// entry must name a driver, and a modality when given must be one enroll knows.
// Unknown fields are rejected so that a typo in an admin file is not silently ignored.
// Errors: KindInvalid.
func ParseCatalog(data []byte) (*Catalog, error) {
	const op = "parse usb catalog"
	if len(data) > maxCatalogSize {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%d bytes is more than the %d allowed", len(data), maxCatalogSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f catalogFile
	if err := dec.Decode(&f); err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, err)
	}
	if dec.More() {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "trailing data after the catalog object")
	}
	c := &Catalog{entries: make(map[uint32]Entry, len(f.Devices))}
	for id, e := range f.Devices {
		vid, pid, err := ParseID(id)
		if err != nil {
			return nil, enroll.E(op, enroll.KindInvalid, err)
		}
		if k := key(vid, pid); hasKey(c.entries, k) {
			return nil, enroll.Errorf(op, enroll.KindInvalid, "%s is listed twice", FormatID(vid, pid))
		}
		if err := e.validate(); err != nil {
			return nil, enroll.Errorf(op, enroll.KindInvalid, "%s: %v", FormatID(vid, pid), err)
		}
		e.VID, e.PID = vid, pid
		c.entries[key(vid, pid)] = e
	}
	return c, nil
}

func hasKey(m map[uint32]Entry, k uint32) bool { _, ok := m[k]; return ok }

func (e Entry) validate() error {
	if strings.TrimSpace(e.Driver) == "" {
		return errors.New("no driver named")
	}
	switch enroll.Modality(e.Modality) {
	case "", enroll.ModalityFace, enroll.ModalitySignature, enroll.ModalityFinger, enroll.ModalityIris:
		return nil
	}
	return fmt.Errorf("unknown modality %q", e.Modality)
}

// DefaultCatalog returns the catalog built into the binary.
func DefaultCatalog() *Catalog {
	c, err := ParseCatalog(defaultCatalogJSON)
	if err != nil {
		panic("usb: the embedded catalog is invalid: " + err.Error()) // a build defect, caught by the tests
	}
	return c
}

// LoadCatalog returns the built-in catalog extended by the file at path: an entry in
// the file adds a product or replaces the built-in entry for the same VID:PID. An
// empty path means AdminCatalogPath. A missing file is not an error (the built-in
// catalog is returned); an unreadable or invalid one is. Errors: KindInvalid,
// KindUnavailable.
func LoadCatalog(path string) (*Catalog, error) {
	if path == "" {
		path = AdminCatalogPath
	}
	c := DefaultCatalog()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, enroll.E("load usb catalog "+path, enroll.KindUnavailable, err)
	}
	admin, err := ParseCatalog(data)
	if err != nil {
		return nil, enroll.E("load usb catalog "+path, enroll.KindInvalid, err)
	}
	c.Merge(admin)
	return c, nil
}

// Merge adds every entry of o to c, replacing c's entry for the same VID:PID.
func (c *Catalog) Merge(o *Catalog) {
	if o == nil {
		return
	}
	if c.entries == nil {
		c.entries = make(map[uint32]Entry, len(o.entries))
	}
	for k, e := range o.entries {
		c.entries[k] = e
	}
}

// Match returns the entry for the device's VID:PID.
func (c *Catalog) Match(d DeviceDesc) (Entry, bool) {
	e, ok := c.entries[key(d.VID, d.PID)]
	return e, ok
}

// Entries returns every entry, ordered by VID then PID.
func (c *Catalog) Entries() []Entry {
	out := make([]Entry, 0, len(c.entries))
	for _, e := range c.entries {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i].VID, out[i].PID) < key(out[j].VID, out[j].PID) })
	return out
}

// Len returns the number of entries.
func (c *Catalog) Len() int { return len(c.entries) }
