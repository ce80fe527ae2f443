package bot

import (
	"strings"
	"testing"
)

// The report: /holiday del 2026-12-25 answered "已保存 1 天。"; the
// branch's own 调休 days were listed under "国务院安排"; a new holiday on a
// themed day said nothing.
func TestHolidayDeleteOwnDaysAndThemeDayClash(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/holiday add 2026-12-25 圣诞"), "已保存 1 天")
	got := h.dm(owner, "/holiday del 2026-12-25")
	mustContain(t, got, "已从支部日历删除 2026-12-25")
	if strings.Contains(got, "已保存") {
		t.Errorf("a deletion answered %q", got)
	}

	h.dm(owner, "/holiday workday 2026-12-26 支部调休")
	list := h.dm(owner, "/holiday")
	own, official, found := strings.Cut(list, "国务院安排")
	if !found {
		t.Fatalf("no State Council section in %q", list)
	}
	mustContain(t, own, "2026-12-26")
	if strings.Contains(official, "2026-12-26") {
		t.Errorf("the branch's own 调休 is listed under the State Council's: %q", list)
	}

	h.dm(owner, "/themeday monthly:first-fri 09:00 学习党章党规") // 2027-01-01 is a Friday
	mustContain(t, h.dm(owner, "/holiday add 2026-12-31..2027-01-02 元旦假期"), "已保存 3 天", "主题党日在这些休息日：2027-01-01")
	if got := h.dm(owner, "/holiday add 2027-01-05 x"); strings.Contains(got, "主题党日") {
		t.Errorf("no clash, yet: %q", got)
	}
}
