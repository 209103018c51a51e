package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// stationTheme is Fyne's theme with larger type: the desk is busy, the operator glances
// at the screen from an arm's length, and the window must still fit 1366×768.
type stationTheme struct{ fyne.Theme }

func newStationTheme() fyne.Theme { return stationTheme{theme.DefaultTheme()} }

// Size enlarges the text sizes.
func (t stationTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16
	case theme.SizeNameHeadingText:
		return 24
	case theme.SizeNameSubHeadingText:
		return 19
	case theme.SizeNameCaptionText:
		return 13
	}
	return t.Theme.Size(n)
}

// Color is always the light variant: the desk is lit, and the state colours (green done,
// blue current, red error) are chosen against white.
func (t stationTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// Colours with a meaning on the screens.
var (
	colOK      = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	colWarn    = color.NRGBA{R: 0xef, G: 0x8f, B: 0x00, A: 0xff}
	colBad     = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colIdle    = color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}
	colCurrent = color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff}
	colBlank   = color.NRGBA{R: 0xf5, G: 0xf5, B: 0xf5, A: 0xff}
)

var (
	colCurrentBg = color.NRGBA{R: 0xe3, G: 0xf2, B: 0xfd, A: 0xff}
	colText      = color.NRGBA{R: 0x21, G: 0x21, B: 0x21, A: 0xff}
)
