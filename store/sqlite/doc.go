// Package sqlite is the station's local store: the only importer of database/sql and
// SQLite (modernc.org/sqlite, pure Go). It keeps enrollment records with their biometric
// samples, the sealed packets, the upload outbox, packets relayed from other stations,
// small settings and the region master data in one file.
//
// A Store implements enroll.Repository and enroll.RegionChecker. The file is opened in
// WAL mode with synchronous=FULL, so a transaction is on disk when its commit returns;
// every write that must be atomic (a record with its samples, packet and outbox
// sequence number; a region import) is one transaction. The schema is created and
// upgraded by the embedded migrations in migrations/, applied in order, each in its own
// transaction, and recorded in schema_version.
//
// The records table keeps the whole enroll.Record as JSON (without sample bytes) as the
// authority, plus copies of the fields that indexes and lists need; samples sit in their
// own rows with a SHA-256 that Get verifies. The outbox's sequence numbers increase and
// are never reused, so the sync engine reads it by cursor (Outbox, OutboxItems).
//
// Data protection (docs/security.md): given a Crypter (app/auth's Cipher, wired in by
// cmd; this package does not import app/auth), the store seals the record metadata and
// summaries, every sample and every packet, each bound to its row and column, and looks
// NIKs and name prefixes up by keyed blind indexes; such a database opens locked and
// refuses record access (KindPermission) until Unlock. Without a Crypter it stays plain,
// for tests and benchmarks. It also keeps the operator accounts, the recovery wrapping
// of the data key, and the append-only audit log (AppendAudit, AuditEntries; app/auth
// computes and checks the hash chain), and purges the samples of records the centre
// confirmed long enough ago (Purge), logging the purge first.
//
// Errors are *enroll.Error values: KindInvalid for bad input or a file that is not a Rekam
// database or a sealed value that does not authenticate, KindNotFound, KindConflict for
// lifecycle violations, KindPermission while locked, KindUnavailable for a full disk
// ("disk full") or a busy database, KindInternal for the rest.
package sqlite
