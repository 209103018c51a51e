// Package enrolltest holds what every implementation of the enroll ports is tested with:
// an in-memory Repository (MemRepo) that behaves like the real store, deterministic
// record fixtures, and RunRepository, the one conformance suite that every
// enroll.Repository must pass (the fake here, store/sqlite against a real file).
//
// It imports only the standard library and app/enroll, so any adapter's tests may use it.
package enrolltest
