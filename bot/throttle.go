package bot

import (
	"context"
	"sync"
	"time"
)

// throttle runs do for an id at most once per interval, always once more
// after the last touch, and never on the caller's path: live messages
// (a notice's status, a meeting's check-in counter) are edited as things
// change without exceeding Telegram's limits or holding up a handler.
type throttle struct {
	every time.Duration
	do    func(ctx context.Context, id uint64)
	ctx   context.Context // ends with the bot; set by Run

	mu    sync.Mutex
	last  map[uint64]time.Time // when do last ran for an id
	busy  map[uint64]bool      // a run is scheduled or going
	again map[uint64]bool      // a touch came while busy: run once more
}

func newThrottle(every time.Duration, do func(ctx context.Context, id uint64)) *throttle {
	return &throttle{every: every, do: do, ctx: context.Background(), last: map[uint64]time.Time{}, busy: map[uint64]bool{}, again: map[uint64]bool{}}
}

// touch says id changed.
func (t *throttle) touch(id uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.busy[id] {
		t.again[id] = true
		return
	}
	t.busy[id] = true
	time.AfterFunc(max(time.Until(t.last[id].Add(t.every)), 0), func() { t.run(id) })
}

func (t *throttle) run(id uint64) {
	if t.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(t.ctx, 10*time.Second)
		t.do(ctx, id)
		cancel()
	}
	t.mu.Lock()
	now := time.Now()
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
		t.touch(id)
	}
}
