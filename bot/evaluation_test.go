package bot

import (
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// An evaluation round from opening to closing: ballots are anonymous and
// changeable, members rate themselves too, a second vote for the same
// member replaces the first rather than counting twice, nothing shows
// before closing, nothing is taken after.
func TestEvaluationRound(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(alice, "/evaluate open"), "只有书记")
	// The owner's own card may arrive before the reply: look among both.
	mustContain(t, strings.Join(plains(h.say(owner, owner.PrivateChat(), "/evaluate open")), "\n"), "已私信发给 4 人")
	h.idle()
	mustContain(t, h.dm(owner, "/evaluate open"), "已有一轮")
	card := h.messagesWith(alice.ID, "民主评议")[0]
	mustContain(t, card.Plain, "包括你自己", "第 1/4 位：老王", "未评价")

	toast, card := h.press(alice, card, "优秀")
	mustContain(t, toast, "已记录")
	mustContain(t, card.Plain, "第 2/4 位：Alice（自评）", "已评 1/4")
	_, card = h.press(alice, card, "合格")
	mustContain(t, card.Plain, "第 3/4 位：Bob")
	_, card = h.press(alice, card, "◀")
	mustContain(t, card.Plain, "Alice（自评）", "你的评价：合格")
	_, card = h.press(alice, card, "优秀") // changes Alice's self-rating
	mustContain(t, card.Plain, "已评 2/4")

	bobCard := h.messagesWith(bob.ID, "Democratic evaluation")[0]
	_, bobCard = h.press(bob, bobCard, "▶") // to Alice
	h.press(bob, bobCard, "qualified")

	running := h.dm(owner, "/evaluate")
	if !strings.Contains(running, "进行中") || strings.Contains(running, "优秀 1") {
		t.Fatalf("partial results shown: %q", running)
	}
	// Nobody rated everyone: no ballot counts, and four members are fewer
	// than five anyway.
	results := closeEvaluation(t, h, owner)
	mustContain(t, results, "只有 0 人交了完整的评议票", "少于本支部设定的 5 人", "不公布")
	if strings.Contains(results, "优秀 1") {
		t.Errorf("per-member results of a small round: %q", results)
	}
	if toast := h.pressStale(alice, card, "优秀"); !strings.Contains(toast, "已经结束") {
		t.Errorf("vote after closing: %q", toast)
	}
	mustContain(t, h.dm(owner, "/evaluate close"), "没有进行中")
	eve := h.srv.NewUser("Eve", "zh")
	if toast := h.pressStale(eve, card, "优秀"); !strings.Contains(toast, "还没有加入支部") {
		t.Errorf("a stranger's vote: %q", toast)
	}
}

// Forged buttons for feedback, ballots and surveys are turned away and
// record nothing.
func TestForgedFeedbackBallotAndSurveyButtons(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.say(owner, owner.PrivateChat(), "/evaluate open")
	h.idle()
	card := h.messagesWith(alice.ID, "民主评议")[0]
	for data, want := range map[string]string{
		"ev:99-0-e":                          "已经结束", // another round
		"ev:1-0-z":                           "已失效",
		"fb:999-c0":                          "已失效", // no such draft
		"sv:1-0-0":                           "已失效", // no such survey
		"sv:1-0-" + "9999999":                "已失效",
		"ev:1-0-e" + strings.Repeat("x", 60): "已失效",
	} {
		cb := h.srv.Press(alice, card, data)
		h.handled(cb.UpdateID)
		if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, want) {
			t.Errorf("%q answered %q, want %q", data, ans.Text, want)
		}
	}
	if mine, _ := h.store.MyBallot(1, alice.ID); len(mine) != 0 {
		t.Errorf("forged presses recorded votes: %v", mine)
	}
}

// Item 4, the attack: in a round of four, the secretary closes and reads
// each member's tally. Before, a member's total of ratings was voters − 1
// exactly when they had voted, and with four voters each grade pointed at
// a handful of people. Now fewer than five complete ballots publish
// nothing, and the threshold can be raised but not lowered.
func TestEvaluationTallyRevealsNoVoter(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.say(owner, owner.PrivateChat(), "/evaluate open")
	h.idle()
	// Everyone but Carol hands in a complete ballot, their own name included.
	for _, u := range []*tgtest.User{owner, alice, bob} {
		card := h.messagesWith(u.ID, "🗳")[0]
		label, done := "合格", "已评 4/4"
		if u == bob {
			label, done = "qualified", "rated 4 of 4"
		}
		for range 4 {
			_, card = h.press(u, card, label)
		}
		mustContain(t, card.Plain, done)
	}
	_ = carol
	results := closeEvaluation(t, h, owner)
	mustContain(t, results, "只有 3 人交了完整的评议票", "少于本支部设定的 5 人")
	for _, leak := range []string{"老王：", "Alice：", "Bob：", "张三：", "合格 2", "合格 3"} {
		if strings.Contains(results, leak) {
			t.Errorf("results of a round of 3 voters show %q: %q", leak, results)
		}
	}

	mustContain(t, h.dm(owner, "/settings evalmin=4"), "无法识别设置“evalmin=4”", "evalmin 可以是：5–1000")
	mustContain(t, h.dm(owner, "/settings evalmin=abc"), "evalmin=abc")
	mustContain(t, h.dm(owner, "/settings evalmin=7"), "7 张完整评议票")
	mustContain(t, h.dm(owner, "/settings"), "7 张完整评议票")
}
