-- Data protection (issue 7): encryption at rest, blind indexes, accounts, the audit log
-- and retention.
--
-- key_check is a constant sealed with the station's cipher the first time the store is
-- unlocked; NULL means a plain (unencrypted) database, as tests and benchmarks use.
-- recovery_wrap is the data key wrapped under the recovery key printed at provisioning.
ALTER TABLE station ADD COLUMN key_check BLOB;
ALTER TABLE station ADD COLUMN recovery_wrap BLOB;

-- prr_at: when the record first reached PRINT_READY_RECORD or a later status (retention
-- counts from it); purged: when its biometric samples were purged (the metadata stays).
ALTER TABLE records ADD COLUMN prr_at INTEGER;
ALTER TABLE records ADD COLUMN purged INTEGER;
UPDATE records SET prr_at = updated
	WHERE status IN ('PRINT_READY_RECORD', 'SENT_FOR_CARD_PRINTING', 'CARD_PRINTED', 'CARD_ISSUED');
CREATE INDEX records_retention ON records (prr_at) WHERE prr_at IS NOT NULL AND purged IS NULL;

-- Name search in an encrypted database: one row per prefix (1 to 8 characters of the
-- normalized name) holding a keyed blind index of it, never the name.
CREATE TABLE name_index (
	prefix    TEXT NOT NULL, -- hex of the blind index of the prefix
	record_id TEXT NOT NULL,
	PRIMARY KEY (prefix, record_id)
) WITHOUT ROWID;
CREATE INDEX name_index_record ON name_index (record_id);

-- Operator accounts. hash and wrapped_key are empty for a removed account, whose row
-- stays so that the audit log's actors resolve.
CREATE TABLE accounts (
	id            TEXT    PRIMARY KEY,
	name          TEXT    NOT NULL,
	role          TEXT    NOT NULL,
	hash          TEXT    NOT NULL DEFAULT '',
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  INTEGER,          -- unix milliseconds
	wrapped_key   BLOB,
	disabled      INTEGER NOT NULL DEFAULT 0,
	updated       INTEGER NOT NULL  -- unix milliseconds
);

-- The audit log: append-only and hash-chained. The triggers stop the program (not an
-- attacker with the file) from changing or deleting an entry; the chain shows an
-- attacker's change.
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL, -- unix nanoseconds: hashed at that precision
	actor     TEXT    NOT NULL,
	action    TEXT    NOT NULL,
	subject   TEXT    NOT NULL,
	detail    TEXT    NOT NULL,
	prev_hash BLOB    NOT NULL,
	hash      BLOB    NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
