package tgtest

import (
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"branchbot/bot/tgtest/botapi"
)

// Limits are flood limits like the ones Telegram enforces on bots. They
// apply only to the counting methods (see WithLimits). A zero, negative or
// infinite rate leaves that scope unlimited.
type Limits struct {
	// Global is the rate of counting calls across all chats (Telegram:
	// about 30 messages per second).
	Global rate.Limit
	// PerChat is the rate of counting calls to one private chat
	// (Telegram: about 1 per second).
	PerChat rate.Limit
	// PerGroup is the rate of counting calls to one group, supergroup or
	// channel (Telegram: 20 per minute).
	PerGroup rate.Limit
	// Burst is the bucket size of every limiter. 0 picks a default per
	// scope: Global max(1, ceil(Global)) (one second's worth), PerChat 3,
	// PerGroup 5.
	Burst int
	// RetryAfter is the wait a 429 asks for, rounded up to whole seconds
	// (at least 1). 0 computes it from the limiter that refused the call:
	// the time until it has a token again, rounded up, at least 1 s. A
	// RetryAfter shorter than that means a client that honours the window
	// may be refused again when it ends (a new window, not a violation).
	RetryAfter time.Duration
}

// TelegramLimits returns the limits Telegram documents for bots: 30
// messages per second overall, 1 per second in a private chat and 20 per
// minute in a group, with default bursts and computed retry_after.
func TelegramLimits() Limits {
	return Limits{Global: 30, PerChat: 1, PerGroup: rate.Every(3 * time.Second)}
}

// Faults make the server fail counting calls at random, the way Telegram
// sometimes does. A fault hits a call before it takes effect: a failed or
// dropped send is neither stored nor delivered, so a client that retries
// delivers exactly once.
type Faults struct {
	// ServerErrorRate is the share of counting calls answered with 500 or
	// 502 (chosen at random) and a JSON error envelope.
	ServerErrorRate float64
	// DropRate is the share of counting calls whose connection is closed
	// without any response.
	DropRate float64
	// Seed seeds the server's random source (a PCG), so that a sequence of
	// calls meets the same faults on every run.
	Seed int64
}

// Stats counts what the server answered. Every field counts calls.
type Stats struct {
	// Requests counts every call received, dropped ones included.
	Requests int
	// Sent counts successful calls that post a message: the send* methods
	// that return a Message (or messages), copyMessage(s) and
	// forwardMessage(s).
	Sent int
	// Edited counts successful editMessage* calls.
	Edited int
	// Rejected429 counts 429 answers: limit hits, calls inside a retry
	// window and failures set with FailWhen or FailNext.
	Rejected429 int
	// LimitHits counts the 429s that opened a retry window;
	// GlobalWindows of them were global.
	LimitHits     int
	GlobalWindows int
	// RetryWindowViolations counts calls that arrived inside a retry window
	// the client had been told about (see RequestsInRetryWindow).
	RetryWindowViolations int
	// ServerErrors counts 5xx answers (faults, FailWhen and FailNext).
	ServerErrors int
	// Dropped counts calls whose connection was closed without an answer.
	Dropped int
	// Forbidden counts 403 answers (blocked users, users who never started
	// the bot, FailWhen and FailNext).
	Forbidden int
	// WebhookCalls counts the updates posted to a webhook, retries
	// included; WebhookFailures those not answered with a 2xx.
	WebhookCalls    int
	WebhookFailures int
}

// WithLimits enforces flood limits on the counting methods:
//
//   - posting a message: every send* method that returns a Message (or an
//     array of them; not sendChatAction, sendGift or the *Draft methods),
//     copyMessage, copyMessages, forwardMessage and forwardMessages;
//   - editing one: every editMessage* method (editMessageText,
//     editMessageCaption, editMessageReplyMarkup, editMessageMedia, ...).
//
// Every other method (getUpdates, answerCallbackQuery, deleteMessage,
// getMe, setMyCommands, sendChatAction, ...) is never limited, never
// refused for a retry window and never faulted.
//
// A counting call takes one token from the global bucket and one from its
// chat's bucket (PerChat for a private chat, PerGroup for any other; the
// chat is the one chat_id names, resolved like the call itself; a call
// without one, e.g. an edit by inline_message_id, or naming an unknown
// chat, takes only a global token). Tokens are taken when the call is
// let through, whether it then succeeds or fails (400, 403, a fault).
// Buckets refill continuously (golang.org/x/time/rate); a bucket less than
// 1 ms of refill short of a token still lets a call through on credit, so
// a client pacing itself at exactly a rate is not refused for rounding.
//
// A call that finds its chat's bucket empty is answered 429 "Too Many
// Requests: retry after N" with parameters.retry_after N and opens a retry
// window of exactly N seconds for that chat; if the chat's bucket has a
// token but the global one is empty, the window is global and covers
// every chat. A counting call that arrives while a window covering it is
// open is answered 429 with the seconds remaining (rounded up, at least
// 1), takes no token, and, if it arrived after the window was opened,
// counts as a retry-window violation (RequestsInRetryWindow). Calls that
// were already being received when the window opened are refused but not
// counted: the client could not have known.
func WithLimits(l Limits) Option {
	return func(c *config) { c.limits = &l }
}

// WithFaults makes the server fail a share of the counting calls (see
// WithLimits for which those are) with 5xx answers or dropped connections.
// Faults are drawn for calls that passed the retry windows and the limits.
func WithFaults(f Faults) Option {
	return func(c *config) { c.faults = &f }
}

// WithoutRequestLog stops the server from keeping a log of every call, for
// long or heavy runs: Requests returns nil and WaitRequest fails with
// ErrNoRequestLog. Calls, Stats and SpecViolations still work.
func WithoutRequestLog() Option {
	return func(c *config) { c.noLog = true }
}

// withClock replaces time.Now for the limits, the retry windows and the
// times requests are logged with (for tests).
func withClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// SetLimits replaces the limits at run time; the zero Limits turns limiting
// off. Buckets start full again; retry windows already open stay open until
// they end.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits.set(l)
}

// SetFaults replaces the fault rates at run time and reseeds the random
// source; the zero Faults turns faults off.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultCfg = f
	s.rng = newRand(f.Seed)
}

// RequestsInRetryWindow returns how many counting calls arrived inside a
// retry window they were covered by, after the window had been opened: a
// client that honours retry_after makes none.
func (s *Server) RequestsInRetryWindow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats.RetryWindowViolations
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
}

// callClass says whether and how a method counts toward the limits.
type callClass uint8

const (
	classFree callClass = iota
	classSend           // posts a new message
	classEdit           // edits one
)

// classOf is the rate class of a method of the embedded description.
func classOf(m *botapi.Method) callClass {
	switch name := m.Name; {
	case strings.HasPrefix(name, "editMessage"):
		return classEdit
	case name == "copyMessage" || name == "copyMessages" || name == "forwardMessage" || name == "forwardMessages":
		return classSend
	case strings.HasPrefix(name, "send"):
		if slices.Contains(m.Returns, "Message") || slices.Contains(m.Returns, "Array of Message") {
			return classSend
		}
	}
	return classFree
}

// refillSlack is how short of a whole token a bucket may be and still let
// a call through (the call then takes the token on credit), so that a
// client pacing itself at exactly a limit (say with a rate.Limiter of the
// same rate, whose waits are truncated to whole nanoseconds) is never
// refused for rounding. It is a tolerance, not extra rate: a client that
// goes faster than the limit still runs out.
const refillSlack = time.Millisecond

// short reports whether lim (nil: unlimited) lacks a token at now, by more
// than refillSlack's worth.
func short(lim *rate.Limiter, now time.Time) bool {
	if lim == nil {
		return false
	}
	need := 1 - lim.TokensAt(now)
	return need > 0 && need/float64(lim.Limit()) > refillSlack.Seconds()
}

// window is a retry window: calls covered by it are refused until until.
type window struct {
	opened, until time.Time
}

type chatBucket struct {
	lim *rate.Limiter // nil: unlimited
	win window
}

// limiter holds the flood-limit state; it is guarded by Server.mu.
type limiter struct {
	on        bool
	cfg       Limits
	global    *rate.Limiter
	globalWin window
	chats     map[int64]*chatBucket
}

func (l *limiter) set(cfg Limits) {
	l.cfg = cfg
	l.on = limited(cfg.Global) || limited(cfg.PerChat) || limited(cfg.PerGroup)
	l.global = nil
	if limited(cfg.Global) {
		l.global = rate.NewLimiter(cfg.Global, burst(cfg.Burst, int(math.Ceil(float64(cfg.Global)))))
	}
	// Keep the windows, drop the buckets.
	for id, b := range l.chats {
		if b.win.until.IsZero() {
			delete(l.chats, id)
		} else {
			b.lim = nil
		}
	}
	if l.chats == nil {
		l.chats = map[int64]*chatBucket{}
	}
}

func limited(r rate.Limit) bool { return r > 0 && r != rate.Inf }

func burst(set, def int) int {
	if set > 0 {
		return set
	}
	return max(1, def)
}

// bucketLocked returns chat's bucket state, creating its limiter if its
// type is limited.
func (l *limiter) bucketLocked(chat *Chat) *chatBucket {
	b := l.chats[chat.ID]
	if b == nil {
		b = &chatBucket{}
		l.chats[chat.ID] = b
	}
	if b.lim == nil {
		if chat.Type == "private" {
			if limited(l.cfg.PerChat) {
				b.lim = rate.NewLimiter(l.cfg.PerChat, burst(l.cfg.Burst, 3))
			}
		} else if limited(l.cfg.PerGroup) {
			b.lim = rate.NewLimiter(l.cfg.PerGroup, burst(l.cfg.Burst, 5))
		}
	}
	return b
}

// retryAfter is the whole number of seconds (at least 1) a client must
// wait after lim refused a call at now.
func (l *limiter) retryAfter(lim *rate.Limiter, now time.Time) int {
	if l.cfg.RetryAfter > 0 {
		return ceilSeconds(l.cfg.RetryAfter)
	}
	need := 1 - lim.TokensAt(now)
	return ceilSeconds(time.Duration(need / float64(lim.Limit()) * float64(time.Second)))
}

func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{Code: http.StatusTooManyRequests, Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter), RetryAfter: retryAfter}
}

// errDrop is the answer of a call whose connection is to be dropped.
var errDrop = &apiError{Code: 0, Description: "connection dropped (fault)"}

// gateLocked applies the retry windows, the limits and the faults to a
// counting call, in that order. A nil result lets the call through.
func (s *Server) gateLocked(c *call) *apiError {
	if l := &s.limits; l.on || len(l.chats) > 0 || !l.globalWin.until.IsZero() {
		if aerr := s.limitLocked(c); aerr != nil {
			return aerr
		}
	}
	f := s.faultCfg
	if f.ServerErrorRate <= 0 && f.DropRate <= 0 {
		return nil
	}
	x := s.rng.Float64()
	switch {
	case x < f.ServerErrorRate:
		if s.rng.IntN(2) == 0 {
			return &apiError{Code: http.StatusInternalServerError, Description: "Internal Server Error"}
		}
		return &apiError{Code: http.StatusBadGateway, Description: "Bad Gateway"}
	case x < f.ServerErrorRate+f.DropRate:
		return errDrop
	}
	return nil
}

func (s *Server) limitLocked(c *call) *apiError {
	l := &s.limits
	now := s.now()
	var b *chatBucket
	if cs := s.chatOf(c); cs != nil {
		if l.on {
			b = l.bucketLocked(cs.chat)
		} else {
			b = l.chats[cs.chat.ID] // limits off: only open windows matter
		}
	}

	// Open windows first.
	var until, opened time.Time
	if now.Before(l.globalWin.until) {
		until, opened = l.globalWin.until, l.globalWin.opened
	}
	if b != nil && now.Before(b.win.until) && b.win.until.After(until) {
		until, opened = b.win.until, b.win.opened
	}
	if !until.IsZero() {
		if !c.start.Before(opened) {
			s.stats.RetryWindowViolations++
		}
		return tooManyRequests(ceilSeconds(until.Sub(now)))
	}

	// Then the buckets: the chat's, then the global one.
	if b != nil && short(b.lim, now) {
		n := l.retryAfter(b.lim, now)
		b.win = window{opened: now, until: now.Add(time.Duration(n) * time.Second)}
		s.stats.LimitHits++
		return tooManyRequests(n)
	}
	if short(l.global, now) {
		n := l.retryAfter(l.global, now)
		l.globalWin = window{opened: now, until: now.Add(time.Duration(n) * time.Second)}
		s.stats.LimitHits++
		s.stats.GlobalWindows++
		return tooManyRequests(n)
	}
	// Take the tokens. A bucket at most refillSlack short of a whole token
	// is allowed to go that little into debt.
	if b != nil && b.lim != nil {
		b.lim.ReserveN(now, 1)
	}
	if l.global != nil {
		l.global.ReserveN(now, 1)
	}
	return nil
}

// chatOf resolves the call's chat_id without failing: nil if there is
// none or it names no known chat.
func (s *Server) chatOf(c *call) *chatState {
	if !c.present("chat_id") {
		return nil
	}
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil
	}
	return cs
}

func (s *Server) now() time.Time { return s.cfg.now() }
