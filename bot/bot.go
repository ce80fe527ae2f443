// Package bot holds branchbot's features: members and onboarding,
// meetings, series and themed days, reminders, attendance, notices,
// feedback, surveys, the democratic evaluation, the weekly digest,
// settings and holidays. Each feature registers its commands, buttons,
// guided flows and timer kinds in one place (its register function); the
// Telegram side is bot/telegram, the texts bot/i18n.
//
//	cmd/branchbot ─▶ bot ─▶ bot/telegram (transport, router, outbox sender)
//	                    ├─▶ bot/i18n     (catalogue, dates, plurals)
//	                    ├─▶ schedule     (clock, timer engine, rules)
//	                    └─▶ data         (domain types, rules, bbolt store)
package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
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
	// PackLimit is the largest ZIP of an evidence pack; 0 means 50 MB,
	// the most a bot may upload.
	PackLimit int64
	// WebhookURL, when set, is the public URL Telegram posts updates to,
	// and Listen the address served for it (webhook mode); both empty
	// means polling.
	WebhookURL string
	Listen     string
	// Metrics is where the bot registers its Prometheus metrics; nil
	// means none.
	Metrics prometheus.Registerer
}

// ErrListen means the webhook's listen address could not be bound.
var ErrListen = telegram.ErrListen

// SenderConfig tunes the outbox sender (see telegram.SenderConfig).
type SenderConfig = telegram.SenderConfig

// DefaultSenderConfig returns Telegram's limits.
func DefaultSenderConfig() SenderConfig { return telegram.DefaultSenderConfig() }

// Bot is a running branchbot.
type Bot struct {
	cfg   Config
	store *data.Store
	clock schedule.Clock
	log   *slog.Logger

	tg      *telegram.Transport
	router  *telegram.Router
	engine  *schedule.Engine
	flows   map[string]flowFunc // guided flows by draft kind
	status  *telegram.Throttle  // edits notices' status messages
	counter *telegram.Throttle  // edits groups' check-in counters
	zones   sync.Map            // time zone name → *time.Location, loaded once
	limits  *sendLimiter        // what each member may make the bot send others
}

// request and reply are the router's: features speak its types.
type (
	request = telegram.Request
	reply   = telegram.Reply
)

// say is a reply of one message.
func say(text string) reply { return telegram.Say(text) }

// esc escapes user-provided text for HTML parse mode.
func esc(s string) string { return telegram.EscapeHTML(s) }

// New builds a bot. It makes no network call: Run does.
func New(cfg Config, store *data.Store, clock schedule.Clock, log *slog.Logger) (*Bot, error) {
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
	b := &Bot{cfg: cfg, store: store, clock: clock, log: log, flows: map[string]flowFunc{}, limits: newSendLimiter()}
	tg, err := telegram.New(telegram.Config{
		Token: cfg.Token, APIURL: cfg.APIURL, Owners: cfg.Owners, DefaultLang: cfg.DefaultLang,
		PollTimeout: cfg.PollTimeout, HTTPClient: cfg.HTTPClient, Sender: cfg.Sender,
		WebhookURL: cfg.WebhookURL, Listen: cfg.Listen,
		Metrics: telegram.NewMetrics(cfg.Metrics),
	}, store, clock, log, telegram.Hooks{
		Report: b.deliveryReport,
		Delivered: func(m data.OutMessage) {
			if m.Purpose.NoticeID != 0 {
				b.status.Touch(m.Purpose.NoticeID)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	b.tg = tg
	b.router = tg.Router()
	b.engine = schedule.NewEngine(store, clock, log.With("component", "timers"))
	b.engine.SetMetrics(schedule.NewMetrics(cfg.Metrics))
	if cfg.Metrics != nil {
		registerStoreGauges(cfg.Metrics, store)
	}
	// Work queued in a commit wakes its worker here, whichever feature
	// queued it.
	store.OnCommit(data.Wakers{Outbox: tg.Wake, Timers: b.engine.Wake})
	b.status = tg.NewThrottle(cfg.StatusEvery, b.editNoticeStatus)
	// Twice the status interval: a group's post must leave room in its
	// 20 messages a minute for the outbox's own sends there.
	b.counter = tg.NewThrottle(2*cfg.StatusEvery, b.editMeetingPosts)
	b.register()
	return b, nil
}

// positiveOr returns v, or def when v is zero or negative (unset).
func positiveOr[T ~int | ~int64 | ~float64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// register lets every feature register its commands, buttons, flows and
// timer kinds. The order is the order of the menus and /help.
func (b *Bot) register() {
	b.router.Identify = b.identify
	b.router.Text = b.continueDraft
	b.router.Errors = userError
	for _, register := range []func(){
		b.registerOnboarding,
		b.registerMembers,
		b.registerNotices,
		b.registerSettings,
		b.registerMeetings,
		b.registerSeries,
		b.registerHolidays,
		b.registerThemeDays,
		b.registerReminders,
		b.registerLeave,
		b.registerAttendance,
		b.registerFlows,
		b.registerFeedback,
		b.registerSurveys,
		b.registerEvaluation,
		b.registerDigest,
		b.registerCompliance,
		b.registerReport,
		b.registerAudit,
		b.registerExport,
	} {
		register()
	}
}

// Run connects to the Bot API, publishes the command menus and handles
// updates until ctx is cancelled. It returns nil on a clean shutdown.
// A Bot runs once; a restart builds a new one (as after a crash).
func (b *Bot) Run(ctx context.Context) error {
	// Timers a store from an older version may lack; New writes nothing.
	if err := b.ensureDigests(ctx); err != nil {
		b.log.Warn("schedule weekly digests", "err", err)
	}
	if err := b.ensureCadenceSweep(ctx); err != nil {
		b.log.Warn("set the cadence timer", "err", err)
	}
	// The timer engine runs beside the transport and stops after it.
	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { b.engine.Run(bg) })
	defer func() {
		stopBackground()
		wg.Wait()
	}()
	return b.tg.Run(ctx)
}

// WaitIdle blocks until every due timer has fired and the outbox is empty.
// Tests call it after moving a fake clock.
func (b *Bot) WaitIdle(ctx context.Context) error {
	for {
		if err := b.engine.WaitIdle(ctx); err != nil {
			return err
		}
		if err := b.tg.WaitDrained(ctx); err != nil {
			return err
		}
		// A delivery can set a timer (a follow-up after a notice went
		// out): idle only when the engine is still parked after the drain.
		if b.engine.Idle() {
			return nil
		}
	}
}

// WaitHandled blocks until update id and every update received before it
// are handled. The sandbox uses it to print the bot's replies before the
// next prompt; tests use it as their sync point.
func (b *Bot) WaitHandled(ctx context.Context, id int64) error {
	return b.tg.WaitHandled(ctx, id)
}

// WebhookAddr is the address the webhook server listens on, once Run has
// bound it; "" in polling mode.
func (b *Bot) WebhookAddr() string { return b.tg.WebhookAddr() }

// identify fills in a request's membership, keeping the member's name,
// username and language up to date.
func (b *Bot) identify(r *request) error {
	m, err := b.store.TouchMember(data.Unmarked(r.Ctx), r.Person)
	switch {
	case errors.Is(err, data.ErrNotMember):
		return nil
	case err != nil:
		return err
	}
	r.Member = &m
	return nil
}

// langOf is the language for a Telegram language code or a stored
// preference, falling back to the configured default.
func (b *Bot) langOf(code string) i18n.Lang { return i18n.For(code, b.cfg.DefaultLang) }

// post sends a message to someone other than the person being answered
// (an inviter, a member whose role changed) through the outbox, so that
// it is not lost if Telegram is busy.
func (b *Bot) post(ctx context.Context, chatID int64, text string) {
	err := b.store.Enqueue(ctx, b.clock.Now(), data.OutMessage{ChatID: chatID, Text: text, Purpose: data.Purpose{Kind: data.PurposeReport, UserID: chatID}})
	if err != nil {
		b.log.Warn("queue a note", "chat_id", chatID, "err", err)
	}
}
