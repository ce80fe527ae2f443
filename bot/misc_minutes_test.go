package bot

import (
	"strings"
	"testing"
	"time"
)

// The report: /minutes 10 <text> silently replaced the earlier minutes,
// and no command showed them in full.
func TestMinutesKeepEveryVersionAndShowInFull(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党课 2026-11-25 15:00 remind=off 党课"), "已安排会议 #1")
	mustContain(t, h.dm(owner, "/minutes 1"), "还没有记录", "/minutes 1 <内容>")
	mustContain(t, h.dm(owner, "/minutes 1 第一稿：学习了党章。"), "已保存")
	h.advance(10 * time.Minute)
	mustContain(t, h.dm(owner, "/minutes 1 第二稿：学习了党章和准则。"), "已更新", "替换了 老王 于 11-25 09:00 保存的版本", "旧版本已保留")

	long := strings.Repeat("讨论了支部工作计划的落实情况。", 400) // about 6000 characters
	h.dm(owner, "/minutes 1 "+long)
	shown := h.say(owner, owner.PrivateChat(), "/minutes 1")
	if len(shown) < 2 {
		t.Fatalf("a long record should come in several messages, got %d", len(shown))
	}
	all := strings.Join(plains(shown), "")
	mustContain(t, all, long, "较早版本（2 个", "第 2 版（老王，11-25 09:10）", "第二稿：学习了党章和准则。", "第 1 版（老王，11-25 09:00）", "第一稿：学习了党章。")
}
