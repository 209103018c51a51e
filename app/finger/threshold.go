package finger

// Threshold is the score at or above which two templates are declared to come from
// the same finger, chosen for a false match rate of about 0.1 %.
//
// Evidence (TestThreshold, our extractor and matcher as of the extractor changes that
// brought the FVC2002 EERs under 3 %): over all 5,760 pairs of different fingers in
// FVC2002 DB1_B and DB2_B, a false match rate of 0.1 % (six pairs) is reached at a
// score of 13.7; at 14 four pairs (0.07 %) score at or above it, the twelve highest
// impostor scores being 10.7 … 13.9, 15.7, 15.9, 15.9 and 24.4. At 14 the same-finger
// pairs of both sets (560, each pair compared once) fail 5.7 % of the time. The sample
// is small: the 0.1 % estimate rests on about six comparisons, so treat it as an order
// of magnitude.
const Threshold = 14.0
