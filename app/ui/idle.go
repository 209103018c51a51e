package ui

import (
	"context"
	"sync/atomic"
	"time"
)

// DefaultIdleLock is how long the station waits without a key press or tap before it
// locks the screen.
const DefaultIdleLock = 5 * time.Minute

// Locker is implemented by backends that want to know when the screen locks (for the
// audit log). It is optional.
type Locker interface {
	// ScreenLocked is told that the operator's screen locked after being idle.
	ScreenLocked(ctx context.Context, operator string)
}

// SessionWatcher is implemented by backends that want to know when an operator logs out
// (for the audit log). It is optional.
type SessionWatcher interface {
	// LoggedOut is told that operator ended their session (Ctrl+L, or the window closed).
	LoggedOut(ctx context.Context, operator string)
}

// idle tracks the operator's last activity.
type idle struct {
	last atomic.Int64 // unix nanoseconds of the last key press or tap
}

// touch records activity now.
func (u *UI) touch() { u.idle.last.Store(u.opts.Clock().UnixNano()) }

// idleFor returns how long the station has been idle.
func (u *UI) idleFor() time.Duration {
	return u.opts.Clock().Sub(time.Unix(0, u.idle.last.Load()))
}

// watchIdle locks the screen when an operator is logged in and nothing was typed or
// tapped for Options.IdleLock. The enrollment in progress stays a saved draft and is
// offered again after the next login.
func (u *UI) watchIdle() {
	if u.opts.IdleLock <= 0 {
		return
	}
	tick := time.NewTicker(min(u.opts.IdleLock/4, 5*time.Second))
	defer tick.Stop()
	for {
		select {
		case <-u.ctx.Done():
			return
		case <-tick.C:
			if u.idleFor() >= u.opts.IdleLock {
				u.do(u.lockIfIdle)
			}
		}
	}
}

// lockIfIdle runs on the UI goroutine.
func (u *UI) lockIfIdle() {
	if u.op == nil || u.idleFor() < u.opts.IdleLock {
		return
	}
	who := u.op.ID
	if l, ok := u.b.(Locker); ok {
		l.ScreenLocked(u.ctx, who)
	}
	u.logout()
	if l, ok := u.cur.(*loginScreen); ok && l.msg != nil {
		l.msg.SetText(tr("Layar terkunci karena tidak ada aktivitas. Masuk lagi untuk melanjutkan."))
	}
}
