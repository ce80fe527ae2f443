package bot

import (
	"strings"
	"testing"
)

// The report: buttons of closed votes and sent notices must answer "已失效"
// with the reason, and change nothing.
func TestStaleButtonsOfClosedRoundsAndSentNotices(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	preview := h.say(owner, owner.PrivateChat(), "/notice 请于本周五前提交思想汇报。")[0]
	h.press(owner, preview, "✅ 发送")
	h.idle()
	before := len(h.srv.Messages(alice.ID))
	toast := h.pressStale(owner, preview, "✅ 发送")
	mustContain(t, toast, "已失效", "已作为通知 #1 发出")
	toast = h.pressStale(owner, preview, "取消")
	mustContain(t, toast, "已失效", "通知 #1")
	h.idle()
	if got := h.srv.Message(preview.ChatID, preview.ID).Plain; strings.Contains(got, "已取消") {
		t.Errorf("a sent notice's preview turned into %q", got)
	}
	if n := len(h.srv.Messages(alice.ID)); n != before {
		t.Errorf("a stale press sent %d more messages", n-before)
	}

	h.say(owner, owner.PrivateChat(), "/evaluate open")
	h.idle()
	card := h.messagesWith(alice.ID, "民主评议")[0]
	closeEvaluation(t, h, owner)
	h.idle()
	toast = h.pressStale(alice, card, "优秀")
	mustContain(t, toast, "已失效", "已经结束", "不能再更改")
}
