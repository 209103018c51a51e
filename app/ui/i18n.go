package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/rekam-id/rekam/assets"
)

// Texts are looked up through Fyne's lang package; the message IDs are the Indonesian
// texts (see package assets). lang picks its catalogue from the system locale and has no
// call to choose another, so setLanguage loads the chosen catalogue under every tag the
// localizer may pick for this system ("en", the system locale and its language): whatever
// the machine's locale, the office's choice is what the screens show.

// tr returns the text s in the current language.
func tr(s string) string { return lang.L(s) }

// trf returns the template text s (text/template syntax, e.g. "{{.N}} rekaman") filled
// with data, in the current language.
func trf(s string, data map[string]any) string { return lang.L(s, data) }

// setLanguage makes code ("id" or "en") the language of the texts.
func setLanguage(code string) error {
	data, err := assets.Translation(code)
	if err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	sys := lang.SystemLocale()
	tags := []fyne.Locale{"en", sys, fyne.Locale(sys.LanguageString())}
	if l := baseLanguage(sys); l != "" {
		tags = append(tags, fyne.Locale(l))
	}
	for _, t := range tags {
		if err := lang.AddTranslationsForLocale(data, t); err != nil {
			return fmt.Errorf("set language %s for %s: %w", code, t, err)
		}
	}
	return nil
}

// baseLanguage returns the language part of a locale ("en" of "en-US").
func baseLanguage(l fyne.Locale) string {
	s := string(l)
	for i, r := range s {
		if r == '-' || r == '_' {
			return s[:i]
		}
	}
	return s
}

// normLang returns "en" for English and "id" for everything else.
func normLang(code string) string {
	if code == "en" {
		return "en"
	}
	return "id"
}
