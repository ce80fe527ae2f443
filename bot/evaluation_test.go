package bot

import (
	"strings"
	"testing"
)

// An evaluation round from opening to tallies: ballots are anonymous and
// changeable, a second vote for the same member replaces the first rather
// than counting twice, nothing shows before closing, nothing is taken after.
func TestEvaluationRound(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(alice, "/evaluate open"), "只有书记")
	// The owner's own card may arrive before the reply: look among both.
	mustContain(t, strings.Join(plains(h.say(owner, owner.PrivateChat(), "/evaluate open")), "\n"), "已私信发给 4 名党员")
	h.idle()
	mustContain(t, h.dm(owner, "/evaluate open"), "已有一轮")
	card := h.messagesWith(alice.ID, "民主评议")[0]
	mustContain(t, card.Plain, "第 1/3 位：老王", "未评价")

	toast, card := h.press(alice, card, "优秀")
	mustContain(t, toast, "已记录")
	mustContain(t, card.Plain, "第 2/3 位：Bob", "已评 1/3")
	_, card = h.press(alice, card, "合格")
	_, card = h.press(alice, card, "◀")
	mustContain(t, card.Plain, "Bob", "你的评价：合格")
	_, card = h.press(alice, card, "优秀") // changes Alice's vote for Bob
	mustContain(t, card.Plain, "已评 2/3")

	bobCard := h.messagesWith(bob.ID, "Democratic evaluation")[0]
	_, bobCard = h.press(bob, bobCard, "▶") // to Alice
	h.press(bob, bobCard, "qualified")

	running := h.dm(owner, "/evaluate")
	if !strings.Contains(running, "进行中") || strings.Contains(running, "优秀 1") {
		t.Fatalf("partial results shown: %q", running)
	}
	results := h.dm(owner, "/evaluate close")
	mustContain(t, results, "2/4 人参与投票", "老王：优秀 1 · 合格 0", "Alice：优秀 0 · 合格 1", "Bob：优秀 1 · 合格 0 · 基本合格 0 · 不合格 0", "张三：优秀 0 · 合格 0")
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
