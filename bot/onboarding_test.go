package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/telegram"
	"branchbot/bot/tgtest"
	"branchbot/data"
)

// The owner creates a branch and invites three members, who join; a reused
// code is refused and a member cannot invite.
func TestOnboardingStory(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh-hans")
	bob := h.srv.NewUser("Bob", "en")
	carol := h.srv.NewUser("张三", "zh")
	dave := h.srv.NewUser("Dave", "en")

	mustContain(t, h.dm(owner, "/neworg 第一党支部"), "已创建支部「第一党支部」", "书记")

	// Invite by buttons: the prompt is edited into the link.
	prompt := h.say(owner, owner.PrivateChat(), "/invite")
	if len(prompt) != 1 || len(prompt[0].Buttons()) != 4 {
		t.Fatalf("invite prompt = %+v", prompt)
	}
	_, edited := h.press(owner, prompt[0], "党员")
	code := inviteLink.FindStringSubmatch(edited.Plain)
	if code == nil || len(edited.Buttons()) != 0 {
		t.Fatalf("pressed prompt became %q with %d buttons", edited.Plain, len(edited.Buttons()))
	}
	mustContain(t, h.dm(alice, "/start "+code[1]), "欢迎加入「第一党支部」", "党员")
	h.idle() // the note to the inviter goes through the outbox
	mustContain(t, h.srv.LastMessage(owner.ID).Plain, "Alice", "第一党支部")

	mustContain(t, h.dm(bob, "/start "+h.inviteCode(owner, "member")), "Welcome to “第一党支部”", "member")
	mustContain(t, h.dm(carol, "/start "+h.inviteCode(owner, "支委")), "支委")

	// The code Alice used is spent.
	mustContain(t, h.dm(dave, "/start "+code[1]), "already been used")
	if _, err := h.store.Member(dave.ID); !errors.Is(err, data.ErrNotMember) {
		t.Errorf("Dave became a member with a used code: %v", err)
	}
	// A member may not invite.
	mustContain(t, h.dm(alice, "/invite"), "只有书记可以使用 /invite")
	mustContain(t, h.dm(bob, "/invite secretary"), "only a secretary can use /invite")

	members := h.dm(owner, "/members")
	mustContain(t, members, "共 4 人", "老王", "Alice", "Bob", "张三")
	// carol is committee: she may list members, but not change roles.
	mustContain(t, h.dm(carol, "/members"), "共 4 人")
	mustContain(t, h.dm(carol, "/role Alice 支委"), "只有书记")
}

func TestInviteCodes(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh")
	h.dm(owner, "/neworg 第一党支部")

	mustContain(t, h.dm(alice, "/start nosuchcode"), "邀请链接无效")
	mustContain(t, h.dm(alice, "/start ../../etc/passwd"), "邀请链接无效")

	code := h.inviteCode(owner, "党员")
	h.clock.Advance(data.InviteTTL)
	mustContain(t, h.dm(alice, "/start "+code), "已过期")
	if _, err := h.store.Member(alice.ID); !errors.Is(err, data.ErrNotMember) {
		t.Fatalf("joined with an expired code: %v", err)
	}

	fresh := h.inviteCode(owner, "党员")
	h.dm(alice, "/start "+fresh)
	mustContain(t, h.dm(alice, "/start "+h.inviteCode(owner, "党员")), "你已经是「第一党支部」的成员")
	mustContain(t, h.dm(owner, "/invite boss"), "不认识身份", "用法")

	// A second branch's invite does not move a member.
	other := h.srv.NewUser("Other owner", "zh")
	h.secondBranch(other)
	mustContain(t, h.dm(alice, "/start "+h.inviteCode(other, "党员")), "你已经是「第一党支部」的成员", "一个账号只能加入一个支部")
}

func TestGreetingsAndHelpFollowTheUser(t *testing.T) {
	h, owner := newHarness(t)
	stranger := h.srv.NewUser("Eve", "en-GB")
	zhStranger := h.srv.NewUser("小李", "")

	mustContain(t, h.dm(stranger, "/start"), "Hello, Eve!", "invite link")
	mustContain(t, h.dm(zhStranger, "/start"), "你好，小李！")
	help := h.dm(stranger, "/help")
	mustContain(t, help, "/start", "/help")
	if strings.Contains(help, "/invite") || strings.Contains(help, "/neworg") {
		t.Errorf("stranger's help lists commands they cannot use: %q", help)
	}
	mustContain(t, h.dm(owner, "/help"), "/neworg")
	h.dm(owner, "/neworg Branch <One> & Co")
	ownerHelp := h.dm(owner, "/help")
	mustContain(t, ownerHelp, "Branch <One> & Co", "/invite", "/members", "/group", "/role")
	if strings.Contains(ownerHelp, "/bind") {
		t.Errorf("private help lists the group-only /bind: %q", ownerHelp)
	}
	mustContain(t, h.dm(owner, "/start"), "你是「Branch <One> & Co」的书记")

	mustContain(t, h.dm(stranger, "/frobnicate"), "I don't know /frobnicate", "/help")
	mustContain(t, h.dm(stranger, "hello?"), "/help")
	mustContain(t, h.dm(stranger, "/neworg Mine"), "only branchbot's administrators")
	mustContain(t, h.dm(stranger, "/members"), "not joined a branch")
	mustContain(t, h.dm(owner, "/neworg"), "用法：/neworg")
	mustContain(t, h.dm(owner, "/neworg 另一个支部"), "你已经是「Branch <One> & Co」的成员")
}

func TestGroupsAndRoles(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh")
	bob := h.srv.NewUser("Li Wei", "en")
	h.dm(owner, "/neworg 第一党支部")
	h.dm(alice, "/start "+h.inviteCode(owner, "党员"))
	h.dm(bob, "/start "+h.inviteCode(owner, "member"))

	mustContain(t, h.dm(owner, "/group"), "还没有党小组")
	mustContain(t, h.dm(owner, "/group add 第一党小组"), "已建立党小组「第一党小组」")
	mustContain(t, h.dm(owner, "/group add 第一党小组"), "已经存在")
	mustContain(t, h.dm(owner, "/group add"), "用法")
	mustContain(t, h.dm(owner, "/group set Alice 第一党小组"), "已把 Alice 分到「第一党小组」")
	mustContain(t, h.dm(owner, "/group set Li Wei 第一党小组"), "Li Wei")
	mustContain(t, h.dm(owner, "/group set Alice 第九党小组"), "没有名为「第九党小组」的党小组")
	mustContain(t, h.dm(owner, "/group set Nobody 第一党小组"), "找不到成员“Nobody”")
	mustContain(t, h.dm(owner, "/group"), "第一党小组 (2)")
	mustContain(t, h.dm(owner, "/group frob"), "用法")

	mustContain(t, h.dm(owner, "/role Alice 支委"), "Alice 的身份已改为：支委")
	h.idle() // the note to Alice goes through the outbox
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "支委")
	if cmds := h.srv.Commands("chat:"+itoa(alice.ID), "zh"); !hasCommand(cmds, "members") || hasCommand(cmds, "invite") {
		t.Errorf("committee menu = %v", cmds)
	}
	mustContain(t, h.dm(owner, "/role #2 secretary"), "书记")
	if cmds := h.srv.Commands("chat:"+itoa(alice.ID), "en"); !hasCommand(cmds, "invite") {
		t.Errorf("secretary menu = %v", cmds)
	}
	mustContain(t, h.dm(owner, "/role Alice 党员"), "党员")
	if cmds := h.srv.Commands("chat:"+itoa(alice.ID), "zh"); len(cmds) != 0 {
		t.Errorf("demoted member keeps a private menu: %v", cmds)
	}
	mustContain(t, h.dm(owner, "/role 老王 党员"), "唯一的书记")
	mustContain(t, h.dm(owner, "/role Alice boss"), "不认识身份“boss”")
	mustContain(t, h.dm(owner, "/role"), "用法")
	members := h.dm(owner, "/members")
	mustContain(t, members, "#2 Alice @alice · 党员 · 第一党小组", "#1 老王 · 书记 · 未分组")
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func hasCommand(cmds []models.BotCommand, name string) bool {
	for _, c := range cmds {
		if c.Command == name {
			return true
		}
	}
	return false
}

func TestGroupChats(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh")
	h.dm(owner, "/neworg 第一党支部")
	h.dm(alice, "/start "+h.inviteCode(owner, "党员"))
	grp := h.srv.NewGroup("第一党支部群")

	mustContain(t, h.dm(owner, "/bind"), "请在要绑定的群里发送 /bind")
	refusal := h.say(alice, grp, "/bind@branchbot_test_bot")
	if len(refusal) != 1 || !strings.Contains(refusal[0].Plain, "只有书记") {
		t.Fatalf("member /bind in group: %v", plains(refusal))
	}
	done := h.say(owner, grp, "大家好 /bind@branchbot_test_bot")
	if len(done) != 1 || !strings.Contains(done[0].Plain, "本群已绑定到「第一党支部」") {
		t.Fatalf("secretary /bind after Chinese text: %v", plains(done))
	}
	if again := h.say(owner, grp, "/bind"); len(again) != 1 || !strings.Contains(again[0].Plain, "已经绑定") {
		t.Fatalf("second /bind: %v", plains(again))
	}
	if b, ok, _ := h.store.ChatBinding(grp.ID); !ok || b.Title != "第一党支部群" {
		t.Fatalf("binding = %+v, %v", b, ok)
	}
	// In groups: another bot's command, unknown commands without our name
	// and chatter get no answer; an unknown command addressed to us does.
	for _, text := range []string{"/help@otherbot", "/weather", "开会了吗？"} {
		if got := h.say(alice, grp, text); len(got) != 0 {
			t.Errorf("%q in group got %v", text, plains(got))
		}
	}
	if got := h.say(alice, grp, "/weather@branchbot_test_bot"); len(got) != 1 {
		t.Errorf("addressed unknown command got %v", plains(got))
	}
	if got := h.say(alice, grp, "/invite@branchbot_test_bot"); len(got) != 1 || !strings.Contains(got[0].Plain, "私聊") {
		t.Errorf("/invite in group: %v", plains(got))
	}
	if got := h.say(alice, grp, "👋 /help@branchbot_test_bot"); len(got) != 1 || strings.Contains(got[0].Plain, "/bind") {
		t.Errorf("member's /help after emoji in group: %v", plains(got))
	}
	if got := h.say(owner, grp, "/help"); len(got) != 1 || !strings.Contains(got[0].Plain, "/bind") {
		t.Errorf("secretary's /help in group: %v", plains(got))
	}

	// Telegram upgrades the group: the binding follows.
	h.handled(h.srv.Inject(models.Update{Message: &models.Message{
		ID: 99, Chat: grp.Model(), From: ptr(owner.Model()), Date: int(time.Now().Unix()), MigrateToChatID: -1001234567890,
	}}))
	if _, ok, _ := h.store.ChatBinding(-1001234567890); !ok {
		t.Error("binding did not follow the supergroup migration")
	}
}

func ptr[T any](v T) *T { return &v }

// Updates branchbot has nothing to say about are ignored without replies
// or error logs.
func TestIgnoredUpdates(t *testing.T) {
	h, owner := newHarness(t)
	grp := h.srv.NewGroup("Unbound group")
	sent := h.srv.Calls("sendMessage")
	now := int(time.Now().Unix())
	for _, u := range []models.Update{
		{EditedMessage: &models.Message{ID: 1, Chat: owner.PrivateChat().Model(), From: ptr(owner.Model()), Date: now, Text: "/help"}},
		{Message: &models.Message{ID: 2, Chat: owner.PrivateChat().Model(), From: ptr(owner.Model()), Date: now, Sticker: &models.Sticker{FileID: "x", FileUniqueID: "y", Type: "regular", Width: 1, Height: 1}}},
		// A photo is evidence for the minutes now (minutes_evidence_test.go); a contact is still nothing.
		{Message: &models.Message{ID: 3, Chat: owner.PrivateChat().Model(), From: ptr(owner.Model()), Date: now, Contact: &models.Contact{PhoneNumber: "+8610", FirstName: "x"}}},
		{ChannelPost: &models.Message{ID: 4, Chat: models.Chat{ID: -1009, Type: models.ChatTypeChannel, Title: "news"}, Date: now, Text: "/help"}},
		{Message: &models.Message{ID: 5, Chat: grp.Model(), From: ptr(owner.Model()), Date: now, Text: "hello all"}},
		{Message: &models.Message{ID: 6, Chat: owner.PrivateChat().Model(), Date: now, Text: "/help"}}, // no sender
	} {
		h.handled(h.srv.Inject(u))
	}
	if n := h.srv.Calls("sendMessage"); n != sent {
		t.Errorf("bot sent %d messages for updates it should ignore", n-sent)
	}
	if strings.Contains(h.logs.String(), "level=ERROR") {
		t.Errorf("ignored updates logged errors:\n%s", h.logs.String())
	}
}

// A restart between two updates neither loses nor repeats one, including
// an update sent while the bot was down.
func TestRestartNeitherLosesNorRepeats(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	h.stop()
	id := h.srv.SendText(owner, owner.PrivateChat(), "/members")
	h.start(nil)
	h.handled(id)
	msgs := h.srv.Messages(owner.ID)
	if len(msgs) != 2 || !strings.Contains(msgs[0].Plain, "已创建") || !strings.Contains(msgs[1].Plain, "共 1 人") {
		t.Fatalf("after restart the chat holds %v", plains(msgs))
	}
}

// A crash after an update's effects are stored but before Telegram heard it
// confirmed: the redelivered update is recognised and not handled again.
func TestCrashBeforeConfirmDoesNotRepeat(t *testing.T) {
	h, owner := newHarness(t)
	h.stop()
	crash := &failingTransport{match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/getUpdates") }}
	h.start(&http.Client{Transport: crash})
	ctx, cancel := h.waitCtx()
	defer cancel()
	if err := h.srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	crash.arm() // from now on the bot can handle what it has but never confirm it
	id := h.srv.SendText(owner, owner.PrivateChat(), "/neworg 第一党支部")
	if _, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool { return r.Method == "sendMessage" }); err != nil {
		t.Fatal(err)
	}
	h.stop()
	if h.srv.Pending() != 1 {
		t.Fatalf("pending updates = %d, want the unconfirmed one", h.srv.Pending())
	}
	h.start(nil)
	h.handled(id)
	if msgs := h.srv.Messages(owner.ID); len(msgs) != 1 {
		t.Fatalf("owner got %v, want one reply", plains(msgs))
	}
}

// A crash after updates were received but before they were handled: they
// wait in the store's inbox and the next start handles them, each once,
// whether or not Telegram heard them confirmed (and so delivers them
// again).
func TestReceivedButUnhandledSurvivesCrash(t *testing.T) {
	for _, confirmed := range []bool{true, false} {
		t.Run(fmt.Sprintf("confirmed=%v", confirmed), func(t *testing.T) {
			h, owner := newHarness(t)
			h.dm(owner, "/neworg 第一党支部")
			h.stop()
			h.srv.SendText(owner, owner.PrivateChat(), "/members")
			second := h.srv.SendText(owner, owner.PrivateChat(), "/help")

			// What the bot does with a batch before handling it, then dying:
			// store it in the inbox (and, with confirmed, ask for the next).
			receiveRaw(t, h, fetchRaw(t, h.srv.URL, 0), time.Now())
			if confirmed {
				fetchRaw(t, h.srv.URL, second+1)
			}
			if want := map[bool]int{true: 0, false: 2}[confirmed]; h.srv.Pending() != want {
				t.Fatalf("pending updates = %d; want %d", h.srv.Pending(), want)
			}

			h.start(nil)
			h.handled(second)
			msgs := h.srv.Messages(owner.ID)
			if len(msgs) != 3 || !strings.Contains(msgs[1].Plain, "共 1 人") || !strings.Contains(msgs[2].Plain, "/notice") {
				t.Fatalf("after restart the chat holds %v", plains(msgs))
			}
			if left, err := h.store.Inbox(); err != nil || len(left) != 0 {
				t.Fatalf("inbox after handling = %v, %v", left, err)
			}
		})
	}
}

// Updates left in the inbox are passed over, with an error in the log, when
// they were received more than a day ago (Telegram would have dropped them
// too; a command that old acts on a stale state) or when their handling
// was begun after restarts more than telegram.InboxMaxAttempts times (they may be
// what kills the bot). An update behind such a one in the same chat is
// handled as usual, and one this build cannot read is passed over as an
// unknown kind.
func TestInboxPassesOverStaleAndPoisonUpdates(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	h.stop()
	stale := h.srv.SendText(owner, owner.PrivateChat(), "/help")
	receiveRaw(t, h, fetchRaw(t, h.srv.URL, 0), time.Now().Add(-25*time.Hour))
	poison := h.srv.SendText(owner, owner.PrivateChat(), "/help")
	after := h.srv.SendText(owner, owner.PrivateChat(), "/members")
	receiveRaw(t, h, fetchRaw(t, h.srv.URL, poison), time.Now())
	fetchRaw(t, h.srv.URL, after+1)
	store, err := data.Open(h.path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range telegram.InboxMaxAttempts { // starts that began it and died
		if _, _, err := store.AttemptUpdate(poison); err != nil {
			t.Fatal(err)
		}
	}
	unreadable := data.RawUpdate{ID: after + 1, Chat: owner.ID, JSON: fmt.Appendf(nil, `{"update_id":%d,"message":[]}`, after+1)}
	if _, err := store.Receive(t.Context(), []data.RawUpdate{unreadable}, time.Now()); err != nil {
		t.Fatal(err)
	}
	store.Close()

	h.start(nil)
	ctx, cancel := h.waitCtx()
	defer cancel()
	if err := h.bot.WaitHandled(ctx, unreadable.ID); err != nil {
		t.Fatal(err)
	}
	msgs := h.srv.Messages(owner.ID)
	if len(msgs) != 2 || !strings.Contains(msgs[1].Plain, "共 1 人") {
		t.Fatalf("owner got %v; want the /neworg and /members replies only", plains(msgs))
	}
	if left, err := h.store.Inbox(); err != nil || len(left) != 0 {
		t.Fatalf("inbox after start = %v, %v", left, err)
	}
	for _, want := range []string{
		fmt.Sprintf("update_id=%d why=\"received more than a day ago\"", stale),
		fmt.Sprintf("update_id=%d why=\"begun %d times after restarts", poison, telegram.InboxMaxAttempts),
		fmt.Sprintf("msg=\"update this build cannot read, passed over\" update_id=%d", unreadable.ID),
	} {
		if !strings.Contains(h.logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, h.logs.String())
		}
	}
}

// receiveRaw stores raws in the stopped bot's inbox, as received at at.
func receiveRaw(t *testing.T, h *harness, raws []data.RawUpdate, at time.Time) {
	t.Helper()
	store, err := data.Open(h.path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Receive(t.Context(), raws, at); err != nil {
		t.Fatal(err)
	}
}

// fetchRaw calls getUpdates at offset as the bot would and returns the
// updates as received.
func fetchRaw(t *testing.T, url string, offset int64) []data.RawUpdate {
	t.Helper()
	resp, err := http.Post(url+"/bot"+testToken+"/getUpdates", "application/json",
		strings.NewReader(`{"offset":`+strconv.FormatInt(offset, 10)+`,"timeout":0,"allowed_updates":["message","callback_query","my_chat_member"]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Result []json.RawMessage `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	var out []data.RawUpdate
	for _, r := range env.Result {
		var u struct {
			ID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(r, &u); err != nil {
			t.Fatal(err)
		}
		out = append(out, data.RawUpdate{ID: u.ID, JSON: r})
	}
	return out
}

// A panicking handler is logged, the user hears something went wrong, and
// the bot goes on.
func TestPanicDoesNotKillTheBot(t *testing.T) {
	h, owner := newHarness(t)
	h.stop()
	h.setup = func(b *Bot) {
		b.router.Command(telegram.Command{Name: "kaboom", Handle: func(*telegram.Request) (telegram.Reply, error) { panic("kaboom") }})
	}
	h.start(nil)
	before := len(h.srv.Messages(owner.ID))
	h.handled(h.srv.SendText(owner, owner.PrivateChat(), "/kaboom"))
	if got := h.srv.Messages(owner.ID)[before:]; len(got) != 1 || !strings.Contains(got[0].Plain, "出了点问题") {
		t.Errorf("after the panic the user saw %v", plains(got))
	}
	mustContain(t, h.dm(owner, "/start"), "你好")
	if !strings.Contains(h.logs.String(), "kaboom") {
		t.Error("panic was not logged")
	}
}

func TestMenusPublished(t *testing.T) {
	h, owner := newHarness(t)
	ctx, cancel := h.waitCtx()
	defer cancel()
	if err := h.srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	zh := h.srv.Commands("all_private_chats", "zh")
	en := h.srv.Commands("all_private_chats", "en")
	if !hasCommand(zh, "help") || hasCommand(zh, "invite") || len(zh) != len(en) || zh[0].Description == en[0].Description {
		t.Errorf("member menus zh=%v en=%v", zh, en)
	}
	if g := h.srv.Commands("all_group_chats", "zh"); !hasCommand(g, "bind") || hasCommand(g, "invite") {
		t.Errorf("group menu = %v", g)
	}
	if o := h.srv.Commands("chat:"+itoa(owner.ID), "zh"); !hasCommand(o, "neworg") {
		t.Errorf("owner menu = %v", o)
	}
}

func TestRejectedTokenStopsRun(t *testing.T) {
	srv := tgtest.NewServer(tgtest.WithToken("1:other-token-aaaaaaaaaaaaaaaaaaaa"))
	defer srv.Close()
	store, err := data.Open(t.TempDir()+"/b.db", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	logs := &syncBuffer{}
	b, err := New(Config{Token: testToken, APIURL: srv.URL}, store, nil, slogTo(logs))
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "rejected the bot token") || strings.Contains(err.Error(), testToken) {
		t.Fatalf("Run = %v", err)
	}
}

// The token never reaches a log line, even when a network error carries
// the request URL.
func TestTokenNotLoggedOnNetworkErrors(t *testing.T) {
	h, _ := newHarness(t)
	h.stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	failures := 0
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
			return http.DefaultTransport.RoundTrip(r)
		}
		if failures++; failures == 3 {
			cancel()
		}
		return nil, errors.New("connection reset")
	})}
	store, err := data.Open(h.path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b, err := New(Config{Token: testToken, APIURL: h.srv.URL, HTTPClient: client}, store, nil, slogTo(h.logs))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(ctx); err != nil {
		t.Fatalf("Run after cancel = %v", err)
	}
	if !strings.Contains(h.logs.String(), "/bot<token>/getUpdates") || strings.Contains(h.logs.String(), testToken) {
		t.Fatalf("logs:\n%s", h.logs.String())
	}
}
