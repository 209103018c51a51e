package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
)

// driveBackend adds drive transfers to the fake backend.
type driveBackend struct {
	*fakeBackend
	exported, imported []string
}

func (d *driveBackend) ExportQueue(_ context.Context, dir string, progress func(done, total int)) (int, error) {
	d.exported = append(d.exported, dir)
	for i := 1; i <= 3; i++ {
		progress(i, 3)
	}
	return 3, nil
}

func (d *driveBackend) ImportQueue(_ context.Context, dir string, progress func(done, total int)) (int, int, int, error) {
	d.imported = append(d.imported, dir)
	return 4, 1, 1, nil
}

// TestDriveTransferPanel: the queue screen exports and imports through a drive folder
// from the keyboard and reports what happened.
func TestDriveTransferPanel(t *testing.T) {
	b := newFakeBackend()
	db := &driveBackend{fakeBackend: b}
	h := newHarnessOn(t, b, db, 0)
	h.login("op1", "rahasia")
	h.chord(fyne.KeyModifierControl, fyne.Key4)
	q, ok := h.u.cur.(*queueScreen)
	if !ok {
		t.Fatalf("screen %T", h.u.cur)
	}
	h.mustSee("Ekspor ke drive")
	p := q.drive
	if p == nil {
		t.Fatal("no drive panel although the backend transfers")
	}
	h.u.focus(p.dir)
	h.typeText("/media/usb/rekam")
	h.press(fyne.KeyReturn) // to the export button
	h.press(fyne.KeyReturn) // export
	h.settle()
	if len(db.exported) != 1 || db.exported[0] != "/media/usb/rekam" {
		t.Fatalf("exported %v", db.exported)
	}
	if p.bar.Value != 1 || p.msg.Text != "3 paket tersegel ditulis ke /media/usb/rekam." {
		t.Fatalf("after export: bar %.2f, message %q", p.bar.Value, p.msg.Text)
	}
	p.run(false) // an operator may export, not import
	h.settle()
	if len(db.imported) != 0 || p.msg.Text != "⚠ Peran Anda tidak boleh memindahkan paket ini." {
		t.Fatalf("import by an operator: %v %q", db.imported, p.msg.Text)
	}
	h.chord(fyne.KeyModifierControl, fyne.KeyL)
	h.login("sup1", "atasan")
	h.chord(fyne.KeyModifierControl, fyne.Key4)
	p = h.u.cur.(*queueScreen).drive
	p.dir.SetText("/media/usb/rekam")
	p.run(false)
	h.settle()
	if len(db.imported) != 1 || p.msg.Text != "4 paket masuk antrian, 1 sudah ada, 1 rusak dilewati." {
		t.Fatalf("after import: %v %q", db.imported, p.msg.Text)
	}
	p.dir.SetText("")
	p.run(true)
	if p.msg.Text != "Isi folder tujuan di flashdisk." || len(db.exported) != 1 {
		t.Fatalf("empty folder: %q", p.msg.Text)
	}
}
