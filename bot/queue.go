package bot

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"
)

// maxParallel bounds how many chats' updates are handled at once.
const maxParallel = 100

// maxQueued bounds the updates received and not yet handled; the poller
// waits for room, and Telegram keeps the rest until it asks again.
const maxQueued = 1000

// updateQueue runs received updates: one chat's in the order they came,
// different chats' in parallel, so that a slow command in one chat holds
// up nobody else and a storm of button presses shares the store's
// commits. It also tracks how far handling has got, for WaitHandled.
type updateQueue struct {
	handle  func(ctx context.Context, u *models.Update) bool // false: ctx ended before u was handled
	room    chan struct{}                                    // a token per update queued or running
	workers chan struct{}                                    // a token per chat being worked on

	mu       sync.Mutex
	chats    map[int64][]*models.Update // per chat: the running update first, then the waiting
	order    []int64                    // ids queued and not finished, oldest first
	finished map[int64]bool             // finished ids still in order behind an older one
	seen     int64                      // the highest id received
	changed  chan struct{}              // closed (and replaced) when handling moves on
	wg       sync.WaitGroup
}

func newUpdateQueue(handle func(ctx context.Context, u *models.Update) bool) *updateQueue {
	return &updateQueue{
		handle:   handle,
		room:     make(chan struct{}, maxQueued),
		workers:  make(chan struct{}, maxParallel),
		chats:    map[int64][]*models.Update{},
		finished: map[int64]bool{},
		changed:  make(chan struct{}),
	}
}

// add queues u behind its chat's earlier updates, waiting for room. It
// returns ctx's error if ctx ends first; u then stays unhandled (it is in
// the store's inbox for the next start).
func (q *updateQueue) add(ctx context.Context, u *models.Update) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case q.room <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	k := chatKey(u)
	q.mu.Lock()
	waiting, busy := q.chats[k]
	q.chats[k] = append(waiting, u)
	q.order = append(q.order, u.ID)
	q.seen = max(q.seen, u.ID)
	q.mu.Unlock()
	if !busy {
		q.wg.Add(1)
		go q.work(ctx, k)
	}
	return nil
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

// work handles chat k's updates until none wait or ctx ends.
func (q *updateQueue) work(ctx context.Context, k int64) {
	defer q.wg.Done()
	select {
	case q.workers <- struct{}{}:
		defer func() { <-q.workers }()
	case <-ctx.Done():
		q.abandon(k)
		return
	}
	for {
		q.mu.Lock()
		waiting := q.chats[k]
		q.mu.Unlock()
		if ctx.Err() != nil {
			q.abandon(k)
			return
		}
		u := waiting[0]
		if !q.handle(ctx, u) {
			q.abandon(k)
			return
		}
		q.mu.Lock()
		q.finishLocked(u.ID)
		rest := q.chats[k][1:]
		if len(rest) == 0 {
			delete(q.chats, k)
		} else {
			q.chats[k] = rest
		}
		q.mu.Unlock()
		<-q.room
		if len(rest) == 0 {
			return
		}
	}
}

// abandon drops chat k's updates at shutdown: they stay in the inbox.
func (q *updateQueue) abandon(k int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.chats, k)
}

// finishLocked records that update id is done and moves the mark of
// handled updates past every finished one at the head.
func (q *updateQueue) finishLocked(id int64) {
	q.finished[id] = true
	moved := false
	for len(q.order) > 0 && q.finished[q.order[0]] {
		delete(q.finished, q.order[0])
		q.order = q.order[1:]
		moved = true
	}
	if moved {
		q.broadcastLocked()
	}
}

func (q *updateQueue) broadcastLocked() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// handledThroughLocked returns the id up to which every received update is
// handled.
func (q *updateQueue) handledThroughLocked() int64 {
	if len(q.order) > 0 {
		return q.order[0] - 1
	}
	return q.seen
}

// wait blocks until every running handler has returned.
func (q *updateQueue) wait() { q.wg.Wait() }

// waitHandled blocks until update id and every one before it are handled.
func (q *updateQueue) waitHandled(ctx context.Context, id int64) error {
	for {
		q.mu.Lock()
		done, changed := q.handledThroughLocked() >= id, q.changed
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

// chatKey groups updates whose order matters: those of one chat.
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
