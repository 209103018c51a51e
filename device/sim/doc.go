// Package sim provides simulated capture devices for training mode, demonstrations and
// tests: a camera, a signature pad and a ten-print fingerprint scanner. Each one
// implements its app/enroll port, reports StatusSimulated and DeviceInfo.Simulated, and
// can be told to misbehave (Fail) so that the station's error handling can be exercised
// without hardware: the device vanishes (also in the middle of a capture), hangs until the
// caller's deadline, reports itself busy, or yields poor samples.
//
// The scanner is backed by FingerGenerator, a synthetic fingerprint generator in the
// spirit of SFinGe (Cappelli, Maio and Maltoni): a master fingerprint per (identity,
// finger) is grown by iterative Gabor filtering of random seeds along an orientation
// field given by singular points (the Sherlock–Monro zero-pole model) and a ridge
// frequency map; each impression then places, rotates, distorts, presses and dirties the
// master the way a finger on a platen would. Everything is deterministic in its inputs,
// so that the same applicant gives the same fingers in every run.
//
// Timestamps come from an injectable clock; waits (shutter, settling, replay) use real
// time, scaled down by options in tests.
package sim
