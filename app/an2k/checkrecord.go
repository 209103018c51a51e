package an2k

import (
	"slices"
	"time"
)

// Compression codes of field T.011 (CGA) in tagged image records.
var compressionCodes = []string{"NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"}

// cgaFormat maps a CGA code to the stream format its data must have.
var cgaFormat = map[string]string{
	"WSQ20": formatWSQ, "JPEGB": formatJPEG, "JPEGL": formatJPEG,
	"JP2": formatJP2, "JP2L": formatJP2, "PNG": formatPNG,
}

// gcaFormat maps the Type-4 GCA byte to its stream format (0 is uncompressed).
var gcaFormat = map[int]string{1: formatWSQ, 2: formatJPEG, 3: formatJPEG, 4: formatJP2, 5: formatJP2, 6: formatPNG}

// validImpression reports whether n is an impression type code (Table 7).
func validImpression(n int) bool {
	return (n >= 0 && n <= 8) || (n >= 10 && n <= 15) || (n >= 20 && n <= 29)
}

// validFinger reports whether n is a finger position code for Type-14 (Table 8).
func validFinger(n int) bool { return (n >= 0 && n <= 15) || n == 19 }

func (c *checker) checkHeader(i int, r *Record) {
	if v := r.Text(2); v != "" && !isDigits(v, 4) {
		c.add(i, r, 2, "version %q is not four digits", v)
	}
	if v := r.Text(5); v != "" {
		if _, err := time.Parse("20060102", v); err != nil || len(v) != 8 {
			c.add(i, r, 5, "date %q is not YYYYMMDD", v)
		}
	}
	if v := r.Text(14); v != "" {
		if _, err := time.Parse("20060102150405Z", v); err != nil || len(v) != 15 {
			c.add(i, r, 14, "GMT %q is not YYYYMMDDhhmmssZ", v)
		}
	}
	if v := r.Text(6); v != "" {
		if n, ok := atoi(v); !ok || n < 1 || n > 9 {
			c.add(i, r, 6, "priority %q is not 1 to 9", v)
		}
	}
	for _, n := range []int{11, 12} {
		if v := r.Text(n); v != "" && !isResolution(v) {
			c.add(i, r, n, "resolution %q is not of the form dd.dd", v)
		}
	}
}

func (c *checker) checkImage(i int, r *Record) {
	dims := [2]int{}
	for j, n := range []int{6, 7, 9, 10, 8, 12} {
		if !r.Has(n) || (n == 12 && r.Type == 10) {
			continue
		}
		v, ok := r.Int(n)
		if !ok {
			c.add(i, r, n, "value %q is not a number", r.Text(n))
		} else if j < 2 {
			dims[j] = v
		}
	}
	if slc, ok := r.Int(8); ok && slc > 2 {
		c.add(i, r, 8, "scale units %d is not 0, 1 or 2", slc)
	}
	if r.Type == 13 || r.Type == 14 || r.Type == 15 {
		if v, ok := r.Int(3); r.Has(3) && (!ok || !validImpression(v)) {
			c.add(i, r, 3, "impression type %q is not a valid code", r.Text(3))
		}
	}
	if f, ok := r.Field(13); ok && r.Type == 14 {
		for _, sub := range f.Subfields() {
			v, ok := atoi(sub[0])
			if !ok || !validFinger(v) {
				c.add(i, r, 13, "finger position %q is not a valid code", sub[0])
			}
			if v == 19 && !r.Has(14) {
				c.add(i, r, 14, "print position descriptors are mandatory for finger position 19")
			}
		}
	}
	cga := r.Text(11)
	if !r.Has(11) {
		return
	}
	if !slices.Contains(compressionCodes, cga) {
		c.add(i, r, 11, "compression %q is not a known code", cga)
		return
	}
	data := r.Data()
	if len(data) == 0 {
		return
	}
	if cga == "NONE" {
		if bpx, ok := r.Int(12); ok && r.Type != 10 {
			if want := (dims[0]*dims[1]*bpx + 7) / 8; want != len(data) {
				c.add(i, r, DataField, "uncompressed %dx%d at %d bits is %d bytes, data is %d", dims[0], dims[1], bpx, want, len(data))
			}
		}
		return
	}
	c.checkStream(i, r, data, cgaFormat[cga], "compression "+cga, 11, dims)
}

// checkStream compares an embedded image stream with its declared format and size
// (fields 6 and 7 of tagged records and of binary Type-4 and Type-8 alike).
func (c *checker) checkStream(i int, r *Record, data []byte, want, declared string, formatField int, dims [2]int) {
	format, w, h, err := imageSize(data)
	if format != want {
		got := format
		if got == "" {
			got = "not a recognised image"
		}
		c.add(i, r, formatField, "%s, but the data is %s", declared, got)
		return
	}
	if err != nil {
		c.add(i, r, dataFieldOf(r), "%v", err)
		return
	}
	if w != dims[0] {
		c.add(i, r, 6, "declared width %d, image is %d", dims[0], w)
	}
	if h != dims[1] {
		c.add(i, r, 7, "declared height %d, image is %d", dims[1], h)
	}
}

// dataFieldOf returns the number of the field that holds r's image or signature data:
// 999 for tagged records, the last part of a binary record.
func dataFieldOf(r *Record) int {
	if r.Binary() {
		return len(binaryLayout[r.Type]) + 1
	}
	return DataField
}

func (c *checker) checkType4(i int, r *Record) {
	if v, _ := r.Int(3); !validImpression(v) {
		c.add(i, r, 3, "impression type %d is not a valid code", v)
	}
	if f, ok := r.Field(4); ok {
		for j, b := range f.Value {
			if (j == 0 && b > 15) || (j > 0 && b > 15 && b != 255) {
				c.add(i, r, 4, "finger position byte %d is %d", j+1, b)
			}
		}
	}
	if v, _ := r.Int(5); v > 1 {
		c.add(i, r, 5, "scanning resolution flag %d is not 0 or 1", v)
	}
	w, _ := r.Int(6)
	h, _ := r.Int(7)
	gca, _ := r.Int(8)
	data := r.Data()
	switch {
	case gca == 0:
		if len(data) != w*h {
			c.add(i, r, 9, "uncompressed %dx%d is %d bytes, data is %d", w, h, w*h, len(data))
		}
	case gcaFormat[gca] == "":
		c.add(i, r, 8, "compression code %d is not 0 to 6", gca)
	default:
		c.checkStream(i, r, data, gcaFormat[gca], "compression code "+r.Text(8), 8, [2]int{w, h})
	}
}

func (c *checker) checkType8(i int, r *Record) {
	if v, _ := r.Int(3); v > 1 {
		c.add(i, r, 3, "signature type %d is not 0 or 1", v)
	}
	if v, _ := r.Int(5); v > 1 {
		c.add(i, r, 5, "scanning resolution flag %d is not 0 or 1", v)
	}
	srt, _ := r.Int(4)
	w, _ := r.Int(6)
	h, _ := r.Int(7)
	data := r.Data()
	switch srt {
	case SignatureUncompressed:
		// One byte per pixel as in NIST's samples, or packed one bit per pixel.
		if len(data) != w*h && len(data) != (w+7)/8*h {
			c.add(i, r, 8, "uncompressed %dx%d does not fit %d bytes of data", w, h, len(data))
		}
	case SignatureCompressed:
		c.checkStream(i, r, data, sniffFormat(data), "compressed signature", 8, [2]int{w, h})
	case SignatureVector:
		if len(data)%5 != 0 {
			c.add(i, r, 8, "vector data of %d bytes is not a whole number of 5-byte vectors", len(data))
		}
		if w != 0 || h != 0 {
			c.add(i, r, 6, "vector signature declares a %dx%d image", w, h)
		}
	default:
		c.add(i, r, 4, "representation type %d is not 0, 1 or 2", srt)
	}
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, ok := parseDigits([]byte(s))
	return ok
}

// isResolution reports whether s has the form dd.dd (pixels per millimetre).
func isResolution(s string) bool {
	return len(s) == 5 && s[2] == '.' && isDigits(s[:2], 2) && isDigits(s[3:], 2)
}
