package telegram

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"branchbot/data"
	"branchbot/schedule"
)

// SenderConfig tunes the outbox sender. The defaults keep Telegram's
// limits: about 30 messages a second overall, one a second per private
// chat, twenty a minute per group.
type SenderConfig struct {
	Workers  int        // concurrent requests; Telegram answers in ~100 ms, so 30/s needs several
	Global   rate.Limit // messages per second across all chats
	PerChat  rate.Limit // per private chat
	PerGroup rate.Limit // per group chat
	// RetryBase is the first wait after a 5xx or network error; it doubles
	// per attempt up to RetryMax. MaxAttempts gives up for good.
	RetryBase   time.Duration
	RetryMax    time.Duration
	MaxAttempts int
}

// DefaultSenderConfig returns Telegram's limits.
func DefaultSenderConfig() SenderConfig {
	return SenderConfig{
		Workers: 16, Global: 30, PerChat: 1, PerGroup: rate.Every(3 * time.Second),
		RetryBase: time.Second, RetryMax: 5 * time.Minute, MaxAttempts: 300, // about a day of outage
	}
}

// sender delivers the durable outbox. A message leaves the outbox only
// once Telegram accepted it or it failed for good, and that is recorded
// before the chat's next message goes, so a crash repeats at most the
// messages in flight.
//
// One message per chat is in flight at a time, so a chat's messages keep
// their order, and a chat is handed to a worker only when its own pace
// allows a message now: a chat with a long queue (a secretary getting 150
// notes) waits alone, in the store, and never holds a worker or the
// dispatcher, so every other chat keeps its own pace.
type sender struct {
	cfg  SenderConfig
	t    *Transport
	work chan data.OutMessage

	global *schedule.Limiter
	wake   chan struct{}

	mu          sync.Mutex
	inflight    map[uint64]bool     // message ids handed to a worker
	busy        map[int64]bool      // chats with a message in flight
	held        map[int64]int       // chats a direct send is writing to now: their outbox waits
	waiting     map[uint64]waiter   // due messages passed over because their chat was not ready, by id
	ready       map[int64]time.Time // when a chat may get its next message
	replies     map[int64]int       // replies queued for a chat by this run and not yet done
	pausedUntil time.Time           // a 429's retry_after: nothing is sent before it
	changed     chan struct{}       // closed and replaced when inflight changes
}

func newSender(t *Transport, cfg SenderConfig) *sender {
	def := DefaultSenderConfig()
	cfg.Workers = positiveOr(cfg.Workers, def.Workers)
	cfg.Global = positiveOr(cfg.Global, def.Global)
	cfg.PerChat = positiveOr(cfg.PerChat, def.PerChat)
	cfg.PerGroup = positiveOr(cfg.PerGroup, def.PerGroup)
	cfg.RetryBase = positiveOr(cfg.RetryBase, def.RetryBase)
	cfg.RetryMax = positiveOr(cfg.RetryMax, def.RetryMax)
	cfg.MaxAttempts = positiveOr(cfg.MaxAttempts, def.MaxAttempts)
	return &sender{
		cfg: cfg, t: t,
		work:     make(chan data.OutMessage),
		global:   schedule.NewLimiter(t.clock, cfg.Global, 1),
		wake:     make(chan struct{}, 1),
		inflight: map[uint64]bool{},
		busy:     map[int64]bool{},
		held:     map[int64]int{},
		waiting:  map[uint64]waiter{},
		ready:    map[int64]time.Time{},
		replies:  map[int64]int{},
		changed:  make(chan struct{}),
	}
}

// Wake tells the sender the outbox has new messages.
func (s *sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run dispatches due messages to the workers until ctx ends, then waits
// for the workers to finish their current message.
func (s *sender) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() { s.worker(ctx) })
	}
	defer wg.Wait()
	for {
		now := s.t.clock.Now()
		// The skip set is copied before the store is read: a message a
		// worker completes during the read is still in the read's
		// snapshot, and must not look dispatchable.
		skip, paced := s.skipSnapshot(now)
		due, next, err := s.t.store.DueOutbox(now, outboxBatch, skip)
		if err != nil {
			s.t.log.Error("read outbox", "err", err)
			next = now.Add(time.Second)
		}
		if !paced.IsZero() && (next.IsZero() || paced.Before(next)) {
			next = paced
		}
		for _, m := range due {
			at, ok := s.take(m, now)
			if !ok {
				if !at.IsZero() && (next.IsZero() || at.Before(next)) {
					next = at
				}
				continue
			}
			select {
			case s.work <- m:
			case <-ctx.Done():
				return
			}
		}
		if len(due) == outboxBatch {
			continue // more may be due behind this batch
		}
		if !s.sleep(ctx, next) {
			return
		}
	}
}

// outboxBatch is how many due messages one read of the outbox returns.
const outboxBatch = 256

// waiter is a due message passed over, with what orders it in its chat.
type waiter struct {
	chat int64
	due  time.Time // its place in the outbox: NotBefore
}

// before reports whether w comes before o in their chat's queue.
func (w waiter) before(o waiter, wid, oid uint64) bool {
	return w.due.Before(o.due) || w.due.Equal(o.due) && wid < oid
}

// take claims m's chat for m if the chat is ready now. Otherwise m waits
// in the store, passed over by the next reads until its chat is ready; at
// is when that will be (zero: when the chat's message in flight is done).
// A message waiting for a retry keeps its place in the queue and holds
// its chat until then, so the chat's later messages do not overtake it.
func (s *sender) take(m data.OutMessage, now time.Time) (at time.Time, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.RetryAt.After(now) {
		s.holdUntilLocked(m.ChatID, m.RetryAt)
	}
	if s.busy[m.ChatID] || s.held[m.ChatID] > 0 {
		s.waiting[m.ID] = waiter{m.ChatID, m.NotBefore}
		return time.Time{}, false
	}
	if r := s.ready[m.ChatID]; r.After(now) {
		s.waiting[m.ID] = waiter{m.ChatID, m.NotBefore}
		return r, false
	}
	delete(s.waiting, m.ID)
	s.busy[m.ChatID] = true
	s.inflight[m.ID] = true
	s.broadcastLocked()
	return time.Time{}, true
}

// skipSnapshot returns the messages the next read passes over: those in
// flight, and those whose chat is still busy or not ready at now; paced is
// the earliest time one of the latter chats becomes ready (zero if none).
// Of a chat that is ready again only its first waiting message is read
// again: the rest would only wait once more behind it, and a long queue
// to one chat must not be read back from the store for every send.
func (s *sender) skipSnapshot(now time.Time) (skip func(id uint64) bool, paced time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := make(map[uint64]bool, len(s.inflight)+len(s.waiting))
	for id := range s.inflight {
		set[id] = true
	}
	first := map[int64]uint64{} // a ready chat's first waiting message
	for id, w := range s.waiting {
		set[id] = true
		switch r := s.ready[w.chat]; {
		case s.busy[w.chat] || s.held[w.chat] > 0:
		case r.After(now):
			if paced.IsZero() || r.Before(paced) {
				paced = r
			}
		default:
			if f, ok := first[w.chat]; !ok || w.before(s.waiting[f], id, f) {
				first[w.chat] = id
			}
		}
	}
	for _, id := range first {
		delete(s.waiting, id) // its chat is ready: read it again
		delete(set, id)
	}
	return func(id uint64) bool { return set[id] }, paced
}

// done releases m's chat after m was sent at sentAt (zero if it was not
// sent): the chat's next message may go one interval later.
func (s *sender) done(m data.OutMessage, sentAt time.Time) {
	s.mu.Lock()
	delete(s.inflight, m.ID)
	delete(s.busy, m.ChatID)
	if !sentAt.IsZero() {
		if every := s.interval(m.ChatID); every > 0 {
			if len(s.ready) > 50000 { // forget chats whose pause is over rather than grow forever
				for chat, at := range s.ready {
					if !at.After(sentAt) {
						delete(s.ready, chat)
					}
				}
			}
			s.holdUntilLocked(m.ChatID, sentAt.Add(every))
		}
	}
	s.broadcastLocked()
	s.mu.Unlock()
	s.Wake()
}

// holdUntilLocked keeps chatID's messages back until at, or longer if a
// retry holds it longer already: a chat's pause only ever grows here.
func (s *sender) holdUntilLocked(chatID int64, at time.Time) {
	if at.After(s.ready[chatID]) {
		s.ready[chatID] = at
	}
}

// retry parks m until retryAt, keeping its place in the queue, and holds
// its chat until then before the chat is freed: a later message to the
// chat, read while m was on the wire, must not go before m's retry.
func (s *sender) retry(ctx context.Context, m data.OutMessage, retryAt time.Time, reason string) error {
	if err := s.t.store.RetryOutbox(ctx, m.ID, retryAt, reason); err != nil {
		return err
	}
	s.mu.Lock()
	s.holdUntilLocked(m.ChatID, retryAt)
	s.mu.Unlock()
	return nil
}

// replyLeft notes that a queued reply has left chatID's queue for good
// (delivered, refused, given up on, or moved with a migrated group). A
// retry keeps it queued: later replies must still wait behind it.
func (s *sender) replyLeft(m data.OutMessage) {
	if m.Purpose.Kind != data.PurposeReply {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replies[m.ChatID] > 0 {
		if s.replies[m.ChatID]--; s.replies[m.ChatID] == 0 {
			delete(s.replies, m.ChatID)
		}
	}
}

// hold keeps chatID's outbox messages back while a direct send to the
// chat is under way, so that a note queued by the same handler (a
// delivery report, say) cannot overtake the message the handler is
// sending; the returned release lets them go.
func (s *sender) hold(chatID int64) (release func()) {
	s.mu.Lock()
	s.held[chatID]++
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		if s.held[chatID]--; s.held[chatID] <= 0 {
			delete(s.held, chatID)
		}
		s.mu.Unlock()
		s.Wake()
	}
}

// queuedReplies notes n replies to chatID put in the outbox.
func (s *sender) queuedReplies(chatID int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies[chatID] += n
}

// repliesWaiting reports whether replies to chatID wait in the outbox: a
// new reply then queues behind them, so the chat reads them in order.
func (s *sender) repliesWaiting(chatID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replies[chatID] > 0
}

// interval is the least time between two messages to a chat: groups have
// a tighter limit.
func (s *sender) interval(chatID int64) time.Duration {
	r := s.cfg.PerChat
	if chatID < 0 {
		r = s.cfg.PerGroup
	}
	if r == rate.Inf {
		return 0
	}
	return time.Duration(float64(time.Second) / float64(r))
}

func (s *sender) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// sleep waits for a wake-up or until next (if set); false means ctx ended.
func (s *sender) sleep(ctx context.Context, next time.Time) bool {
	var timer <-chan struct{}
	if !next.IsZero() {
		ch := make(chan struct{})
		stop := schedule.AfterAt(s.t.clock, next, func() { close(ch) })
		defer stop.Stop()
		timer = ch
	}
	select {
	case <-ctx.Done():
		return false
	case <-s.wake:
	case <-timer:
	}
	return true
}

// WaitDrained blocks until the outbox is empty and nothing is in flight.
func (s *sender) WaitDrained(ctx context.Context) error {
	for {
		s.mu.Lock()
		busy, ch := len(s.inflight), s.changed
		s.mu.Unlock()
		empty, err := s.t.store.OutboxEmpty()
		if err != nil {
			return err
		}
		if busy == 0 && empty {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

func (s *sender) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-s.work:
			sentAt, err := s.deliver(ctx, m)
			if err != nil && ctx.Err() == nil {
				s.t.log.Error("outbox", "message_id", m.ID, "err", err)
			}
			s.done(m, sentAt)
		}
	}
}

// waitGlobal waits for any flood wait to pass and for a token of the
// global limit. Direct replies and live edits take it too, so they share
// the 30 a second with the outbox instead of pushing it over.
func (s *sender) waitGlobal(ctx context.Context) error {
	for {
		if err := schedule.SleepUntil(ctx, s.t.clock, s.pausedTill()); err != nil {
			return err
		}
		if err := s.global.Wait(ctx); err != nil {
			return err
		}
		if !s.t.clock.Now().Before(s.pausedTill()) {
			return nil
		}
	}
}

func (s *sender) pausedTill() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pausedUntil
}

// pause stops all sending until retry_after has passed. Telegram does not
// say whether a 429 is about one chat or the whole bot, and a request
// inside a flood wait prolongs it, so the sender stops everything.
func (s *sender) pause(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until := s.t.clock.Now().Add(d); until.After(s.pausedUntil) {
		s.pausedUntil = until
	}
}

// deliver sends one outbox message and records its outcome. sentAt is
// when Telegram took it (zero if it did not).
func (s *sender) deliver(ctx context.Context, m data.OutMessage) (sentAt time.Time, err error) {
	if err := s.waitGlobal(ctx); err != nil {
		return time.Time{}, err
	}
	// The request itself is not cut short by shutdown: once sent, its
	// outcome is recorded, so a restart does not repeat it.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	sentAt = s.t.clock.Now()
	sent, err := s.t.tg.SendMessage(sendCtx, sendParams(m.ChatID, m.Text, m.Buttons))
	if wait, flooded := s.t.floodWait(err); flooded { // floodWait paused all sending
		s.t.log.Warn("flood wait", "retry_after", int(wait/time.Second), "chat_id", loggedChat(m))
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "retried")
		return sentAt, s.retry(sendCtx, m, s.t.clock.Now().Add(wait), "429")
	}
	var migrate *tgbot.MigrateError
	rerr := s.t.redact(err) // every word of err that leaves here, scrubbed once
	switch {
	case err == nil:
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "delivered")
		return sentAt, s.complete(ctx, m, data.Delivered, sent.ID, "")
	case errors.As(err, &migrate):
		to := int64(migrate.MigrateToChatID)
		if err := s.t.store.MigrateChat(sendCtx, m.ChatID, to); err != nil {
			return time.Time{}, err
		}
		if err := s.t.store.RedirectOutbox(sendCtx, m.ID, to); err != nil {
			return time.Time{}, err
		}
		if m.Purpose.Kind == data.PurposeReply {
			// It now waits in the new chat's queue, and leaves from there.
			s.replyLeft(m)
			s.queuedReplies(to, 1)
		}
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "redirected")
		return time.Time{}, nil
	case errors.Is(err, tgbot.ErrorForbidden):
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "unreachable")
		return sentAt, s.complete(ctx, m, data.Unreachable, 0, rerr.Error())
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound), errors.Is(err, tgbot.ErrorUnauthorized):
		s.t.log.Error("message refused", "chat_id", loggedChat(m), "err", rerr)
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "failed")
		return sentAt, s.complete(ctx, m, data.Failed, 0, rerr.Error())
	}
	// 5xx, timeouts, dropped connections: Telegram may or may not have the
	// message; try again later (this is the one case a member can get a
	// message twice).
	if m.Attempts+1 >= s.cfg.MaxAttempts {
		s.t.cfg.Metrics.sendOutcome(viaOutbox, "failed")
		return sentAt, s.complete(ctx, m, data.Failed, 0, rerr.Error())
	}
	wait := min(s.cfg.RetryBase<<min(m.Attempts, 20), s.cfg.RetryMax)
	s.t.cfg.Metrics.sendOutcome(viaOutbox, "retried")
	s.t.log.Debug("send failed, will retry", "chat_id", loggedChat(m), "attempt", m.Attempts+1, "in", wait, "err", rerr)
	// The back-off counts from the try, not from its failure: a failure
	// seen by the other side is then never followed by a retry time later
	// than the try plus the back-off, however long the answer took.
	return sentAt, s.retry(sendCtx, m, sentAt.Add(wait), rerr.Error())
}

func (s *sender) complete(ctx context.Context, m data.OutMessage, outcome data.Outcome, messageID int, reason string) error {
	// Telegram has the message: keep trying to record that (a full disk,
	// say) rather than let the message come due and go out again.
	var err error
	for bo := newBackoff(s.t.clock); ; {
		// Recorded even during shutdown: the send already happened.
		_, err = s.t.store.CompleteOutbox(context.WithoutCancel(ctx), m.ID, outcome, messageID, reason, s.t.clock.Now(), s.t.hooks.Report)
		if err == nil {
			break
		}
		s.t.log.Error("record delivery; retrying", "message_id", m.ID, "err", err)
		if bo.wait(ctx, 0) != nil {
			return fmt.Errorf("record delivery: %w", err)
		}
	}
	s.replyLeft(m)
	// A delivery report queued by the completion wakes the sender through
	// the store's commit hook, like all queued work.
	if s.t.hooks.Delivered != nil {
		s.t.hooks.Delivered(m)
	}
	return nil
}

// loggedChat is how a message's chat appears in the log: not at all for
// an anonymous author, whose chat id would tie them to their feedback.
func loggedChat(m data.OutMessage) any {
	if m.Purpose.Anonymous {
		return "anonymous"
	}
	return m.ChatID
}
