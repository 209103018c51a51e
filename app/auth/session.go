package auth

import (
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Session is a successful login: the account as it was at login, the time, and the
// unwrapped data key with the Cipher made from it. Close it at logout or screen lock.
type Session struct {
	Account Account   // the account that logged in
	At      time.Time // when
	Cipher  *Cipher   // seals and opens the station's data; nil after Close

	dataKey []byte
}

func newSession(a Account, at time.Time, dataKey []byte) (*Session, error) {
	c, err := NewCipher(dataKey)
	if err != nil {
		return nil, err
	}
	a.Hash, a.WrappedDataKey = "", nil // a session has no use for them
	return &Session{Account: a, At: at, Cipher: c, dataKey: dataKey}, nil
}

// Can reports whether the session's role allows p.
func (s *Session) Can(p Permission) bool { return s != nil && Allowed(s.Account.Role, p) }

// Require returns nil when the session's role allows p, else an error of kind
// KindPermission (also for a closed or nil session).
func (s *Session) Require(p Permission) error {
	if s == nil || s.dataKey == nil {
		return enroll.Errorf(string(p), enroll.KindPermission, "not logged in")
	}
	return Check(s.Account.Role, p)
}

// Close forgets the data key. The session's Cipher must not be used afterwards.
func (s *Session) Close() {
	clear(s.dataKey)
	s.dataKey = nil
	s.Cipher = nil
}

// String names the session's account; it never prints the key.
func (s *Session) String() string {
	if s == nil {
		return "no session"
	}
	return "session of " + s.Account.String()
}
