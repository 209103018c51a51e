package wsq

import (
	"fmt"
	"math"
)

// The 9/7 symmetric analysis filters of encoder number one, right halves from the
// centre tap outwards: lowpass (9 taps) and highpass (7 taps). Both are normalised so
// that the lowpass filter sums to sqrt(2).
var (
	analysisLow  = []float64{0.852698679009, 0.377402855613, -0.110624404418, -0.023849465020, 0.037828455507}
	analysisHigh = []float64{0.788485616406, -0.418092273222, -0.040689417609, 0.064538882629}
)

// maxFilterLen bounds the filter lengths a transform table may declare.
const maxFilterLen = 31

// filterBank holds the right halves of the analysis filters as a transform table
// (DTT) carries them: coefficient c of a filter of odd length n is half[c],
// c = 0..(n-1)/2, and the filter is symmetric about its centre.
type filterBank struct {
	low, high []float32
}

// defaultFilters returns the 9/7 filters rounded as they are written to a DTT
// segment, so that the encoder works with exactly the coefficients a decoder reads.
func defaultFilters() filterBank {
	return filterBank{low: roundTrip32(analysisLow), high: roundTrip32(analysisHigh)}
}

func roundTrip32(half []float64) []float32 {
	out := make([]float32, len(half))
	for i, v := range half {
		neg, exp, mant := encodeCoef(v)
		out[i] = decodeCoef(neg, exp, mant)
	}
	return out
}

// encodeCoef writes a filter coefficient as sign, decimal exponent and a 32-bit
// mantissa, keeping as many digits as fit.
func encodeCoef(v float64) (neg bool, exp uint8, mant uint32) {
	neg = v < 0
	a := math.Abs(v)
	if a == 0 {
		return neg, 0, 0
	}
	for exp < 30 && math.Round(a*math.Pow10(int(exp)+1)) <= math.MaxUint32 {
		exp++
	}
	return neg, exp, uint32(math.Round(a * math.Pow10(int(exp))))
}

// decodeCoef is the decoder's reading of a coefficient: the mantissa divided by ten
// exp times in float32, then signed, as NIST's reference decoder does.
func decodeCoef(neg bool, exp uint8, mant uint32) float32 {
	v := float32(mant)
	for i := uint8(0); i < exp; i++ {
		v /= 10
	}
	if neg {
		v = -v
	}
	return v
}

// full expands a right half into the whole symmetric filter, optionally multiplying
// tap c (counted from the centre) by (-1)^c.
func full(half []float32, modulate bool) []float32 {
	n := len(half)
	f := make([]float32, 2*n-1)
	for c, v := range half {
		if modulate && c%2 == 1 {
			v = -v
		}
		f[n-1+c] = v
		f[n-1-c] = v
	}
	return f
}

// filterLens converts declared filter lengths into half lengths, rejecting what the
// decoder cannot run.
func filterLens(lowLen, highLen int) (int, int, error) {
	for _, n := range []int{lowLen, highLen} {
		if n%2 == 0 {
			return 0, 0, fmt.Errorf("transform table: even filter length %d not supported", n)
		}
		if n < 1 || n > maxFilterLen {
			return 0, 0, fmt.Errorf("transform table: filter length %d out of range 1..%d", n, maxFilterLen)
		}
	}
	return (lowLen + 1) / 2, (highLen + 1) / 2, nil
}
