package bot

import (
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// closeEvaluation asks to close the round and confirms; it returns the
// results.
func closeEvaluation(t *testing.T, h *harness, secretary *tgtest.User) string {
	t.Helper()
	ask := h.say(secretary, secretary.PrivateChat(), "/evaluate close")
	if len(ask) != 1 || !strings.Contains(ask[0].Plain, "结束本轮民主评议并统计") {
		t.Fatalf("/evaluate close = %v", plains(ask))
	}
	_, results := h.press(secretary, ask[0], "✅ 确认结束")
	return results.Plain
}

// The report: /evaluate close needs a confirmation and a reminder to those
// who have not voted; a voter who has rated everyone is told they are done.
func TestEvaluateCloseConfirmsRemindsAndSaysDone(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.say(owner, owner.PrivateChat(), "/evaluate open")
	h.idle()
	// Alice rates all four.
	card := h.messagesWith(alice.ID, "民主评议")[0]
	var toast string
	for range 4 {
		toast, card = h.press(alice, card, "合格")
	}
	mustContain(t, toast, "你已评完全部 4 人")

	ask := h.say(owner, owner.PrivateChat(), "/evaluate close")
	if len(ask) != 1 {
		t.Fatalf("/evaluate close = %v", plains(ask))
	}
	mustContain(t, ask[0].Plain, "已交完整评议票：1/4 人", "不能再更改")
	if got := h.dm(owner, "/evaluate"); !strings.Contains(got, "进行中") {
		t.Fatalf("asking to close closed the round: %q", got)
	}
	before := len(h.messagesWith(bob.ID, "🔔"))
	toast, _ = h.press(owner, ask[0], "🔔 提醒未评完的人")
	mustContain(t, toast, "已私信提醒 3 人")
	h.idle()
	if n := len(h.messagesWith(bob.ID, "🔔")); n != before+1 {
		t.Errorf("Bob got %d reminders, want 1", n-before)
	}
	mustContain(t, h.srv.LastMessage(carol.ID).Plain, "你还有 4 人未评")
	for _, m := range h.srv.Messages(alice.ID) {
		if strings.Contains(m.Plain, "🔔 民主评议还在进行") {
			t.Errorf("Alice, done, was reminded: %q", m.Plain)
		}
	}
	_, results := h.press(owner, ask[0], "✅ 确认结束")
	mustContain(t, results.Plain, "只有 1 人交了完整的评议票")
	toast = h.pressStale(owner, ask[0], "✅ 确认结束")
	mustContain(t, toast, "已失效")
}
