package bot

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

// idEncodings are the ways a Telegram id could be written in a log line:
// decimal, hex (as %x or a byte dump would), and the 8-byte big- and
// little-endian forms as hex.
func idEncodings(id int64) []string {
	var be, le [8]byte
	binary.BigEndian.PutUint64(be[:], uint64(id))
	binary.LittleEndian.PutUint64(le[:], uint64(id))
	return []string{
		strconv.FormatInt(id, 10),
		strconv.FormatInt(id, 16),
		hex.EncodeToString(be[:]),
		hex.EncodeToString(le[:]),
	}
}

// logMark is where the log stands now: a test that needs its author to
// join the branch first (a join is a named act, logged with the member's
// id) scans what was logged after it.
func (h *harness) logMark() int { return len(h.logs.String()) }

// assertLogOmits fails the test for every line logged since mark that
// carries one of ids in any encoding idEncodings knows.
func (h *harness) assertLogOmits(mark int, ids ...int64) {
	h.t.Helper()
	logs := h.logs.String()[mark:]
	for _, line := range strings.Split(logs, "\n") {
		for _, id := range ids {
			for _, enc := range idEncodings(id) {
				if containsNumber(line, enc) {
					h.t.Errorf("a log line carries the anonymous author's id %d (as %q):\n%s", id, enc, line)
				}
			}
		}
	}
}

// containsNumber reports whether s holds enc as a whole token: not as
// part of a longer number (a nanosecond timestamp holds every short
// digit string somewhere).
func containsNumber(s, enc string) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
	for i := 0; ; {
		j := strings.Index(s[i:], enc)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(enc)
		if (at == 0 || !isDigit(s[at-1])) && (end == len(s) || !isDigit(s[end])) {
			return true
		}
		i = at + 1
	}
}

// The whole anonymous feedback story (guided flow, /feedback, /followup,
// relayed answers, strict mode) while every message to the author fails,
// at debug level: no line names the author's chat or user id.
func TestAnonymousAuthorNeverLogged(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail tgtest.Failure
	}{
		{"blocked", tgtest.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"}},
		{"server error", tgtest.Failure{Code: 500}},
		{"dropped", tgtest.Failure{Drop: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, owner, alice, _, _, _ := branchOf4(t)
			// Messages that keep failing give up after a few tries, so the
			// outbox drains on the fake clock.
			h.stop()
			h.sender.MaxAttempts = 3
			h.start(nil)
			mark := h.logMark()
			fail := tc.fail
			fail.ChatID = alice.ID
			h.srv.FailWhen(fail)
			send := func(text string) {
				t.Helper()
				h.drain()
				h.handled(h.srv.SendText(alice, alice.PrivateChat(), text))
			}
			secretary := func(text, want string) {
				t.Helper()
				h.drain()
				before := len(h.srv.Messages(owner.ID))
				h.handled(h.srv.SendText(owner, owner.PrivateChat(), text))
				mustContain(t, plains(h.srv.Messages(owner.ID)[before:])[0], want)
			}
			send("/feedback")
			h.guidedAnonymously(alice, "食堂的饭菜太咸") // its edits fail too
			send("/feedback 匿名 支部学习时间太晚")
			secretary("/reply 1 已转给食堂", "回复已转给")
			secretary("/reply 2 下月调整", "回复已转给")
			send("/followup 2 谢谢")
			send("/followup 2 " + strings.Repeat("长", 4001)) // refused: too long
			send("/followup 9 冒充")                           // refused: not theirs
			secretary("/done 2 已调整", "已关闭")
			secretary("/settings anonymity=strict", "已保存")
			send("/feedback 匿名 严格匿名的意见")
			send("/followup 3 补充")
			h.drain()
			h.assertLogOmits(mark, alice.ID)
		})
	}
}

// drain moves the fake clock on until the bot is idle: messages that fail
// are retried on the bot's clock, and only time lets them give up.
func (h *harness) drain() {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := h.bot.WaitIdle(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("bot not idle: %v", err)
		}
		h.clock.Advance(time.Second)
	}
}

// guidedAnonymously goes through the guided /feedback flow that u has
// just started, choosing anonymous. The bot's messages to u may all have
// failed, so the presses are made as u's client would have made them, on
// the last message u did receive.
func (h *harness) guidedAnonymously(u *tgtest.User, text string) {
	h.t.Helper()
	d, ok, err := h.store.CurrentDraft(u.ID, h.clock.Now())
	if err != nil || !ok {
		h.t.Fatalf("no feedback draft for %s: %v", u.FirstName, err)
	}
	msgs := h.srv.Messages(u.ID)
	if len(msgs) == 0 {
		h.t.Fatalf("%s has no message to press on", u.FirstName)
	}
	anchor := msgs[len(msgs)-1]
	press := func(s, v string) {
		h.t.Helper()
		cb := h.srv.Press(u, anchor, btnFeedback.Button("", step{Draft: d.ID, Step: s, Value: v}).Data)
		h.handled(cb.UpdateID)
	}
	press("c", "0")
	press("a", "1")
	h.handled(h.srv.SendText(u, u.PrivateChat(), text))
	press("s", "")
}
