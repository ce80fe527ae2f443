package schedule_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"branchbot/data"
	"branchbot/schedule"
)

// queue is an in-memory TimerQueue: a sorted slice behind a mutex.
type queue struct {
	mu  sync.Mutex
	ts  []data.Timer
	err error // NextTimer's error, if set
}

func (q *queue) NextTimer() (data.Timer, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return data.Timer{}, false, q.err
	}
	if len(q.ts) == 0 {
		return data.Timer{}, false, nil
	}
	return q.ts[0], true, nil
}

// add inserts timers in At order, after any at the same instant.
func (q *queue) add(ts ...data.Timer) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, t := range ts {
		i := len(q.ts)
		for i > 0 && q.ts[i-1].At.After(t.At) {
			i--
		}
		q.ts = slices.Insert(q.ts, i, t)
	}
}

// SetTimer moves (or adds) the timer of kind and ref, as the store does.
func (q *queue) SetTimer(_ context.Context, kind string, ref uint64, at time.Time) error {
	q.remove(data.Timer{Kind: kind, Ref: ref})
	q.add(data.Timer{At: at, Kind: kind, Ref: ref})
	return nil
}

// DeleteTimer removes the timer of kind and ref, if any, as the store does.
func (q *queue) DeleteTimer(_ context.Context, kind string, ref uint64) error {
	q.remove(data.Timer{Kind: kind, Ref: ref})
	return nil
}

// remove consumes the timer of t's kind and ref.
func (q *queue) remove(t data.Timer) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ts = slices.DeleteFunc(q.ts, func(u data.Timer) bool { return u.Kind == t.Kind && u.Ref == t.Ref })
}

func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.ts)
}

func (q *queue) setErr(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.err = err
}

// fired is one call of the fire function.
type fired struct {
	timer data.Timer
	now   time.Time // the clock when it ran
	err   error
}

// firer is a FireFunc that records its calls and consumes the timer,
// unless fail says the call should fail (leaving the timer in place).
type firer struct {
	q     *queue
	clock schedule.Clock
	fail  func(t data.Timer, call int) error // call counts from 1 per timer; nil: never fail

	mu    sync.Mutex
	calls []fired
	per   map[uint64]int
}

func (f *firer) fire(_ context.Context, t data.Timer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.per == nil {
		f.per = map[uint64]int{}
	}
	f.per[t.Ref]++
	var err error
	if f.fail != nil {
		err = f.fail(t, f.per[t.Ref])
	}
	f.calls = append(f.calls, fired{t, f.clock.Now(), err})
	if err == nil {
		f.q.remove(t)
	}
	return err
}

func (f *firer) take() []fired {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func refs(fs []fired) []uint64 {
	var out []uint64
	for _, f := range fs {
		out = append(out, f.timer.Ref)
	}
	return out
}

func wantFired(t *testing.T, f *firer, want ...uint64) []fired {
	t.Helper()
	got := f.take()
	if !slices.Equal(refs(got), want) {
		t.Fatalf("fired %v; want %v", refs(got), want)
	}
	for _, c := range got {
		if c.now.Before(c.timer.At) {
			t.Fatalf("timer %d (at %v) fired early, at %v", c.timer.Ref, c.timer.At, c.now)
		}
	}
	return got
}

// watchdog bounds waits that would otherwise hang a broken test; it is a
// deadlock guard, not a timing assertion.
const watchdog = time.Minute

type running struct {
	e      *schedule.Engine
	cancel context.CancelFunc
	done   chan error
}

// run starts an engine on q that hands timers of kind "test" to fire, and
// stops it at cleanup.
func run(t *testing.T, q schedule.TimerQueue, c schedule.Clock, fire schedule.FireFunc) *running {
	t.Helper()
	e := schedule.NewEngine(q, c, slog.New(slog.DiscardHandler))
	e.Handle("test", fire)
	return start(t, e)
}

// start runs e and stops it at cleanup.
func start(t *testing.T, e *schedule.Engine) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{e: e, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		r.wait(t)
	})
	return r
}

// wait waits for Run to return and checks it returned nil.
func (r *running) wait(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("Run = %v; want nil", err)
		}
		r.done <- nil // for a later wait
	case <-ctx.Done():
		t.Fatal("Run did not return after its context ended")
	}
}

// idle waits for the engine to fire everything due and park.
func (r *running) idle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	if err := r.e.WaitIdle(ctx); err != nil {
		t.Fatalf("engine never went idle: %v", err)
	}
}

func timer(ref uint64, at time.Time) data.Timer {
	return data.Timer{Kind: "test", Ref: ref, At: at}
}

func TestEngineFiresDueTimersAtStart(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0.Add(-time.Hour)), timer(2, t0), timer(3, t0.Add(-time.Minute)), timer(4, t0.Add(time.Nanosecond)))
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	r.idle(t)
	wantFired(t, f, 1, 3, 2)
	if q.len() != 1 {
		t.Fatalf("%d timers left; want the future one", q.len())
	}
	c.Advance(time.Nanosecond)
	r.idle(t)
	wantFired(t, f, 4)
}

func TestEngineFutureTimer(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0.Add(time.Hour)))
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	r.idle(t)
	wantFired(t, f)
	c.Advance(59*time.Minute + 59*time.Second)
	r.idle(t)
	wantFired(t, f)
	c.Advance(time.Second)
	r.idle(t)
	got := wantFired(t, f, 1)
	if !got[0].now.Equal(t0.Add(time.Hour)) {
		t.Fatalf("fired at %v; want %v", got[0].now, t0.Add(time.Hour))
	}
	c.Advance(24 * time.Hour)
	r.idle(t)
	wantFired(t, f)
}

func TestEngineWake(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0.Add(2*time.Hour)))
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	r.idle(t)

	// An earlier timer, announced with Wake, is waited for instead.
	q.add(timer(2, t0.Add(time.Hour)))
	r.e.Wake()
	r.idle(t)
	wantFired(t, f)
	c.Advance(time.Hour)
	r.idle(t)
	wantFired(t, f, 2)

	// A timer already due fires on Wake, without the clock moving.
	q.add(timer(3, t0))
	r.e.Wake()
	r.idle(t)
	wantFired(t, f, 3)

	c.Advance(time.Hour)
	r.idle(t)
	wantFired(t, f, 1)

	// A Wake with nothing changed fires nothing.
	r.e.Wake()
	r.idle(t)
	wantFired(t, f)
}

func TestEngineEmptyQueue(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	r.idle(t)
	c.Advance(time.Hour)
	r.idle(t)
	q.add(timer(1, t0.Add(90*time.Minute)))
	r.e.Wake()
	r.idle(t)
	wantFired(t, f)
	c.Advance(30 * time.Minute)
	r.idle(t)
	wantFired(t, f, 1)
}

func TestEngineRetriesAfterPause(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0))
	boom := errors.New("boom")
	f := &firer{q: q, clock: c, fail: func(_ data.Timer, call int) error {
		if call <= 2 {
			return boom
		}
		return nil
	}}
	r := run(t, q, c, f.fire)
	r.idle(t)
	wantFired(t, f, 1) // failed
	c.Advance(29 * time.Second)
	r.idle(t)
	wantFired(t, f) // not before the pause is over
	c.Advance(time.Second)
	r.idle(t)
	wantFired(t, f, 1) // failed again
	c.Advance(30*time.Second - time.Nanosecond)
	r.idle(t)
	wantFired(t, f)
	c.Advance(time.Nanosecond)
	r.idle(t)
	wantFired(t, f, 1) // succeeded and consumed
	c.Advance(time.Hour)
	r.idle(t)
	wantFired(t, f)
	if q.len() != 0 {
		t.Fatalf("%d timers left", q.len())
	}
}

func TestEngineRetryPauseDoesNotDelayOthers(t *testing.T) {
	// A failing timer at the head waits out its pause; a timer set
	// meanwhile for after the pause still fires on time.
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0))
	f := &firer{q: q, clock: c, fail: func(tm data.Timer, call int) error {
		if tm.Ref == 1 && call == 1 {
			return errors.New("boom")
		}
		return nil
	}}
	r := run(t, q, c, f.fire)
	r.idle(t)
	wantFired(t, f, 1)
	q.add(timer(2, t0.Add(time.Hour)))
	r.e.Wake()
	r.idle(t)
	wantFired(t, f)
	c.Advance(30 * time.Second)
	r.idle(t)
	wantFired(t, f, 1)
	c.Advance(time.Hour)
	r.idle(t)
	wantFired(t, f, 2)
}

func TestEngineStopsOnCancel(t *testing.T) {
	t.Run("parked", func(t *testing.T) {
		c := schedule.NewFake(t0)
		q := &queue{}
		q.add(timer(1, t0.Add(time.Hour)))
		f := &firer{q: q, clock: c}
		r := run(t, q, c, f.fire)
		r.idle(t)
		r.cancel()
		r.wait(t)
		// Its wake-up was withdrawn: nothing fires any more.
		if n := c.Waiting(); n != 0 {
			t.Fatalf("%d wake-ups still pending after Run returned", n)
		}
		c.Advance(2 * time.Hour)
		wantFired(t, f)
		if q.len() != 1 {
			t.Fatal("timer consumed after Run returned")
		}
	})
	t.Run("empty", func(t *testing.T) {
		c := schedule.NewFake(t0)
		q := &queue{}
		r := run(t, q, c, (&firer{q: q, clock: c}).fire)
		r.idle(t)
		r.cancel()
		r.wait(t)
	})
	t.Run("while firing", func(t *testing.T) {
		c := schedule.NewFake(t0)
		q := &queue{}
		q.add(timer(1, t0))
		started := make(chan struct{})
		r := run(t, q, c, func(ctx context.Context, _ data.Timer) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		<-started
		r.cancel()
		r.wait(t)
	})
	t.Run("already cancelled", func(t *testing.T) {
		c := schedule.NewFake(t0)
		q := &queue{}
		e := schedule.NewEngine(q, c, slog.New(slog.DiscardHandler))
		e.Handle("test", (&firer{q: q, clock: c}).fire)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := e.Run(ctx); err != nil {
			t.Fatalf("Run = %v", err)
		}
	})
}

func TestEngineQueueErrorThenWake(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0))
	q.setErr(errors.New("disk on fire"))
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	r.idle(t)
	wantFired(t, f)
	q.setErr(nil)
	r.e.Wake()
	r.idle(t)
	wantFired(t, f, 1)
}

func TestEngineManyTimers(t *testing.T) {
	const n = 1000
	c := schedule.NewFake(t0)
	q := &queue{}
	rng := rand.New(rand.NewPCG(3, 4))
	last := t0
	var ts []data.Timer
	for i := range n {
		// Over ten hours, some in the past, some sharing an instant.
		at := t0.Add(time.Duration(rng.IntN(10*3600)-600) * time.Second)
		if i%10 == 0 && len(ts) > 0 {
			at = ts[rng.IntN(len(ts))].At
		}
		ts = append(ts, timer(uint64(i+1), at))
		if at.After(last) {
			last = at
		}
	}
	for _, tm := range rng.Perm(n) {
		q.add(ts[tm])
	}
	f := &firer{q: q, clock: c}
	r := run(t, q, c, f.fire)
	var all []fired
	r.idle(t)
	all = append(all, f.take()...)
	for c.Now().Before(last) {
		c.Advance(time.Duration(1+rng.IntN(300)) * time.Second)
		r.idle(t)
		got := f.take()
		for _, g := range got {
			if g.timer.At.After(g.now) {
				t.Fatalf("timer %d at %v fired early at %v", g.timer.Ref, g.timer.At, g.now)
			}
		}
		all = append(all, got...)
		// Everything due has fired.
		if head, ok, _ := q.NextTimer(); ok && !head.At.After(c.Now()) {
			t.Fatalf("at %v timer %d (at %v) is due but has not fired", c.Now(), head.Ref, head.At)
		}
	}
	if len(all) != n {
		t.Fatalf("%d fires; want %d", len(all), n)
	}
	seen := map[uint64]bool{}
	for i, g := range all {
		if seen[g.timer.Ref] {
			t.Fatalf("timer %d fired twice", g.timer.Ref)
		}
		seen[g.timer.Ref] = true
		if i > 0 && g.timer.At.Before(all[i-1].timer.At) {
			t.Fatalf("timer %d (at %v) fired after timer %d (at %v)", g.timer.Ref, g.timer.At, all[i-1].timer.Ref, all[i-1].timer.At)
		}
	}
	if q.len() != 0 {
		t.Fatalf("%d timers left", q.len())
	}
}

// TestEngineWithStore drives the engine with the real store as its queue:
// the fire function consumes the timer in the store. The timers' instants
// are in zones other than the machine's, as the bot sets them (the end of
// quiet hours in the branch's zone).
func TestEngineWithStore(t *testing.T) {
	s, err := data.Open(filepath.Join(t.TempDir(), "store.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	c := schedule.NewFake(t0)
	zone := time.FixedZone("", -(3*3600 + 17*60)) // no machine's local zone
	for i, at := range []time.Time{t0.Add(2 * time.Hour).In(time.UTC), t0.In(zone), t0.Add(time.Hour).In(zone)} {
		if err := s.SetTimer(ctx, "test", uint64(i+1), at); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu    sync.Mutex
		got   []uint64
		calls = map[uint64]int{}
	)
	fire := func(ctx context.Context, tm data.Timer) error {
		mu.Lock()
		calls[tm.Ref]++
		n := calls[tm.Ref]
		mu.Unlock()
		// Timer 3 fails until its retry pause is over. An engine that
		// retried at once would spin: after 100 tries it is let through.
		if tm.Ref == 3 && n < 100 && c.Now().Before(t0.Add(time.Hour+30*time.Second)) {
			return errors.New("boom")
		}
		mu.Lock()
		got = append(got, tm.Ref)
		mu.Unlock()
		return s.DeleteTimer(ctx, tm.Kind, tm.Ref)
	}
	r := run(t, s, c, fire)
	r.idle(t)
	check := func(want ...uint64) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if !slices.Equal(got, want) {
			t.Fatalf("fired %v; want %v", got, want)
		}
	}
	check(2)
	c.Advance(time.Hour)
	r.idle(t)
	mu.Lock()
	n3 := calls[3]
	mu.Unlock()
	if n3 != 1 {
		t.Fatalf("a failing timer was retried %d times at once instead of after the pause", n3)
	}
	check(2) // 3 failed and waits
	c.Advance(30 * time.Second)
	r.idle(t)
	check(2, 3)
	c.Advance(time.Hour)
	r.idle(t)
	check(2, 3, 1)
	if _, ok, _ := s.NextTimer(); ok {
		t.Fatal("timers left in the store")
	}
}

func TestEngineHandlesEachKind(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(
		data.Timer{Kind: "notice", Ref: 1, At: t0},
		data.Timer{Kind: "meeting", Ref: 2, At: t0.Add(time.Minute)},
		data.Timer{Kind: "notice", Ref: 3, At: t0.Add(2 * time.Minute)},
	)
	notices := &firer{q: q, clock: c}
	meetings := &firer{q: q, clock: c}
	e := schedule.NewEngine(q, c, slog.New(slog.DiscardHandler))
	e.Handle("notice", notices.fire)
	e.Handle("meeting", meetings.fire)
	r := start(t, e)
	r.idle(t)
	wantFired(t, notices, 1)
	wantFired(t, meetings)
	c.Advance(2 * time.Minute)
	r.idle(t)
	wantFired(t, meetings, 2)
	wantFired(t, notices, 3)
}

// logBuffer is a slog handler's destination that the engine's goroutine
// writes and the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Split(strings.TrimSpace(b.buf.String()), "\n")
}

func TestEngineDropsUnknownKind(t *testing.T) {
	// A kind nobody handles (left by an older version) is logged once and
	// deleted: it does not hold back the timers behind it, nor come back.
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(data.Timer{Kind: "gone", Ref: 7, At: t0.Add(-time.Hour)}, timer(1, t0))
	var logs logBuffer
	e := schedule.NewEngine(q, c, slog.New(slog.NewTextHandler(&logs, nil)))
	f := &firer{q: q, clock: c}
	e.Handle("test", f.fire)
	r := start(t, e)
	r.idle(t)
	wantFired(t, f, 1)
	if q.len() != 0 {
		t.Fatalf("%d timers left; the unknown one should be deleted", q.len())
	}
	c.Advance(time.Hour)
	r.idle(t)
	got := logs.lines()
	if len(got) != 1 || !strings.Contains(got[0], "level=WARN") || !strings.Contains(got[0], "kind=gone") || !strings.Contains(got[0], "ref=7") {
		t.Fatalf("log = %q; want one WARN line naming kind gone, ref 7", got)
	}
}

func TestEngineHandleMistakesPanic(t *testing.T) {
	nop := func(context.Context, data.Timer) error { return nil }
	wantPanic := func(t *testing.T, want string, f func()) {
		t.Helper()
		defer func() {
			t.Helper()
			p := recover()
			if p == nil {
				t.Fatal("no panic")
			}
			if msg := fmt.Sprint(p); !strings.Contains(msg, want) {
				t.Fatalf("panic %q; want it to mention %q", msg, want)
			}
		}()
		f()
	}
	newEngine := func() *schedule.Engine {
		return schedule.NewEngine(&queue{}, schedule.NewFake(t0), slog.New(slog.DiscardHandler))
	}
	t.Run("twice", func(t *testing.T) {
		e := newEngine()
		e.Handle("notice", nop)
		wantPanic(t, `"notice" registered twice`, func() { e.Handle("notice", nop) })
	})
	t.Run("nil", func(t *testing.T) {
		wantPanic(t, "nil", func() { newEngine().Handle("notice", nil) })
	})
	t.Run("after Run", func(t *testing.T) {
		e := newEngine()
		e.Handle("notice", nop)
		r := start(t, e)
		r.idle(t)
		wantPanic(t, "after Run", func() { e.Handle("meeting", nop) })
	})
}

// A timer whose work sets the next one wakes the engine from inside its
// own loop, as a store commit does. That wake-up must not outlive the loop
// that looked at it: left behind, it woke the parked engine a moment later,
// which stopped the wake-up it had armed, and a clock move in between was
// missed by WaitIdle (the day's timer fired only at the next move).
func TestEngineWakeDuringFireLeavesNothingBehind(t *testing.T) {
	c := schedule.NewFake(t0)
	q := &queue{}
	q.add(timer(1, t0.Add(24*time.Hour)))
	var e *schedule.Engine
	var fires atomic.Int64
	e = schedule.NewEngine(q, c, slog.New(slog.DiscardHandler))
	e.Handle("test", func(_ context.Context, tm data.Timer) error {
		fires.Add(1)
		q.SetTimer(context.Background(), tm.Kind, tm.Ref, tm.At.Add(24*time.Hour))
		e.Wake()
		return nil
	})
	r := start(t, e)
	r.idle(t)
	for day := int64(1); day <= 300; day++ {
		c.Advance(24 * time.Hour)
		r.idle(t)
		if got := fires.Load(); got != day {
			t.Fatalf("day %d: fired %d times after WaitIdle; want %d", day, got, day)
		}
	}
}
