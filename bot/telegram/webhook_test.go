package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// hookEnv is a transport in webhook mode on a real store, against tgtest,
// with a /ping command that records the updates it handles.
type hookEnv struct {
	srv    *tgtest.Server
	path   string // the store file
	tr     *Transport
	store  *data.Store
	addr   string // where the webhook server listens
	secret string // the secret Telegram was given
	alice  *tgtest.User

	mu      sync.Mutex
	handled []int64            // update ids /ping handled, in order
	gate    chan struct{}      // if set, /ping waits for it to close
	begun   chan<- int64       // if set, /ping tells it which update it began
	logs    *lockedWriter      // every run's log
	cancel  context.CancelFunc // stops the running transport
	done    chan error
}

func (e *hookEnv) pings() []int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.handled)
}

// lockedWriter lets the transport's goroutines log into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

// startHookEnv runs a transport in webhook mode listening on 127.0.0.1:0.
// The webhook URL names a port nobody listens on: the tests post to the
// listener themselves, and tgtest has no update of its own to deliver.
func startHookEnv(t *testing.T) *hookEnv {
	t.Helper()
	srv := tgtest.NewServer(tgtest.WithToken(downloadToken))
	e := &hookEnv{srv: srv, path: filepath.Join(t.TempDir(), "b.db"), alice: srv.NewUser("小李", "zh-hans"), logs: &lockedWriter{}}
	t.Cleanup(func() {
		e.stop(t)
		srv.Close()
		if v := srv.SpecViolations(); len(v) > 0 {
			t.Errorf("requests the real Bot API would reject:\n%s", strings.Join(v, "\n"))
		}
		if t.Failed() {
			t.Logf("log:\n%s", e.logs.String())
		}
	})
	e.run(t, true)
	return e
}

// run opens the store and runs a transport on it, in webhook mode or
// polling.
func (e *hookEnv) run(t *testing.T, webhook bool) {
	t.Helper()
	store, err := data.Open(e.path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Token: downloadToken, APIURL: e.srv.URL, PollTimeout: time.Second,
		Sender: SenderConfig{Global: rate.Inf, PerChat: rate.Inf, PerGroup: rate.Inf},
	}
	if webhook {
		cfg.WebhookURL, cfg.Listen = "http://127.0.0.1:1/tg/hook", "127.0.0.1:0"
	}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr, err := New(cfg, store, nil, log, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	tr.Router().Command(Command{Name: "ping", Menu: true, Handle: func(r *Request) (Reply, error) {
		id := int64(r.MessageID) // each ping's message id is its update id
		e.mu.Lock()
		gate, begun := e.gate, e.begun
		e.mu.Unlock()
		if begun != nil {
			begun <- id
		}
		if gate != nil {
			<-gate
		}
		e.mu.Lock()
		e.handled = append(e.handled, id)
		e.mu.Unlock()
		return Say("pong"), nil
	}})
	ctx, cancel := context.WithCancel(context.Background())
	e.tr, e.store, e.cancel, e.done = tr, store, cancel, make(chan error, 1)
	go func() { e.done <- tr.Run(ctx) }()
	if !webhook {
		return
	}
	wait := downloadCtx(t)
	if _, err := e.srv.WaitRequest(wait, func(r tgtest.Request) bool { return r.Method == "setWebhook" && r.Status == http.StatusOK }); err != nil {
		t.Fatalf("no webhook set: %v", err)
	}
	e.addr = tr.WebhookAddr()
	_, e.secret = e.srv.Webhook()
}

// stop shuts the running transport down and closes the store.
func (e *hookEnv) stop(t *testing.T) {
	t.Helper()
	if e.cancel == nil {
		return
	}
	e.cancel()
	if err := <-e.done; err != nil {
		t.Errorf("Run: %v", err)
	}
	e.store.Close()
	e.cancel = nil
}

// ping is an update carrying /ping from alice.
func (e *hookEnv) ping(id int64) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,"chat":{"id":%d,"type":"private"},`+
		`"from":{"id":%d,"is_bot":false,"first_name":"小李"},"text":"/ping","entities":[{"type":"bot_command","offset":0,"length":5}]}}`,
		id, id, time.Now().Unix(), e.alice.ID, e.alice.ID)
}

// post calls the webhook as Telegram would, with the given secret header
// ("" for none), and returns the status.
func (e *hookEnv) post(t *testing.T, method, path, secret string, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(downloadCtx(t), method, "http://"+e.addr+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(secretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (e *hookEnv) waitHandled(t *testing.T, id int64) {
	t.Helper()
	if err := e.tr.WaitHandled(downloadCtx(t), id); err != nil {
		t.Fatalf("update %d not handled: %v", id, err)
	}
}

// TestWebhookCalls goes through the real listener: only a POST on the
// webhook's path with the secret, carrying an update, is stored and
// handled, once however often Telegram repeats it.
func TestWebhookCalls(t *testing.T) {
	e := startHookEnv(t)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`).MatchString(e.secret) {
		t.Fatalf("secret_token %q: want 16 to 256 of A-Z a-z 0-9 _ -", e.secret)
	}
	const path = "/tg/hook"
	refused := []struct {
		name, method, path, secret string
		body                       []byte
		status                     int
	}{
		{"wrong secret", http.MethodPost, path, "not-the-secret", []byte(e.ping(10)), http.StatusUnauthorized},
		{"secret cut short", http.MethodPost, path, e.secret[:len(e.secret)-1], []byte(e.ping(11)), http.StatusUnauthorized},
		{"no secret", http.MethodPost, path, "", []byte(e.ping(12)), http.StatusUnauthorized},
		{"oversize", http.MethodPost, path, e.secret, bytes.Repeat([]byte("x"), maxWebhookBody+1), http.StatusRequestEntityTooLarge},
		{"malformed", http.MethodPost, path, e.secret, []byte(`{"update_id":13,`), http.StatusBadRequest},
		{"no update_id", http.MethodPost, path, e.secret, []byte(`{"message":{"text":"/ping"}}`), http.StatusBadRequest},
		{"GET", http.MethodGet, path, e.secret, nil, http.StatusMethodNotAllowed},
		{"other path", http.MethodPost, "/tg/other", e.secret, []byte(e.ping(14)), http.StatusNotFound},
	}
	for _, r := range refused {
		if got := e.post(t, r.method, r.path, r.secret, r.body); got != r.status {
			t.Errorf("%s: status %d, want %d", r.name, got, r.status)
		}
	}

	if got := e.post(t, http.MethodPost, path, e.secret, []byte(e.ping(20))); got != http.StatusOK {
		t.Fatalf("good update: status %d", got)
	}
	e.waitHandled(t, 20)
	// Telegram repeats an update it got no answer for: stored once,
	// handled once. The next update of the chat is handled after anything
	// the repeat could have queued.
	if got := e.post(t, http.MethodPost, path, e.secret, []byte(e.ping(20))); got != http.StatusOK {
		t.Fatalf("repeated update: status %d", got)
	}
	if got := e.post(t, http.MethodPost, path, e.secret, []byte(e.ping(21))); got != http.StatusOK {
		t.Fatalf("next update: status %d", got)
	}
	e.waitHandled(t, 21)
	if got, want := e.pings(), []int64{20, 21}; !slices.Equal(got, want) {
		t.Errorf("handled %v, want %v: refused calls must never be handled", got, want)
	}
	if inbox, err := e.store.Inbox(); err != nil || len(inbox) != 0 {
		t.Errorf("inbox after handling: %v %v", inbox, err)
	}
	if n := e.srv.Calls("sendMessage"); n != 2 {
		t.Errorf("%d replies, want 2", n)
	}
	if strings.Contains(e.logs.String(), e.secret) {
		t.Error("the secret is in the log")
	}
}

// TestWebhookListenInUse: an address in use stops the start before any
// call to Telegram, with an error naming the setting.
func TestWebhookListenInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	srv := tgtest.NewServer()
	defer srv.Close()
	store, err := data.Open(filepath.Join(t.TempDir(), "b.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	tr, err := New(Config{Token: downloadToken, APIURL: srv.URL, WebhookURL: "https://bot.example.org/hook", Listen: busy.Addr().String()},
		store, nil, slog.New(slog.DiscardHandler), Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	err = tr.Run(downloadCtx(t))
	if !errors.Is(err, ErrListen) || !strings.Contains(err.Error(), "BRANCHBOT_LISTEN") {
		t.Fatalf("Run = %v; want ErrListen naming BRANCHBOT_LISTEN", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d calls to Telegram before the listener failed", n)
	}
}

// TestWebhookStopKeepsWhatItAccepted: an update answered 200 is in the
// inbox; one begun when the bot stops finishes, one not yet begun waits
// there and is handled at the next start, in polling mode here, which
// deletes the webhook and says so.
func TestWebhookStopKeepsWhatItAccepted(t *testing.T) {
	e := startHookEnv(t)
	gate, begun := make(chan struct{}), make(chan int64, 4)
	e.mu.Lock()
	e.gate, e.begun = gate, begun
	e.mu.Unlock()
	for _, id := range []int64{30, 31} { // one chat: 31 waits for 30
		if got := e.post(t, http.MethodPost, "/tg/hook", e.secret, []byte(e.ping(id))); got != http.StatusOK {
			t.Fatalf("update %d: status %d", id, got)
		}
	}
	if id := <-begun; id != 30 {
		t.Fatalf("began %d first", id)
	}
	e.cancel()
	close(gate) // 30 finishes during the shutdown
	if err := <-e.done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	e.cancel = nil
	inbox, err := e.store.Inbox()
	if err != nil || len(inbox) != 1 || inbox[0].ID != 31 {
		t.Fatalf("inbox after the stop = %+v, %v; want update 31 alone", inbox, err)
	}
	e.store.Close()

	e.mu.Lock()
	e.gate, e.begun = nil, nil
	e.mu.Unlock()
	e.run(t, false)
	e.waitHandled(t, 31)
	if got, want := e.pings(), []int64{30, 31}; !slices.Equal(got, want) {
		t.Errorf("handled %v, want %v", got, want)
	}
	if url, _ := e.srv.Webhook(); url != "" {
		t.Errorf("webhook %q still set after starting to poll", url)
	}
	if !strings.Contains(e.logs.String(), "deleted the webhook") {
		t.Error("the log does not say the webhook was deleted")
	}
}

// TestWebhookWatched: a webhook bot with nothing to do still asks Telegram
// about its webhook each polling timeout, so its health reads true, and
// sets it again when it was deleted elsewhere.
func TestWebhookWatched(t *testing.T) {
	e := startHookEnv(t)
	ctx := downloadCtx(t)
	asked := func(r tgtest.Request) bool { return r.Method == "getWebhookInfo" && r.Status == http.StatusOK }
	info, err := e.srv.WaitRequest(ctx, asked)
	if err != nil {
		t.Fatalf("the webhook was never looked at: %v", err)
	}
	// That call is the contact health reads: a quiet webhook bot is not
	// taken for one cut off from Telegram.
	for e.tr.contact.lastSuccess().Before(info.Time) {
		if ctx.Err() != nil {
			t.Fatal("the answer to getWebhookInfo was not counted as contact with Telegram")
		}
		runtime.Gosched()
	}
	resp, err := http.Post(e.srv.URL+"/bot"+downloadToken+"/deleteWebhook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	before, seen := e.srv.Calls("setWebhook"), 0
	if _, err := e.srv.WaitRequest(ctx, func(r tgtest.Request) bool {
		if r.Method == "setWebhook" && r.Status == http.StatusOK {
			seen++
		}
		return seen > before
	}); err != nil {
		t.Fatalf("the deleted webhook was not set again: %v", err)
	}
	if url, _ := e.srv.Webhook(); url != "http://127.0.0.1:1/tg/hook" {
		t.Errorf("webhook = %q", url)
	}
	if !strings.Contains(e.logs.String(), "the webhook was changed elsewhere") {
		t.Error("the log does not say the webhook was set again")
	}
}

// The webhook's secret comes from the token: the same for the same token,
// another for another, of the characters Telegram allows.
func TestWebhookSecret(t *testing.T) {
	a, b := webhookSecret("123:abc"), webhookSecret("123:abd")
	if a != webhookSecret("123:abc") || a == b {
		t.Fatalf("secrets %q, %q: want one per token, always the same", a, b)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`).MatchString(a) || strings.Contains(a, "abc") {
		t.Fatalf("secret %q: not what Telegram allows, or shows the token", a)
	}
}
