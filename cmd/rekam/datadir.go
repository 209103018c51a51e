package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// defaultDataDir returns $REKAM_DATA, else the user's data directory
// ($XDG_DATA_HOME/rekam or ~/.local/share/rekam; %AppData%\rekam on Windows).
func defaultDataDir() string {
	if d := os.Getenv("REKAM_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "rekam")
	}
	if home, err := os.UserHomeDir(); err == nil {
		if d, err := os.UserConfigDir(); err == nil && filepath.Base(d) != ".config" {
			return filepath.Join(d, "rekam") // Windows and macOS
		}
		return filepath.Join(home, ".local", "share", "rekam")
	}
	return "rekam-data"
}

// dataFlag adds the --data flag to fs.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", defaultDataDir(), "the station's data directory")
}

// ensureDir creates dir (0700: it holds personal data) and returns the database path.
func ensureDir(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	return filepath.Join(dir, "rekam.db"), nil
}
