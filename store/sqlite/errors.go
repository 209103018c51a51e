package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/rekam-id/rekam/app/enroll"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// classify wraps err with op and the enroll kind the operator can act on. Errors that
// already carry a kind keep it; SQLite's result codes are mapped: a full disk and a
// busy or locked database are KindUnavailable, a file that is not a database is
// KindInvalid.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var ee *enroll.Error
	if errors.As(err, &ee) {
		if e, ok := err.(*enroll.Error); ok && e.Op == "" {
			return &enroll.Error{Op: op, Kind: e.Kind, Err: e.Err}
		}
		if ee.Op == op {
			return err
		}
		return enroll.E(op, ee.Kind, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return enroll.E(op, enroll.KindUnavailable, fmt.Errorf("disk full: %w", err))
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return enroll.E(op, enroll.KindUnavailable, fmt.Errorf("database busy: %w", err))
		case sqlite3.SQLITE_IOERR:
			return enroll.E(op, enroll.KindUnavailable, fmt.Errorf("disk I/O error: %w", err))
		case sqlite3.SQLITE_CANTOPEN:
			return enroll.E(op, enroll.KindUnavailable, fmt.Errorf("cannot open the file (missing folder or no permission): %w", err))
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return enroll.E(op, enroll.KindUnavailable, fmt.Errorf("database not writable: %w", err))
		case sqlite3.SQLITE_NOTADB:
			return enroll.E(op, enroll.KindInvalid, err)
		case sqlite3.SQLITE_CORRUPT:
			return enroll.E(op, enroll.KindInternal, fmt.Errorf("database damaged: %w", err))
		}
	}
	return enroll.E(op, enroll.KindInternal, err)
}

// isNotADB reports whether err says the file is not an SQLite database.
func isNotADB(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB
}

// isConstraint reports whether err is a violated constraint (e.g. a duplicate key).
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
