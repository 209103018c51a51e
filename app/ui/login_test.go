package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestLoginRejectsWrongPasswordThenAccepts(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	h.mustSee("Masuk ke stasiun perekaman")
	s := h.u.cur.(*loginScreen)
	if h.focused() != s.id {
		t.Fatalf("focus on %T, want the operator ID", h.focused())
	}
	h.press(fyne.KeyReturn) // nothing typed yet: Enter moves to the password
	h.press(fyne.KeyReturn) // and submits nothing
	h.mustSee("Isi ID operator dan kata sandi.")

	h.u.focus(s.id)
	h.typeText("op1")
	h.press(fyne.KeyTab)
	h.typeText("salah")
	h.press(fyne.KeyReturn)
	h.mustSee("ID atau kata sandi salah")
	if h.u.op != nil || s.pass.Text != "" {
		t.Fatalf("wrong password: operator %v, password field %q", h.u.op, s.pass.Text)
	}
	h.typeText("rahasia")
	h.press(fyne.KeyReturn)
	if h.u.op == nil || h.u.op.ID != "op1" {
		t.Fatalf("not logged in: %v", h.u.op)
	}
	if _, ok := h.u.cur.(*homeScreen); !ok {
		t.Fatalf("screen %T after login", h.u.cur)
	}
	h.mustSee("Budi Santoso")

	h.chord(fyne.KeyModifierControl, fyne.KeyL)
	if h.u.op != nil {
		t.Fatal("Ctrl+L did not log out")
	}
	h.mustSee("Masuk ke stasiun perekaman")
}

func TestShortcutsNeedALogin(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	h.chord(fyne.KeyModifierControl, fyne.KeyN)
	if _, ok := h.u.cur.(*loginScreen); !ok {
		t.Fatalf("Ctrl+N before login opened %T", h.u.cur)
	}
}

func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, newFakeBackend())
	h.press(fyne.KeyF1)
	h.mustSee("Tombol pintas")
	h.mustSee("F5")
	h.mustSee("Ambil (foto, tanda tangan, sidik jari)")
	h.press(fyne.KeyEscape)
	if h.u.help != nil || h.screenHas("Tombol pintas") {
		t.Fatal("Esc did not close the help")
	}
}
