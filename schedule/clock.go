// Package schedule owns time in branchbot: the clock every component reads,
// the durable timer engine, and (as the calendar grows) recurrence rules
// and reminder timing. It never imports Telegram code; it calls functions
// and interfaces that the bot provides.
package schedule

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Clock tells the time and wakes callers later. Production code uses
// System; tests use a Fake they move by hand, so no test waits on the real
// clock.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed.
	AfterFunc(d time.Duration, f func()) Stopper
}

// Stopper cancels a pending AfterFunc.
type Stopper interface {
	Stop() bool
}

// System is the real clock.
type System struct{}

// Now returns the current time.
func (System) Now() time.Time { return time.Now() }

// AfterFunc is time.AfterFunc.
func (System) AfterFunc(d time.Duration, f func()) Stopper { return time.AfterFunc(d, f) }

// Fake is a Clock that only moves when told to. Functions waiting on it run
// inside Advance or Set, in time order, so when those return every wake-up
// that fell due has happened. It is safe for concurrent use.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*fakeWaiter
	added   chan struct{} // closed and replaced when AfterFunc registers a wake-up; nil until BlockUntil needs it
}

type fakeWaiter struct {
	clock   *Fake
	at      time.Time
	f       func()
	stopped bool // guarded by clock.mu
	fired   bool
}

func (w *fakeWaiter) Stop() bool {
	w.clock.mu.Lock()
	defer w.clock.mu.Unlock()
	was := !w.stopped && !w.fired
	w.stopped = true
	return was
}

// NewFake returns a Fake clock reading t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// AfterFunc registers fn to run when the clock has moved d forward.
func (f *Fake) AfterFunc(d time.Duration, fn func()) Stopper {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := &fakeWaiter{clock: f, at: f.now.Add(d), f: fn}
	f.waiters = append(f.waiters, w)
	if f.added != nil {
		close(f.added)
		f.added = nil
	}
	return w
}

// BlockUntil returns once at least n wake-ups are waiting on the clock, or
// with ctx's error. A test calls it before moving the clock, so that a
// goroutine it started (a Sleep, a Limiter's Wait) is known to be waiting
// and the move wakes it, instead of the test sleeping and hoping.
func (f *Fake) BlockUntil(ctx context.Context, n int) error {
	for {
		f.mu.Lock()
		waiting := f.waitingLocked()
		if f.added == nil {
			f.added = make(chan struct{})
		}
		added := f.added
		f.mu.Unlock()
		if waiting >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-added:
		}
	}
}

// Waiting returns the number of wake-ups registered with AfterFunc that
// have neither fired nor been stopped.
func (f *Fake) Waiting() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.waitingLocked()
}

func (f *Fake) waitingLocked() int {
	n := 0
	for _, w := range f.waiters {
		if !w.stopped {
			n++
		}
	}
	return n
}

// Advance moves the clock forward by d, running what fell due.
func (f *Fake) Advance(d time.Duration) { f.move(func(now time.Time) time.Time { return now.Add(d) }) }

// Set moves the clock to t, running what fell due.
func (f *Fake) Set(t time.Time) { f.move(func(time.Time) time.Time { return t }) }

func (f *Fake) move(to func(now time.Time) time.Time) {
	f.mu.Lock()
	f.now = to(f.now)
	t := f.now
	var due, rest []*fakeWaiter
	for _, w := range f.waiters {
		switch {
		case w.stopped:
		case !w.at.After(t):
			w.fired = true
			due = append(due, w)
		default:
			rest = append(rest, w)
		}
	}
	f.waiters = rest
	f.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, w := range due {
		w.f()
	}
}
