// Package assets holds what the station embeds: the application icon and the translation
// catalogues of the user interface (Bahasa Indonesia, the default, and English), in the
// JSON format of Fyne's lang package (go-i18n: message ID → text).
//
// The message IDs are the Indonesian texts themselves, so that a missing translation
// falls back to Bahasa Indonesia and the source reads in the language of the office.
package assets

import (
	"embed"
	"fmt"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (256×256 PNG).
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// Translations holds translations/id.json and translations/en.json.
//
//go:embed translations/*.json
var Translations embed.FS

// Languages lists the language codes that have a catalogue, the default first.
var Languages = []string{"id", "en"}

// Translation returns the catalogue of language code lang ("id" or "en").
func Translation(lang string) ([]byte, error) {
	data, err := Translations.ReadFile("translations/" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("read translation %q: %w", lang, err)
	}
	return data, nil
}
