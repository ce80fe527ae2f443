package schedule

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Shifted is a Clock for a demo or sandbox: it runs at the pace of a base
// clock (System in production) but reads ahead of it by an offset that
// Advance and Set only ever grow, so someone trying the bot can jump to
// tomorrow's reminder instead of waiting for it. Like Fake, a jump runs
// every wake-up it passes, in deadline order, before it returns; the
// wake-ups still ahead are re-armed on the base for what is left of their
// wait. It is safe for concurrent use.
//
// The base is a Clock, not the system's time, so that tests build a
// Shifted on a Fake and move both by hand.
type Shifted struct {
	base Clock

	mu      sync.Mutex
	offset  time.Duration
	seq     uint64 // registration order, to keep ties in order
	waiters map[*shiftedWaiter]struct{}
}

// shiftedWaiter is one AfterFunc: a deadline on the shifted time, and the
// base wake-up currently armed for it.
type shiftedWaiter struct {
	clock *Shifted
	at    time.Time
	seq   uint64
	f     func()
	armed Stopper // guarded by clock.mu, as are gen and done
	gen   uint64  // which arming may fire it; older ones were re-armed over
	done  bool    // fired or stopped
}

// NewShifted returns a Shifted that reads the same as base until it is
// moved.
func NewShifted(base Clock) *Shifted {
	return &Shifted{base: base, waiters: map[*shiftedWaiter]struct{}{}}
}

// Now returns the base clock's time plus the offset.
func (s *Shifted) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Shifted) nowLocked() time.Time { return s.base.Now().Add(s.offset) }

// Offset returns how far ahead of its base the clock reads.
func (s *Shifted) Offset() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

// AfterFunc calls f once d has passed on this clock: from the base's
// wake-up when the base gets there, or inside Advance or Set when a jump
// passes it.
func (s *Shifted) AfterFunc(d time.Duration, f func()) Stopper {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	w := &shiftedWaiter{clock: s, at: s.nowLocked().Add(d), seq: s.seq, f: f}
	s.waiters[w] = struct{}{}
	w.armLocked(d)
	return w
}

// armLocked (re)arms w's base wake-up for d from now. A base wake-up from
// an earlier arming that is already on its way finds a newer gen and does
// nothing, so w runs once.
func (w *shiftedWaiter) armLocked(d time.Duration) {
	if w.armed != nil {
		w.armed.Stop()
	}
	w.gen++
	gen := w.gen
	w.armed = w.clock.base.AfterFunc(d, func() { w.clock.fire(w, gen) })
}

// fire runs w when its base wake-up comes, unless a jump ran it, Stop
// withdrew it, or it was re-armed since.
func (s *Shifted) fire(w *shiftedWaiter, gen uint64) {
	s.mu.Lock()
	if w.done || w.gen != gen {
		s.mu.Unlock()
		return
	}
	w.done = true
	delete(s.waiters, w)
	s.mu.Unlock()
	w.f()
}

// Stop withdraws the wake-up; it reports whether it was still pending.
func (w *shiftedWaiter) Stop() bool {
	s := w.clock
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	delete(s.waiters, w)
	w.armed.Stop()
	return true
}

// Advance moves the clock forward by d, running every wake-up it passes in
// deadline order before it returns. A negative d is refused: code that
// read the clock may have acted on it, and time running back would make
// it act twice.
func (s *Shifted) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("shifted clock: cannot move back by %v", -d)
	}
	s.jump(func(time.Time) (time.Duration, error) { return d, nil })
	return nil
}

// Set moves the clock forward to t, running every wake-up it passes in
// deadline order before it returns. A t before Now is refused, as in
// Advance; t equal to Now runs what is due and moves nothing.
func (s *Shifted) Set(t time.Time) error {
	return s.jump(func(now time.Time) (time.Duration, error) {
		if t.Before(now) {
			return 0, fmt.Errorf("shifted clock: cannot move back from %v to %v", now, t)
		}
		return t.Sub(now), nil
	})
}

// jump adds to the offset what by returns for the current time, runs what
// fell due and re-arms the rest.
func (s *Shifted) jump(by func(now time.Time) (time.Duration, error)) error {
	s.mu.Lock()
	d, err := by(s.nowLocked())
	if err != nil {
		s.mu.Unlock()
		return err
	}
	s.offset += d
	now := s.nowLocked()
	var due []*shiftedWaiter
	for w := range s.waiters {
		if left := w.at.Sub(now); left > 0 {
			// Its base wake-up was armed for the old distance.
			w.armLocked(left)
			continue
		}
		w.done = true
		w.armed.Stop()
		delete(s.waiters, w)
		due = append(due, w)
	}
	s.mu.Unlock()
	// Outside the lock: a callback may read the clock, set wake-ups or
	// stop others.
	sort.Slice(due, func(i, j int) bool {
		if !due[i].at.Equal(due[j].at) {
			return due[i].at.Before(due[j].at)
		}
		return due[i].seq < due[j].seq
	})
	for _, w := range due {
		w.f()
	}
	return nil
}
