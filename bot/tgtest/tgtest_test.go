package tgtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// newServer starts a server that is closed when the test ends and a
// go-telegram client pointed at it.
func newServer(t *testing.T, opts ...tgtest.Option) (*tgtest.Server, *tgbot.Bot) {
	t.Helper()
	srv := tgtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	b, err := tgbot.New("123:abc", tgbot.WithServerURL(srv.URL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return srv, b
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// postRaw calls method with body as a JSON body and returns the status and
// the raw answer.
func postRaw(ctx context.Context, srv *tgtest.Server, method string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/bot123:abc/"+method, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, raw, nil
}

// call calls method with a JSON body, as a bot's own update loop does, and
// returns the status and the decoded answer. It reports failure as an
// error, so that goroutines other than the test's may use it.
func call(ctx context.Context, srv *tgtest.Server, method string, params any) (int, envelope, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return 0, envelope{}, err
	}
	code, raw, err := postRaw(ctx, srv, method, body)
	if err != nil {
		return 0, envelope{}, err
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return 0, envelope{}, fmt.Errorf("%s: decode %q: %w", method, raw, err)
	}
	return code, env, nil
}

// post is call for the test's own goroutine: it fails the test on error.
func post(ctx context.Context, t *testing.T, srv *tgtest.Server, method string, params any) (int, envelope) {
	t.Helper()
	code, env, err := call(ctx, srv, method, params)
	if err != nil {
		t.Fatal(err)
	}
	return code, env
}

// fetchUpdates calls getUpdates and returns what it delivered, or an error
// unless it succeeded; safe to use from any goroutine.
func fetchUpdates(ctx context.Context, srv *tgtest.Server, params map[string]any) ([]models.Update, error) {
	code, env, err := call(ctx, srv, "getUpdates", params)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK || !env.OK {
		return nil, fmt.Errorf("getUpdates: %d %s", code, env.Description)
	}
	var ups []models.Update
	if err := json.Unmarshal(env.Result, &ups); err != nil {
		return nil, fmt.Errorf("getUpdates: decode %s: %w", env.Result, err)
	}
	return ups, nil
}

// getUpdates is fetchUpdates for the test's own goroutine.
func getUpdates(ctx context.Context, t *testing.T, srv *tgtest.Server, params map[string]any) []models.Update {
	t.Helper()
	ups, err := fetchUpdates(ctx, srv, params)
	if err != nil {
		t.Fatal(err)
	}
	return ups
}

// polled is the outcome of a getUpdates made from another goroutine.
type polled struct {
	ups []models.Update
	err error
}

// pollAsync calls getUpdates from a new goroutine; the test receives the
// outcome from the channel and checks the error itself.
func pollAsync(ctx context.Context, srv *tgtest.Server, params map[string]any) <-chan polled {
	out := make(chan polled, 1)
	go func() {
		ups, err := fetchUpdates(ctx, srv, params)
		out <- polled{ups, err}
	}()
	return out
}

func noViolations(t *testing.T, srv *tgtest.Server) {
	t.Helper()
	if v := srv.SpecViolations(); len(v) > 0 {
		t.Errorf("spec violations:\n%s", strings.Join(v, "\n"))
	}
}

func wantViolation(t *testing.T, srv *tgtest.Server, substr string) {
	t.Helper()
	for _, v := range srv.SpecViolations() {
		if strings.Contains(v, substr) {
			return
		}
	}
	t.Errorf("no violation containing %q in %q", substr, srv.SpecViolations())
}

func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func TestSendMessageWithKeyboard(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")

	me, err := b.GetMe(ctx)
	if err != nil || !me.IsBot || me.ID != tgtest.BotID || me.Username != "branchbot_test_bot" {
		t.Fatalf("getMe = %+v, %v", me, err)
	}
	got, err := b.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID:    alice.ID,
		Text:      "<b>Vote</b> &amp; win",
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: keyboard(
			[]models.InlineKeyboardButton{{Text: "Yes", CallbackData: "vote:yes"}, {Text: "No", CallbackData: "vote:no"}},
			[]models.InlineKeyboardButton{{Text: "Docs", URL: "https://example.com/docs"}},
		),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 1 || got.Chat.ID != alice.ID || got.From == nil || got.From.ID != tgtest.BotID || got.Text != "Vote & win" {
		t.Errorf("sendMessage result = %+v", got)
	}
	if got.ReplyMarkup == nil || len(got.ReplyMarkup.InlineKeyboard) != 2 {
		t.Errorf("result markup = %+v", got.ReplyMarkup)
	}

	msgs := srv.Messages(alice.ID)
	if len(msgs) != 1 {
		t.Fatalf("Messages = %d, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Text != "<b>Vote</b> &amp; win" || m.Plain != "Vote & win" || m.ParseMode != "HTML" || m.From != tgtest.BotID {
		t.Errorf("stored message = %+v", m)
	}
	want := []tgtest.Button{{Text: "Yes", Data: "vote:yes"}, {Text: "No", Data: "vote:no"}, {Text: "Docs", URL: "https://example.com/docs"}}
	if !slices.Equal(m.Buttons(), want) {
		t.Errorf("Buttons = %+v, want %+v", m.Buttons(), want)
	}
	if srv.LastMessage(alice.ID).ID != m.ID || srv.Calls("sendmessage") != 1 {
		t.Errorf("LastMessage/Calls disagree")
	}
	noViolations(t, srv)
}

func TestUnknownMethod(t *testing.T) {
	srv, _ := newServer(t)
	code, env := post(ctxT(t), t, srv, "sendTelepathy", map[string]any{"chat_id": 1})
	if code != http.StatusNotFound || env.OK || env.ErrorCode != 404 || env.Description != "Not Found" {
		t.Errorf("got %d %+v", code, env)
	}
	wantViolation(t, srv, "sendTelepathy")
}

func TestMissingAndUnknownFields(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")

	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID})
	if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), "message text is empty") {
		t.Errorf("empty text: %v", err)
	}
	code, env := post(ctx, t, srv, "sendMessage", map[string]any{"text": "hi"})
	if code != 400 || env.Description != "Bad Request: chat_id is required" {
		t.Errorf("no chat_id: %d %q", code, env.Description)
	}
	code, env = post(ctx, t, srv, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "hi", "colour": "red"})
	if code != 400 || env.Description != "Bad Request: unknown field colour for sendMessage" {
		t.Errorf("unknown field: %d %q", code, env.Description)
	}
	code, env = post(ctx, t, srv, "sendMessage", map[string]any{"chat_id": "alice", "text": "hi"})
	if code != 400 || env.Description != "Bad Request: chat not found" {
		t.Errorf("bad chat_id: %d %q", code, env.Description)
	}
	if v := srv.SpecViolations(); len(v) != 4 {
		t.Errorf("violations = %q, want 4", v)
	}
	// A well-formed call to an unknown chat is an error, not a violation.
	code, _ = post(ctx, t, srv, "sendMessage", map[string]any{"chat_id": 42, "text": "hi"})
	if code != 400 || len(srv.SpecViolations()) != 4 {
		t.Errorf("unknown chat: %d, violations %q", code, srv.SpecViolations())
	}
	if len(srv.Messages(alice.ID)) != 0 {
		t.Error("a rejected message was stored")
	}
}

func TestValueRules(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	send := func(text string, mode models.ParseMode, kb *models.InlineKeyboardMarkup) error {
		p := &tgbot.SendMessageParams{ChatID: alice.ID, Text: text, ParseMode: mode}
		if kb != nil {
			p.ReplyMarkup = kb
		}
		_, err := b.SendMessage(ctx, p)
		return err
	}
	cases := []struct {
		name, text string
		mode       models.ParseMode
		kb         *models.InlineKeyboardMarkup
		want       string
	}{
		{"too long", strings.Repeat("好", 4097), "", nil, "message is too long"},
		{"blank", " \n ", "", nil, "message text is empty"},
		{"unknown tag", "use /join <name>", models.ParseModeHTML, nil, `Unsupported start tag "name" at byte offset 10`},
		{"unclosed tag", "<b>bold", models.ParseModeHTML, nil, `Can't find end tag corresponding to start tag "b"`},
		{"bare <", "1 < 2", models.ParseModeHTML, nil, `Unsupported start tag "" at byte offset 2`},
		{"markdownv2 dot", "Done.", models.ParseModeMarkdown, nil, `Character '.' is reserved`},
		{"markdown underscore", "user_name", models.ParseModeMarkdownV1, nil, "Can't find end of the entity starting at byte offset 4"},
		{"long callback data", "pick", "", keyboard([]models.InlineKeyboardButton{{Text: "x", CallbackData: strings.Repeat("d", 65)}}), "BUTTON_DATA_INVALID"},
		{"text button", "pick", "", keyboard([]models.InlineKeyboardButton{{Text: "x"}}), "Text buttons are unallowed"},
	}
	for _, tc := range cases {
		err := send(tc.text, tc.mode, tc.kb)
		if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	if v := srv.SpecViolations(); len(v) != len(cases) {
		t.Errorf("violations = %d, want %d:\n%s", len(v), len(cases), strings.Join(v, "\n"))
	}
	ok := []struct {
		text string
		mode models.ParseMode
	}{
		{strings.Repeat("好", 4096), ""},
		{`<a href="https://t.me/x?a=1&b=2">link</a> <i>x</i> &lt;name&gt; &#39; <tg-spoiler>s</tg-spoiler> <pre><code class="language-go">x</code></pre>`, models.ParseModeHTML},
		{`*bold* _it_ __u__ ~s~ ||sp|| [l](https://x.y/\)) \. \! ` + "`code.` ```go\nx.y```", models.ParseModeMarkdown},
		{"*b* _i_ `c` [l](https://x.y) 1.5 (ok)", models.ParseModeMarkdownV1},
	}
	for _, tc := range ok {
		if err := send(tc.text, tc.mode, nil); err != nil {
			t.Errorf("%.40q (%s): %v", tc.text, tc.mode, err)
		}
	}
	if got := srv.Messages(alice.ID)[1].Plain; got != `link x <name> ' s x` {
		t.Errorf("plain HTML text = %q", got)
	}
}

func TestBlockedUser(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	bob := srv.NewUser("Bob", "en")
	srv.Block(bob)
	if !bob.Blocked() {
		t.Fatal("Blocked() = false")
	}
	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: bob.ID, Text: "hi"})
	if !errors.Is(err, tgbot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Errorf("err = %v", err)
	}
	srv.Unblock(bob)
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: bob.ID, Text: "hi"}); err != nil {
		t.Errorf("after Unblock: %v", err)
	}
	noViolations(t, srv)
}

func TestFailNext(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	srv.FailNext("sendMessage", http.StatusTooManyRequests, "", 7)

	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "hi"})
	var tooMany *tgbot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("err = %v", err)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "hi"}); err != nil {
		t.Errorf("second call: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[0].Description != "Too Many Requests: retry after 7" ||
		reqs[0].Params["text"] != "hi" || reqs[1].Status != 200 {
		t.Errorf("requests = %+v", reqs)
	}
	noViolations(t, srv)
}

func TestLongPolling(t *testing.T) {
	srv, _ := newServer(t, tgtest.WithFirstUpdateID(500))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")

	// An empty queue with timeout 0 answers at once.
	if ups := getUpdates(ctx, t, srv, map[string]any{"timeout": 0}); len(ups) != 0 {
		t.Fatalf("updates = %+v", ups)
	}

	got := pollAsync(ctx, srv, map[string]any{"timeout": 30})
	if err := srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	id := srv.SendText(alice, alice.PrivateChat(), "/start")
	if id != 500 {
		t.Errorf("update id = %d, want 500", id)
	}
	p := <-got
	if p.err != nil {
		t.Fatal(p.err)
	}
	ups := p.ups
	if len(ups) != 1 || ups[0].ID != id || ups[0].Message == nil || ups[0].Message.Text != "/start" ||
		ups[0].Message.From.ID != alice.ID || ups[0].Message.Chat.ID != alice.ID {
		t.Fatalf("updates = %+v", ups)
	}

	// Not confirmed yet: still pending, and delivered again. (Asked
	// directly rather than by a WaitConfirmed that times out: nothing is
	// on its way that a short wait could miss.)
	if n := srv.Pending(); n != 1 {
		t.Fatalf("Pending before confirmation = %d, want 1", n)
	}
	if ups := getUpdates(ctx, t, srv, nil); len(ups) != 1 || ups[0].ID != id {
		t.Fatalf("redelivery = %+v", ups)
	}

	done := make(chan error, 1)
	go func() { done <- srv.WaitConfirmed(ctx, id) }()
	if ups := getUpdates(ctx, t, srv, map[string]any{"offset": id + 1}); len(ups) != 0 {
		t.Fatalf("after confirmation = %+v", ups)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if srv.Pending() != 0 {
		t.Errorf("Pending = %d", srv.Pending())
	}

	// limit and offset select a window of the queue.
	var ids []int64
	for _, text := range []string{"a", "b", "c"} {
		ids = append(ids, srv.SendText(alice, alice.PrivateChat(), text))
	}
	ups = getUpdates(ctx, t, srv, map[string]any{"offset": ids[1], "limit": 1})
	if len(ups) != 1 || ups[0].ID != ids[1] || srv.Pending() != 2 {
		t.Errorf("window = %+v, pending %d", ups, srv.Pending())
	}
	noViolations(t, srv)
}

func TestAllowedUpdates(t *testing.T) {
	srv, _ := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	getUpdates(ctx, t, srv, map[string]any{"allowed_updates": []string{"callback_query"}})
	id := srv.SendText(alice, alice.PrivateChat(), "dropped")
	if err := srv.WaitConfirmed(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ups := getUpdates(ctx, t, srv, nil); len(ups) != 0 {
		t.Errorf("updates = %+v", ups)
	}
}

func TestConflictAndClose(t *testing.T) {
	srv, _ := newServer(t)
	ctx := ctxT(t)

	first := callAsync(ctx, srv, "getUpdates", map[string]any{"timeout": 30})
	if err := srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	second := callAsync(ctx, srv, "getUpdates", map[string]any{"timeout": 30})
	env := answered(t, <-first)
	if env.OK || env.ErrorCode != http.StatusConflict || !strings.Contains(env.Description, "terminated by other getUpdates request") {
		t.Errorf("older poll got %+v", env)
	}
	if err := srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if env := answered(t, <-second); !env.OK || string(env.Result) != "[]" {
		t.Errorf("poll at Close got %+v", env)
	}
	if err := srv.WaitConfirmed(ctx, 5000); !errors.Is(err, tgtest.ErrClosed) {
		t.Errorf("WaitConfirmed after Close = %v", err)
	}
}

// outcome is the answer to a call made from another goroutine.
type outcome struct {
	env envelope
	err error
}

// callAsync makes a call from a new goroutine; answered checks the outcome
// on the test's goroutine.
func callAsync(ctx context.Context, srv *tgtest.Server, method string, params any) <-chan outcome {
	out := make(chan outcome, 1)
	go func() {
		_, env, err := call(ctx, srv, method, params)
		out <- outcome{env, err}
	}()
	return out
}

func answered(t *testing.T, o outcome) envelope {
	t.Helper()
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.env
}

func TestCommandEntitiesUTF16(t *testing.T) {
	srv, _ := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "zh")
	grp := srv.NewGroup("第一党小组")
	if grp.ID >= 0 || grp.Type != models.ChatTypeGroup {
		t.Fatalf("group = %+v", grp)
	}
	text := "大家好 /help@branchbot_test_bot 👍 /vote_1, 好/no x/no /a@b"
	srv.SendText(alice, grp, text)
	ups := getUpdates(ctx, t, srv, nil)
	if len(ups) != 1 {
		t.Fatalf("updates = %+v", ups)
	}
	var got []string
	for _, e := range ups[0].Message.Entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			t.Errorf("entity type %q", e.Type)
		}
		u := utf16Slice(text, e.Offset, e.Length)
		got = append(got, u)
	}
	want := []string{"/help@branchbot_test_bot", "/vote_1"}
	if !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
	e := ups[0].Message.Entities
	if len(e) == 2 && (e[0].Offset != 4 || e[0].Length != 24 || e[1].Offset != 32) {
		t.Errorf("entities = %+v", e)
	}
	if ups[0].Message.Chat.Title != "第一党小组" || ups[0].Message.Chat.Type != models.ChatTypeGroup {
		t.Errorf("chat = %+v", ups[0].Message.Chat)
	}
}

// utf16Slice cuts s by UTF-16 offset and length, as entities count.
func utf16Slice(s string, off, n int) string {
	var b strings.Builder
	pos := 0
	for _, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if pos >= off && pos+w <= off+n {
			b.WriteRune(r)
		}
		pos += w
	}
	return b.String()
}

func TestEditMessageText(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	kb := keyboard([]models.InlineKeyboardButton{{Text: "Again", CallbackData: "again"}})
	sent, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "one", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(text string, markup models.ReplyMarkup) error {
		_, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: text, ReplyMarkup: markup})
		return err
	}
	if err := edit("two", kb); err != nil {
		t.Fatal(err)
	}
	m := srv.LastMessage(alice.ID)
	if m.Text != "two" || m.Edits != 1 || len(m.Buttons()) != 1 {
		t.Errorf("after edit: %+v", m)
	}
	if err := edit("two", kb); err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("identical edit: %v", err)
	}
	// Like Telegram, an edit without reply_markup removes the keyboard.
	if err := edit("two", nil); err != nil {
		t.Fatal(err)
	}
	if m := srv.LastMessage(alice.ID); m.Keyboard != nil || m.Edits != 2 {
		t.Errorf("after edit without markup: %+v", m)
	}
	_, err = b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: 99, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("unknown message: %v", err)
	}
	if ok, err := b.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: alice.ID, MessageID: sent.ID}); !ok || err != nil {
		t.Fatalf("delete: %v", err)
	}
	if m := srv.LastMessage(alice.ID); !m.Deleted {
		t.Errorf("not deleted: %+v", m)
	}
	if err := edit("three", nil); err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("edit deleted: %v", err)
	}
	noViolations(t, srv)
}

func TestCallbackQueries(t *testing.T) {
	var mu sync.Mutex
	var events []tgtest.Event
	srv, b := newServer(t, tgtest.WithObserver(func(e tgtest.Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")

	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: "12345"}); err == nil ||
		!strings.Contains(err.Error(), "query is too old and response timeout expired or query ID is invalid") {
		t.Errorf("unknown query: %v", err)
	}

	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Join?",
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "Join", CallbackData: "join:7"}})}); err != nil {
		t.Fatal(err)
	}
	cb, err := srv.PressButton(alice, srv.LastMessage(alice.ID), "Join")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.PressButton(alice, srv.LastMessage(alice.ID), "Leave"); err == nil {
		t.Error("pressed a missing button")
	}
	ups := getUpdates(ctx, t, srv, nil)
	if len(ups) != 1 || ups[0].ID != cb.UpdateID || ups[0].CallbackQuery == nil {
		t.Fatalf("updates = %+v", ups)
	}
	q := ups[0].CallbackQuery
	if q.ID != cb.QueryID || q.Data != "join:7" || q.From.ID != alice.ID || q.ChatInstance == "" ||
		q.Message.Message == nil || q.Message.Message.Text != "Join?" || q.Message.Message.ReplyMarkup == nil {
		t.Errorf("callback query = %+v", q)
	}
	if _, ok := srv.CallbackAnswer(cb.QueryID); ok {
		t.Error("answered before the bot answered")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cb.QueryID, Text: "Joined", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	if a, ok := srv.CallbackAnswer(cb.QueryID); !ok || a.Text != "Joined" || !a.ShowAlert {
		t.Errorf("answer = %+v, %v", a, ok)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cb.QueryID}); err == nil {
		t.Error("second answer accepted")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cb.QueryID, Text: strings.Repeat("x", 201)}); err == nil {
		t.Error("long answer accepted")
	}
	wantViolation(t, srv, "MESSAGE_TOO_LONG")

	mu.Lock()
	defer mu.Unlock()
	var kinds []tgtest.EventKind
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []tgtest.EventKind{tgtest.EventSent, tgtest.EventAnswered, tgtest.EventViolation}
	if !slices.Equal(kinds, want) {
		t.Errorf("events = %q, want %q", kinds, want)
	}
	if e := events[1]; e.Answer == nil || e.Answer.Text != "Joined" || e.Message == nil || e.Message.Text != "Join?" || e.Chat.ID != alice.ID {
		t.Errorf("answered event = %+v", e)
	}
}

func TestSendDocument(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	grp := srv.NewSupergroup("Branch")
	data := []byte("name,role\nAlice,member\n")
	got, err := b.SendDocument(ctx, &tgbot.SendDocumentParams{
		ChatID:    grp.ID,
		Document:  &models.InputFileUpload{Filename: "members.csv", Data: bytes.NewReader(data)},
		Caption:   "<i>Members</i>",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Document == nil || got.Document.FileName != "members.csv" || got.Document.FileID == "" || got.Caption != "Members" {
		t.Fatalf("result = %+v", got)
	}
	m := srv.LastMessage(grp.ID)
	if m.Kind != "document" || m.File == nil || !bytes.Equal(m.File.Data, data) || m.Caption != "<i>Members</i>" ||
		m.File.Name != "members.csv" || m.File.MimeType != "text/csv" {
		t.Errorf("stored = %+v", m)
	}

	// Resending by file_id reuses the file; it can be downloaded.
	if _, err := b.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: grp.ID, Document: &models.InputFileString{Data: got.Document.FileID}}); err != nil {
		t.Fatal(err)
	}
	f, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: got.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, data) {
		t.Errorf("download = %q", body)
	}
	if _, err := b.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: grp.ID, Document: &models.InputFileString{Data: "nope"}}); err == nil {
		t.Error("unknown file_id accepted")
	}
	noViolations(t, srv)
}

func TestMyCommands(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "zh")
	private := []models.BotCommand{{Command: "start", Description: "开始"}, {Command: "help", Description: "帮助"}}
	set := func(scope models.BotCommandScope, lang string, cmds []models.BotCommand) error {
		_, err := b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: lang})
		return err
	}
	if err := set(&models.BotCommandScopeAllPrivateChats{}, "zh", private); err != nil {
		t.Fatal(err)
	}
	if err := set(nil, "", private[:1]); err != nil {
		t.Fatal(err)
	}
	if err := set(&models.BotCommandScopeChat{ChatID: alice.ID}, "", private[1:]); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("all_private_chats", "zh"); !slices.Equal(got, private) {
		t.Errorf("all_private_chats/zh = %+v", got)
	}
	if got := srv.Commands("all_private_chats", ""); got != nil {
		t.Errorf("all_private_chats/\"\" = %+v", got)
	}
	if got := srv.Commands("default", ""); !slices.Equal(got, private[:1]) {
		t.Errorf("default = %+v", got)
	}
	if got := srv.Commands("chat:100001", ""); !slices.Equal(got, private[1:]) {
		t.Errorf("chat = %+v", got)
	}
	got, err := b.GetMyCommands(ctx, &tgbot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "zh"})
	if err != nil || !slices.Equal(got, private) {
		t.Errorf("getMyCommands = %+v, %v", got, err)
	}
	if _, err := b.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: alice.ID}}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("chat:100001", ""); got != nil {
		t.Errorf("after delete = %+v", got)
	}
	noViolations(t, srv)

	for _, bad := range []models.BotCommand{{Command: "Start", Description: "x"}, {Command: "/help", Description: "x"}, {Command: "ok", Description: ""}} {
		if err := set(nil, "", []models.BotCommand{bad}); !errors.Is(err, tgbot.ErrorBadRequest) {
			t.Errorf("%+v accepted: %v", bad, err)
		}
	}
	wantViolation(t, srv, "BOT_COMMAND_INVALID")
	wantViolation(t, srv, "BOT_COMMAND_DESCRIPTION_INVALID")
	if got := srv.Commands("default", ""); !slices.Equal(got, private[:1]) {
		t.Errorf("rejected commands were stored: %+v", got)
	}
}

func TestTokenAndFormEncodings(t *testing.T) {
	srv, b := newServer(t, tgtest.WithToken("999:right"))
	ctx := ctxT(t)
	if _, err := b.GetMe(ctx); !errors.Is(err, tgbot.ErrorUnauthorized) {
		t.Errorf("wrong token: %v", err)
	}
	alice := srv.NewUser("Alice", "en")
	resp, err := http.PostForm(srv.URL+"/bot999:right/SENDMESSAGE?chat_id=100001", map[string][]string{"text": {"form"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || srv.LastMessage(alice.ID).Text != "form" {
		t.Errorf("url-encoded call: %d", resp.StatusCode)
	}
	if r := srv.Requests(); r[len(r)-1].Method != "sendMessage" {
		t.Errorf("method name not normalised: %q", r[len(r)-1].Method)
	}
	noViolations(t, srv)
}

func TestReplyAndInject(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Your name?",
		ReplyMarkup: &models.ForceReply{ForceReply: true}}); err != nil {
		t.Fatal(err)
	}
	asked := srv.LastMessage(alice.ID)
	srv.Reply(alice, asked, "Alice")
	srv.Inject(models.Update{EditedMessage: &models.Message{ID: 2, Chat: alice.PrivateChat().Model(), Text: "Alice L."}})
	ups := getUpdates(ctx, t, srv, nil)
	if len(ups) != 2 || ups[0].Message.ReplyToMessage == nil || ups[0].Message.ReplyToMessage.ID != int(asked.ID) ||
		ups[1].EditedMessage == nil || ups[1].EditedMessage.Date == 0 {
		t.Fatalf("updates = %+v", ups)
	}
	// The bot can reply to the user's message; a missing one is an error.
	reply := &models.ReplyParameters{MessageID: ups[0].Message.ID}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Thanks", ReplyParameters: reply}); err != nil {
		t.Fatal(err)
	}
	if m := srv.LastMessage(alice.ID); m.ReplyTo != int64(ups[0].Message.ID) {
		t.Errorf("ReplyTo = %d", m.ReplyTo)
	}
	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 77}})
	if err == nil || !strings.Contains(err.Error(), "message to be replied not found") {
		t.Errorf("reply to missing: %v", err)
	}
	noViolations(t, srv)
}

func TestOtherMethods(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	grp := srv.NewSupergroup("Branch")
	srv.SetMemberStatus(grp, alice.ID, models.ChatMemberTypeAdministrator)

	if ok, err := b.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); !ok || err != nil {
		t.Errorf("deleteWebhook: %v %v", ok, err)
	}
	if ok, err := b.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: alice.ID, Action: models.ChatActionTyping}); !ok || err != nil {
		t.Errorf("sendChatAction: %v %v", ok, err)
	}
	photo, err := b.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: grp.ID, Photo: &models.InputFileUpload{Filename: "a.jpg", Data: bytes.NewReader([]byte{0xff, 0xd8})}, Caption: "pic"})
	if err != nil || len(photo.Photo) != 1 || photo.Caption != "pic" {
		t.Errorf("sendPhoto: %+v %v", photo, err)
	}
	if m := srv.LastMessage(grp.ID); m.Kind != "photo" || m.File == nil {
		t.Errorf("stored photo: %+v", m)
	}
	member, err := b.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: grp.ID, UserID: alice.ID})
	if err != nil || member.Type != models.ChatMemberTypeAdministrator || member.Administrator.User.ID != alice.ID {
		t.Errorf("getChatMember: %+v %v", member, err)
	}
	admins, err := b.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: grp.ID})
	if err != nil || len(admins) != 1 {
		t.Errorf("getChatAdministrators: %+v %v", admins, err)
	}
	chat, err := b.GetChat(ctx, &tgbot.GetChatParams{ChatID: grp.ID})
	if err != nil || chat.Title != "Branch" || chat.Type != models.ChatTypeSupergroup {
		t.Errorf("getChat: %+v %v", chat, err)
	}
	if mb, err := b.GetChatMenuButton(ctx, &tgbot.GetChatMenuButtonParams{ChatID: alice.ID}); err != nil || mb.Type != models.MenuButtonTypeDefault {
		t.Errorf("getChatMenuButton: %+v %v", mb, err)
	}
	if info, err := b.GetWebhookInfo(ctx); err != nil || info.URL != "" {
		t.Errorf("getWebhookInfo: %+v %v", info, err)
	}
	noViolations(t, srv)
}

func TestObserverSeesEditsAndDeletes(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv, b := newServer(t, tgtest.WithObserver(func(e tgtest.Event) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, string(e.Kind)+":"+e.Message.Plain)
	}))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	m, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: m.ID, Text: "v2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: alice.ID, MessageID: m.ID}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"sent:v1", "edited:v2", "deleted:v2"}; !slices.Equal(seen, want) {
		t.Errorf("events = %q, want %q", seen, want)
	}
}
