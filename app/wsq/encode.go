package wsq

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
)

// DefaultBitrate is the target bit rate (bits per pixel) used when Options leaves it
// zero; 0.75 bpp is the FBI's setting for 500 ppi fingerprints.
const DefaultBitrate = 0.75

// MaxDimension is the largest width or height this package encodes or decodes.
const MaxDimension = 10000

// MinInteropDimension is the smallest width and height for which NIST's reference
// decoder (and decoders derived from it) reconstructs exactly what Decode does.
// Smaller images encode and decode correctly with this package, but there the
// deepest subbands are so short that NIST's decoder departs from the specification's
// symmetric extension (and below 33 pixels it fails): images meant for interchange
// should be at least this large. Real fingerprint images always are.
const MinInteropDimension = 81

// encoderNumber and softwareID fill the SOF segment's Ev and Sf fields.
const (
	encoderNumber = 2
	softwareID    = 0
)

// Options configures Encode. The zero value (or nil) encodes at DefaultBitrate with
// an unknown resolution.
type Options struct {
	// Bitrate is the target bit rate in bits per pixel, in (0, 8]; 0 means
	// DefaultBitrate. Fingerprint images usually come out smaller than the target.
	Bitrate float64
	// PPI is the scanning resolution recorded in the NIST_COM comment; 0 records -1,
	// NIST's "unknown".
	PPI int
	// Comment, when not empty, is written as an extra COM segment (at most 65533
	// bytes).
	Comment string
}

// coefficient blocks: subbands [blockStart[b], blockStart[b+1]) form block b, coded
// with Huffman table blockTable[b].
var (
	blockStart = [4]int{0, 19, 52, numCoded}
	blockTable = [3]uint8{0, 1, 1}
)

// Encode writes img to w as a WSQ stream.
func Encode(w io.Writer, img *image.Gray, opt *Options) error {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Bitrate == 0 {
		o.Bitrate = DefaultBitrate
	}
	if !(o.Bitrate > 0 && o.Bitrate <= 8) {
		return fmt.Errorf("wsq: encode: bit rate %g outside (0, 8]", o.Bitrate)
	}
	if o.PPI == 0 {
		o.PPI = -1
	}
	if len(o.Comment) > math.MaxUint16-2 {
		return fmt.Errorf("wsq: encode: comment of %d bytes too long", len(o.Comment))
	}
	if img == nil {
		return errors.New("wsq: encode: nil image")
	}
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	if width < 1 || height < 1 || width > MaxDimension || height > MaxDimension {
		return fmt.Errorf("wsq: encode: image size %dx%d outside 1..%d", width, height, MaxDimension)
	}
	stream := encodeStream(img, o)
	if _, err := w.Write(stream); err != nil {
		return fmt.Errorf("wsq: encode: %w", err)
	}
	return nil
}

func encodeStream(img *image.Gray, o Options) []byte {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	l := newLayout(width, height)
	data := make([]float32, 2*width*height)
	data, tmp := data[:width*height], data[width*height:]
	shift, scale := normalize(img, data)
	fb := defaultFilters()
	l.forward(data, tmp, fb)

	widths := binWidths(subbandVariances(data, l), o.Bitrate)
	limitBinWidths(&widths, data, l)
	qt := newQuantTable(widths)

	var blocks [3]symbolStream
	for blk := range blocks {
		s := &blocks[blk]
		for k := blockStart[blk]; k < blockStart[blk+1]; k++ {
			if qt.q[k] == 0 {
				continue
			}
			r := l.subbands[k]
			q, z := qt.q[k], qt.z[k]
			for y := r.y; y < r.y+r.h; y++ {
				for _, v := range data[y*width+r.x : y*width+r.x+r.w] {
					s.add(quantize(v, q, z))
				}
			}
		}
		s.end()
	}

	w := &segmentWriter{buf: make([]byte, 0, width*height/8+2048)}
	w.u16(markerSOI)
	writeComment(w, nistComment(width, height, o.PPI, o.Bitrate))
	if o.Comment != "" {
		writeComment(w, o.Comment)
	}
	writeTransformTable(w)
	writeQuantTable(w, widths)
	writeFrame(w, width, height, shift, scale)

	var freq [2][256]int
	for blk := range blocks {
		blocks[blk].count(&freq[blockTable[blk]])
	}
	var enc [2]*huffEncoder
	for blk := range blocks {
		if len(blocks[blk].syms) == 0 {
			continue
		}
		t := blockTable[blk]
		if enc[t] == nil {
			ht := buildHuffTable(&freq[t])
			writeHuffTable(w, t, ht)
			enc[t] = newHuffEncoder(ht)
		}
		w.u16(markerSOB)
		w.u16(3)
		w.u8(t)
		w.buf = blocks[blk].emit(w.buf, enc[t])
	}
	w.u16(markerEOI)
	return w.buf
}

// normalize fills data with (pixel - M) / R, where M is the image mean and R maps
// the largest deviation from it to 128, both rounded as the SOF segment stores them.
// It returns the unrounded M and R.
func normalize(img *image.Gray, data []float32) (shift, scale float64) {
	b := img.Bounds()
	width := b.Dx()
	var sum float64
	lo, hi := 255, 0
	for y := 0; y < b.Dy(); y++ {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		for _, p := range img.Pix[off : off+width] {
			sum += float64(p)
			lo, hi = min(lo, int(p)), max(hi, int(p))
		}
	}
	shift = sum / float64(width*b.Dy())
	scale = math.Max(float64(hi)-shift, shift-float64(lo)) / 128
	if roundScaled(scale) == 0 {
		scale = 1
	}
	m, r := roundScaled(shift), roundScaled(scale)
	var norm [256]float32
	for p := range norm {
		norm[p] = (float32(p) - m) / r
	}
	for y := 0; y < b.Dy(); y++ {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		row := data[y*width : (y+1)*width]
		for x, p := range img.Pix[off : off+width] {
			row[x] = norm[p]
		}
	}
	return shift, scale
}

func writeComment(w *segmentWriter, text string) {
	w.u16(markerCOM)
	w.u16(uint16(len(text) + 2))
	w.buf = append(w.buf, text...)
}

func writeTransformTable(w *segmentWriter) {
	w.u16(markerDTT)
	w.u16(uint16(4 + 6*(len(analysisLow)+len(analysisHigh))))
	w.u8(uint8(2*len(analysisLow) - 1))
	w.u8(uint8(2*len(analysisHigh) - 1))
	for _, half := range [][]float64{analysisLow, analysisHigh} {
		for _, v := range half {
			neg, exp, mant := encodeCoef(v)
			if neg {
				w.u8(1)
			} else {
				w.u8(0)
			}
			w.u8(exp)
			w.u32(mant)
		}
	}
}

func writeQuantTable(w *segmentWriter, widths [numCoded]float64) {
	w.u16(markerDQT)
	w.u16(2 + 3 + 6*numSubbands)
	w.scaled(binCenter)
	for k := 0; k < numSubbands; k++ {
		var q float64
		if k < numCoded {
			q = widths[k]
		}
		w.scaled(q)
		w.scaled(zeroBinRatio * q)
	}
}

func writeFrame(w *segmentWriter, width, height int, shift, scale float64) {
	w.u16(markerSOF)
	w.u16(17)
	w.u8(0)   // black
	w.u8(255) // white
	w.u16(uint16(height))
	w.u16(uint16(width))
	w.scaled(shift)
	w.scaled(scale)
	w.u8(encoderNumber)
	w.u16(softwareID)
}

func writeHuffTable(w *segmentWriter, id uint8, t huffTable) {
	w.u16(markerDHT)
	w.u16(uint16(3 + maxCodeLen + len(t.vals)))
	w.u8(id)
	w.buf = append(w.buf, t.counts[:]...)
	w.buf = append(w.buf, t.vals...)
}
