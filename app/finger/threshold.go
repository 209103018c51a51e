package finger

// Threshold is the score at or above which two templates are declared to come from
// the same finger, chosen for a false match rate of about 0.1 %.
//
// Evidence (TestThreshold, our extractor and matcher, after the extractor changes that
// brought the FVC2002 EERs to 2.5 %): over all 5,760 pairs of different fingers in
// FVC2002 DB1_B and DB2_B, a false match rate of 0.1 % (six pairs) is reached at a score
// of 11.3; at 12 four pairs (0.07 %) score at or above it, the twelve highest impostor
// scores being 8.5 … 11.4, 12.2, 14.1, 15.6 and 17.0. At 12 the same-finger pairs of
// both sets (560, both impressions of a pair compared once) fail 5.9 % of the time. The
// sample is small: the 0.1 % estimate rests on about six comparisons, so treat it as
// an order of magnitude.
const Threshold = 12.0
