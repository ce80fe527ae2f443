package telegram

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"
)

// maxParallel bounds how many updates are handled at once.
const maxParallel = 100

// maxDecoded bounds the received updates held in memory while they wait.
// Past it a chat's further updates wait in the store's inbox, by id, and
// are read back when their turn comes: the poller never waits, so a chat
// flooding the bot or stuck in a slow handler holds up nobody else.
const maxDecoded = 1000

// updateQueue runs received updates: one chat's in the order they came,
// different chats' in parallel, taking turns (a chat with many waiting
// updates gets one handled, then goes behind the others). It also tracks
// how far handling has got, for WaitHandled.
type updateQueue struct {
	// handle handles u; false means ctx ended first and u stays in the
	// inbox. load reads a parked update back from the inbox (resumed: left
	// there by a previous run): nil when it is to be passed over, false
	// when ctx ended first.
	handle func(ctx context.Context, u *models.Update) bool
	load   func(ctx context.Context, p parkedUpdate) (*models.Update, bool)

	mu       sync.Mutex
	work     *sync.Cond
	chats    map[int64]*chatQueue
	runnable []int64 // chats with a waiting update and no worker, in turn
	decoded  int     // updates held in chats' ready lists
	stopped  bool
	wg       sync.WaitGroup

	// What is handled, for WaitHandled.
	pending map[int64]struct{} // ids queued and not finished
	seen    int64              // the highest id received
	changed chan struct{}      // closed (and replaced) when an update finishes
}

// chatQueue is one chat's waiting updates: first those held in memory,
// then those parked in the inbox. Once one is parked, later ones park too,
// so the order holds.
type chatQueue struct {
	ready  []*models.Update
	parked []parkedUpdate
}

// parkedUpdate is an update waiting in the inbox rather than in memory.
type parkedUpdate struct {
	id      int64
	resumed bool // left in the inbox by a previous run
}

func newUpdateQueue(handle func(context.Context, *models.Update) bool, load func(context.Context, parkedUpdate) (*models.Update, bool)) *updateQueue {
	q := &updateQueue{
		handle:  handle,
		load:    load,
		chats:   map[int64]*chatQueue{},
		pending: map[int64]struct{}{},
		changed: make(chan struct{}),
	}
	q.work = sync.NewCond(&q.mu)
	return q
}

// start runs the workers until ctx ends. Then each finishes the update in
// hand; the waiting ones stay in the inbox for the next start.
func (q *updateQueue) start(ctx context.Context) {
	for range maxParallel {
		q.wg.Add(1)
		go q.worker(ctx)
	}
	go func() {
		<-ctx.Done()
		q.mu.Lock()
		q.stopped = true
		q.mu.Unlock()
		q.work.Broadcast()
	}()
}

// wait blocks until every worker has stopped.
func (q *updateQueue) wait() { q.wg.Wait() }

// add queues u behind its chat's earlier updates. It never blocks.
func (q *updateQueue) add(u *models.Update) {
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.chatLocked(chatKey(u), u.ID)
	if len(c.parked) > 0 || q.decoded >= maxDecoded {
		c.parked = append(c.parked, parkedUpdate{id: u.ID})
	} else {
		c.ready = append(c.ready, u)
		q.decoded++
	}
}

// park queues update id of chat k, to be read from the inbox in its turn.
func (q *updateQueue) park(id, k int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.chatLocked(k, id)
	c.parked = append(c.parked, parkedUpdate{id: id, resumed: true})
}

// chatLocked returns chat k's queue, about to take update id, and puts it
// in line for a worker if it is not.
func (q *updateQueue) chatLocked(k, id int64) *chatQueue {
	q.pending[id] = struct{}{}
	q.seen = max(q.seen, id)
	c := q.chats[k]
	if c == nil {
		// A chat has an entry only while it is in line or being worked
		// on, so a new one goes in line.
		c = &chatQueue{}
		q.chats[k] = c
		q.runnable = append(q.runnable, k)
		q.work.Signal()
	}
	return c
}

// saw notes that updates up to id were received: those not queued were
// handled before, so waiting for them is over once older ones finish.
func (q *updateQueue) saw(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if id > q.seen {
		q.seen = id
		q.broadcastLocked()
	}
}

// worker handles one update of the chat whose turn it is, then puts the
// chat back in line if it has more.
func (q *updateQueue) worker(ctx context.Context) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		for len(q.runnable) == 0 && !q.stopped {
			q.work.Wait()
		}
		// ctx, not only stopped: stopped is set a moment after the
		// cancel, and no update may start after it.
		if q.stopped || ctx.Err() != nil {
			q.mu.Unlock()
			return
		}
		k := q.runnable[0]
		q.runnable = q.runnable[1:]
		c := q.chats[k]
		var (
			u      *models.Update
			parked parkedUpdate
		)
		fromMemory := len(c.ready) > 0
		if fromMemory {
			u = c.ready[0]
			parked.id = u.ID
		} else {
			parked = c.parked[0]
		}
		q.mu.Unlock()
		id := parked.id

		if !fromMemory {
			var ok bool
			if u, ok = q.load(ctx, parked); !ok {
				return
			}
		}
		if u != nil && !q.handle(ctx, u) {
			return
		}

		q.mu.Lock()
		if fromMemory {
			c.ready = c.ready[1:]
			q.decoded--
		} else {
			c.parked = c.parked[1:]
		}
		q.finishLocked(id)
		if len(c.ready)+len(c.parked) > 0 {
			q.runnable = append(q.runnable, k)
			q.work.Signal()
		} else {
			delete(q.chats, k)
		}
		q.mu.Unlock()
	}
}

// finishLocked records that update id is done.
func (q *updateQueue) finishLocked(id int64) {
	delete(q.pending, id)
	q.broadcastLocked()
}

func (q *updateQueue) broadcastLocked() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// handledLocked reports whether update id and every update with a lower
// id that was received are handled. Ids normally only grow, but Telegram
// may start again from a random one after a quiet week, so this does not
// rely on the order of arrival.
func (q *updateQueue) handledLocked(id int64) bool {
	if id > q.seen {
		return false
	}
	for p := range q.pending { // only WaitHandled's callers pay for this
		if p <= id {
			return false
		}
	}
	return true
}

// waitHandled blocks until update id and every one before it are handled.
func (q *updateQueue) waitHandled(ctx context.Context, id int64) error {
	for {
		q.mu.Lock()
		done, changed := q.handledLocked(id), q.changed
		q.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// chatKey groups updates whose order matters: those of one chat. A button
// press goes by its presser, not the chat of the message: a group's
// members pressing 签到 on its "meeting starting" post at once are handled
// in parallel, each member's presses in order.
func chatKey(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}
