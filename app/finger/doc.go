// Package finger turns fingerprint images into minutiae templates and compares them.
//
// The vocabulary:
//
//   - A Minutia is a ridge ending or a ridge bifurcation: a position in pixels, a
//     direction and a quality.
//   - A Template is the minutiae of one finger impression plus the image geometry they
//     were found in. It is read and written as an ISO/IEC 19794-2:2005 finger minutiae
//     record (ReadISO, Template.MarshalISO).
//   - Quality scores an image from 0 (unusable) to 100 in the spirit of NFIQ 2; it is
//     cheap enough for every live frame.
//   - Extract finds the minutiae of an image: segmentation, orientation field, ridge
//     frequency, oriented Gabor enhancement, binarisation, thinning, detection and the
//     removal of spurious minutiae.
//   - Compare scores two templates; Prepare turns a template into a Probe whose local
//     structures (minutia-pair "edges", as in Jiang & Yau and SourceAFIS) are hashed once,
//     so that comparing it with many Candidates costs microseconds each. Scores at or
//     above Threshold are declared matches.
//   - An Index holds the templates of enrolled people and finds the people whose fingers
//     match an applicant's, with a hashed pre-selection so that the work stays well below
//     one full comparison per enrolled finger.
//
// Everything here is written from the published literature (Maltoni et al., Handbook of
// Fingerprint Recognition; Hong, Wan & Jain 1998; Jiang & Yau 2000; the NFIQ 2 feature
// descriptions; the SourceAFIS algorithm notes) and imports only the standard library.
//
// Coordinates are pixels with the origin at the top-left corner and y growing
// downwards. Angles are radians in [0, 2π), counter-clockwise as seen on the screen,
// from the positive x axis, as in ISO/IEC 19794-2.
package finger
