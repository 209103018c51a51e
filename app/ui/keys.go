package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The keyboard. Fyne gives a key press to the focused widget only, and an entry swallows
// the shortcuts it does not know, so station-wide keys (F1 help, F5 capture, F6 retake,
// PgDn/PgUp next/back, Ctrl+N new enrollment…) would die in whichever field has the
// focus. The station's focusable widgets therefore offer every key to a keyRouter first
// (the UI, which asks the current screen), and keep it only when nobody claims it.

// keyRouter receives the keys and shortcuts that widgets offer before handling them.
type keyRouter interface {
	// routeKey handles ev and reports whether it did.
	routeKey(ev *fyne.KeyEvent) bool
	// routeShortcut handles s and reports whether it did.
	routeShortcut(s fyne.Shortcut) bool
	// touch records operator activity (typing, tapping) for the idle lock.
	touch()
	// ensureVisible scrolls the screen so that a widget that gained the focus is seen.
	ensureVisible(o fyne.CanvasObject)
}

func isEnter(ev *fyne.KeyEvent) bool {
	return ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter
}

// entry is a text field that offers keys to the router and calls onEnter on Enter.
type entry struct {
	widget.Entry
	r       keyRouter
	onEnter func()
}

func newEntry(r keyRouter, placeholder string) *entry {
	e := &entry{r: r}
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry(r keyRouter, placeholder string) *entry {
	e := newEntry(r, placeholder)
	e.Password = true
	return e
}

// TypedKey offers ev to the router, then handles Enter, then lets the entry have it.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if e.r != nil && e.r.routeKey(ev) {
		return
	}
	if isEnter(ev) && !e.MultiLine && e.onEnter != nil {
		e.onEnter()
		return
	}
	e.Entry.TypedKey(ev)
}

// FocusGained scrolls the entry into view (Tab, Enter or a click moved the focus here).
func (e *entry) FocusGained() {
	e.Entry.FocusGained()
	if e.r != nil {
		e.r.ensureVisible(e)
	}
}

// TypedRune counts typing as activity.
func (e *entry) TypedRune(r rune) {
	if e.r != nil {
		e.r.touch()
	}
	e.Entry.TypedRune(r)
}

// TypedShortcut offers s to the router before the entry's own shortcuts.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if e.r != nil && e.r.routeShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// button is a button that Enter presses too, and that offers keys to the router.
type button struct {
	widget.Button
	r keyRouter
}

func newButton(r keyRouter, label string, tapped func()) *button {
	b := &button{r: r}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// Tapped counts a tap as activity.
func (b *button) Tapped(ev *fyne.PointEvent) {
	if b.r != nil {
		b.r.touch()
	}
	b.Button.Tapped(ev)
}

// TypedKey offers ev to the router; Enter and Space press the button.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	if b.r != nil && b.r.routeKey(ev) {
		return
	}
	if isEnter(ev) {
		b.Tapped(&fyne.PointEvent{})
		return
	}
	b.Button.TypedKey(ev)
}

// check is a check box that Space toggles and Enter submits (onEnter).
type check struct {
	widget.Check
	r       keyRouter
	onEnter func()
}

func newCheck(r keyRouter, label string, changed func(bool)) *check {
	c := &check{r: r}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey offers ev to the router; Enter calls onEnter.
func (c *check) TypedKey(ev *fyne.KeyEvent) {
	if c.r != nil && c.r.routeKey(ev) {
		return
	}
	if isEnter(ev) && c.onEnter != nil {
		c.onEnter()
		return
	}
	c.Check.TypedKey(ev)
}
