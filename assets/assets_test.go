package assets

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"
)

func TestTranslationsParse(t *testing.T) {
	var sizes []int
	for _, l := range Languages {
		data, err := Translation(l)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if len(m) < 100 {
			t.Errorf("%s has only %d messages", l, len(m))
		}
		sizes = append(sizes, len(m))
	}
	if sizes[0] != sizes[1] {
		t.Errorf("the catalogues differ in size: %v", sizes)
	}
	if _, err := Translation("fr"); err == nil {
		t.Error("a missing catalogue was found")
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon.Content()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 256 || cfg.Height != 256 {
		t.Errorf("icon is %d×%d", cfg.Width, cfg.Height)
	}
}
