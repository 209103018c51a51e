package sbi

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
)

// The STREAM response is M-JPEG: a multipart/x-mixed-replace body (RFC 2046 multipart
// syntax) whose parts are JPEG frames. Devices differ in the details, so the reader is
// lenient where that is safe: parts with or without Content-Length, LF or CRLF line ends,
// a boundary parameter that already includes the leading "--", a missing close
// delimiter. It is strict on sizes: no line, header block or part may exceed its limit.

const (
	maxPartLine    = 4 << 10  // one delimiter or header line
	maxPartHeaders = 32       // header lines per part
	maxPartSize    = 16 << 20 // one frame
	maxPreamble    = 64 << 10 // bytes skipped before the first delimiter or between parts
)

// Part is one part of a multipart stream.
type Part struct {
	Header map[string]string // lower-case names
	Body   []byte
}

// PartReader reads the parts of a multipart/x-mixed-replace stream.
type PartReader struct {
	br       *bufio.Reader
	boundary string
	delim    []byte // the delimiter as the stream writes it, found at the first part
	done     bool
}

// NewPartReader returns a reader for a body of the given Content-Type, which must be
// multipart with a boundary parameter.
func NewPartReader(r io.Reader, contentType string) (*PartReader, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("stream content type %q: %w", contentType, err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return nil, fmt.Errorf("stream content type %q is not multipart", mt)
	}
	b := params["boundary"]
	if b == "" || len(b) > 200 {
		return nil, fmt.Errorf("stream content type %q has no usable boundary", contentType)
	}
	return &PartReader{br: bufio.NewReaderSize(r, 64<<10), boundary: b}, nil
}

// readLine returns the next line without its line end; a final line without one is
// returned too.
func (p *PartReader) readLine() ([]byte, error) {
	line, err := p.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) || len(line) > maxPartLine {
		return nil, fmt.Errorf("stream line longer than %d bytes", maxPartLine)
	}
	if err != nil && (len(line) == 0 || !errors.Is(err, io.EOF)) {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// delimiterKind classifies a line: 1 a delimiter, 2 the close delimiter, 0 neither.
func (p *PartReader) delimiterKind(line []byte) int {
	line = bytes.TrimRight(line, " \t")
	try := func(d []byte) int {
		switch {
		case bytes.Equal(line, d):
			return 1
		case len(line) == len(d)+2 && bytes.HasPrefix(line, d) && bytes.HasSuffix(line, []byte("--")):
			return 2
		}
		return 0
	}
	if p.delim != nil {
		return try(p.delim)
	}
	for _, d := range [][]byte{[]byte("--" + p.boundary), []byte(p.boundary)} {
		if k := try(d); k != 0 {
			p.delim = d
			return k
		}
	}
	return 0
}

// Next returns the next part, or io.EOF after the close delimiter or a clean end of the
// stream between parts.
func (p *PartReader) Next() (Part, error) {
	if p.done {
		return Part{}, io.EOF
	}
	skipped := 0
	for {
		line, err := p.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				p.done = true
			}
			return Part{}, err
		}
		switch p.delimiterKind(line) {
		case 1:
			return p.part()
		case 2:
			p.done = true
			return Part{}, io.EOF
		}
		if skipped += len(line) + 1; skipped > maxPreamble {
			return Part{}, fmt.Errorf("no multipart delimiter within %d bytes", maxPreamble)
		}
	}
}

// part reads the headers and body of a part whose delimiter line was just read.
func (p *PartReader) part() (Part, error) {
	pt := Part{Header: map[string]string{}}
	for n := 0; ; n++ {
		line, err := p.readLine()
		if err != nil {
			return Part{}, unexpected(err)
		}
		if len(line) == 0 {
			break
		}
		if n >= maxPartHeaders {
			return Part{}, fmt.Errorf("part has more than %d header lines", maxPartHeaders)
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(bytes.TrimSpace(k)) == 0 {
			return Part{}, fmt.Errorf("malformed part header %.40q", line)
		}
		pt.Header[strings.ToLower(string(bytes.TrimSpace(k)))] = string(bytes.TrimSpace(v))
	}
	if cl, ok := pt.Header["content-length"]; ok {
		n, err := strconv.Atoi(cl)
		if err != nil || n < 0 || n > maxPartSize {
			return Part{}, fmt.Errorf("part Content-Length %q", cl)
		}
		pt.Body = make([]byte, n)
		if _, err := io.ReadFull(p.br, pt.Body); err != nil {
			return Part{}, unexpected(err)
		}
		return pt, nil
	}
	return p.bodyToDelimiter(pt)
}

// bodyToDelimiter reads a part without Content-Length: everything up to the line end
// that precedes the next delimiter.
func (p *PartReader) bodyToDelimiter(pt Part) (Part, error) {
	var body []byte
	for {
		seg, err := p.br.ReadSlice('\n')
		body = append(body, seg...)
		if len(body) > maxPartSize {
			return Part{}, fmt.Errorf("part larger than %d bytes", maxPartSize)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(body) > 0 {
				// A stream cut after a complete last frame: keep the frame.
				p.done = true
				pt.Body = body
				return pt, nil
			}
			return Part{}, unexpected(err)
		}
		pk, _ := p.br.Peek(len(p.delim))
		if bytes.Equal(pk, p.delim) {
			body = bytes.TrimSuffix(body, []byte("\n"))
			body = bytes.TrimSuffix(body, []byte("\r"))
			pt.Body = body
			return pt, nil
		}
	}
}

// unexpected turns io.EOF inside a part into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
