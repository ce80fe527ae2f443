package bot

import (
	"strings"
	"testing"
)

// Anonymous feedback is answered without the secretary ever receiving the
// author's id, username or name; the author can follow up.
func TestAnonymousFeedbackAnswered(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	secret := "支部学习时间太晚，影响接孩子"
	// Alice joined by the secretary's invite, and that note names her:
	// what follows her anonymous feedback must not.
	h.idle()
	mark := len(h.srv.Messages(owner.ID))
	logMark := h.logMark()
	mustContain(t, h.dm(alice, "/feedback 匿名 "+secret), "已匿名提交（#1）")
	h.idle()
	mustContain(t, h.srv.LastMessage(owner.ID).Plain, "意见建议 #1", "匿名", secret, "/reply 1")
	mustContain(t, h.dm(owner, "/feedbacks"), "#1", "匿名")
	mustContain(t, h.dm(owner, "/reply 1 下月起改到周五下午三点"), "回复已转给")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "有了回复", "下月起改到周五下午三点", "/followup 1")
	mustContain(t, h.dm(alice, "/followup 1 谢谢，另外希望提前通知"), "已补充")
	h.idle()
	mustContain(t, h.srv.LastMessage(owner.ID).Plain, "#1 的补充", "希望提前通知")
	mustContain(t, h.dm(bob, "/followup 1 冒充"), "not yours")
	mustContain(t, h.dm(owner, "/done 1"), "已关闭")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "已处理完毕")
	mustContain(t, h.dm(owner, "/reply 1 再说一句"), "已经关闭")
	mustContain(t, h.dm(owner, "/reply 99 x"), "没有编号为 99")
	mustContain(t, h.dm(alice, "/reply 1 x"), "只有书记")

	// Nothing the secretary's chat received since names the author: not
	// the text, nor the markup (a mention link carries the id), nor a
	// button's data.
	for _, m := range h.srv.Messages(owner.ID)[mark:] {
		seen := []string{m.Text}
		for _, b := range m.Buttons() {
			seen = append(seen, b.Text, b.Data, b.URL)
		}
		for _, trace := range []string{alice.FirstName, alice.Username, itoa(alice.ID)} {
			if strings.Contains(strings.Join(seen, "\n"), trace) {
				t.Errorf("the secretary's chat shows %q: %q", trace, seen)
			}
		}
	}
	// Nor does any log line carry the text or the author.
	if strings.Contains(h.logs.String(), secret) || strings.Contains(h.logs.String(), "希望提前通知") {
		t.Error("an anonymous text reached the log")
	}
	h.assertLogOmits(logMark, alice.ID)
}

func TestFeedbackGuidedFlowNamedAndStrict(t *testing.T) {
	h, owner, alice, _, carol, _ := branchOf4(t)
	start := h.say(alice, alice.PrivateChat(), "/feedback")[0]
	_, msg := h.press(alice, start, "工作困难")
	_, msg = h.press(alice, msg, "署名")
	mustContain(t, msg.Plain, "请输入内容")
	preview := h.say(alice, alice.PrivateChat(), "网点人手不足，学习时间难以保证")
	mustContain(t, preview[0].Plain, "工作困难 · 署名")
	_, done := h.press(alice, preview[0], "✅ 发送")
	mustContain(t, done.Plain, "已署名提交（#1）")
	h.idle()
	mustContain(t, h.srv.LastMessage(owner.ID).Plain, "工作困难 · Alice")

	mustContain(t, h.dm(owner, "/settings anonymity=strict"), "已保存")
	mustContain(t, h.dm(carol, "/feedback 匿名 严格匿名的意见"), "严格匿名")
	h.idle() // the secretary's note arrives through the outbox
	mustContain(t, h.dm(owner, "/reply 2 收到"), "无法转给提出人")
	mustContain(t, h.dm(carol, "/followup 2 补充"), "不是你提交的")
	mustContain(t, h.dm(alice, "/feedback 匿名"), "用法")
	// However the marker is followed, it is read: a line break, a
	// full-width space, a colon.
	for i, text := range []string{"匿名\n食堂太贵", "匿名　食堂太贵", "匿名：食堂太贵", "anon, 食堂太贵"} {
		mustContain(t, h.dm(alice, "/feedback "+text), "已匿名提交（#"+itoa(int64(3+i))+"）")
		h.idle()
		if last := h.srv.LastMessage(owner.ID).Plain; strings.Contains(last, "Alice") || !strings.Contains(last, "食堂太贵") {
			t.Errorf("%q reached the secretary as %q", text, last)
		}
	}
	mustContain(t, h.dm(alice, "/feedback "+strings.Repeat("长", 4001)), "最多 4000 字")
}

// An answer to an anonymous author that Telegram refuses is logged without
// the author's chat, which would tie them to their feedback.
func TestAnonymousRelayFailureLogsNoChat(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(alice, "/feedback 匿名 食堂中午太吵"), "已匿名提交")
	h.idle()
	mark := len(h.logs.String())
	// The reply to the secretary and the relay both fail, in either order.
	h.srv.FailNext("sendMessage", 400, "Bad Request: chat not found", 0)
	h.srv.FailNext("sendMessage", 400, "Bad Request: chat not found", 0)
	h.handled(h.srv.SendText(owner, owner.PrivateChat(), "/reply 1 已反映给后勤"))
	h.idle()
	logs := h.logs.String()[mark:]
	if !strings.Contains(logs, `msg="message refused" chat_id=anonymous`) {
		t.Errorf("no anonymous refusal in the log:\n%s", logs)
	}
	h.assertLogOmits(mark, alice.ID)
}
