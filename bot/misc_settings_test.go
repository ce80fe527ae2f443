package bot

import (
	"strings"
	"testing"
)

// The report: /settings accepted anonymity=strict checkin=15m late=5m but
// never showed them; followups=5 got "无法识别设置" instead of the range.
func TestSettingsShowEverythingAndRefusalsNameTheRange(t *testing.T) {
	h, owner, _, bob, _, _ := branchOf4(t)
	got := h.dm(owner, "/settings anonymity=strict checkin=15m late=5m")
	mustContain(t, got, "已保存", "签到：开会前 15m 开放，开始 5m 后算迟到", "匿名意见：strict")
	if strings.Contains(got, "用法") {
		t.Errorf("a saved change repeats the usage: %q", got)
	}
	shown := h.dm(owner, "/settings")
	mustContain(t, shown, "签到：开会前 15m 开放", "匿名意见：strict", "民主评议公布各人结果至少需要：5", "每分钟 5 条，每天 30 条",
		"checkin：", "late：", "anonymity：", "perminute", "evalmin")

	got = h.dm(owner, "/settings followups=5")
	mustContain(t, got, "followups=5", "followups 可以是：0–2。")
	if strings.Index(got, "0–2") > strings.Index(got, "用法") {
		t.Errorf("the range should come before the usage: %q", got)
	}
	mustContain(t, h.dm(owner, "/settings evalmin=3"), "5–1000")
	mustContain(t, h.dm(owner, "/settings perminute=100"), "1–60")
	mustContain(t, h.dm(owner, "/settings anonymity=open"), "relay 或 strict")
	mustContain(t, h.dm(owner, "/settings frob=1"), "无法识别设置“frob=1”", "用法")

	h.dm(owner, "/role Bob 书记")
	mustContain(t, h.dm(bob, "/settings followups=5"), "followups can be 0–2")
}
