-- Region master data (Kemendagri codes without dots). An import fills regions_staging
-- and swaps it into regions in one transaction, so a failed import leaves the previous
-- version in place.
CREATE TABLE regions (
	code   TEXT    PRIMARY KEY,
	parent TEXT    NOT NULL,
	level  INTEGER NOT NULL,
	name   TEXT    NOT NULL,
	postal TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions (parent, code);

CREATE TABLE regions_staging (
	code   TEXT    PRIMARY KEY,
	parent TEXT    NOT NULL,
	level  INTEGER NOT NULL,
	name   TEXT    NOT NULL,
	postal TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- The version of the region master data in regions (at most one row).
CREATE TABLE region_version (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	version  TEXT    NOT NULL,
	rows     INTEGER NOT NULL,
	imported INTEGER NOT NULL -- unix milliseconds
);
