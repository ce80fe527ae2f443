package bot

import (
	"strings"
	"testing"
)

// The report: after a meeting ended its group post still said "📣 会议即将
// 开始"; the end summary suggested /minutes 10 <内容> when minutes existed.
func TestEndedMeetingPostAndSummary(t *testing.T) {
	h, owner, alice, _, _, grp := branchOf4(t)
	h.dm(owner, "/meeting 党课 2026-11-25 19:00 dur=1h remind=off 党课")
	h.dm(owner, "/meeting 党课 2026-11-25 21:00 dur=1h remind=off 第二讲")
	h.setClock(at(2026, 11, 25, 18, 30))
	posts := h.messagesWith(grp.ID, "会议即将开始")
	if len(posts) != 1 {
		t.Fatalf("group posts: %d", len(posts))
	}
	h.press(alice, posts[0], "✅ 签到")
	mustContain(t, h.dm(owner, "/minutes 1 学习了党章。"), "已保存")
	h.setClock(at(2026, 11, 25, 20, 0))
	h.waitEdit(grp.ID, "会议已结束")
	final := h.srv.Message(grp.ID, posts[0].ID).Plain
	mustContain(t, final, "会议已结束", "党课", "签到结束：实到 1/4")
	if strings.Contains(final, "即将开始") {
		t.Errorf("the ended meeting's post: %q", final)
	}
	summary := h.messagesWith(owner.ID, "📋 会议结束：党课")
	if len(summary) != 1 {
		t.Fatalf("summaries: %d", len(summary))
	}
	mustContain(t, summary[0].Plain, "会议记录已保存，/minutes 1 查看")
	if strings.Contains(summary[0].Plain, "&lt;内容") || strings.Contains(summary[0].Plain, "<内容>") {
		t.Errorf("minutes exist, yet the summary asks for them: %q", summary[0].Plain)
	}
	// Without minutes the summary still suggests writing them.
	h.setClock(at(2026, 11, 25, 22, 0))
	mustContain(t, h.messagesWith(owner.ID, "📋 会议结束：第二讲")[0].Plain, "/minutes 2 <内容>")
}
