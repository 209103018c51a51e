package ui

import (
	"context"
	"strings"

	"github.com/rekam-id/rekam/app/enroll"
)

// regionCascade is the address's region pickers: province → kabupaten/kota → kecamatan →
// desa/kelurahan, each level loaded from the master data when the level above is chosen.
type regionCascade struct {
	u       *UI
	levels  [4]*picker
	regions [4][]enroll.Region
	want    [4]string // codes to choose once their level has loaded (resume, office default)
	// onVillage runs when a village is chosen.
	onVillage func(enroll.Region)
}

func newRegionCascade(u *UI) *regionCascade {
	c := &regionCascade{u: u}
	hints := []string{tr("ketik nama atau kode provinsi"), tr("ketik nama atau kode kabupaten/kota"),
		tr("ketik nama atau kode kecamatan"), tr("ketik nama atau kode desa/kelurahan")}
	for i := range c.levels {
		i := i
		c.levels[i] = newPicker(u, hints[i])
		c.levels[i].onSelect = func(o option) { c.selected(i, o) }
	}
	c.load(0, "")
	return c
}

// set chooses the region with code (any level, without dots), level by level as the
// master data loads.
func (c *regionCascade) set(code string) {
	code = enroll.NormalizeRegionCode(code)
	for i, n := range []int{2, 4, 6, 10} {
		if len(code) >= n {
			c.want[i] = code[:n]
		}
	}
	if c.regions[0] != nil {
		c.apply(0)
	}
}

func (c *regionCascade) apply(level int) {
	if w := c.want[level]; w != "" {
		c.want[level] = ""
		c.levels[level].selectKey(w)
	}
}

func (c *regionCascade) load(level int, parent string) {
	c.u.background(func(ctx context.Context) func() {
		rs, err := c.u.b.Regions(ctx, parent)
		return func() {
			if err != nil {
				c.levels[level].hint.SetText(c.u.errText(err))
				return
			}
			if level > 0 && !c.isSelected(level-1, parent) {
				return // the level above changed meanwhile
			}
			c.regions[level] = rs
			opts := make([]option, len(rs))
			for i, r := range rs {
				opts[i] = option{key: r.Code, label: r.Name}
			}
			c.levels[level].setOptions(opts)
			c.apply(level)
		}
	})
}

func (c *regionCascade) isSelected(level int, code string) bool {
	o, ok := c.levels[level].selected()
	return ok && o.key == code
}

// selected reacts to a choice at level: the levels below are emptied and the next one
// loads.
func (c *regionCascade) selected(level int, o option) {
	for j := level + 1; j < len(c.levels); j++ {
		c.regions[j] = nil
		c.levels[j].options, c.levels[j].sel = nil, -1
		c.levels[j].SetText("")
		c.levels[j].showChoice()
	}
	if o.key == "" {
		return
	}
	if level+1 < len(c.levels) {
		c.load(level+1, o.key)
		return
	}
	if c.onVillage != nil {
		for _, r := range c.regions[level] {
			if r.Code == o.key {
				c.onVillage(r)
			}
		}
	}
}

// village returns the chosen village code, "" when none.
func (c *regionCascade) village() string {
	o, ok := c.levels[3].selected()
	if !ok {
		return ""
	}
	return o.key
}

// names returns the chosen regions' names, village first.
func (c *regionCascade) names() string {
	var parts []string
	for i := len(c.levels) - 1; i >= 0; i-- {
		if o, ok := c.levels[i].selected(); ok {
			parts = append(parts, o.label)
		}
	}
	return strings.Join(parts, ", ")
}
