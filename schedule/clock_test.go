package schedule_test

import (
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"branchbot/schedule"
)

var t0 = time.Date(2026, time.March, 14, 9, 26, 53, 0, time.UTC)

var (
	_ schedule.Clock = schedule.System{}
	_ schedule.Clock = (*schedule.Fake)(nil)
)

// runLog collects callback names in the order they ran.
type runLog struct {
	mu  sync.Mutex
	got []string
}

func (l *runLog) add(s string) func() {
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.got = append(l.got, s)
	}
}

func (l *runLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	got := l.got
	l.got = nil
	return got
}

func wantRan(t *testing.T, l *runLog, want ...string) {
	t.Helper()
	if got := l.take(); !slices.Equal(got, want) {
		t.Fatalf("ran %q; want %q", got, want)
	}
}

func TestFakeNow(t *testing.T) {
	c := schedule.NewFake(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Now = %v; want %v", c.Now(), t0)
	}
	c.Advance(90 * time.Second)
	if want := t0.Add(90 * time.Second); !c.Now().Equal(want) {
		t.Fatalf("Now after Advance = %v; want %v", c.Now(), want)
	}
	later := t0.Add(48 * time.Hour)
	c.Set(later)
	if !c.Now().Equal(later) {
		t.Fatalf("Now after Set = %v; want %v", c.Now(), later)
	}
}

func TestFakeAfterFuncOrder(t *testing.T) {
	c := schedule.NewFake(t0)
	var l runLog
	c.AfterFunc(3*time.Second, l.add("3s"))
	c.AfterFunc(time.Second, l.add("1s-a"))
	c.AfterFunc(2*time.Second, l.add("2s"))
	c.AfterFunc(time.Second, l.add("1s-b"))
	c.AfterFunc(time.Hour, l.add("1h"))

	c.Advance(999 * time.Millisecond)
	wantRan(t, &l) // nothing before its time
	c.Advance(time.Millisecond)
	wantRan(t, &l, "1s-a", "1s-b") // at its time exactly, in registration order on ties
	c.Advance(0)
	wantRan(t, &l)
	// One big move runs everything that fell due, in time order, before
	// Advance returns.
	c.Advance(10 * time.Second)
	wantRan(t, &l, "2s", "3s")
	c.Set(t0.Add(time.Hour))
	wantRan(t, &l, "1h")
	c.Advance(24 * time.Hour)
	wantRan(t, &l) // each runs once
}

func TestFakeAfterFuncRelativeToNow(t *testing.T) {
	c := schedule.NewFake(t0)
	var l runLog
	c.Advance(time.Hour)
	c.AfterFunc(time.Minute, l.add("a")) // due at t0+1h1m
	c.Set(t0.Add(time.Hour + 59*time.Second))
	wantRan(t, &l)
	c.Set(t0.Add(time.Hour + time.Minute))
	wantRan(t, &l, "a")
}

func TestFakeSetBackwards(t *testing.T) {
	c := schedule.NewFake(t0)
	var l runLog
	c.AfterFunc(time.Second, l.add("a"))
	c.Set(t0.Add(-time.Hour))
	wantRan(t, &l)
	if !c.Now().Equal(t0.Add(-time.Hour)) {
		t.Fatalf("Now = %v", c.Now())
	}
	c.Set(t0.Add(time.Second))
	wantRan(t, &l, "a")
}

func TestFakeAfterFuncZero(t *testing.T) {
	// A wake-up that is due at once runs on the next move of the clock,
	// even a move by nothing.
	c := schedule.NewFake(t0)
	var l runLog
	c.AfterFunc(0, l.add("zero"))
	c.AfterFunc(-time.Second, l.add("negative"))
	c.Advance(0)
	wantRan(t, &l, "negative", "zero")
}

func TestFakeStop(t *testing.T) {
	c := schedule.NewFake(t0)
	var l runLog
	a := c.AfterFunc(time.Second, l.add("a"))
	b := c.AfterFunc(2*time.Second, l.add("b"))
	if n := c.Waiting(); n != 2 {
		t.Fatalf("Waiting = %d; want 2", n)
	}
	if !a.Stop() {
		t.Fatal("Stop of a pending wake-up = false; want true")
	}
	if a.Stop() {
		t.Fatal("second Stop = true; want false")
	}
	if n := c.Waiting(); n != 1 {
		t.Fatalf("Waiting after Stop = %d; want 1", n)
	}
	c.Advance(time.Hour)
	wantRan(t, &l, "b")
	if n := c.Waiting(); n != 0 {
		t.Fatalf("Waiting after firing = %d; want 0", n)
	}
	if b.Stop() {
		t.Fatal("Stop after firing = true; want false")
	}
	c.Advance(time.Hour)
	wantRan(t, &l)
}

func TestFakeCallbackMayUseClock(t *testing.T) {
	// Callbacks run without the clock's lock held: they may read it, set
	// new wake-ups and stop others.
	c := schedule.NewFake(t0)
	var l runLog
	later := c.AfterFunc(time.Hour, l.add("later"))
	c.AfterFunc(time.Second, func() {
		l.add("first at " + c.Now().Sub(t0).String())()
		later.Stop()
		c.AfterFunc(time.Minute, l.add("chained"))
	})
	c.Advance(10 * time.Second)
	wantRan(t, &l, "first at 10s")
	c.Advance(time.Minute)
	wantRan(t, &l, "chained")
	c.Advance(2 * time.Hour)
	wantRan(t, &l)
}

func TestFakeConcurrent(t *testing.T) {
	c := schedule.NewFake(t0)
	advance := func() {
		for range 100 {
			c.Advance(time.Millisecond)
		}
	}
	stressWakeUps(t, c, 1, []func(){advance, advance, advance, advance}, func() { c.Advance(time.Hour) })
}

// stressWakeUps sets and stops wake-ups on c from 8 goroutines while the
// movers run, then settle moves far enough for every wake-up to be due:
// each must have run exactly once unless Stop returned true, and then
// never. The race detector checks the rest.
func stressWakeUps(t *testing.T, c schedule.Clock, seed uint64, movers []func(), settle func()) {
	t.Helper()
	const (
		workers = 8
		each    = 200
	)
	type waiter struct {
		fired   atomic.Int32
		stopped bool // Stop returned true
	}
	ws := make([][]*waiter, workers)
	var wg sync.WaitGroup
	for g := range workers {
		ws[g] = make([]*waiter, each)
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), seed))
			for i := range each {
				w := &waiter{}
				ws[g][i] = w
				s := c.AfterFunc(time.Duration(rng.IntN(1000))*time.Millisecond, func() { w.fired.Add(1) })
				_ = c.Now()
				if rng.IntN(3) == 0 {
					w.stopped = s.Stop()
				}
			}
		})
	}
	for _, move := range movers {
		wg.Go(move)
	}
	wg.Wait()
	settle()
	for g := range ws {
		for i, w := range ws[g] {
			switch n := w.fired.Load(); {
			case w.stopped && n != 0:
				t.Errorf("waiter %d/%d: Stop returned true but it fired %d times", g, i, n)
			case !w.stopped && n != 1:
				t.Errorf("waiter %d/%d fired %d times; want once", g, i, n)
			}
		}
	}
}

func TestSystemClock(t *testing.T) {
	var c schedule.Clock = schedule.System{}
	if c.Now().IsZero() {
		t.Fatal("System.Now is zero")
	}
	done := make(chan struct{})
	s := c.AfterFunc(0, func() { close(done) })
	<-done
	if s.Stop() {
		t.Fatal("Stop after firing = true")
	}
	never := c.AfterFunc(time.Hour, func() { t.Error("fired") })
	if !never.Stop() {
		t.Fatal("Stop of a pending timer = false")
	}
}

// jumpyClock is a Fake that a test moves forward the first time something
// arms a wake-up on it, between the arming code reading the time and the
// wake-up being registered: the race AfterAt closes.
type jumpyClock struct {
	*schedule.Fake
	jump  time.Duration
	moved bool
}

func (j *jumpyClock) AfterFunc(d time.Duration, f func()) schedule.Stopper {
	if !j.moved {
		j.moved = true
		j.Fake.Advance(j.jump)
	}
	return j.Fake.AfterFunc(d, f)
}

// TestAfterAtClockMovedWhileArming: a wake-up for 10:00 armed while the
// clock jumped from 08:00 to 09:00 still fires at 10:00, not at 11:00.
func TestAfterAtClockMovedWhileArming(t *testing.T) {
	start := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	c := &jumpyClock{Fake: schedule.NewFake(start), jump: time.Hour}
	fired := make(chan struct{}, 2)
	schedule.AfterAt(c, start.Add(2*time.Hour), func() { fired <- struct{}{} })
	c.Fake.Set(start.Add(2 * time.Hour))
	select {
	case <-fired:
	default:
		t.Fatal("the wake-up for 10:00 did not fire at 10:00")
	}
	c.Fake.Set(start.Add(4 * time.Hour))
	if len(fired) != 0 {
		t.Error("the wake-up fired twice")
	}
}
