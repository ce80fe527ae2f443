// Package bot is branchbot's Telegram side: it receives updates through its
// own durable getUpdates loop, dispatches them through go-telegram/bot to
// small handlers, and replies in the user's language.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
	"branchbot/schedule"
)

// Config is what the bot needs from the outside world.
type Config struct {
	Token       string
	APIURL      string         // Bot API base URL, e.g. https://api.telegram.org
	Owners      []int64        // Telegram user ids who may create branches
	DefaultLang i18n.Lang      // for users whose Telegram language is neither zh nor en
	Location    *time.Location // the zone dates are shown in
	// PollTimeout is the long-polling timeout of getUpdates; 0 means 50 s.
	PollTimeout time.Duration
	// HTTPClient carries every Bot API call; nil means a client with
	// sensible timeouts.
	HTTPClient *http.Client
	// Sender sets the outbox's rate limits and retries; zero values mean
	// Telegram's limits (DefaultSenderConfig).
	Sender SenderConfig
	// StatusEvery throttles edits of live messages (a notice's status, a
	// group's check-in counter); 0 means 3 s, within a group's 20 a minute.
	StatusEvery time.Duration
	// RemindGap is the least time between two "remind again" presses; 0
	// means 30 minutes.
	RemindGap time.Duration
}

// Bot is a running branchbot.
type Bot struct {
	cfg     Config
	store   *data.Store
	clock   schedule.Clock
	log     *slog.Logger
	tg      *tgbot.Bot
	owners  map[int64]bool
	me      models.User
	cmds    map[string]*command // by name, for dispatch and button guards
	cmdList []*command          // in menu order, built once

	sender  *sender
	engine  *schedule.Engine
	status  *throttle       // edits notices' status messages
	counter *throttle       // edits groups' check-in counters
	bg      context.Context // lives as long as Run: background edits stop with it
	queue   *updateQueue    // received updates waiting for their handler
	zones   sync.Map        // time zone name → *time.Location, loaded once
}

// positiveOr returns v, or def when v is zero or negative (unset).
func positiveOr[T ~int | ~int64 | ~float64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// newHTTPClient is the Bot API client. Go's default transport keeps two
// idle connections per host, so a batch handled in parallel (maxParallel
// chats at once) would open and tear down a connection (a TLS handshake,
// against Telegram) for nearly every answer; keep enough for all of them.
func newHTTPClient(timeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxParallel + 8 // handlers, poller, sender workers
	t.MaxIdleConns = t.MaxIdleConnsPerHost
	return &http.Client{Timeout: timeout, Transport: t}
}

// New builds a bot. It makes no network call: Run does.
func New(cfg Config, store *data.Store, clock schedule.Clock, log *slog.Logger) (*Bot, error) {
	cfg.PollTimeout = positiveOr(cfg.PollTimeout, 50*time.Second)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = newHTTPClient(cfg.PollTimeout + 15*time.Second)
	}
	if cfg.DefaultLang == "" {
		cfg.DefaultLang = i18n.ZH
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if clock == nil {
		clock = schedule.System{}
	}
	cfg.StatusEvery = positiveOr(cfg.StatusEvery, 3*time.Second)
	cfg.RemindGap = positiveOr(cfg.RemindGap, 30*time.Minute)
	b := &Bot{cfg: cfg, store: store, clock: clock, log: log, owners: map[int64]bool{}, bg: context.Background()}
	for _, id := range cfg.Owners {
		b.owners[id] = true
	}
	b.queue = newUpdateQueue(b.handleQueued, b.loadParked)
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		tgbot.WithSkipGetMe(),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithMiddlewares(b.recoverPanics),
		tgbot.WithDefaultHandler(b.ignore),
		tgbot.WithErrorsHandler(func(err error) { b.log.Error("telegram client", "err", b.redact(err)) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram client: %w", b.redact(err))
	}
	b.tg = tg
	b.sender = newSender(b, cfg.Sender)
	b.engine = schedule.NewEngine(store, clock, b.fireTimer, log.With("component", "timers"))
	b.status = newThrottle(cfg.StatusEvery, b.editNoticeStatus)
	// Twice the status interval: a group's post must leave room in its
	// 20 messages a minute for the outbox's own sends there.
	b.counter = newThrottle(2*cfg.StatusEvery, b.editMeetingPosts)
	b.register()
	return b, nil
}

// Run connects to the Bot API, publishes the command menus and handles
// updates until ctx is cancelled. It returns nil on a clean shutdown.
// A Bot runs once; a restart builds a new one (as after a crash).
func (b *Bot) Run(ctx context.Context) error {
	if err := b.hello(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // shut down before Telegram answered
		}
		return err
	}
	if err := b.ensureDigests(ctx); err != nil {
		b.log.Warn("schedule weekly digests", "err", err)
	}
	// The outbox sender and the timer engine run beside the update loop
	// and stop after it.
	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	b.status.ctx, b.counter.ctx, b.bg = bg, bg, bg
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); b.sender.run(bg) }()
	go func() { defer wg.Done(); b.engine.Run(bg) }()
	defer func() {
		stopBackground()
		wg.Wait()
	}()
	b.log.Info("polling for updates", "bot", b.me.Username)
	return b.poll(ctx)
}

// WaitIdle blocks until every due timer has fired and the outbox is empty.
// Tests call it after moving a fake clock.
func (b *Bot) WaitIdle(ctx context.Context) error {
	if err := b.engine.WaitIdle(ctx); err != nil {
		return err
	}
	return b.sender.WaitDrained(ctx)
}

// hello learns who the bot is and gets it ready to poll, retrying while
// Telegram is unreachable but giving up at once on a rejected token.
func (b *Bot) hello(ctx context.Context) error {
	backoff := newBackoff()
	for {
		me, err := b.tg.GetMe(ctx)
		if err == nil {
			b.me = *me
			break
		}
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return fmt.Errorf("telegram rejected the bot token (check BRANCHBOT_TOKEN): %w", b.redact(err))
		}
		b.log.Warn("telegram unreachable, retrying", "err", b.redact(err))
		if err := backoff.wait(ctx, 0); err != nil {
			return err
		}
	}
	// Polling and a webhook exclude each other; a leftover webhook would make
	// every getUpdates fail with 409.
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("delete webhook: %w", b.redact(err))
	}
	if err := b.publishMenus(ctx); err != nil {
		// Menus are a convenience; commands work without them.
		b.log.Warn("publish command menus", "err", err)
	}
	return nil
}

// redact removes the token from an error's text. Go's HTTP errors carry the
// request URL, and the Bot API puts the token in the URL path.
func (b *Bot) redact(err error) error {
	if err == nil || b.cfg.Token == "" || !strings.Contains(err.Error(), b.cfg.Token) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), b.cfg.Token, "<token>"), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// backoff doubles a wait from 100 ms up to 30 s.
type backoff struct{ next time.Duration }

func newBackoff() *backoff { return &backoff{next: 100 * time.Millisecond} }

func (bo *backoff) reset() { bo.next = 100 * time.Millisecond }

// wait sleeps for at least floor and at least the current step, then grows
// the step. It returns ctx's error if ctx ends first.
func (bo *backoff) wait(ctx context.Context, floor time.Duration) error {
	d := max(bo.next, floor)
	bo.next = min(bo.next*2, 30*time.Second)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
