package bot

import (
	"strings"
	"testing"
)

// The report: after /done 1, /followup 1 … by the author got "not yours,
// or cannot be confirmed as yours (not possible under strict anonymity)"
// though anonymity was relay.
func TestFollowUpOnClosedFeedbackSaysClosed(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	mustContain(t, h.dm(alice, "/feedback 匿名 食堂太贵"), "已匿名提交（#1）")
	mustContain(t, h.dm(owner, "/done 1"), "已关闭")
	got := h.dm(alice, "/followup 1 另外希望提前通知")
	mustContain(t, got, "已经处理完毕（关闭）")
	if strings.Contains(got, "严格匿名") {
		t.Errorf("relay anonymity, yet the answer speaks of strict anonymity: %q", got)
	}
	// Anyone else gets the very same answer, open item or not: only the
	// author can tell from it that #1 is closed.
	mustContain(t, h.dm(bob, "/followup 1 冒充"), "it is closed, or it is not yours")
	mustContain(t, h.dm(carol, "/feedback 匿名 会太多"), "已匿名提交（#2）")
	a, b := h.dm(alice, "/followup 2 冒充"), h.dm(alice, "/followup 1 再说")
	if !strings.HasPrefix(a, "无法补充意见建议 #2") || !strings.HasPrefix(b, "无法补充意见建议 #1") {
		t.Fatalf("unexpected answers %q, %q", a, b)
	}
	if a[len("无法补充意见建议 #2"):] != b[len("无法补充意见建议 #1"):] {
		t.Errorf("an open item of someone else and one's own closed item answer differently: %q, %q", a, b)
	}
	// A named item's author is known even when it is closed.
	mustContain(t, h.dm(alice, "/feedback 署名意见"), "（#3）")
	h.dm(owner, "/done 3")
	mustContain(t, h.dm(alice, "/followup 3 再说"), "已经关闭")
}
