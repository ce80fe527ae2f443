package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"branchbot/data"
)

// TimerQueue is the durable queue the engine drains; *data.Store is one.
type TimerQueue interface {
	NextTimer() (data.Timer, bool, error)
	// SetTimer moves a timer; the engine postpones one whose work failed,
	// so that it does not hold back the timers behind it.
	SetTimer(ctx context.Context, kind string, ref uint64, at time.Time) error
	// DeleteTimer drops a timer that nobody handles, so that it does not
	// block the queue or come back on every start.
	DeleteTimer(ctx context.Context, kind string, ref uint64) error
}

// FireFunc does a timer's work. It must consume the timer (delete or move
// it) in the same transaction as its effects, so that a timer fires once
// even across a crash. When it fails, the engine postpones the timer by a
// pause and goes on with the others.
type FireFunc func(ctx context.Context, t data.Timer) error

// Engine waits for the earliest durable timer and fires it: one wake-up for
// the whole queue, whatever its size, computed from the clock. Each timer
// kind is handled by the function the feature owning it registered with
// Handle, so adding a kind touches no central switch.
type Engine struct {
	queue    TimerQueue
	clock    Clock
	log      *slog.Logger
	handlers map[string]FireFunc
	started  atomic.Bool // Run was called: the handlers are read without a lock
	metrics  *Metrics    // nil: none

	running atomic.Bool  // Run is looping (for health checks)
	firing  atomic.Int64 // unix nanos on the clock when the current firing began; 0 when none

	wake chan struct{}

	mu      sync.Mutex
	dirty   bool          // a wake-up arrived that the loop has not looked at yet
	idle    bool          // parked with nothing due
	changed chan struct{} // closed and replaced on every idle/dirty change
}

// NewEngine returns an engine with no timer kinds; register them with
// Handle, then Run starts it.
func NewEngine(queue TimerQueue, clock Clock, log *slog.Logger) *Engine {
	return &Engine{
		queue:    queue,
		clock:    clock,
		log:      log,
		handlers: map[string]FireFunc{},
		wake:     make(chan struct{}, 1),
		changed:  make(chan struct{}),
	}
}

// Handle registers f as the work of timers of kind. It must be called
// before Run. Registering a kind twice, a nil f, or registering after Run
// has started panics: each is a mistake in the program's wiring, which
// should fail at start-up rather than fire the wrong work later.
func (e *Engine) Handle(kind string, f FireFunc) {
	switch {
	case e.started.Load():
		panic(fmt.Sprintf("schedule: Handle(%q) called after Run started", kind))
	case f == nil:
		panic(fmt.Sprintf("schedule: Handle(%q) with a nil FireFunc", kind))
	}
	if _, dup := e.handlers[kind]; dup {
		panic(fmt.Sprintf("schedule: timer kind %q registered twice", kind))
	}
	e.handlers[kind] = f
}

// SetMetrics makes the engine record its firings in m (nil: nowhere). It
// must be called before Run.
func (e *Engine) SetMetrics(m *Metrics) {
	if e.started.Load() {
		panic("schedule: SetMetrics called after Run started")
	}
	e.metrics = m
}

// stuckAfter is how long one timer's work may run before the engine is
// reported unhealthy: work is a few store writes and some queued
// messages, done in well under a second.
const stuckAfter = 2 * time.Minute

// Health returns what is wrong with the engine at now, nothing when it is
// running and not stuck in one timer's work.
func (e *Engine) Health(now time.Time) []string {
	if !e.running.Load() {
		return []string{"timer engine is not running"}
	}
	if began := e.firing.Load(); began != 0 {
		if d := now.Sub(time.Unix(0, began)); d > stuckAfter {
			return []string{fmt.Sprintf("timer engine has been firing one timer for %s", d.Round(time.Second))}
		}
	}
	return nil
}

// Wake tells the engine the queue changed (a timer was set or moved).
//
// The flag and the token change together under the lock, and setIdle(false)
// clears both together, so a token waiting in the channel always means
// dirty: WaitIdle cannot see a parked, clean engine that is in fact about
// to wake (and to stop the wake-up it armed) on a token left over from an
// earlier loop.
func (e *Engine) Wake() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dirty = true
	select {
	case e.wake <- struct{}{}:
	default:
	}
	e.broadcastLocked()
}

func (e *Engine) broadcastLocked() {
	close(e.changed)
	e.changed = make(chan struct{})
}

// setIdle(true) parks the engine unless a wake-up arrived since the loop
// began, and says whether it did. setIdle(false) starts a loop: every
// wake-up so far is about to be looked at, so the flag and any token go.
func (e *Engine) setIdle(idle bool) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if idle && e.dirty {
		return false
	}
	e.idle = idle
	if !idle {
		e.dirty = false
		select {
		case <-e.wake:
		default:
		}
	}
	e.broadcastLocked()
	return true
}

// Idle says whether the engine is parked with nothing due and no wake-up
// waiting to be looked at.
func (e *Engine) Idle() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.idle && !e.dirty
}

// WaitIdle blocks until the engine has fired everything due and is parked.
// Tests call it after moving a fake clock.
func (e *Engine) WaitIdle(ctx context.Context) error {
	for {
		e.mu.Lock()
		done, ch := e.idle && !e.dirty, e.changed
		e.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// retryPause is how long a timer whose work failed waits before another try.
const retryPause = 30 * time.Second

// safeFire runs the work registered for the timer's kind, turning a panic
// into an error: the timer is then postponed like any failure instead of
// crashing the process on every start.
func (e *Engine) safeFire(ctx context.Context, t data.Timer) (err error) {
	f, ok := e.handlers[t.Kind]
	if !ok {
		// A kind left behind by an older version, or a feature that was
		// removed: nothing will ever consume it, and at the head of the
		// queue it would be retried forever.
		e.log.Warn("unknown timer dropped", "kind", t.Kind, "ref", t.Ref)
		return e.queue.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return f(ctx, t)
}

// kindLabel is kind as a metric label: a registered kind, or "unknown"
// for one left behind by another version.
func (e *Engine) kindLabel(kind string) string {
	if _, ok := e.handlers[kind]; ok {
		return kind
	}
	return "unknown"
}

// Run fires timers until ctx ends. It is called once, after every Handle.
func (e *Engine) Run(ctx context.Context) error {
	e.started.Store(true)
	e.running.Store(true)
	defer e.running.Store(false)
	e.metrics.known(slices.Collect(maps.Keys(e.handlers)))
	for {
		e.setIdle(false)
		now := e.clock.Now()
		wait := time.Duration(-1)
		t, ok, err := e.queue.NextTimer()
		switch {
		case err != nil:
			e.log.Error("read timer queue; will retry", "err", err)
			wait = retryPause
		case ok && !t.At.After(now):
			e.firing.Store(now.UnixNano())
			err := e.safeFire(ctx, t)
			e.firing.Store(0)
			e.metrics.observeFire(e.kindLabel(t.Kind), now.Sub(t.At), err)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				e.log.Error("timer failed; will retry", "kind", t.Kind, "ref", t.Ref, "err", err)
				if err := e.queue.SetTimer(context.WithoutCancel(ctx), t.Kind, t.Ref, now.Add(retryPause)); err != nil {
					e.log.Error("postpone failed timer", "kind", t.Kind, "ref", t.Ref, "err", err)
					wait = retryPause
					break
				}
			}
			continue
		case ok:
			wait = t.At.Sub(now)
		}
		var stop Stopper
		if wait >= 0 {
			at := now.Add(wait)
			if ok && err == nil {
				at = t.At
			}
			stop = AfterAt(e.clock, at, e.Wake)
			if ok && err == nil && !t.At.After(e.clock.Now()) {
				// The clock moved past the timer while the wake-up was
				// armed: a fake clock would run it only at its next move.
				stop.Stop()
				continue
			}
		}
		if !e.setIdle(true) {
			if stop != nil {
				stop.Stop()
			}
			continue
		}
		select {
		case <-ctx.Done():
			if stop != nil {
				stop.Stop()
			}
			return nil
		case <-e.wake:
		}
		if stop != nil {
			stop.Stop()
		}
	}
}
