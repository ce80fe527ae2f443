package telegram

import (
	"context"
	"sync"
	"time"

	"branchbot/schedule"
)

// Throttle runs do for an id at most once per interval, always once more
// after the last touch, and never on the caller's path: live messages
// (a notice's status, a meeting's check-in counter) are edited as things
// change without exceeding Telegram's limits or holding up a handler.
type Throttle struct {
	every time.Duration
	do    func(ctx context.Context, id uint64)
	clock schedule.Clock
	life  context.Context // runs stop when it ends

	mu    sync.Mutex
	last  map[uint64]time.Time // when do last ran for an id
	busy  map[uint64]bool      // a run is scheduled or going
	again map[uint64]bool      // a touch came while busy: run once more
}

// NewThrottle returns a throttle whose runs stop when the transport stops.
func (t *Transport) NewThrottle(every time.Duration, do func(ctx context.Context, id uint64)) *Throttle {
	return &Throttle{every: every, do: do, clock: t.clock, life: t.life, last: map[uint64]time.Time{}, busy: map[uint64]bool{}, again: map[uint64]bool{}}
}

// Touch says id changed.
func (t *Throttle) Touch(id uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.busy[id] {
		t.again[id] = true
		return
	}
	t.busy[id] = true
	schedule.AfterAt(t.clock, t.last[id].Add(t.every), func() { t.run(id) })
}

func (t *Throttle) run(id uint64) {
	if t.life.Err() == nil {
		ctx, cancel := context.WithTimeout(t.life, 10*time.Second)
		t.do(ctx, id)
		cancel()
	}
	t.mu.Lock()
	now := t.clock.Now()
	t.last[id] = now
	for other, at := range t.last { // past the interval they limit nothing
		if now.Sub(at) >= t.every && !t.busy[other] {
			delete(t.last, other)
		}
	}
	delete(t.busy, id)
	again := t.again[id]
	delete(t.again, id)
	t.mu.Unlock()
	if again {
		t.Touch(id)
	}
}
