package bot

import "testing"

// The report: a themed day had one theme for ever; each month's theme
// should be settable ahead.
func TestThemeDayMonthlyThemesSetAhead(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/themeday monthly:first-fri 09:00 学习党章党规")
	mustContain(t, h.dm(owner, "/themeday theme 2026-12 学习全会精神"), "2026-12 的主题党日主题定为：学习全会精神", "已安排的 1 次")
	mustContain(t, h.dm(owner, "/themeday theme 2027-03 参观红色教育基地"), "已安排的 0 次")
	mustContain(t, h.dm(owner, "/themeday theme 2026-10 x"), "已经过去了")
	mustContain(t, h.dm(owner, "/themeday theme 下个月"), "用法")
	mustContain(t, h.dm(owner, "/themeday"), "学习党章党规", "各月主题", "2026-12 · 学习全会精神", "2027-03 · 参观红色教育基地")

	h.setClock(at(2026, 12, 4, 8, 0))
	mustContain(t, h.messagesWith(alice.ID, "🚩")[0].Plain, "学习全会精神")
	// A month planned after its theme was set takes it when it begins.
	// Day by day, as time passes: the series plans weeks ahead and each
	// morning's note goes out on time.
	for d := at(2026, 12, 5, 8, 0); !d.After(at(2027, 3, 5, 8, 0)); d = d.AddDate(0, 0, 1) {
		h.setClock(d)
	}
	notes := h.messagesWith(alice.ID, "🚩")
	last := notes[len(notes)-1].Plain
	mustContain(t, last, "参观红色教育基地")
	// The rule keeps its own theme for the months without one.
	mustContain(t, h.dm(owner, "/themeday"), "主题：学习党章党规")
}
