package auth

import (
	"fmt"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Lockout: after MaxFailedLogins wrong passwords in a row an account is locked for
// LockoutDuration. A successful login resets the count.
const (
	MaxFailedLogins = 5
	LockoutDuration = 5 * time.Minute
)

// Account is one operator of the station.
type Account struct {
	ID             string    // the login name: 2–32 of a–z, 0–9, '.', '_', '-', starting with a letter or digit
	Name           string    // the display name, e.g. "Siti Rahayu"
	Role           Role      // what the account may do (Table)
	Hash           string    // the PHC-style Argon2id hash of the password; empty for a removed account
	FailedLogins   int       // wrong passwords since the last success or lock
	LockedUntil    time.Time // logins are refused before this instant; zero when not locked
	WrappedDataKey []byte    // the data key wrapped under the password-derived key; nil for a removed account
	Disabled       bool      // a removed account: kept so the audit log's actors still resolve
}

// Locked reports whether logins are refused at now because of failed attempts.
func (a Account) Locked(now time.Time) bool { return now.Before(a.LockedUntil) }

// validID checks an account ID.
func validID(id string) error {
	if len(id) < 2 || len(id) > 32 {
		return enroll.Errorf("check account", enroll.KindInvalid, "account ID %q must be 2 to 32 characters", id)
	}
	for i, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '.' || r == '_' || r == '-')
		if !ok {
			return enroll.Errorf("check account", enroll.KindInvalid,
				"account ID %q: use lower-case letters, digits, '.', '_' or '-' (not first)", id)
		}
	}
	return nil
}

// validPassword checks a new password. The rule is only a length: a desk operator's
// password is typed many times a day, and Argon2id makes each guess expensive.
func validPassword(pw string) error {
	if len([]rune(pw)) < minPassLen {
		return enroll.Errorf("check password", enroll.KindInvalid, "the password must have at least %d characters", minPassLen)
	}
	if len(pw) > 1024 {
		return enroll.Errorf("check password", enroll.KindInvalid, "the password is longer than 1024 bytes")
	}
	return nil
}

// setPassword gives a a new salt, hash and wrapping of dataKey under password.
func (a *Account) setPassword(password string, dataKey []byte, p Params) {
	salt := make([]byte, saltLen)
	randRead(salt)
	d := derive(password, salt, p)
	defer clear(d.kek)
	a.Hash = hashParts{params: p, salt: salt, verifier: d.verifier}.encode()
	a.WrappedDataKey = wrapKey(d.kek, dataKey, accountHolder(a.ID))
}

// String names the account for messages and logs, without secrets.
func (a Account) String() string { return fmt.Sprintf("%s (%s, %s)", a.ID, a.Name, a.Role) }
