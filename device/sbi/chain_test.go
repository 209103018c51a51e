package sbi

import (
	"fmt"
	"testing"
)

// TestChainHash checks the link rule against values computed independently (Python
// hashlib: sha256(prev + sha256(bio)), prev starting at sha256(b"")).
func TestChainHash(t *testing.T) {
	start, err := parsePreviousHash("")
	if err != nil {
		t.Fatal(err)
	}
	h1 := ChainHash(start, []byte("abc"))
	if got := fmt.Sprintf("%X", h1); got != "BDDBDF7E9DF02F902EE5DD61B2B513D7566A2112FF97DB7DC3B6D184A43EF0E3" {
		t.Errorf("first link %s", got)
	}
	h2 := ChainHash(h1, []byte{0, 1, 2})
	if got := fmt.Sprintf("%X", h2); got != "D02EF82ACF6CCF4442E1DC6BFE368CF8077CA2755A18AE4ABB1BA06207F4BBD3" {
		t.Errorf("second link %s", got)
	}
	// The explicit start value and the empty previousHash are the same start.
	explicit, err := parsePreviousHash(NewChain().Previous())
	if err != nil || string(explicit) != string(start) {
		t.Errorf("chain start %X, want %X (%v)", explicit, start, err)
	}
	for _, bad := range []string{"zz", "E3B0", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B85"} {
		if _, err := parsePreviousHash(bad); err == nil {
			t.Errorf("previousHash %q accepted", bad)
		}
	}
}
