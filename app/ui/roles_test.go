package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestRolesSeparateDuties: an admin manages the station but does not record or open
// records; an operator records but does not change settings.
func TestRolesSeparateDuties(t *testing.T) {
	b := newFakeBackend()
	h := newHarness(t, b)
	h.login("adm", "admin")
	for _, key := range []fyne.KeyName{fyne.KeyN, fyne.Key3} {
		h.chord(fyne.KeyModifierControl, key)
		if _, ok := h.u.cur.(*deniedScreen); !ok {
			t.Fatalf("admin Ctrl+%s: screen %T, want a refusal", key, h.u.cur)
		}
	}
	h.mustSee("Tidak diizinkan")
	if n := len(h.u.nav.Objects); n != 4 {
		t.Errorf("admin's menu has %d items, want 4 (home, queue, settings, log out)", n)
	}
	for _, o := range h.u.nav.Objects {
		if n, ok := o.(*navItem); ok && (n.text.Text == tr("Perekaman baru")+"  (Ctrl+N)" || n.text.Text == tr("Data rekaman")+"  (Ctrl+3)") {
			t.Errorf("admin's menu offers %q", n.text.Text)
		}
	}
	h.chord(fyne.KeyModifierControl, fyne.KeyL)
	h.login("op1", "rahasia")
	if n := len(h.u.nav.Objects); n != 6 {
		t.Errorf("operator's menu has %d items, want 6", n)
	}
	h.chord(fyne.KeyModifierControl, fyne.KeyN)
	if _, ok := h.u.cur.(*wizard); !ok {
		t.Fatalf("operator Ctrl+N: screen %T", h.u.cur)
	}
	h.chord(fyne.KeyModifierControl, fyne.Key5)
	s := h.u.cur.(*settingsScreen)
	before := b.settings.FingerQuality
	s.quality.SetText("77")
	s.onSave()
	h.settle()
	if s.msg.Text != "⚠ Hanya admin yang boleh mengubah pengaturan." || b.settings.FingerQuality != before {
		t.Fatalf("operator saved settings: %q", s.msg.Text)
	}
}

// TestOnlySupervisorsApprove: the window's approval panel follows the station core's
// table; an admin manages the station and may not approve an override.
func TestOnlySupervisorsApprove(t *testing.T) {
	for r, want := range map[Role]bool{RoleOperator: false, RoleSupervisor: true, RoleAdmin: false, "": false} {
		if got := (Operator{ID: "x", Role: r}).CanOverride(); got != want {
			t.Errorf("role %q: CanOverride %v, want %v", r, got, want)
		}
	}
}
