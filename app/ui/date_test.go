package ui

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"05121990": "05-12-1990", "05-12-1990": "05-12-1990", "5/1/2001": "05-01-2001", " 29.02.2000 ": "29-02-2000",
	} {
		got, ok := parseDate(in)
		if !ok || formatDate(got) != want {
			t.Errorf("%q: %v %v, want %s", in, formatDate(got), ok, want)
		}
	}
	for _, in := range []string{"", "29021999", "31-04-2000", "1990-12-05", "05-12-90", "aa-bb-cccc", "05121990x"} {
		if got, ok := parseDate(in); ok {
			t.Errorf("%q read as %v", in, got)
		}
	}
}

// FuzzParseDate checks that whatever parseDate accepts is a real calendar date that
// formats and reads back to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05121990", "05-12-1990", "31/12/1999", "00000000", "99-99-9999", "1-1-1800"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 {
			t.Fatalf("%q: %v is not a UTC date", s, d)
		}
		back, ok := parseDate(formatDate(d))
		if !ok || !back.Equal(d) {
			t.Fatalf("%q: %v reads back as %v %v", s, d, back, ok)
		}
	})
}
