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
	if d <= 0 {
		return ctx.Err()
	}
	done := make(chan struct{})
	stop := c.AfterFunc(d, func() { close(done) })
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

// SleepUntil waits on c until it reads t or later, or until ctx ends; see
// Sleep.
func SleepUntil(ctx context.Context, c Clock, t time.Time) error {
	return Sleep(ctx, c, t.Sub(c.Now()))
}
