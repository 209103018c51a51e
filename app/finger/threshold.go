package finger

// Threshold is the score at or above which two templates are declared to come from
// the same finger, chosen for a false match rate of about 0.1 %.
//
// Evidence (TestThreshold, our extractor and matcher): over all 5,760 pairs of
// different fingers in FVC2002 DB1_B and DB2_B, a false match rate of 0.1 % is reached
// at a score of 13.2; at 14 three pairs (0.05 %) score at or above it, and the highest
// impostor score is 22.7. The sample is small: the 0.1 % estimate rests on about six
// comparisons, so treat it as an order of magnitude.
const Threshold = 14.0
