package finger

// Threshold is the score at or above which two templates are declared to come from
// the same finger, chosen for a false match rate of about 0.1 %.
//
// Evidence: see TestThreshold, which measures the false match rate over every
// different-finger pair of FVC2002 DB1_B and DB2_B.
const Threshold = 40.0
