package schedule

import (
	"context"
	"fmt"

	"golang.org/x/time/rate"
)

// Limiter is a token bucket (golang.org/x/time/rate) that reads and waits
// on the injected clock. rate.Limiter's own Wait reads time.Now and sleeps
// on a real timer, so a sender throttled by it could not be tested with a
// Fake; this one wakes when the Fake is moved.
type Limiter struct {
	clock Clock
	lim   *rate.Limiter
}

// NewLimiter returns a limiter that allows r events a second with bursts of
// up to burst, on clock c. With rate.Inf it never waits, whatever burst.
func NewLimiter(c Clock, r rate.Limit, burst int) *Limiter {
	return &Limiter{clock: c, lim: rate.NewLimiter(r, burst)}
}

// Allow reports whether an event may happen now, and if so takes its
// token; it never waits.
func (l *Limiter) Allow() bool { return l.lim.AllowN(l.clock.Now(), 1) }

// Wait blocks until an event may happen, taking its token, or until ctx
// ends. It returns ctx.Err() if ctx ends first, having given back the token
// it had reserved so that later callers do not wait for it. Unlike
// rate.Limiter.Wait it does not refuse a wait longer than ctx's deadline:
// that deadline is on the real clock, which need not be c's.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := l.clock.Now()
	r := l.lim.ReserveN(now, 1)
	if !r.OK() {
		// Only a burst of zero with a finite rate refuses one token.
		return fmt.Errorf("rate limiter: one event exceeds the burst of %d", l.lim.Burst())
	}
	if err := Sleep(ctx, l.clock, r.DelayFrom(now)); err != nil {
		r.CancelAt(l.clock.Now())
		return err
	}
	return nil
}
