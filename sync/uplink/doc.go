// Package uplink is the sync engine: it takes sealed packets from the station's outbox,
// announces them to the central AFIS in batches, uploads what the centre lacks —
// resuming a cut upload from the last acknowledged byte — records the receipts, and pulls
// back each record's central status.
//
// The engine knows nothing of HTTP or cron: the store implements Outbox, sync/remote
// implements Transport, and cmd/rekam decides when SyncOnce runs. One sync runs at a
// time; a second caller gets an error of kind enroll.KindBusy instead of overlapping.
//
// Failures are sorted by their enroll.Kind: KindInvalid and KindConflict from the
// transport are permanent rejections (the record is marked REJECTED with the server's
// reason and not retried); everything else is transient and retried with capped
// exponential backoff and jitter.
package uplink
