// Package refdata locates the project's reference data (../shared/data beside the
// repository: FVC fingerprints, NIST ANSI/NIST samples, Kemendagri region codes) for
// tests and benchmarks. The data is read in place and never copied into the repository.
//
// The folder is found by walking up from the working directory to the directory that
// holds go.mod and looking beside it for shared/data. REKAM_SHARED_DATA overrides it.
package refdata

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrMissing is returned by Dir when the reference data folder cannot be found.
var ErrMissing = errors.New("reference data ../shared/data not found (set REKAM_SHARED_DATA)")

// Dir returns the absolute path of the reference data folder, or ErrMissing.
func Dir() (string, error) {
	if d := os.Getenv("REKAM_SHARED_DATA"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return filepath.Abs(d)
		}
		return "", ErrMissing
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "data")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d, nil
			}
			return "", ErrMissing
		}
		if filepath.Dir(dir) == dir {
			return "", ErrMissing
		}
	}
}

// Skipper is the part of testing.TB that Path needs.
type Skipper interface {
	Helper()
	Skipf(format string, args ...any)
}

// Path returns the path of rel inside the reference data folder, or skips the test or
// benchmark with a message saying what is missing.
func Path(t Skipper, rel string) string {
	t.Helper()
	d, err := Dir()
	if err != nil {
		t.Skipf("skipping: %v", err)
		return ""
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: reference data %s not found: %v", rel, err)
	}
	return p
}
