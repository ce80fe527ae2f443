package bot

import (
	"testing"
	"time"
)

// The report: 🔔 再次提醒 at 15:12 and again at 15:17 said "请在 08:35 之后再试".
func TestRemindAgainTooSoonNamesTheRealTime(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	h.dm(owner, "/settings followup=off")
	h.clock.Set(time.Date(2026, 11, 25, 15, 12, 0, 0, shanghai))
	status := sendNotice(t, h, owner, "请于本周五前提交思想汇报。")
	h.idle()
	toast, _ := h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "已提醒")
	h.advance(5 * time.Minute)
	toast, _ = h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "每 30m 最多提醒一次", "15:42")
}
