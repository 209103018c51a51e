// Package ui is the station's window, in Fyne: the login, the home screen (Beranda), the
// enrollment stepper (Perekaman baru: Permohonan, Persyaratan, Biodata, Foto wajah, Tanda
// tangan, Sidik jari, Pengesahan), the records (Data rekaman), the upload queue (Antrian
// kirim) and the settings (Pengaturan).
//
// Each screen is an unexported struct with a constructor, a build method and onX
// handlers, one file per screen. The package receives everything it needs through small
// interfaces (Backend and its parts, in backend.go) and the *enroll.Service: it imports no
// store, device or sync package, so cmd/rekam wires the real adapters and the tests wire
// fakes and the device simulators.
//
// The workflow is made for the keyboard: every field is reached with Tab or Enter, Enter
// on a step's last field (or PgDn) moves on, F5 captures and F6 retakes, Ctrl+N starts or
// resumes an enrollment, F1 shows every key. Station-wide keys reach the current screen
// whichever field has the focus (see keys.go).
//
// Long work (device captures, sign-off, sync, store reads) runs in background goroutines
// that report plain values; only the UI goroutine touches widgets (UI.background and
// fyne.Do). Texts are in Bahasa Indonesia by default, English on request, through Fyne's
// lang package and the catalogues in package assets.
package ui
