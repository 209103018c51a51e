package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/rekam-id/rekam/app/enroll"
)

// packetChunk is how many bytes PacketReader fetches per query.
const packetChunk = 64 << 10

// PacketReader reads a stored packet in chunks (SELECT substr(data, …)), so that an
// upload can stream and resume at any offset without holding the packet in memory. In
// an encrypted database the packet is opened whole when the reader is made (a packet is
// at most a few hundred kilobytes) and read from memory. It implements
// io.ReadSeekCloser and io.ReaderAt. It is not safe for concurrent use.
type PacketReader struct {
	db       *sql.DB
	recordID string
	size     int64
	off      int64
	buf      []byte // the chunk that starts at bufOff
	bufOff   int64
	whole    bool // buf holds the whole (opened) packet
	closed   bool
}

// PacketReader returns a reader of the packet committed with record recordID and the
// packet's reference. Errors: KindNotFound (no such record or no packet yet),
// KindPermission (the station is locked), KindInvalid (the sealed packet does not
// authenticate), KindUnavailable, KindInternal.
func (s *Store) PacketReader(ctx context.Context, recordID string) (*PacketReader, enroll.PacketRef, error) {
	op := "read packet of " + recordID
	c, err := s.crypter(op)
	if err != nil {
		return nil, enroll.PacketRef{}, err
	}
	var ref enroll.PacketRef
	err = s.db.QueryRowContext(ctx, `SELECT packet_id, sha256, size FROM packets WHERE record_id = ?`, recordID).
		Scan(&ref.ID, &ref.SHA256, &ref.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ref, enroll.Errorf(op, enroll.KindNotFound, "record %q has no packet", recordID)
	}
	if err != nil {
		return nil, ref, classify(op, err)
	}
	p := &PacketReader{db: s.db, recordID: recordID, size: ref.Size}
	if c != nil {
		var sealed []byte
		if err := s.db.QueryRowContext(ctx, `SELECT data FROM packets WHERE record_id = ?`, recordID).Scan(&sealed); err != nil {
			return nil, ref, classify(op, err)
		}
		if p.buf, err = openBlob(c, sealed, packetAAD(recordID)); err != nil {
			return nil, ref, classify(op, err)
		}
		if int64(len(p.buf)) != ref.Size {
			return nil, ref, enroll.Errorf(op, enroll.KindInternal, "packet is %d bytes, recorded as %d", len(p.buf), ref.Size)
		}
		p.whole = true
	}
	return p, ref, nil
}

// Size returns the packet's length in bytes.
func (p *PacketReader) Size() int64 { return p.size }

// Read reads the next bytes of the packet.
func (p *PacketReader) Read(b []byte) (int, error) {
	n, err := p.ReadAt(b, p.off)
	p.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

// ReadAt reads len(b) bytes from offset off.
func (p *PacketReader) ReadAt(b []byte, off int64) (int, error) {
	if p.closed {
		return 0, enroll.Errorf("read packet", enroll.KindInternal, "reader of %s is closed", p.recordID)
	}
	if off < 0 {
		return 0, enroll.Errorf("read packet", enroll.KindInvalid, "negative offset %d", off)
	}
	n := 0
	for n < len(b) {
		pos := off + int64(n)
		if pos >= p.size {
			return n, io.EOF
		}
		if !p.whole && (pos < p.bufOff || pos >= p.bufOff+int64(len(p.buf))) {
			if err := p.fetch(pos); err != nil {
				return n, err
			}
		}
		n += copy(b[n:], p.buf[pos-p.bufOff:])
	}
	return n, nil
}

func (p *PacketReader) fetch(pos int64) error {
	var chunk []byte
	// substr counts from 1 and works on bytes for a BLOB.
	err := p.db.QueryRow(`SELECT substr(data, ?, ?) FROM packets WHERE record_id = ?`,
		pos+1, packetChunk, p.recordID).Scan(&chunk)
	if err != nil {
		return classify("read packet of "+p.recordID, err)
	}
	if len(chunk) == 0 {
		return enroll.Errorf("read packet of "+p.recordID, enroll.KindInternal,
			"packet ends at %d, before its recorded size %d", pos, p.size)
	}
	p.buf, p.bufOff = chunk, pos
	return nil
}

// Seek sets the offset of the next Read.
func (p *PacketReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += p.off
	case io.SeekEnd:
		offset += p.size
	default:
		return p.off, fmt.Errorf("seek packet: bad whence %d", whence)
	}
	if offset < 0 {
		return p.off, enroll.Errorf("seek packet", enroll.KindInvalid, "negative offset %d", offset)
	}
	p.off = offset
	return offset, nil
}

// Close releases the reader.
func (p *PacketReader) Close() error {
	p.closed, p.buf = true, nil
	return nil
}
