package bot

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/tgtest"
	"branchbot/data"
	"branchbot/schedule"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// fastSender keeps tests quick: the limits themselves are exercised
// against tgtest's limits in the sender tests and the benchmarks.
var fastSender = SenderConfig{Workers: 4, Global: rate.Inf, PerChat: rate.Inf, PerGroup: rate.Inf, RetryBase: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond}

// statusEvery is the tests' interval between edits of a live message.
const statusEvery = 20 * time.Millisecond

const testToken = "123456789:TEST-token-that-must-never-be-logged"

// harness runs a real Bot against a tgtest server and a real store in a
// temp dir. Tests talk to it as users do.
type harness struct {
	t      testing.TB
	srv    *tgtest.Server
	path   string
	clock  *schedule.Fake
	owners []int64
	logs   *syncBuffer
	sender SenderConfig
	level  slog.Level // of the bot's log; tests keep Debug to show on failure
	// setup, if set, changes a bot after it is built and before it runs
	// (a test's own command, say).
	setup func(*Bot)
	// realClock runs the bot on the real clock instead of clock: for the
	// sender's tests, whose pacing and retries against tgtest's limits
	// are real time.
	realClock bool
	// shift, if set, is the bot's clock instead: real time that the test
	// can move forward, for a story that jumps to a deadline and then
	// needs the sender's short real retries to run on their own.
	shift *schedule.Shifted
	// webhookURL and listen, when set, start the bot in webhook mode (see
	// webhookMode); empty, it polls.
	webhookURL, listen string
	// metrics, if set, is the registry the next start registers with.
	metrics prometheus.Registerer

	store  *data.Store
	bot    *Bot
	cancel context.CancelFunc
	done   chan error
}

// syncBuffer collects log lines from the bot's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// newHarness starts a server and a bot whose owner is the returned user.
func newHarness(t testing.TB, opts ...tgtest.Option) (*harness, *tgtest.User) {
	t.Helper()
	srv := tgtest.NewServer(opts...)
	owner := srv.NewUser("老王", "zh-hans")
	h := &harness{
		t:      t,
		srv:    srv,
		path:   filepath.Join(t.TempDir(), "branchbot.db"),
		clock:  schedule.NewFake(time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)),
		owners: []int64{owner.ID},
		logs:   &syncBuffer{},
		sender: fastSender,
		level:  slog.LevelDebug,
	}
	t.Cleanup(func() {
		h.stop()
		srv.Close()
		if v := srv.SpecViolations(); len(v) > 0 {
			t.Errorf("requests the real Bot API would reject:\n%s", strings.Join(v, "\n"))
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", h.logs.String())
		}
	})
	h.start(nil)
	return h, owner
}

// start opens the store and runs a bot on it; client nil means a plain
// HTTP client.
func (h *harness) start(client *http.Client) {
	h.t.Helper()
	store, err := data.Open(h.path, data.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := New(Config{
		Token: testToken, APIURL: h.srv.URL, Owners: h.owners, DefaultLang: i18n.ZH,
		Location: shanghai, PollTimeout: 10 * time.Second, HTTPClient: client,
		Sender:      h.sender,
		StatusEvery: statusEvery,
		WebhookURL:  h.webhookURL, Listen: h.listen,
		Metrics: h.metrics,
	}, store, h.botClock(), slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: h.level})))
	if err != nil {
		h.t.Fatal(err)
	}
	if h.setup != nil {
		h.setup(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.store, h.bot, h.cancel, h.done = store, b, cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
}

// botClock is the clock the bot runs on.
func (h *harness) botClock() schedule.Clock {
	if h.shift != nil {
		return h.shift
	}
	if h.realClock {
		return schedule.System{}
	}
	return h.clock
}

// stop shuts the bot down cleanly and closes the store.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run: %v", err)
	}
	h.store.Close()
	h.cancel = nil
}

// secondBranch makes u an owner (restarting the bot, as a change of its
// configuration would) and has u create 第二党支部.
func (h *harness) secondBranch(u *tgtest.User) {
	h.t.Helper()
	h.owners = append(h.owners, u.ID)
	h.stop()
	h.start(nil)
	h.dm(u, "/neworg 第二党支部")
}

// waitCtx bounds a wait for the bot. It is a safety net for a hung test,
// not a speed assertion.
func (h *harness) waitCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// handled waits until the bot has finished update id.
func (h *harness) handled(id int64) {
	h.t.Helper()
	ctx, cancel := h.waitCtx()
	defer cancel()
	// Confirmed means stored in the inbox (or dropped by allowed_updates,
	// and then never the bot's); handled comes after.
	if err := h.srv.WaitConfirmed(ctx, id); err != nil {
		h.t.Fatalf("update %d not received: %v", id, err)
	}
	if h.srv.Dropped(id) {
		return
	}
	if err := h.bot.WaitHandled(ctx, id); err != nil {
		h.t.Fatalf("update %d not handled: %v", id, err)
	}
}

// say sends text as u in chat and returns what the bot sent to that chat
// in response.
func (h *harness) say(u *tgtest.User, chat *tgtest.Chat, text string) []*tgtest.Message {
	h.t.Helper()
	// Notes to others go through the outbox: let earlier ones land first,
	// so that they are not taken for this message's replies.
	h.idle()
	before := len(h.srv.Messages(chat.ID))
	h.handled(h.srv.SendText(u, chat, text))
	return h.srv.Messages(chat.ID)[before:]
}

// dm sends text in u's private chat and returns the one reply, failing if
// there is not exactly one.
func (h *harness) dm(u *tgtest.User, text string) string {
	h.t.Helper()
	replies := h.say(u, u.PrivateChat(), text)
	if len(replies) != 1 {
		h.t.Fatalf("%s: %q got %d replies, want 1: %v", u.FirstName, text, len(replies), plains(replies))
	}
	return replies[0].Plain
}

// press presses the button labelled label on msg as u and returns the
// toast shown and the message as it is afterwards.
func (h *harness) press(u *tgtest.User, msg *tgtest.Message, label string) (string, *tgtest.Message) {
	h.t.Helper()
	cb, err := h.srv.PressButton(u, msg, label)
	if err != nil {
		h.t.Fatal(err)
	}
	h.handled(cb.UpdateID)
	ans, ok := h.srv.CallbackAnswer(cb.QueryID)
	if !ok {
		h.t.Fatalf("button %q was not answered", label)
	}
	return ans.Text, h.srv.Message(msg.ChatID, msg.ID)
}

func plains(ms []*tgtest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Plain)
	}
	return out
}

var inviteLink = regexp.MustCompile(`https://t\.me/branchbot_test_bot\?start=([A-Za-z0-9_-]+)`)

// inviteCode asks for an invite with the role word and returns its code.
func (h *harness) inviteCode(secretary *tgtest.User, role string) string {
	h.t.Helper()
	reply := h.dm(secretary, "/invite "+role)
	m := inviteLink.FindStringSubmatch(reply)
	if m == nil {
		h.t.Fatalf("no invite link in %q", reply)
	}
	return m[1]
}

func mustContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply %q does not contain %q", got, w)
		}
	}
}

// failingTransport fails requests that match while it is armed, the way a
// crash or a dead network would, without them reaching the server.
type failingTransport struct {
	mu    sync.Mutex
	armed bool
	match func(*http.Request) bool
}

func (f *failingTransport) arm() { f.mu.Lock(); f.armed = true; f.mu.Unlock() }

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := f.armed && f.match(r)
	f.mu.Unlock()
	if fail {
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		return nil, io.ErrUnexpectedEOF
	}
	return http.DefaultTransport.RoundTrip(r)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// idle waits until every due timer has fired and the outbox is empty.
func (h *harness) idle() {
	h.t.Helper()
	ctx, cancel := h.waitCtx()
	defer cancel()
	if err := h.bot.WaitIdle(ctx); err != nil {
		h.t.Fatalf("bot not idle: %v", err)
	}
}

// advance moves the fake clock and waits for what fell due.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	h.clock.Advance(d)
	h.idle()
}

// waitEdit waits until the bot edited a message in chatID so that its
// text contains want.
func (h *harness) waitEdit(chatID int64, want string) {
	h.t.Helper()
	ctx, cancel := h.waitCtx()
	defer cancel()
	match := func(r tgtest.Request) bool {
		return r.Method == "editMessageText" && r.Params["chat_id"] == strconv.FormatInt(chatID, 10) && strings.Contains(r.Params["text"], want) && r.Status == 200
	}
	// Live messages are edited at most once per status interval on the
	// bot's clock: move it on by an interval until the edit comes, as
	// time would.
	for {
		step, stop := context.WithTimeout(ctx, 200*time.Millisecond)
		_, err := h.srv.WaitRequest(step, match)
		stop()
		if err == nil {
			return
		}
		if ctx.Err() != nil {
			h.t.Fatalf("no edit with %q: %v", want, err)
		}
		if !h.realClock && h.shift == nil {
			h.clock.Advance(2 * statusEvery)
		}
	}
}

// messagesWith returns the messages in chatID whose text contains want.
func (h *harness) messagesWith(chatID int64, want string) []*tgtest.Message {
	var out []*tgtest.Message
	for _, m := range h.srv.Messages(chatID) {
		if strings.Contains(m.Plain, want) {
			out = append(out, m)
		}
	}
	return out
}

// pressStale presses a button as it was on msg when msg was read, even if
// the bot has since edited it away, and returns the toast.
func (h *harness) pressStale(u *tgtest.User, msg *tgtest.Message, label string) string {
	h.t.Helper()
	b, ok := msg.Button(label)
	if !ok {
		h.t.Fatalf("no button %q", label)
	}
	cb := h.srv.Press(u, msg, b.Data)
	h.handled(cb.UpdateID)
	ans, _ := h.srv.CallbackAnswer(cb.QueryID)
	return ans.Text
}
