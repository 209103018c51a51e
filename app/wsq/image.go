package wsq

import "image"

// decode reads the whole stream: headers, coefficient blocks, then the inverse
// quantization and transform.
func (d *decoder) decode() (*image.Gray, error) {
	if err := d.readHeaders(); err != nil {
		return nil, err
	}
	l := newLayout(d.width, d.height)
	coef := make([]int32, d.width*d.height)
	n := 0
	for {
		at := d.c.pos
		m, err := d.marker()
		if err != nil {
			return nil, err
		}
		if m == markerEOI {
			break
		}
		if m != markerSOB {
			if err := d.readTable(m); err != nil {
				return nil, err
			}
			continue
		}
		s, err := d.c.segment(markerSOB)
		if err != nil {
			return nil, formatErr("%v", err)
		}
		id := s.u8()
		if s.err != nil {
			return nil, formatErr("SOB segment at byte %d: %v", at, s.err)
		}
		if int(id) >= len(d.huff) || d.huff[id] == nil {
			return nil, formatErr("block at byte %d uses undefined Huffman table %d", at, id)
		}
		end, err := decodeBlock(d.c.data, d.c.pos, d.huff[id], coef, &n)
		if err != nil {
			return nil, formatErr("block at byte %d: %v", at, err)
		}
		d.c.pos = end
	}
	if len(d.filters.low) == 0 {
		return nil, formatErr("no transform table (DTT)")
	}
	if !d.haveQuant {
		return nil, formatErr("no quantization table (DQT)")
	}
	want := 0
	for k, r := range l.subbands {
		if d.quant.q[k] != 0 {
			want += r.w * r.h
		}
	}
	if n != want {
		return nil, formatErr("stream holds %d coefficients, quantization table needs %d", n, want)
	}

	buf := make([]float32, 2*d.width*d.height)
	data, tmp := buf[:d.width*d.height], buf[d.width*d.height:]
	i := 0
	for k, r := range l.subbands {
		q, z := d.quant.q[k], d.quant.z[k]
		if q == 0 {
			continue
		}
		for y := r.y; y < r.y+r.h; y++ {
			row := data[y*d.width+r.x : y*d.width+r.x+r.w]
			for x := range row {
				row[x] = dequantize(coef[i], q, z, d.quant.center)
				i++
			}
		}
	}
	l.inverse(data, tmp, d.filters)

	img := image.NewGray(image.Rect(0, 0, d.width, d.height))
	for j, f := range data {
		v := float32(f*d.scale) + d.shift
		v += 0.5
		switch {
		case v < 0:
			img.Pix[j] = 0
		case v > 255:
			img.Pix[j] = 255
		default:
			img.Pix[j] = uint8(v)
		}
	}
	return img, nil
}
