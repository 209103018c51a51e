package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
)

// chain returns a valid log of n entries.
func chain(n int) []auth.AuditEntry {
	at := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	var out []auth.AuditEntry
	var prev *auth.AuditEntry
	for i := range n {
		e := auth.Next(prev, at.Add(time.Duration(i)*time.Minute), "budi", auth.Actions[i%len(auth.Actions)], "R-1", "detail")
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestVerifyChainFindsTheFirstBrokenLink(t *testing.T) {
	if i, err := auth.VerifyChain(chain(8)); i != -1 || err != nil {
		t.Fatalf("intact chain: %d, %v", i, err)
	}
	if i, err := auth.VerifyChain(nil); i != -1 || err != nil {
		t.Fatalf("empty chain: %d, %v", i, err)
	}
	cases := []struct {
		name   string
		tamper func([]auth.AuditEntry) []auth.AuditEntry
		index  int
		says   string
	}{
		{"detail changed", func(es []auth.AuditEntry) []auth.AuditEntry { es[3].Detail = "nothing happened"; return es }, 3, "changed"},
		{"actor changed", func(es []auth.AuditEntry) []auth.AuditEntry { es[5].Actor = "sari"; return es }, 5, "changed"},
		{"time changed by 1 ns", func(es []auth.AuditEntry) []auth.AuditEntry { es[2].At = es[2].At.Add(1); return es }, 2, "changed"},
		{"changed and re-hashed", func(es []auth.AuditEntry) []auth.AuditEntry {
			es[4].Action = auth.ActionLogin
			es[4].Hash = es[4].ComputeHash()
			return es
		}, 5, "does not point"},
		{"middle deleted", func(es []auth.AuditEntry) []auth.AuditEntry { return append(es[:4], es[5:]...) }, 4, "5..5 before it are missing"},
		{"first deleted", func(es []auth.AuditEntry) []auth.AuditEntry { return es[1:] }, 0, "missing"},
		{"two swapped", func(es []auth.AuditEntry) []auth.AuditEntry { es[2], es[3] = es[3], es[2]; return es }, 2, "reordered"},
		{"seq renumbered after a deletion", func(es []auth.AuditEntry) []auth.AuditEntry {
			es = append(es[:4], es[5:]...)
			for i := 4; i < len(es); i++ {
				es[i].Seq--
			}
			return es
		}, 4, "does not point"},
		{"duplicated", func(es []auth.AuditEntry) []auth.AuditEntry { return append(es[:3], es[2:]...) }, 3, "reordered or duplicated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			es := c.tamper(chain(8))
			i, err := auth.VerifyChain(es)
			if i != c.index || !errors.Is(err, auth.ErrChainBroken) || !enroll.IsKind(err, enroll.KindConflict) {
				t.Fatalf("VerifyChain = %d, %v; want %d, KindConflict ErrChainBroken", i, err, c.index)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Fatalf("the message %q does not say %q", err, c.says)
			}
		})
	}
}

func TestVerifyAnchorFindsACutOrRewrittenLog(t *testing.T) {
	es := chain(6)
	anchor := es[5]
	if err := auth.VerifyAnchor(es, anchor.Seq, anchor.Hash); err != nil {
		t.Fatal(err)
	}
	if err := auth.VerifyAnchor(es[:5], anchor.Seq, anchor.Hash); !errors.Is(err, auth.ErrChainBroken) {
		t.Fatalf("cut log: %v", err)
	}
	// A full rewrite from entry 3 on passes VerifyChain but not the anchor.
	rewritten := es[:2]
	for _, e := range es[2:] {
		prev := rewritten[len(rewritten)-1]
		rewritten = append(rewritten, auth.Next(&prev, e.At, e.Actor, e.Action, e.Subject, "rewritten"))
	}
	if i, err := auth.VerifyChain(rewritten); err != nil {
		t.Fatalf("the rewrite should chain: %d %v", i, err)
	}
	if err := auth.VerifyAnchor(rewritten, anchor.Seq, anchor.Hash); !errors.Is(err, auth.ErrChainBroken) {
		t.Fatalf("rewritten log: %v", err)
	}
}

func TestLogDetectsStoreTampering(t *testing.T) {
	st := newStation(t)
	st.login(t, "budi")
	st.login(t, "sari")
	st.store.Tamper(func(es []auth.AuditEntry) []auth.AuditEntry {
		return append(es[:2], es[3:]...) // someone deletes the third entry
	})
	_, i, err := st.log.Verify(t.Context())
	if i != 2 || !errors.Is(err, auth.ErrChainBroken) || !strings.Contains(err.Error(), "entry 4") {
		t.Fatalf("Verify = %d, %v; want 2 naming entry 4", i, err)
	}
}

func TestTwoLogsOnOneStoreKeepOneChain(t *testing.T) {
	st := newStation(t)
	other := auth.NewLog(st.store) // another process (the CLI) on the same database
	for i := range 5 {
		l := st.log
		if i%2 == 1 {
			l = other
		}
		if _, err := l.Record(t.Context(), "budi", auth.ActionSync, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	st.actions(t) // verifies the chain
}
