package telegram

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"branchbot/schedule"
)

// Metrics are the transport's figures for Prometheus. A nil *Metrics
// records nothing. No label carries a user, a chat or a text: only words
// of the program (update kinds, outcomes, Bot API method names).
type Metrics struct {
	updates       *prometheus.CounterVec
	handlerErrors *prometheus.CounterVec
	sent          *prometheus.CounterVec
	apiCalls      *prometheus.CounterVec
	tooMany       prometheus.Counter
}

// NewMetrics registers the transport's metrics with reg; nil reg gives
// nil (no metrics).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	if reg == nil {
		return nil
	}
	m := &Metrics{
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_updates_handled_total",
			Help: "Telegram updates handled, by kind (message, callback_query, my_chat_member, other).",
		}, []string{"kind"}),
		handlerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_handler_errors_total",
			Help: "Updates whose handling failed, by cause (internal: an error the user was told about as \"something went wrong\"; panic; damaged: the store).",
		}, []string{"cause"}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_messages_sent_total",
			Help: "Messages by way (outbox, or direct: a reply or a message sent at once) and outcome of one try (delivered, unreachable, failed, retried, redirected, queued).",
		}, []string{"via", "outcome"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_api_requests_total",
			Help: "Bot API requests by method and HTTP status class (2xx, 4xx, 5xx, error: no answer).",
		}, []string{"method", "status"}),
		tooMany: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "branchbot_api_too_many_requests_total",
			Help: "Bot API answers 429 Too Many Requests (flood waits).",
		}),
	}
	reg.MustRegister(m.updates, m.handlerErrors, m.sent, m.apiCalls, m.tooMany)
	// Every series that can exist, at zero from the start: a rate over a
	// series that appears with its first event misses that event.
	for _, k := range []string{"message", "callback_query", "my_chat_member", "other"} {
		m.updates.WithLabelValues(k)
	}
	for _, c := range []string{"internal", "panic", "damaged"} {
		m.handlerErrors.WithLabelValues(c)
	}
	for _, o := range []string{"delivered", "unreachable", "failed", "retried", "redirected"} {
		m.sent.WithLabelValues(viaOutbox, o)
	}
	for _, o := range []string{"delivered", "queued", "unreachable", "failed"} {
		m.sent.WithLabelValues(viaDirect, o)
	}
	return m
}

func (m *Metrics) update(u *models.Update) {
	if m == nil {
		return
	}
	kind := "other"
	switch {
	case u.Message != nil:
		kind = "message"
	case u.CallbackQuery != nil:
		kind = "callback_query"
	case u.MyChatMember != nil:
		kind = "my_chat_member"
	}
	m.updates.WithLabelValues(kind).Inc()
}

func (m *Metrics) handlerError(cause string) {
	if m != nil {
		m.handlerErrors.WithLabelValues(cause).Inc()
	}
}

// The ways a message goes: through the outbox, or at once (a reply, a
// message the caller edits later).
const (
	viaOutbox = "outbox"
	viaDirect = "direct"
)

func (m *Metrics) sendOutcome(via, outcome string) {
	if m != nil {
		m.sent.WithLabelValues(via, outcome).Inc()
	}
}

// directOutcome counts one direct send by its error: delivered, queued
// for the outbox (retryable, when the caller queues such a message),
// unreachable (blocked) or failed.
func (m *Metrics) directOutcome(err error, queues bool) {
	switch {
	case err == nil:
		m.sendOutcome(viaDirect, "delivered")
	case queues && retryable(err):
		m.sendOutcome(viaDirect, "queued")
	case errors.Is(err, tgbot.ErrorForbidden):
		m.sendOutcome(viaDirect, "unreachable")
	default:
		m.sendOutcome(viaDirect, "failed")
	}
}

// apiMethods are the Bot API methods counted by name; the label is
// "other" for any other path, so a strange URL cannot make a new series.
var apiMethods = map[string]bool{
	"getMe": true, "getUpdates": true, "deleteWebhook": true, "setWebhook": true, "getWebhookInfo": true,
	"sendMessage": true, "editMessageText": true, "editMessageReplyMarkup": true,
	"answerCallbackQuery": true, "sendDocument": true, "sendPhoto": true,
	"setMyCommands": true, "deleteMyCommands": true, "getFile": true,
}

func (m *Metrics) apiCall(method string, status int) {
	if m == nil {
		return
	}
	if !apiMethods[method] {
		method = "other"
	}
	class := "error"
	switch {
	case status >= 200 && status < 300:
		class = "2xx"
	case status >= 300 && status < 500:
		class = "4xx"
	case status >= 500:
		class = "5xx"
	}
	m.apiCalls.WithLabelValues(method, class).Inc()
	if status == http.StatusTooManyRequests {
		m.tooMany.Inc()
	}
}

// contact watches every Bot API call at the HTTP level: it remembers when
// Telegram last answered a request with success (for the health check)
// and counts requests and 429s. One place sees the library's calls and
// the transport's own getUpdates alike.
type contact struct {
	clock   schedule.Clock
	metrics *Metrics
	next    http.RoundTripper
	last    atomic.Int64 // unix nanos on the clock of the last 2xx; at start, New's time
}

// observe returns a copy of client whose requests go through a new
// contact, and the contact.
func observe(client *http.Client, clock schedule.Clock, m *Metrics) (*http.Client, *contact) {
	next := client.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c := &contact{clock: clock, metrics: m, next: next}
	c.last.Store(clock.Now().UnixNano())
	watched := *client
	watched.Transport = c
	return &watched, c
}

func (c *contact) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	// The method is the path's last element (/bot<token>/<method>); the
	// token never leaves this function.
	method := req.URL.Path[strings.LastIndex(req.URL.Path, "/")+1:]
	if err != nil {
		c.metrics.apiCall(method, 0)
		return resp, err
	}
	c.metrics.apiCall(method, resp.StatusCode)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		c.last.Store(c.clock.Now().UnixNano())
	}
	return resp, nil
}

// lastSuccess is when Telegram last answered a request with success (the
// transport's start, before the first answer).
func (c *contact) lastSuccess() time.Time { return time.Unix(0, c.last.Load()) }

// contactMargin is added to two long-polling timeouts before silence
// from Telegram counts as a fault: a getUpdates answers within one
// timeout, and a slow network may stretch a call.
const contactMargin = 30 * time.Second

// Health returns what is wrong with the connection to Telegram at now:
// nothing while the Bot API answered with success within two polling
// timeouts (plus a margin).
func (t *Transport) Health(now time.Time) []string {
	limit := 2*t.cfg.PollTimeout + contactMargin
	if d := now.Sub(t.contact.lastSuccess()); d > limit {
		return []string{fmt.Sprintf("no successful Bot API call for %s (limit %s)", d.Round(time.Second), limit)}
	}
	return nil
}
