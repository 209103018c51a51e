-- The station's identity as a database: a random incarnation ID made when the database
-- is created, so that the centre can tell a reset station from a continuing one.
CREATE TABLE station (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	incarnation TEXT    NOT NULL,
	created     INTEGER NOT NULL -- unix milliseconds
);

-- One row per recording. meta is the whole enroll.Record as JSON without sample bytes
-- and is authoritative; the other columns are copies kept for indexes and lists.
CREATE TABLE records (
	id         TEXT    PRIMARY KEY,
	status     TEXT    NOT NULL,
	reason     TEXT    NOT NULL DEFAULT '',
	nik        TEXT    NOT NULL DEFAULT '',
	name       TEXT    NOT NULL DEFAULT '',
	name_key   TEXT    NOT NULL DEFAULT '', -- normalized upper-case name for prefix search
	arrived    INTEGER NOT NULL,            -- unix milliseconds
	signed_off INTEGER,                     -- unix milliseconds, NULL until sign-off
	updated    INTEGER NOT NULL,            -- unix milliseconds
	summary    TEXT    NOT NULL,            -- enroll.Summary as JSON, for lists
	meta       TEXT    NOT NULL CHECK (json_valid(meta))
);
CREATE INDEX records_nik ON records (nik, arrived DESC);
CREATE INDEX records_name ON records (name_key, arrived DESC);
CREATE INDEX records_arrived ON records (arrived);
CREATE INDEX records_status ON records (status, updated);
CREATE INDEX records_signed_off ON records (signed_off) WHERE signed_off IS NOT NULL;

-- Biometric samples, one row per key ("face", "signature", "finger-01" …).
CREATE TABLE samples (
	record_id TEXT    NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	key       TEXT    NOT NULL,
	format    TEXT    NOT NULL,
	width     INTEGER NOT NULL DEFAULT 0,
	height    INTEGER NOT NULL DEFAULT 0,
	ppi       INTEGER NOT NULL DEFAULT 0,
	quality   INTEGER NOT NULL DEFAULT -1,
	device    TEXT    NOT NULL DEFAULT '{}', -- enroll.DeviceInfo as JSON
	at        INTEGER NOT NULL DEFAULT 0,    -- unix milliseconds
	sha256    TEXT    NOT NULL,              -- hex, of data
	size      INTEGER NOT NULL,
	data      BLOB    NOT NULL,
	UNIQUE (record_id, key)
);

-- The sealed packet of a signed-off record, built once and never rebuilt.
CREATE TABLE packets (
	record_id TEXT    PRIMARY KEY REFERENCES records (id),
	packet_id TEXT    NOT NULL UNIQUE,
	sha256    TEXT    NOT NULL,
	size      INTEGER NOT NULL,
	data      BLOB    NOT NULL
);

-- The upload queue. seq increases with every commit and is never reused
-- (AUTOINCREMENT), so the sync engine can read it by cursor.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id  TEXT    NOT NULL UNIQUE REFERENCES records (id),
	state      TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	receipt    TEXT    NOT NULL DEFAULT '',
	queued_at  INTEGER NOT NULL,
	sent_at    INTEGER
);
CREATE INDEX outbox_state ON outbox (state, seq);
