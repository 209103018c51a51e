package auth_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/rekam-id/rekam/app/auth"
)

func TestRecoveryKeyText(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$`)
	for range 50 {
		k := auth.NewRecoveryKey()
		s := k.String()
		if !shape.MatchString(s) {
			t.Fatalf("String = %q, want eight groups of four Crockford characters", s)
		}
		for _, variant := range []string{s, strings.ToLower(s), strings.ReplaceAll(s, "-", ""), strings.ReplaceAll(s, "-", " ")} {
			got, err := auth.ParseRecoveryKey(variant)
			if err != nil || got != k {
				t.Fatalf("ParseRecoveryKey(%q) = %v, %v; want %v", variant, got, err, k)
			}
		}
	}
	var zero auth.RecoveryKey
	if s := zero.String(); s != "0000-0000-0000-0000-0000-0000-0000-0000" {
		t.Fatalf("zero key = %q", s)
	}
	// O reads as 0, I and L as 1.
	k, err := auth.ParseRecoveryKey("OOOO-OOOO-OOOO-OOOO-OOOO-OOOO-OOOO-OOOI")
	if err != nil || k[19] != 1 {
		t.Fatalf("lenient parse = %v, %v", k, err)
	}
	for _, bad := range []string{"", "0000-0000", strings.Repeat("0", 33), strings.Repeat("0", 31) + "U", strings.Repeat("0", 31) + "é"} {
		if _, err := auth.ParseRecoveryKey(bad); err == nil {
			t.Errorf("ParseRecoveryKey(%q) accepted", bad)
		}
	}
}
