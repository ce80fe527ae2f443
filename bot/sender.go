package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"

	"branchbot/data"
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
// before the next message of the same worker, so a crash repeats at most
// the message each worker had in flight.
//
// Messages to one chat always go to the same worker, so they keep their
// order and the chat's limiter lives in one place.
type sender struct {
	cfg   SenderConfig
	b     *Bot
	seed  maphash.Seed
	queue []chan data.OutMessage

	global *rate.Limiter
	wake   chan struct{}

	mu          sync.Mutex
	inflight    map[uint64]bool
	chats       map[int64]*rate.Limiter
	pausedUntil time.Time     // a 429's retry_after: nothing is sent before it
	changed     chan struct{} // closed and replaced when inflight changes
}

func newSender(b *Bot, cfg SenderConfig) *sender {
	def := DefaultSenderConfig()
	cfg.Workers = positiveOr(cfg.Workers, def.Workers)
	cfg.Global = positiveOr(cfg.Global, def.Global)
	cfg.PerChat = positiveOr(cfg.PerChat, def.PerChat)
	cfg.PerGroup = positiveOr(cfg.PerGroup, def.PerGroup)
	cfg.RetryBase = positiveOr(cfg.RetryBase, def.RetryBase)
	cfg.RetryMax = positiveOr(cfg.RetryMax, def.RetryMax)
	cfg.MaxAttempts = positiveOr(cfg.MaxAttempts, def.MaxAttempts)
	s := &sender{
		cfg: cfg, b: b, seed: maphash.MakeSeed(),
		global:   rate.NewLimiter(cfg.Global, 1),
		wake:     make(chan struct{}, 1),
		inflight: map[uint64]bool{},
		chats:    map[int64]*rate.Limiter{},
		changed:  make(chan struct{}),
	}
	for range cfg.Workers {
		s.queue = append(s.queue, make(chan data.OutMessage, 32))
	}
	return s
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
	for _, q := range s.queue {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work(ctx, q)
		}()
	}
	defer wg.Wait()
	for {
		// The in-flight set is copied before the store is read: a message
		// a worker completes during the read is still in the read's
		// snapshot, and must not look dispatchable.
		due, next, err := s.b.store.DueOutbox(time.Now(), 256, s.inflightSnapshot())
		if err != nil {
			s.b.log.Error("read outbox", "err", err)
			next = time.Now().Add(time.Second)
		}
		for _, m := range due {
			s.setInflight(m.ID, true)
			select {
			case s.queue[s.shard(m.ChatID)] <- m:
			case <-ctx.Done():
				return
			}
		}
		if len(due) > 0 {
			continue
		}
		if !s.sleep(ctx, next) {
			return
		}
	}
}

// sleep waits for a wake-up or until next (if set); false means ctx ended.
func (s *sender) sleep(ctx context.Context, next time.Time) bool {
	var timer <-chan time.Time
	if !next.IsZero() {
		t := time.NewTimer(time.Until(next))
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-s.wake:
	case <-timer:
	}
	return true
}

func (s *sender) shard(chatID int64) int {
	return int(maphash.Comparable(s.seed, chatID) % uint64(len(s.queue)))
}

// inflightSnapshot returns a membership test for the messages in flight
// now.
func (s *sender) inflightSnapshot() func(id uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := make(map[uint64]bool, len(s.inflight))
	for id := range s.inflight {
		snap[id] = true
	}
	return func(id uint64) bool { return snap[id] }
}

func (s *sender) setInflight(id uint64, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.inflight[id] = true
	} else {
		delete(s.inflight, id)
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitDrained blocks until the outbox is empty and nothing is in flight.
func (s *sender) WaitDrained(ctx context.Context) error {
	for {
		s.mu.Lock()
		busy, ch := len(s.inflight), s.changed
		s.mu.Unlock()
		empty, err := s.b.store.OutboxEmpty()
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

func (s *sender) work(ctx context.Context, q <-chan data.OutMessage) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-q:
			if err := s.deliver(ctx, m); err != nil && ctx.Err() == nil {
				s.b.log.Error("outbox", "message_id", m.ID, "err", err)
			}
			s.setInflight(m.ID, false)
			s.Wake()
		}
	}
}

// chatLimiter returns the limiter of one chat: groups have a tighter one.
func (s *sender) chatLimiter(chatID int64) *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.chats[chatID]
	if l == nil {
		r := s.cfg.PerChat
		if chatID < 0 {
			r = s.cfg.PerGroup
		}
		if len(s.chats) > 50000 { // forget idle chats rather than grow forever
			clear(s.chats)
		}
		l = rate.NewLimiter(r, 1)
		s.chats[chatID] = l
	}
	return l
}

// waitTurn waits until a message to chatID may go: the chat's limiter, any
// flood wait Telegram imposed, then the global limiter.
func (s *sender) waitTurn(ctx context.Context, chatID int64) error {
	if err := s.chatLimiter(chatID).Wait(ctx); err != nil {
		return err
	}
	return s.waitGlobal(ctx)
}

// waitGlobal waits for any flood wait to pass and for a token of the
// global limit. Direct replies and live edits take it too, so they share
// the 30 a second with the outbox instead of pushing it over.
func (s *sender) waitGlobal(ctx context.Context) error {
	for {
		s.mu.Lock()
		until := s.pausedUntil
		s.mu.Unlock()
		if d := time.Until(until); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		if err := s.global.Wait(ctx); err != nil {
			return err
		}
		s.mu.Lock()
		paused := time.Now().Before(s.pausedUntil)
		s.mu.Unlock()
		if !paused {
			return nil
		}
	}
}

// pause stops all sending until retry_after has passed. Telegram does not
// say whether a 429 is about one chat or the whole bot, and a request
// inside a flood wait prolongs it, so the sender stops everything.
func (s *sender) pause(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until := time.Now().Add(d); until.After(s.pausedUntil) {
		s.pausedUntil = until
	}
}

func (s *sender) deliver(ctx context.Context, m data.OutMessage) error {
	if err := s.waitTurn(ctx, m.ChatID); err != nil {
		return err
	}
	// The request itself is not cut short by shutdown: once sent, its
	// outcome is recorded, so a restart does not repeat it.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	params := &tgbot.SendMessageParams{
		ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: noPreview(),
	}
	if len(m.Buttons) > 0 {
		params.ReplyMarkup = keyboard(m.Buttons)
	}
	sent, err := s.b.tg.SendMessage(sendCtx, params)
	var (
		flood   *tgbot.TooManyRequestsError
		migrate *tgbot.MigrateError
	)
	switch {
	case err == nil:
		return s.complete(ctx, m, data.Delivered, sent.ID, "")
	case errors.As(err, &flood):
		wait := time.Duration(max(flood.RetryAfter, 1)) * time.Second
		s.pause(wait)
		s.b.log.Warn("flood wait", "retry_after", flood.RetryAfter, "chat_id", loggedChat(m))
		return s.b.store.RetryOutbox(sendCtx, m.ID, time.Now().Add(wait), "429")
	case errors.As(err, &migrate):
		to := int64(migrate.MigrateToChatID)
		if err := s.b.store.MigrateChat(sendCtx, m.ChatID, to); err != nil {
			return err
		}
		return s.b.store.RedirectOutbox(sendCtx, m.ID, to)
	case errors.Is(err, tgbot.ErrorForbidden):
		return s.complete(ctx, m, data.Unreachable, 0, s.b.redact(err).Error())
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound), errors.Is(err, tgbot.ErrorUnauthorized):
		s.b.log.Error("message refused", "chat_id", loggedChat(m), "err", s.b.redact(err))
		return s.complete(ctx, m, data.Failed, 0, s.b.redact(err).Error())
	}
	// 5xx, timeouts, dropped connections: Telegram may or may not have the
	// message; try again later (this is the one case a member can get a
	// message twice).
	if m.Attempts+1 >= s.cfg.MaxAttempts {
		return s.complete(ctx, m, data.Failed, 0, s.b.redact(err).Error())
	}
	wait := min(s.cfg.RetryBase<<min(m.Attempts, 20), s.cfg.RetryMax)
	s.b.log.Debug("send failed, will retry", "chat_id", loggedChat(m), "attempt", m.Attempts+1, "in", wait, "err", s.b.redact(err))
	return s.b.store.RetryOutbox(sendCtx, m.ID, time.Now().Add(wait), s.b.redact(err).Error())
}

func (s *sender) complete(ctx context.Context, m data.OutMessage, outcome data.Outcome, messageID int, reason string) error {
	// Telegram has the message: keep trying to record that (a full disk,
	// say) rather than let the message come due and go out again.
	var (
		done data.Completion
		err  error
	)
	for bo := newBackoff(); ; {
		// Recorded even during shutdown: the send already happened.
		done, err = s.b.store.CompleteOutbox(context.WithoutCancel(ctx), m.ID, outcome, messageID, reason, s.b.clock.Now(), s.b.deliveryReport)
		if err == nil {
			break
		}
		s.b.log.Error("record delivery; retrying", "message_id", m.ID, "err", err)
		if bo.wait(ctx, 0) != nil {
			return fmt.Errorf("record delivery: %w", err)
		}
	}
	if done.Report {
		s.Wake()
	}
	if m.Purpose.NoticeID != 0 {
		s.b.status.touch(m.Purpose.NoticeID)
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

func keyboard(rows [][]data.Button) *models.InlineKeyboardMarkup {
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, len(rows))}
	for i, row := range rows {
		for _, b := range row {
			kb.InlineKeyboard[i] = append(kb.InlineKeyboard[i], models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data})
		}
	}
	return kb
}
