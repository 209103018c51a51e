package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rekam-id/rekam/app/enroll"
)

// option is one choice of a picker: a key (a SIAK code, a region code, a request type)
// and its label.
type option struct {
	key, label string
}

// picker chooses one option from a list, made for the keyboard: the operator types the
// code ("88") or the first letters of the label ("wira") and the match shows beside the
// field; Up and Down step through the list. A tap on the arrow opens the list as a menu.
type picker struct {
	entry
	options  []option
	sel      int
	hint     *widget.Label
	onSelect func(option) // called when the selection changes; option.key "" for none
	box      *fyne.Container
}

func newPicker(r keyRouter, placeholder string) *picker {
	p := &picker{sel: -1}
	p.r, p.PlaceHolder = r, placeholder
	p.ExtendBaseWidget(p)
	p.hint = widget.NewLabel("—")
	p.hint.Truncation = fyne.TextTruncateEllipsis
	p.OnChanged = func(string) { p.resolve() }
	arrow := newTapIcon(theme.MenuDropDownIcon(), p.showMenu)
	p.box = container.NewBorder(nil, nil, nil, arrow, container.NewGridWithColumns(2, p, p.hint))
	return p
}

// codeOptions returns the options of a SIAK code list in lang.
func codeOptions(l enroll.CodeList, lang string) []option {
	out := make([]option, len(l.Codes))
	for i, c := range l.Codes {
		label := c.ID
		if lang == "en" {
			label = c.EN
		}
		out[i] = option{key: strconv.Itoa(c.Code), label: label}
	}
	return out
}

// setOptions replaces the list, keeping the selection when its key is still there.
func (p *picker) setOptions(opts []option) {
	old, had := p.selected()
	p.options, p.sel = opts, -1
	if had {
		p.selectKey(old.key)
		return
	}
	p.resolve()
}

// selected returns the chosen option.
func (p *picker) selected() (option, bool) {
	if p.sel < 0 || p.sel >= len(p.options) {
		return option{}, false
	}
	return p.options[p.sel], true
}

// selectedInt returns the chosen key as a number, 0 when none.
func (p *picker) selectedInt() int {
	o, ok := p.selected()
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(o.key)
	return n
}

// selectKey chooses the option with key; an unknown key clears the field.
func (p *picker) selectKey(key string) {
	for i, o := range p.options {
		if o.key == key {
			p.choose(i)
			return
		}
	}
	p.SetText("")
}

func (p *picker) choose(i int) {
	p.SetText(p.options[i].label) // fires resolve, which finds i: exact labels match first
	if p.sel != i {
		p.sel = i
		p.showChoice()
		if p.onSelect != nil {
			p.onSelect(p.options[i])
		}
	}
}

// resolve finds the option the typed text names: an exact key, an exact label, a label
// prefix, a label containing the text, in that order.
func (p *picker) resolve() {
	q := strings.ToUpper(strings.TrimSpace(p.Text))
	n := -1
	if q != "" {
		for _, match := range []func(option) bool{
			func(o option) bool { return strings.ToUpper(o.key) == q },
			func(o option) bool { return strings.ToUpper(o.label) == q },
			func(o option) bool { return strings.HasPrefix(strings.ToUpper(o.label), q) },
			func(o option) bool { return strings.Contains(strings.ToUpper(o.label), q) },
		} {
			if n = index(p.options, match); n >= 0 {
				break
			}
		}
	}
	changed := n != p.sel
	p.sel = n
	p.showChoice()
	if changed && p.onSelect != nil {
		o, _ := p.selected()
		p.onSelect(o)
	}
}

func index(opts []option, match func(option) bool) int {
	for i, o := range opts {
		if match(o) {
			return i
		}
	}
	return -1
}

func (p *picker) showChoice() {
	switch o, ok := p.selected(); {
	case ok:
		p.hint.SetText("✓ " + o.key + " · " + o.label)
	case strings.TrimSpace(p.Text) == "":
		p.hint.SetText("—")
	default:
		p.hint.SetText(tr("tidak ditemukan"))
	}
}

// TypedKey steps through the list with Up and Down.
func (p *picker) TypedKey(ev *fyne.KeyEvent) {
	if len(p.options) > 0 && (ev.Name == fyne.KeyDown || ev.Name == fyne.KeyUp) {
		i := p.sel
		if ev.Name == fyne.KeyDown {
			i = (i + 1) % len(p.options)
		} else if i--; i < 0 {
			i = len(p.options) - 1
		}
		p.choose(i)
		return
	}
	p.entry.TypedKey(ev)
}

func (p *picker) showMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil {
		return
	}
	items := make([]*fyne.MenuItem, len(p.options))
	for i, o := range p.options {
		i := i
		items[i] = fyne.NewMenuItem(o.key+" · "+o.label, func() { p.choose(i) })
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, p.Size().Height), p)
}

// tapIcon is an icon that reacts to a tap but never takes the keyboard focus, so that it
// adds no stop to the Tab order.
type tapIcon struct {
	widget.BaseWidget
	icon  *widget.Icon
	onTap func()
}

func newTapIcon(res fyne.Resource, onTap func()) *tapIcon {
	t := &tapIcon{icon: widget.NewIcon(res), onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer draws the icon.
func (t *tapIcon) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.icon) }

// Tapped calls onTap.
func (t *tapIcon) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// MinSize is one icon.
func (t *tapIcon) MinSize() fyne.Size {
	s := theme.IconInlineSize() * 1.5
	return fyne.NewSize(s, s)
}
