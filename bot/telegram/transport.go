// Package telegram is branchbot's one door to the Telegram Bot API. It
// knows no feature: it receives updates through its own durable getUpdates
// loop or webhook server, routes them to the handlers features register
// (commands, buttons, guided-flow text, locations), delivers their
// replies, and drains the store's outbox within Telegram's rate limits.
// Features speak this package's types (Request, Reply, data.Button), never
// the Bot API's.
//
// The path of one update:
//
//	getUpdates or webhook ─▶ store inbox (one commit) ─▶ updateQueue (per chat, in order)
//	   ─▶ Router: parse, identify, check role ─▶ feature handler
//	   ─▶ Reply: toast / edit / message (or the outbox, if Telegram is busy)
//	   ─▶ the update leaves the inbox with its effects
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
	"branchbot/schedule"
)

// Config is what the transport needs from the outside world.
type Config struct {
	Token       string
	APIURL      string  // Bot API base URL, e.g. https://api.telegram.org
	Owners      []int64 // user ids who may use owner commands
	DefaultLang i18n.Lang
	// PollTimeout is the long-polling timeout of getUpdates; 0 means 50 s.
	PollTimeout time.Duration
	// HTTPClient carries every Bot API call; nil means a client with
	// sensible timeouts.
	HTTPClient *http.Client
	// Sender sets the outbox's rate limits and retries; zero values mean
	// Telegram's limits (DefaultSenderConfig).
	Sender SenderConfig
	// WebhookURL, when set, is the public URL Telegram posts updates to
	// (webhook mode, see webhook.go); Listen is the address served for it,
	// e.g. ":8080" behind a TLS-terminating proxy. Both empty: polling.
	WebhookURL string
	Listen     string
	// Metrics records the transport's figures; nil records nothing.
	Metrics *Metrics
}

// Hooks are how the transport tells features what happened to what they
// queued, without knowing them.
type Hooks struct {
	// Report renders a notice's delivery report when its last pending
	// message got an outcome; the report goes out in the same commit.
	Report func(data.Notice, []data.Receipt) []data.OutMessage
	// Delivered is called after an outbox message got its final outcome.
	Delivered func(m data.OutMessage)
}

// Transport is a running connection to the Bot API.
type Transport struct {
	cfg    Config
	store  *data.Store
	clock  schedule.Clock
	log    *slog.Logger
	tg     *tgbot.Bot
	owners map[int64]bool
	hooks  Hooks

	router *Router
	queue  *updateQueue
	sender *sender

	// life ends when Run returns: background edits and retries stop
	// with it.
	life     context.Context
	stopLife context.CancelFunc

	meMu sync.RWMutex
	me   models.User

	skipMu  sync.Mutex
	skipped map[string]bool // unreadable updates logged already

	scrub *Scrubber // the token, for redact

	contact *contact // every Bot API call passes it: the last success, for Health

	// stopPolling ends receiving (polling or the webhook) with a cause (a
	// damaged store); set by receive before its workers start.
	stopPolling context.CancelCauseFunc

	pruneMu sync.Mutex
	pruned  time.Time // when handled updates were last pruned

	hookAddr atomic.Pointer[net.Addr] // the webhook listener's, once bound
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

// New builds a transport. It makes no network call: Run does.
func New(cfg Config, store *data.Store, clock schedule.Clock, log *slog.Logger, hooks Hooks) (*Transport, error) {
	cfg.PollTimeout = positiveOr(cfg.PollTimeout, 50*time.Second)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = newHTTPClient(cfg.PollTimeout + 15*time.Second)
	}
	if cfg.DefaultLang == "" {
		cfg.DefaultLang = i18n.ZH
	}
	if clock == nil {
		clock = schedule.System{}
	}
	t := &Transport{cfg: cfg, store: store, clock: clock, log: log, owners: map[int64]bool{}, hooks: hooks, skipped: map[string]bool{}, scrub: NewScrubber(cfg.Token)}
	t.life, t.stopLife = context.WithCancel(context.Background())
	t.cfg.HTTPClient, t.contact = observe(cfg.HTTPClient, clock, cfg.Metrics)
	for _, id := range cfg.Owners {
		t.owners[id] = true
	}
	t.router = &Router{t: t, byName: map[string]*Command{}, buttons: map[string]*button{}}
	t.queue = newUpdateQueue(t.handleQueued, t.loadParked)
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(cfg.PollTimeout, t.cfg.HTTPClient),
		tgbot.WithSkipGetMe(),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithErrorsHandler(func(err error) { t.log.Error("telegram client", "err", t.redact(err)) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram client: %w", t.redact(err))
	}
	t.tg = tg
	t.sender = newSender(t, cfg.Sender)
	return t, nil
}

// Router is where features register their commands and buttons.
func (t *Transport) Router() *Router { return t.router }

// Life is a context that ends when Run returns: work in the background
// (live edits, retries) stops with it.
func (t *Transport) Life() context.Context { return t.life }

// Run connects to the Bot API, publishes the command menus and handles
// updates until ctx is cancelled, with the outbox sender beside it. It
// returns nil on a clean shutdown. A Transport runs once.
func (t *Transport) Run(ctx context.Context) error {
	defer t.stopLife()
	var hook *webhook
	if t.cfg.WebhookURL != "" {
		// Before any call to Telegram: an address in use fails at once.
		var err error
		if hook, err = t.listenWebhook(); err != nil {
			return err
		}
		defer hook.ln.Close() // for a return before serving; Shutdown closes it too
	}
	if err := t.hello(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // shut down before Telegram answered
		}
		return err
	}
	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { t.sender.run(bg) })
	defer func() {
		stopBackground()
		wg.Wait()
	}()
	if hook != nil {
		t.log.Info("receiving updates by webhook", "bot", t.username(), "listen", hook.ln.Addr().String())
		return t.receive(ctx, hook.serve)
	}
	t.log.Info("polling for updates", "bot", t.username())
	return t.receive(ctx, t.poll)
}

// Wake tells the sender the outbox has new messages.
func (t *Transport) Wake() { t.sender.Wake() }

// WaitDrained blocks until the outbox is empty and nothing is in flight.
func (t *Transport) WaitDrained(ctx context.Context) error { return t.sender.WaitDrained(ctx) }

// WaitHandled blocks until update id and every update received before it
// are handled. The sandbox uses it to print the bot's replies before the
// next prompt; tests use it as their sync point.
func (t *Transport) WaitHandled(ctx context.Context, id int64) error {
	return t.queue.waitHandled(ctx, id)
}

// username is the bot's @username, known once Run has said hello.
func (t *Transport) username() string {
	t.meMu.RLock()
	defer t.meMu.RUnlock()
	return t.me.Username
}

// StartLink is the deep link that opens the bot with /start payload.
func (t *Transport) StartLink(payload string) string {
	return "https://t.me/" + t.username() + "?start=" + payload
}

// langOf is the language for a client's language code, falling back to
// the configured default.
func (t *Transport) langOf(code string) i18n.Lang { return i18n.For(code, t.cfg.DefaultLang) }

// hello learns who the bot is and gets it ready to receive, retrying while
// Telegram is unreachable but giving up at once on a rejected token.
func (t *Transport) hello(ctx context.Context) error {
	backoff := newBackoff(t.clock)
	for {
		me, err := t.tg.GetMe(ctx)
		if err == nil {
			t.meMu.Lock()
			t.me = *me
			t.meMu.Unlock()
			break
		}
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return fmt.Errorf("telegram rejected the bot token (check BRANCHBOT_TOKEN): %w", t.redact(err))
		}
		t.log.Warn("telegram unreachable, retrying", "err", t.redact(err))
		if err := backoff.wait(ctx, 0); err != nil {
			return err
		}
	}
	if t.cfg.WebhookURL == "" {
		if err := t.leaveWebhook(ctx); err != nil {
			return err
		}
	}
	if err := t.publishMenus(ctx); err != nil {
		// Menus are a convenience; commands work without them.
		t.log.Warn("publish command menus", "err", err)
	}
	return nil
}

// redact removes the token from an error's text, in whatever encoding it
// got there, and cuts the text short. Go's HTTP errors carry the request
// URL, the Bot API puts the token in the URL path, a proxy or a fake API
// may echo that path back escaped, and go-telegram puts a whole response
// body it could not decode into its error: no body is logged whole.
func (t *Transport) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := t.scrub.Scrub(err.Error())
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syntax) || errors.As(err, &typ) {
		// An answer that did not decode: go-telegram's error quotes it
		// whole (after "…for method X, "). Keep the method and the
		// decoder's complaint, not the body.
		what, _, _ := strings.Cut(msg, ", ")
		msg = fmt.Sprintf("%.80s: the answer is not the Bot API's JSON (not logged): %v", what, t.scrub.Scrub(firstOf(syntax, typ)))
	}
	if len(msg) > maxErrorText {
		msg = strings.ToValidUTF8(msg[:maxErrorText], "") + "… (cut)"
	}
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// firstOf is the text of whichever decode error was found.
func firstOf(syntax *json.SyntaxError, typ *json.UnmarshalTypeError) string {
	if syntax != nil {
		return syntax.Error()
	}
	return typ.Error()
}

// maxErrorText bounds an error's text in logs and in the outbox's record
// of a failed send: enough for any error of ours or the Bot API's, not for
// a response body.
const maxErrorText = 300

// Scrubber removes secrets from text bound for a log: the bot token (raw,
// percent-escaped once or twice in any letter case, or its secret part
// alone) and the password of any URL.
type Scrubber struct {
	token  string         // whole, as it appears in a raw URL
	secret *regexp.Regexp // the token's part after the colon, any escaping
}

// NewScrubber returns a Scrubber for token ("" scrubs URL passwords only).
func NewScrubber(token string) *Scrubber {
	sc := &Scrubber{token: token}
	// The part after the colon is the secret; the part before is the
	// bot's public id. Matching the secret alone covers the whole token
	// in every form: raw, path- or query-escaped, cut after the colon.
	_, secret, ok := strings.Cut(token, ":")
	if !ok {
		secret = token
	}
	if secret == "" {
		return sc
	}
	var b strings.Builder
	b.WriteString("(?i)")
	for _, c := range []byte(secret) {
		// Each byte as itself or percent-escaped, escaped once or twice.
		fmt.Fprintf(&b, "(?:%s|%%(?:25)?%02x)", regexp.QuoteMeta(string(c)), c)
	}
	sc.secret = regexp.MustCompile(b.String())
	return sc
}

// urlPassword is a URL's user:password@, up to the password's end.
var urlPassword = regexp.MustCompile(`(//[^/?#@\s:]*):[^/?#@\s]*@`)

// Scrub returns s without the token and with URL passwords masked.
func (sc *Scrubber) Scrub(s string) string {
	if sc != nil && sc.token != "" {
		// The whole token first, so a raw URL reads /bot<token>/.
		s = strings.ReplaceAll(s, sc.token, "<token>")
	}
	if sc != nil && sc.secret != nil {
		s = sc.secret.ReplaceAllString(s, "<token>")
	}
	return MaskURLPassword(s)
}

// MaskURLPassword masks the password of every URL in s (user:***@), even
// in a URL too malformed to parse.
func MaskURLPassword(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return urlPassword.ReplaceAllString(s, "$1:***@")
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// EscapeHTML escapes user-provided text for HTML parse mode.
func EscapeHTML(s string) string { return html.EscapeString(s) }

// backoff doubles a wait from 100 ms up to 30 s, on the clock.
type backoff struct {
	clock schedule.Clock
	next  time.Duration
}

func newBackoff(c schedule.Clock) *backoff { return &backoff{clock: c, next: 100 * time.Millisecond} }

func (bo *backoff) reset() { bo.next = 100 * time.Millisecond }

// wait sleeps for at least floor and at least the current step, then grows
// the step. It returns ctx's error if ctx ends first.
func (bo *backoff) wait(ctx context.Context, floor time.Duration) error {
	d := max(bo.next, floor)
	bo.next = min(bo.next*2, 30*time.Second)
	return schedule.Sleep(ctx, bo.clock, d)
}
