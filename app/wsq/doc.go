// Package wsq encodes and decodes gray-scale fingerprint images in the FBI's Wavelet
// Scalar Quantization format (WSQ Gray-scale Fingerprint Image Compression
// Specification, IAFIS-IC-0110 v3.1), the compression used for 500 ppi friction-ridge
// images inside ANSI/NIST-ITL Type-14 records.
//
// The codec follows the specification's parts:
//
//   - Transform: a 2-D separable wavelet decomposition with the symmetric 9/7 filters
//     of the specification's encoder number one, applied as 20 nested 2x2 splits
//     (tree.go) into 64 subbands, of which 60 are coded. Whole-sample symmetric
//     extension is used at every boundary, so lines of any length are handled.
//   - Quantization: a uniform scalar quantizer with a dead zone per subband. Bin
//     widths come from the subband variances and a target bit rate (quant.go).
//   - Entropy coding: run-length/escape symbols Huffman-coded in three blocks with
//     two tables built from the data (huffman.go, block.go).
//   - Stream syntax: SOI, COM (a NIST_COM comment with PIX_WIDTH, PIX_HEIGHT, PPI,
//     ...), DTT, DQT, SOF, DHT, SOB ..., EOI (marker.go).
//
// The decoder reproduces the arithmetic of NIST's reference decoder in float32
// operation for operation (including the order in which filter taps are summed), so
// decoded pixels are identical to NIST's. The streams it writes carry no restart
// markers (the decoder honours them). Filters of odd length are supported (all
// known encoders use the 9/7 pair); even-length filters are rejected with an error.
//
// Images of 1 to MaxDimension (10000) pixels per side are accepted. Below
// MinInteropDimension (81) pixels per side NIST's decoder departs from the symmetric
// extension (and below 33 it fails), so interchange images should be at least that
// large. When decoding, an image above one megapixel must not claim more than 512
// pixels per input byte, so a hostile header cannot make the decoder allocate far
// more than its input suggests.
//
// Compatibility was checked against an independent decoder whose output matches
// NIST's: the WSQ images of NIST's ANSI/NIST sample valid1.8.an2 decode to identical
// pixels, and so do this package's own streams. On the FVC 2002 DB1/DB2 "B" images at
// 0.75 bpp the encoder reaches a mean compression ratio of about 15.7:1 (at least
// 13:1) and a mean PSNR of about 31.6 dB.
package wsq
