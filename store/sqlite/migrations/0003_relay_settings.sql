-- Relayed packets: an office station imports other stations' sealed packets from a
-- removable drive and uploads them with its own. They have no local record, so packets
-- and outbox no longer reference records; relay marks the outbox rows that are not ours.
-- The outbox keeps its AUTOINCREMENT counter, so sequence numbers are never reused.
CREATE TABLE packets_new (
	record_id TEXT    PRIMARY KEY,
	packet_id TEXT    NOT NULL UNIQUE,
	sha256    TEXT    NOT NULL,
	size      INTEGER NOT NULL,
	data      BLOB    NOT NULL
);
INSERT INTO packets_new (record_id, packet_id, sha256, size, data)
	SELECT record_id, packet_id, sha256, size, data FROM packets;
DROP TABLE packets;
ALTER TABLE packets_new RENAME TO packets;

CREATE TABLE outbox_new (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id  TEXT    NOT NULL UNIQUE,
	relay      INTEGER NOT NULL DEFAULT 0, -- 1: a packet of another station, carried here
	state      TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	receipt    TEXT    NOT NULL DEFAULT '',
	queued_at  INTEGER NOT NULL,
	sent_at    INTEGER
);
INSERT INTO outbox_new (seq, record_id, state, attempts, last_error, receipt, queued_at, sent_at)
	SELECT seq, record_id, state, attempts, last_error, receipt, queued_at, sent_at FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_state ON outbox (state, seq);

-- Small station settings the adapters keep (e.g. the status-feed cursor).
CREATE TABLE settings (
	key     TEXT    PRIMARY KEY,
	value   TEXT    NOT NULL,
	updated INTEGER NOT NULL -- unix milliseconds
);
