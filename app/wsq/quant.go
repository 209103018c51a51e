package wsq

import "math"

// Quantization parameters of encoder number one.
const (
	binCenter      = 0.44  // reconstruction offset C inside a bin
	zeroBinRatio   = 1.2   // zero bin width Z_k = 1.2 Q_k
	varianceFloor  = 1.01  // subbands with a smaller variance are discarded
	croppedVarSum  = 20000 // below this summed variance of subbands 0..3, use whole subbands
	maxQuantized   = 65535 // largest magnitude the escape codes carry
	firstRegion2   = 4     // subbands 4..50 are 1/256 of the image
	firstRegion3   = 51    // subbands 51..59 are 1/16 of the image
	lastBitrateAdj = 64    // bound on the bin width iterations (each drops a subband)
)

// quantTable holds what a DQT segment carries: the bin widths Q_k and zero bin
// widths Z_k of the 64 subbands (0 for a discarded subband) and the bin centre C.
type quantTable struct {
	center float32
	q, z   [numSubbands]float32
}

// subbandVariances estimates each coded subband's variance, over its central region
// (which avoids the image margins) unless the lowest subbands are nearly flat.
func subbandVariances(data []float32, l *layout) [numCoded]float64 {
	var v [numCoded]float64
	var sum float64
	for k := 0; k < 4; k++ {
		v[k] = variance(data, l.width, l.subbands[k], true)
		sum += v[k]
	}
	cropped := sum >= croppedVarSum
	for k := range v {
		if k >= 4 || !cropped {
			v[k] = variance(data, l.width, l.subbands[k], cropped)
		}
	}
	return v
}

func variance(data []float32, stride int, r rect, crop bool) float64 {
	if crop {
		c := rect{r.x + r.w/8, r.y + 9*r.h/32, 3 * r.w / 4, 7 * r.h / 16}
		if c.w*c.h >= 2 {
			r = c
		}
	}
	n := float64(r.w * r.h)
	switch {
	case n == 0:
		return 0
	case n == 1: // a one-coefficient subband of a tiny image: its energy
		p := float64(data[r.y*stride+r.x])
		return p * p
	}
	var s, ss float64
	for y := r.y; y < r.y+r.h; y++ {
		for _, p := range data[y*stride+r.x : y*stride+r.x+r.w] {
			s += float64(p)
			ss += float64(p) * float64(p)
		}
	}
	return (ss - s*s/n) / (n - 1)
}

// binWidths chooses the bin widths for a target bit rate (bits per pixel): each
// subband gets Q_k = Q'_k / q with Q'_k = 10 / (A_k ln σ_k²) (1 for the four lowest
// subbands), q set so that the rate estimate over the subbands kept meets the
// target, and subbands whose estimated rate is not positive are discarded.
func binWidths(vars [numCoded]float64, bitrate float64) [numCoded]float64 {
	var qp, sigma, share [numCoded]float64
	var keep []int
	for k, v := range vars {
		if v < varianceFloor {
			continue
		}
		keep = append(keep, k)
		sigma[k] = math.Sqrt(v)
		qp[k] = 1
		if k >= firstRegion2 {
			qp[k] = 10 / (subbandWeight(k) * math.Log(v))
		}
		switch { // the subband's share of the image area
		case k < firstRegion2:
			share[k] = 1.0 / 1024
		case k < firstRegion3:
			share[k] = 1.0 / 256
		default:
			share[k] = 1.0 / 16
		}
	}
	var out [numCoded]float64
	var q float64
	for iter := 0; len(keep) > 0 && iter < lastBitrateAdj; iter++ {
		var s, logP float64
		for _, k := range keep {
			s += share[k]
			logP += share[k] * math.Log(sigma[k]/qp[k])
		}
		q = math.Pow(2, bitrate/s-1) / 2.5 / math.Exp(logP/s)
		kept := keep[:0:0]
		for _, k := range keep {
			if qp[k]/q < 5*sigma[k] {
				kept = append(kept, k)
			}
		}
		if len(kept) == len(keep) {
			break
		}
		keep = kept
	}
	for _, k := range keep {
		out[k] = qp[k] / q
	}
	return out
}

// limitBinWidths widens bins that would quantize a subband's largest coefficient
// beyond what the escape codes carry (the rate model asks for that on tiny images,
// whose subbands are much smaller than the nominal shares it assumes).
func limitBinWidths(widths *[numCoded]float64, data []float32, l *layout) {
	for k, w := range widths {
		if w == 0 {
			continue
		}
		r := l.subbands[k]
		var peak float64
		for y := r.y; y < r.y+r.h; y++ {
			for _, v := range data[y*l.width+r.x : y*l.width+r.x+r.w] {
				peak = max(peak, math.Abs(float64(v)))
			}
		}
		widths[k] = max(w, peak/(maxQuantized-2))
	}
}

// newQuantTable turns bin widths into the table as the decoder will read it.
func newQuantTable(widths [numCoded]float64) quantTable {
	t := quantTable{center: roundScaled(binCenter)}
	for k, w := range widths {
		if w > 0 {
			t.q[k] = roundScaled(w)
			t.z[k] = roundScaled(zeroBinRatio * w)
		}
	}
	return t
}

// quantize maps coefficient v to its bin index with bin width q and zero bin z.
func quantize(v, q, z float32) int32 {
	half := z / 2
	var s float32
	switch {
	case v > half:
		s = (v-half)/q + 1
	case v < -half:
		s = (v+half)/q - 1
	default:
		return 0
	}
	if s > maxQuantized {
		return maxQuantized
	}
	if s < -maxQuantized {
		return -maxQuantized
	}
	return int32(s)
}

// dequantize is the decoder's reconstruction of bin s, in NIST's float32 order.
func dequantize(s int32, q, z, c float32) float32 {
	switch {
	case s > 0:
		return float32(q*(float32(s)-c)) + z/2
	case s < 0:
		return float32(q*(float32(s)+c)) - z/2
	}
	return 0
}

// subbandWeight is the specification's weight A_k, which widens the bins of the
// diagonal and mixed subbands of the finest level.
func subbandWeight(k int) float64 {
	switch k {
	case 52, 56:
		return 1.32
	case 53, 55, 58, 59:
		return 1.08
	case 54, 57:
		return 1.42
	}
	return 1
}
