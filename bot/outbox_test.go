package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// sentTo reports whether r is a message Telegram accepted for chat whose
// text (as sent, markup included) contains want.
func sentTo(r tgtest.Request, chat int64, want string) bool {
	return r.Method == "sendMessage" && r.Status == 200 && r.Params["chat_id"] == itoa(chat) && strings.Contains(r.Params["text"], want)
}

// waitSent waits until Telegram accepted a message for chat containing want.
func (h *harness) waitSent(chat int64, want string) {
	h.t.Helper()
	ctx, cancel := h.waitCtx()
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool { return sentTo(r, chat, want) }); err != nil {
		h.t.Fatalf("no message with %q to chat %d: %v", want, chat, err)
	}
}

// countSent counts the messages Telegram accepted for chat containing want
// among reqs.
func countSent(reqs []tgtest.Request, chat int64, want string) int {
	n := 0
	for _, r := range reqs {
		if sentTo(r, chat, want) {
			n++
		}
	}
	return n
}

// One member floods the secretary with 150 anonymous notes, which leave at
// the secretary's chat's pace; a notice to another branch meanwhile goes
// out at once instead of queueing behind them. (A sender that handed each
// chat to a fixed worker with a bounded queue stalled its dispatcher on
// the flooded worker, and every chat behind it waited for the notes.)
func TestLongQueueToOneChatHoldsUpNoOtherChat(t *testing.T) {
	h, owner := newHarness(t, tgtest.WithLimits(scaledLimits))
	h.stop()
	h.sender, h.realClock = scaledSender, true
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	flooder := addMembers(t, h, 1, "flood", true)[0]
	sec2 := h.srv.NewUser("二支部书记", "zh")
	if _, err := h.store.CreateBranch(context.Background(), "第二党支部", data.Person{UserID: sec2.ID, Name: sec2.FirstName, Lang: "zh"}, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	others := joinBranch(t, h, sec2.ID, 10, "other", true) // the notice's sender gets a report, not a copy

	const notes = 150
	var last int64
	for i := range notes {
		last = h.srv.SendText(flooder, flooder.PrivateChat(), fmt.Sprintf("/feedback 匿名 第%d条意见", i+1))
	}
	h.handled(last)
	// Every note is in the outbox now; those already delivered left at
	// most one per interval.
	before := countSent(h.srv.Requests(), owner.ID, "意见建议")
	// The old dispatcher held 33 notes in the flooded worker and stalled
	// on the next: with fewer left the test could not tell the two apart.
	if left := notes - before; left < 60 {
		t.Fatalf("only %d notes left when the notice was queued; the flood must outlast it", left)
	}

	noticeFrom(t, h, sec2.ID, "第二支部明天上午学习")
	for _, u := range others {
		h.waitSent(u.ID, "第二支部明天上午学习")
	}
	reqs := h.srv.Requests()
	lastCopy := -1
	for i, r := range reqs {
		for _, u := range others {
			if sentTo(r, u.ID, "第二支部明天上午学习") {
				lastCopy = i
			}
		}
	}
	// At ten a second, twenty notes take two seconds: far longer than ten
	// messages to ten idle chats, far shorter than the notes still queued.
	if during := countSent(reqs[:lastCopy], owner.ID, "意见建议") - before; during >= 20 {
		t.Errorf("%d notes to the secretary went out before the other branch had its notice", during)
	}
	if n := countSent(reqs, owner.ID, "意见建议"); n == notes {
		t.Errorf("all %d notes were delivered before the notice reached the other branch", n)
	}
}

// A reply refused with 429 waits out the flood wait in the outbox instead
// of being dropped, and so does a reply due while the wait lasts: no call
// is made inside the window, and both arrive, in order, once it is over.
func TestReplyWaitsOutFloodWait(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	alice := addMembers(t, h, 1, "alice", true)[0]
	me := h.dm(alice, "/me") // the answer while Telegram is well
	help := h.dm(alice, "/help")

	h.srv.FailWhen(tgtest.Failure{Method: "sendMessage", Code: 429, RetryAfter: 5, Times: 1})
	mark := len(h.srv.Requests())
	msgs := len(h.srv.Messages(alice.ID))
	h.handled(h.srv.SendText(alice, alice.PrivateChat(), "/me"))
	h.handled(h.srv.SendText(alice, alice.PrivateChat(), "/help"))
	var calls []int
	for _, r := range h.srv.Requests()[mark:] {
		if r.Method == "sendMessage" {
			calls = append(calls, r.Status)
		}
	}
	if len(calls) != 1 || calls[0] != 429 {
		t.Fatalf("during the flood wait the bot sent: %v; want only the refused call", calls)
	}

	h.advance(5 * time.Second)
	got := plains(h.srv.Messages(alice.ID)[msgs:])
	if len(got) != 2 || got[0] != me || got[1] != help {
		t.Fatalf("after the flood wait alice got %q; want the /me answer, then /help's", got)
	}
	// The log says why each reply waited: the refusal, then the wait.
	var queued []string
	for _, line := range strings.Split(h.logs.String(), "\n") {
		if strings.Contains(line, `msg="reply queued" chat_id=`+itoa(alice.ID)) {
			queued = append(queued, line)
		}
	}
	if len(queued) != 2 || !strings.Contains(queued[0], "Too Many Requests") || !strings.Contains(queued[1], `why="flood wait"`) {
		t.Errorf("replies queued, as logged:\n%s", strings.Join(queued, "\n"))
	}
}

// With a share of the calls failing (500s and dropped connections), every
// member's command gets its answer, every button press its toast and its
// edit: failed messages go through the outbox, toasts and edits are
// retried. What is given up for good is named in the log.
func TestRepliesSurviveFailingCalls(t *testing.T) {
	h, owner := newHarness(t)
	h.stop()
	h.realClock = true // the toasts' and edits' retries wait on the bot's clock
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	members := addMembers(t, h, 30, "m", true)
	want := h.dm(addMembers(t, h, 1, "probe", true)[0], "/me")

	// Commands: two in three answers fail the first time.
	for i, u := range members {
		switch i % 3 {
		case 0:
			h.srv.FailWhen(tgtest.Failure{Method: "sendMessage", ChatID: u.ID, Code: 500, Times: 1})
		case 1:
			h.srv.FailWhen(tgtest.Failure{Method: "sendMessage", ChatID: u.ID, Drop: true, Times: 1})
		}
	}
	var last int64
	for _, u := range members {
		last = h.srv.SendText(u, u.PrivateChat(), "/me")
	}
	h.handled(last)
	h.idle()
	for _, u := range members {
		if got := plains(h.srv.Messages(u.ID)); len(got) != 1 || got[0] != want {
			t.Errorf("%s got %q; want one answer %q", u.FirstName, got, want)
		}
	}

	// Buttons: the first sixteen answers fail, and a third of the edits.
	createNotice(t, h, "周五下午交党费")
	h.idle()
	h.srv.FailWhen(tgtest.Failure{Method: "answerCallbackQuery", Code: 502, Times: 8})
	h.srv.FailWhen(tgtest.Failure{Method: "answerCallbackQuery", Drop: true, Times: 8})
	for i, u := range members {
		switch i % 6 {
		case 0:
			h.srv.FailWhen(tgtest.Failure{Method: "editMessageReplyMarkup", ChatID: u.ID, Code: 500, Times: 1})
		case 3:
			h.srv.FailWhen(tgtest.Failure{Method: "editMessageReplyMarkup", ChatID: u.ID, Drop: true, Times: 1})
		}
	}
	notices := make([]*tgtest.Message, len(members))
	presses := make([]tgtest.Callback, len(members))
	for i, u := range members {
		notices[i] = h.messagesWith(u.ID, "周五下午交党费")[0]
		cb, err := h.srv.PressButton(u, notices[i], "✅ 收到")
		if err != nil {
			t.Fatal(err)
		}
		presses[i] = cb
	}
	h.handled(presses[len(presses)-1].UpdateID)
	ctx, cancel := h.waitCtx()
	defer cancel()
	for i, u := range members {
		if ans, ok := h.srv.CallbackAnswer(presses[i].QueryID); !ok || !strings.Contains(ans.Text, "谢谢") {
			t.Errorf("%s's press answered %v with %q", u.FirstName, ok, ans.Text)
		}
		edited := func(r tgtest.Request) bool {
			return r.Method == "editMessageReplyMarkup" && r.Status == 200 && r.Params["chat_id"] == itoa(u.ID)
		}
		if _, err := h.srv.WaitRequest(ctx, edited); err != nil {
			t.Fatalf("%s's notice was never edited: %v", u.FirstName, err)
		}
		if _, ok := h.srv.Message(u.ID, notices[i].ID).Button("✔️ 已确认收到"); !ok {
			t.Errorf("%s's notice still offers %v", u.FirstName, h.srv.Message(u.ID, notices[i].ID).Buttons())
		}
	}
	if st := h.srv.Stats(); st.ServerErrors == 0 || st.Dropped == 0 {
		t.Errorf("the faults did not happen: %+v", st)
	}
	logs := h.logs.String()
	for _, gaveUp := range []string{`msg="answer button press"`, `msg="edit message: giving up"`, `msg="send reply"`} {
		if strings.Contains(logs, gaveUp) {
			t.Errorf("the log says something was given up (%s)", gaveUp)
		}
	}

	// A toast Telegram refuses for good is not retried, and the log says so.
	h.srv.FailWhen(tgtest.Failure{Method: "answerCallbackQuery", Code: 400, Description: "Bad Request: query is too old and response timeout expired or query ID is invalid", Times: 1})
	cb := h.srv.Press(members[0], notices[0], notices[0].Keyboard[0][0].Data)
	h.handled(cb.UpdateID)
	if _, ok := h.srv.CallbackAnswer(cb.QueryID); ok {
		t.Error("a refused answer was recorded")
	}
	if n := strings.Count(h.logs.String(), "query is too old"); n != 1 {
		t.Errorf("the refused toast is in the log %d times; want once", n)
	}
}

// A queued reply whose outbox try fails again is still queued: the next
// reply waits behind it instead of overtaking it.
func TestQueuedReplyRetriedKeepsItsPlace(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	alice := addMembers(t, h, 1, "alice", true)[0]
	me := h.dm(alice, "/me")
	help := h.dm(alice, "/help")
	msgs := len(h.srv.Messages(alice.ID))

	h.srv.FailWhen(tgtest.Failure{Method: "sendMessage", ChatID: alice.ID, Code: 500, Times: 2})
	h.handled(h.srv.SendText(alice, alice.PrivateChat(), "/me"))
	// The direct try and the outbox's first try both fail.
	ctx, cancel := h.waitCtx()
	defer cancel()
	seen := 0
	if _, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool {
		if r.Method == "sendMessage" && r.Status == 500 {
			seen++
		}
		return seen == 2
	}); err != nil {
		t.Fatal(err)
	}
	h.handled(h.srv.SendText(alice, alice.PrivateChat(), "/help"))
	h.advance(fastSender.RetryMax)
	got := plains(h.srv.Messages(alice.ID)[msgs:])
	if len(got) != 2 || got[0] != me || got[1] != help {
		t.Fatalf("alice got %q; want the /me answer, then /help's", got)
	}
}
