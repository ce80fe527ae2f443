package schedule

import (
	"context"
	"time"
)

// Sleep waits on c until d has passed, or until ctx ends, whichever comes
// first, and then returns ctx.Err() (nil when the wait ran its course).
// Waiting on the injected clock rather than with time.Sleep lets a test
// wake every sleeper by moving a Fake. A d of zero or less returns at once,
// still reporting a context that has already ended, so that a loop around
// Sleep stops even when it has nothing to wait for.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	return SleepUntil(ctx, c, c.Now().Add(d))
}

// SleepUntil waits on c until it reads t or later, or until ctx ends; see
// Sleep.
func SleepUntil(ctx context.Context, c Clock, t time.Time) error {
	if !t.After(c.Now()) {
		return ctx.Err()
	}
	done := make(chan struct{})
	stop := AfterAt(c, t, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		// Withdraw the wake-up, or a Fake would keep counting it and
		// System would hold a timer until it fired.
		stop.Stop()
		return ctx.Err()
	}
}

// AfterAt calls f in its own goroutine once the clock reads at or later.
// A Clock's AfterFunc counts a duration from the time it reads when
// called: if the clock moved between reading it to compute that duration
// and arming (a fake clock set by a test, a sandbox jump, a stalled
// machine), the wake-up would come late by as much as it moved. AfterAt
// reads the clock again after arming and arms again if it moved. A real
// clock moves microseconds there, not a millisecond. A time already passed
// calls f at once: a Fake would otherwise hold it until its next move,
// which may never come.
func AfterAt(c Clock, at time.Time, f func()) Stopper {
	for {
		armed := c.Now()
		if !at.After(armed) {
			go f()
			return spent{}
		}
		s := c.AfterFunc(at.Sub(armed), f)
		if c.Now().Sub(armed) <= time.Millisecond || !s.Stop() {
			return s // armed right, or it has fired already
		}
	}
}

// spent is the Stopper of a wake-up that has fired already.
type spent struct{}

func (spent) Stop() bool { return false }
