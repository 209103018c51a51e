package main

import (
	"fmt"
	"io"

	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// appID is the Fyne application ID; preferences never depend on FyneApp.toml.
const appID = "id.rekam.station"

// runGUI opens the station window.
func runGUI(stdout, stderr io.Writer) int {
	dir := defaultDataDir()
	a := fyneapp.NewWithID(appID)
	w := a.NewWindow("Rekam")
	status := "belum diprovisi / not provisioned"
	if c, _, err := loadStation(dir); err == nil {
		status = fmt.Sprintf("%s → %s", c.Station, c.ServerURL)
	}
	w.SetContent(container.NewVBox(
		widget.NewLabel("Rekam — stasiun perekaman KTP-el"),
		widget.NewLabel("Stasiun: "+status),
		widget.NewLabel("Data: "+dir),
	))
	w.ShowAndRun()
	return 0
}
