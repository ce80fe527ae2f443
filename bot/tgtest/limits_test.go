package tgtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"branchbot/bot/tgtest"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// scaled are limits fast enough for tests.
var scaled = tgtest.Limits{Global: 200, PerChat: 50, PerGroup: 20}

// sendRaw sends a text message with a JSON body and returns the status and
// the raw answer.
func sendRaw(ctx context.Context, t *testing.T, srv *tgtest.Server, chatID int64, text string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"chat_id":%d,"text":%q}`, chatID, text)
	code, raw, err := postRaw(ctx, srv, "sendMessage", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return code, string(raw)
}

func want429(t *testing.T, code int, raw string, retryAfter int) {
	t.Helper()
	want := fmt.Sprintf(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after %d","parameters":{"retry_after":%d}}`, retryAfter, retryAfter)
	if code != http.StatusTooManyRequests || raw != want {
		t.Fatalf("got %d %s, want 429 %s", code, raw, want)
	}
}

func sendOK(ctx context.Context, t *testing.T, srv *tgtest.Server, chatID int64, text string) {
	t.Helper()
	code, raw := sendRaw(ctx, t, srv, chatID, text)
	want200(t, code, raw)
}

func want200(t *testing.T, code int, raw string) {
	t.Helper()
	if code != http.StatusOK {
		t.Fatalf("got %d %s, want 200", code, raw)
	}
}

func TestPerChatLimitAndWindow(t *testing.T) {
	clock := newFakeClock()
	srv, _ := newServer(t, tgtest.WithLimits(scaled), tgtest.WithClock(clock.Now))
	ctx := ctxT(t)
	alice, bob := srv.NewUser("Alice", "en"), srv.NewUser("Bob", "en")

	// The clock stands still: the private chat's bucket (burst 3) empties.
	for i := range 3 {
		code, raw := sendRaw(ctx, t, srv, alice.ID, fmt.Sprint("hi ", i))
		want200(t, code, raw)
	}
	code, raw := sendRaw(ctx, t, srv, alice.ID, "too many")
	want429(t, code, raw, 1)
	opened := clock.Now()

	// The window is Alice's only; other calls go on.
	sendOK(ctx, t, srv, bob.ID, "hi bob")
	if err := getUpdatesErr(ctx, srv); err != nil {
		t.Fatal(err)
	}
	if n := srv.RequestsInRetryWindow(); n != 0 {
		t.Fatalf("RequestsInRetryWindow = %d before any violation", n)
	}

	// Ignoring the window: refused with the time left, and counted.
	code, raw = sendRaw(ctx, t, srv, alice.ID, "ignoring")
	want429(t, code, raw, 1)
	clock.Advance(999 * time.Millisecond)
	code, raw = sendRaw(ctx, t, srv, alice.ID, "still ignoring")
	want429(t, code, raw, 1)
	if n := srv.RequestsInRetryWindow(); n != 2 {
		t.Errorf("RequestsInRetryWindow = %d, want 2", n)
	}

	// The window lasts exactly retry_after seconds.
	clock.Set(opened.Add(time.Second))
	sendOK(ctx, t, srv, alice.ID, "after the window")
	if n := srv.RequestsInRetryWindow(); n != 2 {
		t.Errorf("RequestsInRetryWindow = %d, want 2", n)
	}

	if got := srv.DeliveredCount(alice.ID); got != 4 {
		t.Errorf("DeliveredCount(alice) = %d, want 4", got)
	}
	for _, m := range srv.Messages(alice.ID) {
		if strings.Contains(m.Text, "ignoring") || m.Text == "too many" {
			t.Errorf("refused message stored: %q", m.Text)
		}
	}
	st := srv.Stats()
	if st.Sent != 5 || st.Rejected429 != 3 || st.LimitHits != 1 || st.GlobalWindows != 0 || st.RetryWindowViolations != 2 {
		t.Errorf("Stats = %+v", st)
	}
	noViolations(t, srv)
}

// getUpdatesErr calls getUpdates without parameters and fails unless it
// succeeds.
func getUpdatesErr(ctx context.Context, srv *tgtest.Server) error {
	code, raw, err := postRaw(ctx, srv, "getUpdates", nil)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("getUpdates: %d %s", code, raw)
	}
	return nil
}

func TestHonouringTheWindow(t *testing.T) {
	clock := newFakeClock()
	srv, _ := newServer(t, tgtest.WithLimits(scaled), tgtest.WithClock(clock.Now))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	grp := srv.NewSupergroup("Branch")

	// A client that waits retry_after seconds after every 429 delivers
	// everything and never calls inside a window, in a private chat and
	// in a group alike.
	for _, chat := range []int64{alice.ID, grp.ID} {
		for i := 0; i < 20; {
			code, raw := sendRaw(ctx, t, srv, chat, fmt.Sprint("msg ", i))
			if code == http.StatusTooManyRequests {
				want429(t, code, raw, 1)
				clock.Advance(time.Second)
				continue
			}
			want200(t, code, raw)
			i++
		}
		if n := srv.DeliveredCount(chat); n != 20 {
			t.Errorf("DeliveredCount(%d) = %d, want 20", chat, n)
		}
	}
	if n := srv.RequestsInRetryWindow(); n != 0 {
		t.Errorf("RequestsInRetryWindow = %d, want 0", n)
	}
	// The private chat's bucket holds 3, the group's 5; at 50/s and
	// 20/s, one second refills either: 20 messages meet 6 and 3 limits.
	st := srv.Stats()
	if st.LimitHits != 6+3 || st.Rejected429 != st.LimitHits || st.Sent != 40 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestGlobalWindowCoversEveryChat(t *testing.T) {
	clock := newFakeClock()
	srv, _ := newServer(t, tgtest.WithLimits(scaled), tgtest.WithClock(clock.Now))
	ctx := ctxT(t)
	var users []*tgtest.User
	for i := range 202 {
		users = append(users, srv.NewUser(fmt.Sprint("U", i), "en"))
	}
	// One message to each of 200 chats empties the global bucket
	// (burst 200) without touching any chat's limit.
	for _, u := range users[:200] {
		sendOK(ctx, t, srv, u.ID, "hello")
	}
	code, raw := sendRaw(ctx, t, srv, users[200].ID, "hello")
	want429(t, code, raw, 1)
	// The window is global: another chat is refused too, and that counts.
	code, raw = sendRaw(ctx, t, srv, users[201].ID, "hello")
	want429(t, code, raw, 1)
	// Free methods go on.
	if err := getUpdatesErr(ctx, srv); err != nil {
		t.Fatal(err)
	}
	if n := srv.RequestsInRetryWindow(); n != 1 {
		t.Errorf("RequestsInRetryWindow = %d, want 1", n)
	}
	clock.Advance(time.Second)
	for _, u := range users[200:] {
		sendOK(ctx, t, srv, u.ID, "hello")
	}
	st := srv.Stats()
	if st.GlobalWindows != 1 || st.LimitHits != 1 || st.Sent != 202 || st.RetryWindowViolations != 1 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestTelegramLimitsRetryAfter(t *testing.T) {
	clock := newFakeClock()
	srv, _ := newServer(t, tgtest.WithLimits(tgtest.TelegramLimits()), tgtest.WithClock(clock.Now))
	ctx := ctxT(t)
	grp := srv.NewGroup("Branch")
	for range 5 {
		sendOK(ctx, t, srv, grp.ID, "hi")
	}
	// 20 per minute: the next token comes in 3 s.
	code, raw := sendRaw(ctx, t, srv, grp.ID, "hi")
	want429(t, code, raw, 3)
	clock.Advance(2 * time.Second)
	code, raw = sendRaw(ctx, t, srv, grp.ID, "hi")
	want429(t, code, raw, 1)
	clock.Advance(time.Second)
	sendOK(ctx, t, srv, grp.ID, "hi")

	// A fixed RetryAfter is rounded up to whole seconds.
	srv.SetLimits(tgtest.Limits{PerChat: 1, Burst: 1, RetryAfter: 1500 * time.Millisecond})
	alice := srv.NewUser("Alice", "en")
	sendOK(ctx, t, srv, alice.ID, "hi")
	code, raw = sendRaw(ctx, t, srv, alice.ID, "hi")
	want429(t, code, raw, 2)
}

// A client pacing itself with a rate.Limiter at exactly the global rate,
// across distinct chats, is never refused: not even with Burst 1, where
// nanosecond rounding of its waits would otherwise bite.
func TestExactRateIsNotRefused(t *testing.T) {
	for _, burst := range []int{0, 1} {
		clock := newFakeClock()
		limits := tgtest.TelegramLimits()
		limits.Burst = burst
		srv, _ := newServer(t, tgtest.WithLimits(limits), tgtest.WithClock(clock.Now))
		ctx := ctxT(t)
		client := rate.NewLimiter(limits.Global, 1)
		start := clock.Now()
		for i := range 120 {
			u := srv.NewUser(fmt.Sprint("U", i), "en")
			now := clock.Now()
			r := client.ReserveN(now, 1)
			clock.Set(now.Add(r.DelayFrom(now)))
			sendOK(ctx, t, srv, u.ID, "hi")
		}
		if d := clock.Now().Sub(start); d > 4*time.Second {
			t.Errorf("burst %d: 120 sends took %v of fake time, want about 4 s", burst, d)
		}
		if st := srv.Stats(); st.Rejected429 != 0 || st.Sent != 120 {
			t.Errorf("burst %d: Stats = %+v", burst, st)
		}
	}
}

// The real clock, through go-telegram: a client that sleeps retry_after
// seconds after a 429 gets through and makes no call inside the window.
// This is the one test that waits (about a second).
func TestRetryAfterRealClock(t *testing.T) {
	srv, b := newServer(t, tgtest.WithLimits(tgtest.Limits{Global: 200, PerChat: 50, RetryAfter: time.Second}))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	var tooMany *tgbot.TooManyRequestsError
	for i := 0; ; i++ {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: fmt.Sprint("hammer ", i)})
		if errors.As(err, &tooMany) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 10000 {
			t.Fatal("no 429 after 10000 sends")
		}
	}
	if tooMany.RetryAfter < 1 {
		t.Fatalf("retry_after = %d", tooMany.RetryAfter)
	}
	sent := srv.DeliveredCount(alice.ID)
	time.Sleep(time.Duration(tooMany.RetryAfter) * time.Second) // the client's duty, not a sync
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "after waiting"}); err != nil {
		t.Fatalf("after honouring retry_after: %v", err)
	}
	if n := srv.RequestsInRetryWindow(); n != 0 {
		t.Errorf("RequestsInRetryWindow = %d, want 0", n)
	}
	if got := srv.DeliveredCount(alice.ID); got != sent+1 {
		t.Errorf("DeliveredCount = %d, want %d", got, sent+1)
	}
}

// Many concurrent connections pacing themselves at the global rate are not
// refused.
func TestConcurrentPacedClients(t *testing.T) {
	const chats, workers = 600, 16
	limits := tgtest.Limits{Global: 3000, PerChat: 1}
	srv, b := newServer(t, tgtest.WithLimits(limits), tgtest.WithoutRequestLog())
	ctx := ctxT(t)
	users := make([]*tgtest.User, chats)
	for i := range users {
		users[i] = srv.NewUser(fmt.Sprint("U", i), "en")
	}
	pace := rate.NewLimiter(limits.Global, 1)
	jobs := make(chan *tgtest.User)
	var wg sync.WaitGroup
	errs := make(chan error, chats)
	for range workers {
		wg.Go(func() {
			for u := range jobs {
				if err := pace.Wait(ctx); err != nil {
					errs <- err
					continue
				}
				if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.ID, Text: "hello"}); err != nil {
					errs <- err
				}
			}
		})
	}
	for _, u := range users {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, u := range users {
		if n := srv.DeliveredCount(u.ID); n != 1 {
			t.Fatalf("DeliveredCount(%d) = %d", u.ID, n)
		}
	}
	if st := srv.Stats(); st.Sent != chats || st.Rejected429 != 0 || st.Requests != chats {
		t.Errorf("Stats = %+v", st)
	}
	if srv.Requests() != nil || srv.Calls("sendmessage") != chats {
		t.Errorf("request log kept %d, Calls = %d", len(srv.Requests()), srv.Calls("sendmessage"))
	}
	if _, err := srv.WaitRequest(ctx, func(tgtest.Request) bool { return true }); !errors.Is(err, tgtest.ErrNoRequestLog) {
		t.Errorf("WaitRequest without log: %v", err)
	}
}

func TestFaults(t *testing.T) {
	const n = 400
	srv, b := newServer(t, tgtest.WithFaults(tgtest.Faults{ServerErrorRate: 0.1, DropRate: 0.1, Seed: 42}))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	var serverErrs, drops int
	for i := range n {
		text := fmt.Sprint("message ", i)
		for attempt := 0; ; attempt++ {
			if attempt == 50 {
				t.Fatalf("%q: 50 failed attempts", text)
			}
			_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: text})
			if err == nil {
				break
			}
			switch msg := err.Error(); {
			case ctx.Err() != nil:
				t.Fatal(err)
			case strings.Contains(msg, "500 Internal Server Error") || strings.Contains(msg, "502 Bad Gateway"):
				serverErrs++
			case strings.Contains(msg, "error do request"):
				drops++ // the connection was closed: an error, not a hang
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
	}
	// Expected 10% of about 500 calls each; the bounds are loose.
	if serverErrs < 20 || serverErrs > 90 || drops < 20 || drops > 90 {
		t.Errorf("%d server errors, %d drops in about %d calls", serverErrs, drops, n+serverErrs+drops)
	}
	st := srv.Stats()
	if st.ServerErrors != serverErrs || st.Dropped != drops || st.Sent != n || st.Requests != n+serverErrs+drops {
		t.Errorf("Stats = %+v, client saw %d server errors and %d drops", st, serverErrs, drops)
	}
	// Exactly once: every text is stored once, in order.
	msgs := srv.Messages(alice.ID)
	if len(msgs) != n || srv.DeliveredCount(alice.ID) != n {
		t.Fatalf("%d messages stored, want %d", len(msgs), n)
	}
	for i, m := range msgs {
		if want := fmt.Sprint("message ", i); m.Text != want {
			t.Fatalf("message %d = %q, want %q", i, m.Text, want)
		}
	}
	var dropped int
	for _, r := range srv.Requests() {
		if r.Status == 0 {
			dropped++
		}
	}
	if dropped != drops {
		t.Errorf("%d requests logged with status 0, want %d", dropped, drops)
	}
	noViolations(t, srv)
}

func TestFaultsOnlyHitCountingMethods(t *testing.T) {
	srv, b := newServer(t, tgtest.WithFaults(tgtest.Faults{DropRate: 1}))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	if _, err := b.GetMe(ctx); err != nil {
		t.Errorf("getMe: %v", err)
	}
	if _, err := b.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: alice.ID, Action: "typing"}); err != nil {
		t.Errorf("sendChatAction: %v", err)
	}
	if err := getUpdatesErr(ctx, srv); err != nil {
		t.Error(err)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "lost"}); err == nil {
		t.Error("sendMessage went through DropRate 1")
	}
	if srv.DeliveredCount(alice.ID) != 0 {
		t.Error("dropped message was stored")
	}
	srv.SetFaults(tgtest.Faults{})
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "kept"}); err != nil {
		t.Errorf("after SetFaults: %v", err)
	}
	if st := srv.Stats(); st.Dropped != 1 || st.Sent != 1 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestNeverStarted(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	carol := srv.NewUserNotStarted("Carol", "en")
	if carol.Started() {
		t.Fatal("Started() = true")
	}
	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: carol.ID, Text: "hi"})
	if !errors.Is(err, tgbot.ErrorForbidden) || !strings.Contains(err.Error(), "Forbidden: bot can't initiate conversation with a user") {
		t.Errorf("err = %v", err)
	}
	// She can still be written to in a group.
	grp := srv.NewGroup("Branch")
	srv.SendText(carol, grp, "hello all")
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: grp.ID, Text: "welcome"}); err != nil {
		t.Errorf("group send: %v", err)
	}
	if carol.Started() {
		t.Error("writing in a group started the bot")
	}
	srv.SetStarted(carol)
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: carol.ID, Text: "hi"}); err != nil {
		t.Errorf("after SetStarted: %v", err)
	}

	// Writing to the bot starts it too.
	dave := srv.NewUser("Dave", "en")
	srv.SetNeverStarted(dave)
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: dave.ID, Text: "hi"}); !errors.Is(err, tgbot.ErrorForbidden) {
		t.Errorf("err = %v", err)
	}
	srv.SendText(dave, dave.PrivateChat(), "/start")
	if !dave.Started() {
		t.Error("/start did not start the bot")
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: dave.ID, Text: "hi"}); err != nil {
		t.Errorf("after /start: %v", err)
	}
	if st := srv.Stats(); st.Forbidden != 2 || st.Sent != 3 {
		t.Errorf("Stats = %+v", st)
	}
	noViolations(t, srv)
}

func TestNoLimitsByDefault(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	for i := range 100 {
		if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if st := srv.Stats(); st.Sent != 100 || st.Rejected429 != 0 || st.Requests != 100 {
		t.Errorf("Stats = %+v", st)
	}
}
