package sbi

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// maxPixels bounds a decoded image (a 4-finger slap at 1000 ppi is about 16 Mpixel).
const maxPixels = 40 << 20

// Decoder decodes one compressed image; Config.Decoders maps codecs to decoders.
type Decoder func(data []byte) (image.Image, error)

// decode returns the record's image, using the standard library for raw, PNG and JPEG
// and the configured decoders for anything else (and in preference, when configured).
func decode(rec Record, decoders map[Codec]Decoder) (image.Image, error) {
	if d, ok := decoders[rec.Codec]; ok {
		return d(rec.Data)
	}
	switch rec.Codec {
	case CodecRaw:
		if rec.Width <= 0 || rec.Height <= 0 || rec.Width*rec.Height > maxPixels {
			return nil, fmt.Errorf("raw image of %d×%d pixels", rec.Width, rec.Height)
		}
		if len(rec.Data) != rec.Width*rec.Height {
			return nil, fmt.Errorf("raw image has %d bytes, want %d×%d", len(rec.Data), rec.Width, rec.Height)
		}
		g := image.NewGray(image.Rect(0, 0, rec.Width, rec.Height))
		copy(g.Pix, rec.Data)
		return g, nil
	case CodecPNG, CodecJPEG:
		cfg, _, err := image.DecodeConfig(bytes.NewReader(rec.Data))
		if err != nil {
			return nil, fmt.Errorf("%s image: %w", rec.Codec, err)
		}
		if cfg.Width*cfg.Height > maxPixels {
			return nil, fmt.Errorf("%s image of %d×%d pixels is too large", rec.Codec, cfg.Width, cfg.Height)
		}
		var img image.Image
		if rec.Codec == CodecPNG {
			img, err = png.Decode(bytes.NewReader(rec.Data))
		} else {
			img, err = jpeg.Decode(bytes.NewReader(rec.Data))
		}
		if err != nil {
			return nil, fmt.Errorf("%s image: %w", rec.Codec, err)
		}
		return img, nil
	}
	return nil, fmt.Errorf("no decoder for %s images (set Config.Decoders)", rec.Codec)
}

// toGray converts img to 8-bit grayscale, without copying when it already is.
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Rect, img, b.Min, draw.Src)
	return g
}

// imageSize checks that a decoded image agrees with the size its record declares (zero
// means undeclared).
func imageSize(rec Record, img image.Image) error {
	b := img.Bounds()
	if (rec.Width != 0 && rec.Width != b.Dx()) || (rec.Height != 0 && rec.Height != b.Dy()) {
		return fmt.Errorf("image is %d×%d, record says %d×%d", b.Dx(), b.Dy(), rec.Width, rec.Height)
	}
	return nil
}
