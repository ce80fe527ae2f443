// Package tgtest is a fake Telegram Bot API server in the style of
// net/http/httptest. It speaks real HTTP and JSON, answers with the Bot
// API's envelopes, checks every request against the embedded Bot API
// description (package botapi) and keeps just enough state (users, chats,
// messages, callback queries, command menus, an update queue) for a bot to
// be driven end to end.
//
// A typical test:
//
//	srv := tgtest.NewServer()
//	defer srv.Close()
//	// start the bot with its API URL set to srv.URL
//	alice := srv.NewUser("Alice", "en")
//	id := srv.SendText(alice, alice.PrivateChat(), "/start")
//	if err := srv.WaitConfirmed(ctx, id); err != nil { ... }
//	msg := srv.LastMessage(alice.ID)
//	// inspect msg.Text, msg.Buttons(); press one with srv.Press
//	if v := srv.SpecViolations(); len(v) > 0 { ... }
//
// Real-world trouble is opt-in, so that a server started without options
// never refuses or fails a call on its own: WithLimits enforces
// Telegram-like flood limits (429 answers with retry_after, and retry
// windows whose violations RequestsInRetryWindow counts), WithFaults fails
// a seeded share of the sends with 5xx answers or dropped connections, and
// NewUserNotStarted makes users the bot may not write to first. Stats
// tells how a client coped; WithoutRequestLog keeps long runs lean.
//
// Input a bot must survive is set up by the test: FailWhen fails exactly
// the calls a rule names (every sendMessage to one chat with 403, 500 or a
// dropped connection; a 429 for the next N calls), InjectRaw delivers an
// update the bot cannot read, such as one without an update_id, and
// HoldUpdates makes it arrive in one batch with normal ones. Requests
// shows every call the bot made, failed ones included.
//
// A bot in webhook mode gets its updates posted instead: after setWebhook
// with a URL on a loopback host, the server calls it with each queued
// update in order, with the secret_token in its header, until it answers
// 2xx (see Webhook). getUpdates is refused while a webhook is set, as
// Telegram does.
//
// The package does not depend on package testing and can also back an
// interactive sandbox (see WithObserver).
package tgtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest/botapi"
)

// BotID is the user id of the bot the server pretends to be.
const BotID int64 = 7000000001

// ErrClosed is returned by the Wait methods once the server is closed.
var ErrClosed = errors.New("tgtest: server closed")

// ErrNoRequestLog is returned by WaitRequest on a server started
// WithoutRequestLog.
var ErrNoRequestLog = errors.New("tgtest: server keeps no request log")

// Server is a running fake Bot API server. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the base URL of the server, e.g. "http://127.0.0.1:41234",
	// suitable for go-telegram/bot's WithServerURL.
	URL string

	hs   *httptest.Server
	spec *botapi.Spec
	cfg  config

	obsMu sync.Mutex // serialises observer calls; never held with mu

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	done    chan struct{} // closed by Close
	closed  bool

	users      map[int64]*User
	chats      map[int64]*chatState
	byUsername map[string]*chatState // lowercased username of non-private chats
	blocked    map[int64]bool
	notStarted map[int64]bool
	members    map[int64]map[int64]string // chat id -> user id -> status
	nextUser   int64
	nextGroup  int64
	nextSuper  int64

	queue      []queuedUpdate
	nextUpdate int64
	confirmed  int64          // every update id <= confirmed is confirmed
	dropped    map[int64]bool // ids not queued because of allowed_updates
	allowed    map[string]bool
	poller     *poller
	held       int // HoldUpdates holds not yet released
	webhook    string
	hookSecret string         // setWebhook's secret_token
	delivering bool           // a goroutine posts updates to the webhook
	deliveries sync.WaitGroup // that goroutine, for Close
	hooks      *hookClient

	queries   map[string]*queryState
	nextQuery int64

	files     map[string]*File
	byPath    map[string]*File
	forgotten map[string]bool // file ids ForgetFile made unavailable
	nextFile  int64

	commands map[commandKey][]models.BotCommand

	failures []*failure // FailWhen and FailNext, in the order they were added

	requests   []Request
	violations []string
	calls      map[string]int // calls by method name
	reqWaiters int            // WaitRequest calls waiting

	limits   limiter
	faultCfg Faults
	rng      *rand.Rand
	stats    Stats
}

type config struct {
	token         string
	botUsername   string
	firstUpdateID int64
	observer      func(Event)
	limits        *Limits
	faults        *Faults
	noLog         bool
	now           func() time.Time
	downloadLimit int
}

// Option configures a Server.
type Option func(*config)

// WithToken makes the server accept only the given bot token; requests
// with any other token get 401 Unauthorized. By default every token works.
func WithToken(token string) Option {
	return func(c *config) { c.token = token }
}

// WithBotUsername sets the bot's username as reported by getMe (default
// "branchbot_test_bot").
func WithBotUsername(username string) Option {
	return func(c *config) { c.botUsername = username }
}

// WithFirstUpdateID sets the update_id of the first injected update
// (default 1000).
func WithFirstUpdateID(id int64) Option {
	return func(c *config) { c.firstUpdateID = id }
}

// WithObserver registers fn to be told about everything the bot does that a
// user would see (messages sent, edited, deleted, callback answers) and
// about every spec violation. fn is called synchronously from the request
// that caused the event, before the bot gets its response, one call at a
// time and with no server lock held, so it may call the Server's methods
// (but must not wait for the bot or call Close).
func WithObserver(fn func(Event)) Option {
	return func(c *config) { c.observer = fn }
}

// NewServer starts a server listening on 127.0.0.1. Close it when done.
// Without WithLimits or WithFaults it never refuses or fails a call on its
// own.
func NewServer(opts ...Option) *Server {
	cfg := config{botUsername: "branchbot_test_bot", firstUpdateID: 1000, now: time.Now, downloadLimit: MaxDownloadSize}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		spec:       botapi.Load(),
		cfg:        cfg,
		changed:    make(chan struct{}),
		done:       make(chan struct{}),
		users:      map[int64]*User{},
		chats:      map[int64]*chatState{},
		byUsername: map[string]*chatState{},
		blocked:    map[int64]bool{},
		notStarted: map[int64]bool{},
		members:    map[int64]map[int64]string{},
		nextUser:   100001,
		nextUpdate: cfg.firstUpdateID,
		confirmed:  cfg.firstUpdateID - 1,
		dropped:    map[int64]bool{},
		queries:    map[string]*queryState{},
		files:      map[string]*File{},
		byPath:     map[string]*File{},
		forgotten:  map[string]bool{},
		commands:   map[commandKey][]models.BotCommand{},
		calls:      map[string]int{},
		rng:        newRand(0),
		hooks:      newHookClient(),
	}
	if cfg.limits != nil {
		s.limits.set(*cfg.limits)
	}
	if cfg.faults != nil {
		s.faultCfg = *cfg.faults
		s.rng = newRand(cfg.faults.Seed)
	}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.hs.URL
	return s
}

// Close stops the server: pending getUpdates calls return at once, Wait
// methods return ErrClosed, webhook delivery stops, and Close returns once
// every in-flight request has finished. Close may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
		s.broadcastLocked()
	}
	s.mu.Unlock()
	s.hooks.close()
	s.deliveries.Wait()
	s.hs.Close()
}

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() models.User {
	return models.User{
		ID:            BotID,
		IsBot:         true,
		FirstName:     "Branchbot",
		Username:      s.cfg.botUsername,
		CanJoinGroups: true,
	}
}

// Request is one Bot API call the server received.
type Request struct {
	Time   time.Time
	Method string // spelled as in the Bot API description when known
	// Params holds the call's parameters as raw strings: form values as
	// sent, JSON values as their text (objects and arrays as JSON).
	Params map[string]string
	// Files maps each uploaded file's form field to its file name.
	Files map[string]string
	// Status is the HTTP status of the answer (200, or the error_code);
	// 0 for a call whose connection was dropped (see WithFaults).
	Status int
	// Description is the error description; empty on success.
	Description string
}

// Requests returns every call received so far, in the order their answers
// were decided; nil on a server started WithoutRequestLog.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.noLog {
		return nil
	}
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Params = maps.Clone(r.Params)
		r.Files = maps.Clone(r.Files)
		out[i] = r
	}
	return out
}

// Calls counts the calls received so far of the given method (matched
// case-insensitively), whatever their outcome.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for name, k := range s.calls {
		if strings.EqualFold(name, method) {
			n += k
		}
	}
	return n
}

// WaitRequest blocks until a call matching pred has been answered and
// returns the first such call. Calls received before WaitRequest was called
// count too, so pred should be specific enough. pred runs with the server's
// lock held and must not call the Server. On a server started
// WithoutRequestLog it fails at once with ErrNoRequestLog.
func (s *Server) WaitRequest(ctx context.Context, pred func(Request) bool) (Request, error) {
	if s.cfg.noLog {
		return Request{}, ErrNoRequestLog
	}
	s.mu.Lock()
	s.reqWaiters++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.reqWaiters--
		s.mu.Unlock()
	}()
	var found Request
	next := 0 // requests before next did not match
	err := s.waitFor(ctx, func() bool {
		for ; next < len(s.requests); next++ {
			if r := s.requests[next]; pred(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found, err
}

// SpecViolations lists, in order, every request that broke the Bot API
// description or one of the value rules the real API enforces (unknown
// method or parameter, missing required parameter, malformed value, text
// too long, unparsable HTML, bad command name, ...). A well-behaved bot
// causes none.
func (s *Server) SpecViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// apiError is an error answer of the Bot API.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
	// Violation, when set, records the error as a spec violation with this
	// text (more precise than Description where useful).
	Violation string
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// violation returns a 400 that is also recorded as a spec violation.
func violation(format string, args ...any) *apiError {
	e := badRequest(format, args...)
	e.Violation = e.Description
	return e
}

func (e *apiError) detail(format string, args ...any) *apiError {
	e.Violation = e.Description + " (" + fmt.Sprintf(format, args...) + ")"
	return e
}

type envelope struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

// serveHTTP handles /bot<token>/<method> and /file/bot<token>/<path>.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/file/bot") {
		s.serveFile(w, r)
		return
	}
	c := &call{ctx: r.Context(), start: s.now()}
	res, aerr := s.dispatch(w, r, c)
	s.finish(c, aerr)
	if aerr == errDrop {
		dropConn(w)
		return
	}
	if aerr != nil {
		env := envelope{ErrorCode: aerr.Code, Description: aerr.Description}
		if aerr.RetryAfter > 0 {
			env.Parameters = &responseParams{RetryAfter: aerr.RetryAfter}
		}
		writeJSON(w, aerr.Code, env)
		return
	}
	writeJSON(w, http.StatusOK, envelope{OK: true, Result: res})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error: ` + strings.ReplaceAll(err.Error(), `"`, `'`) + `"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dispatch authenticates, parses, checks and runs one call.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, c *call) (any, *apiError) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, name, ok2 := strings.Cut(rest, "/")
	c.name = name
	if !ok || !ok2 || name == "" || strings.Contains(name, "/") {
		e := &apiError{Code: http.StatusNotFound, Description: "Not Found"}
		e.Violation = fmt.Sprintf("Not Found (path %q is not /bot<token>/<method>)", r.URL.Path)
		return nil, e
	}
	if s.cfg.token != "" && token != s.cfg.token {
		return nil, &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
	}
	c.method = s.spec.Method(name)
	if c.method == nil {
		e := &apiError{Code: http.StatusNotFound, Description: "Not Found"}
		e.Violation = fmt.Sprintf("Not Found (no method %q in Bot API %s)", name, s.spec.Version)
		return nil, e
	}
	c.name = c.method.Name
	c.class = classOf(c.method)
	if err := c.readParams(w, r); err != nil {
		var be *bodyError
		if errors.As(err, &be) && be.clientGaveUp() {
			return nil, badRequest("%s", err)
		}
		return nil, violation("%s", err)
	}
	if aerr := s.check(c); aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	if aerr := s.failLocked(c); aerr != nil {
		s.mu.Unlock()
		return nil, aerr
	}
	if c.class != classFree {
		if aerr := s.gateLocked(c); aerr != nil {
			s.mu.Unlock()
			return nil, aerr
		}
	}
	s.mu.Unlock()
	return s.run(c)
}

// dropConn closes the connection of the request w answers without writing
// a response.
func dropConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http closes the connection
}

// finish records the call and its violations, then tells the observer.
func (s *Server) finish(c *call, aerr *apiError) {
	status, desc := http.StatusOK, ""
	if aerr != nil {
		status, desc = aerr.Code, aerr.Description
	}
	s.mu.Lock()
	if !s.cfg.noLog {
		s.requests = append(s.requests, Request{Time: c.start, Method: c.name, Params: c.params, Files: c.fileNames(), Status: status, Description: desc})
	}
	s.calls[c.name]++
	st := &s.stats
	st.Requests++
	switch {
	case aerr == errDrop:
		st.Dropped++
	case status == http.StatusOK:
		switch c.class {
		case classSend:
			st.Sent++
		case classEdit:
			st.Edited++
		}
	case status == http.StatusTooManyRequests:
		st.Rejected429++
	case status == http.StatusForbidden:
		st.Forbidden++
	case status >= 500:
		st.ServerErrors++
	}
	if aerr != nil && aerr.Violation != "" {
		name := c.name
		if name == "" {
			name = "(no method)"
		}
		v := name + ": " + aerr.Violation
		s.violations = append(s.violations, v)
		c.events = append(c.events, Event{Kind: EventViolation, Violation: v})
	}
	if s.reqWaiters > 0 {
		s.broadcastLocked() // only WaitRequest waits for calls
	}
	s.mu.Unlock()
	s.emit(c.events)
}

func (s *Server) emit(events []Event) {
	if s.cfg.observer == nil || len(events) == 0 {
		return
	}
	s.obsMu.Lock()
	defer s.obsMu.Unlock()
	for _, e := range events {
		s.cfg.observer(e)
	}
}

// broadcastLocked wakes everything waiting for a state change.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (run with s.mu held) is true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if ok {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}
