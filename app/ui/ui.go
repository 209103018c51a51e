package ui

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/assets"
)

// UI is the station's window: the login, the home screen, the enrollment stepper, the
// records, the upload queue and the settings. Create it with New.
type UI struct {
	app     fyne.App
	win     fyne.Window
	b       Backend
	svc     *enroll.Service
	opts    Options
	lang    string // "id" or "en", for the domain's labels
	station string // the station ID, for the header
	op      *Operator

	ctx    context.Context
	cancel context.CancelFunc
	do     func(func()) // runs a function on the UI goroutine
	tasks  atomic.Int64 // background jobs running (tests wait for them)

	cur     screen
	root    *fyne.Container
	body    *fyne.Container
	nav     *fyne.Container
	header  *widget.Label
	helpBar *widget.Label
	help    *widget.PopUp

	idle    idle              // last activity, for the idle screen lock
	scroll  *container.Scroll // the current screen's scroll area, if any
	devs    []deviceState     // the last device snapshot
	wizard  *wizard           // the enrollment in progress, kept across screens
	home    *homeScreen
	closing bool
}

// screen is one screen of the window.
type screen interface {
	// build returns the screen's content; it is called each time the screen is shown.
	build() fyne.CanvasObject
}

// Optional screen behaviours.
type (
	keyScreen      interface{ handleKey(fyne.KeyName) bool }
	focusScreen    interface{ focusFirst() }
	leavingScreen  interface{ leave() }
	shortcutScreen interface{ handleShortcut(chord) bool }
)

// chord is a key with modifiers.
type chord struct {
	key fyne.KeyName
	mod fyne.KeyModifier
}

// New returns the station UI for app, showing the login screen.
func New(app fyne.App, b Backend, opts Options) *UI {
	u := newUI(app, b, opts, fyne.Do)
	u.start()
	return u
}

func newUI(app fyne.App, b Backend, opts Options, do func(func())) *UI {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	if opts.IdleLock == 0 {
		opts.IdleLock = DefaultIdleLock
	}
	u := &UI{app: app, b: b, svc: opts.Service, opts: opts, ctx: ctx, cancel: cancel, do: do}
	u.lang = normLang(opts.Language)
	if s, err := b.Settings(ctx); err == nil {
		u.station = s.Station
		if s.Language != "" {
			u.lang = normLang(s.Language)
		}
	}
	if err := setLanguage(u.lang); err != nil {
		fyne.LogError("load translations", err)
	}
	app.Settings().SetTheme(newStationTheme())
	app.SetIcon(assets.Icon)
	u.win = app.NewWindow("Rekam")
	u.win.SetIcon(assets.Icon)
	u.win.Resize(fyne.NewSize(1280, 720))
	u.header = widget.NewLabel("")
	u.header.TextStyle.Bold = true
	u.helpBar = widget.NewLabel("")
	u.helpBar.Wrapping = fyne.TextWrapWord
	u.body = container.NewStack()
	u.nav = container.NewVBox()
	u.root = container.NewBorder(u.header, u.helpBar, container.NewHBox(u.nav, widget.NewSeparator()), nil, u.body)
	u.win.SetContent(u.root)
	c := u.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { u.routeKey(ev) })
	for _, ch := range globalChords() {
		sc := &desktop.CustomShortcut{KeyName: ch.key, Modifier: ch.mod}
		c.AddShortcut(sc, func(s fyne.Shortcut) { u.routeShortcut(s) })
	}
	u.win.SetCloseIntercept(u.onClose)
	return u
}

func (u *UI) start() {
	u.touch()
	u.showLogin()
	go u.watchDevices()
	go u.watchIdle()
}

// Window returns the station's window.
func (u *UI) Window() fyne.Window { return u.win }

// ShowAndRun shows the window and runs the application until it quits.
func (u *UI) ShowAndRun() { u.win.ShowAndRun() }

// background runs work off the UI goroutine; the function it returns, if any, runs on
// the UI goroutine afterwards. Only that function may touch widgets.
func (u *UI) background(work func(ctx context.Context) func()) {
	u.tasks.Add(1)
	go func() {
		defer u.tasks.Add(-1)
		if done := work(u.ctx); done != nil {
			u.do(done)
		}
	}()
}

// show replaces the current screen.
func (u *UI) show(s screen) {
	if l, ok := u.cur.(leavingScreen); ok {
		l.leave() // also when s is shown again: its previews restart with the new build
	}
	u.cur = s
	u.scroll = nil
	obj := s.build()
	if sc, ok := obj.(*container.Scroll); ok {
		u.fitScroll(sc)
	}
	u.body.Objects = []fyne.CanvasObject{obj}
	u.body.Refresh()
	u.updateChrome()
	if f, ok := s.(focusScreen); ok {
		f.focusFirst()
	}
}

// fitScroll makes sc the screen's scroll area: it scrolls both ways, so that a wide form
// never widens the window past a 1366×768 screen, and focus changes scroll it.
func (u *UI) fitScroll(sc *container.Scroll) {
	sc.Direction = container.ScrollBoth
	u.scroll = sc
}

// ensureVisible scrolls the screen's scroll area so that obj is in view: the keyboard
// user must see the field they type into.
func (u *UI) ensureVisible(obj fyne.CanvasObject) {
	sc := u.scroll
	if sc == nil || obj == nil || u.app == nil {
		return
	}
	d := u.app.Driver()
	op, sp := d.AbsolutePositionForObject(obj), d.AbsolutePositionForObject(sc)
	if op.IsZero() && obj.Position().IsZero() {
		return // not on the canvas (yet)
	}
	const margin = 12
	moved := false
	// shift returns the offset change that brings [lo, hi) into [0, view).
	shift := func(lo, hi, view float32) float32 {
		switch {
		case view <= 0:
		case hi > view && hi-lo <= view:
			return hi - view + margin
		case lo < 0:
			return lo - margin
		}
		return 0
	}
	top := op.Y - sp.Y
	if d := shift(top, top+obj.Size().Height, sc.Size().Height); d != 0 {
		sc.Offset.Y, moved = max(0, sc.Offset.Y+d), true
	}
	left := op.X - sp.X
	if d := shift(left, left+obj.Size().Width, sc.Size().Width); d != 0 {
		sc.Offset.X, moved = max(0, sc.Offset.X+d), true
	}
	if moved {
		sc.Refresh()
	}
}

// focus gives the keyboard focus to w and scrolls it into view.
func (u *UI) focus(w fyne.Focusable) {
	if w != nil {
		u.win.Canvas().Focus(w)
		if e, ok := w.(*entry); ok {
			u.ensureVisible(e) // text fields only: a form typed top to bottom
		}
	}
}

func (u *UI) onClose() {
	if u.closing {
		return
	}
	u.closing = true
	if l, ok := u.cur.(leavingScreen); ok {
		l.leave() // the stepper saves what was typed: the draft resumes next time
	}
	u.cancel()
	u.win.Close()
}

// Close stops the UI's background work and closes the window.
func (u *UI) Close() { u.onClose() }

func globalChords() []chord {
	return []chord{
		{fyne.KeyN, fyne.KeyModifierControl}, {fyne.KeyL, fyne.KeyModifierControl},
		{fyne.Key1, fyne.KeyModifierControl}, {fyne.Key2, fyne.KeyModifierControl},
		{fyne.Key3, fyne.KeyModifierControl}, {fyne.Key4, fyne.KeyModifierControl},
		{fyne.Key5, fyne.KeyModifierControl},
	}
}

// routeKey handles the station-wide keys, then offers ev to the current screen.
func (u *UI) routeKey(ev *fyne.KeyEvent) bool {
	u.touch()
	switch ev.Name {
	case fyne.KeyF1:
		u.toggleHelp()
		return true
	case fyne.KeyEscape:
		if u.help != nil {
			u.toggleHelp()
			return true
		}
	}
	if u.help != nil {
		return true // the help overlay is modal
	}
	if k, ok := u.cur.(keyScreen); ok {
		return k.handleKey(ev.Name)
	}
	return false
}

// routeShortcut handles the station-wide shortcuts, then offers s to the screen.
func (u *UI) routeShortcut(s fyne.Shortcut) bool {
	u.touch()
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return false
	}
	ch := chord{cs.KeyName, cs.Modifier}
	if u.op != nil && ch.mod == fyne.KeyModifierControl {
		switch ch.key {
		case fyne.KeyN, fyne.Key2:
			u.showWizard(ch.key == fyne.KeyN)
			return true
		case fyne.Key1:
			u.showHome()
			return true
		case fyne.Key3:
			u.showIf(station.ActionReadRecords, tr("membuka data rekaman"), func() screen { return newRecordsScreen(u) })
			return true
		case fyne.Key4:
			u.show(newQueueScreen(u))
			return true
		case fyne.Key5:
			u.show(newSettingsScreen(u))
			return true
		case fyne.KeyL:
			u.logout()
			return true
		}
	}
	if sc, ok := u.cur.(shortcutScreen); ok {
		return sc.handleShortcut(ch)
	}
	return false
}
