package bot

import (
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

// at is a time on the test branch's wall clock.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

// setClock moves the fake clock to t and waits for what fell due.
func (h *harness) setClock(t time.Time) {
	h.t.Helper()
	h.clock.Set(t)
	h.idle()
}

func reminders(h *harness, u *tgtest.User) int { return len(h.messagesWith(u.ID, "⏰")) }

// A one-off meeting with remind=1d,1h reminds each attendee exactly twice,
// at the right instants.
func TestMeetingRemindsTwiceAtTheRightInstants(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	reply := h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 at=三楼会议室 remind=1d,1h 学习贯彻全会精神")
	mustContain(t, reply, "已安排会议 #1", "学习贯彻全会精神", "2026-11-28 周六 15:00", "三楼会议室", "应到：4 人", "11-27 15:00、11-28 14:00")
	everyone := []*tgtest.User{owner, alice, bob, carol}
	expect := func(when string, n int) {
		t.Helper()
		for _, u := range everyone {
			if got := reminders(h, u); got != n {
				t.Fatalf("%s: %s has %d reminders, want %d", when, u.FirstName, got, n)
			}
		}
	}
	h.setClock(at(2026, 11, 27, 14, 59))
	expect("a minute before the first", 0)
	h.setClock(at(2026, 11, 27, 15, 0))
	expect("at the first", 1)
	mustContain(t, h.messagesWith(bob.ID, "⏰")[0].Plain, "Meeting reminder", "Where: 三楼会议室", "Sat")
	h.setClock(at(2026, 11, 28, 13, 59))
	expect("a minute before the second", 1)
	h.setClock(at(2026, 11, 28, 14, 0))
	expect("at the second", 2)
	h.setClock(at(2026, 12, 5, 0, 0))
	expect("a week later", 2)

	// The reminder's leave button asks for a reason; the secretary decides.
	rem := h.messagesWith(alice.ID, "⏰")[0]
	h.setClock(at(2026, 11, 28, 14, 30))
	toast, _ := h.press(alice, rem, "🙋 请假")
	mustContain(t, toast, "请假理由")
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "请输入请假理由")
	mustContain(t, h.dm(alice, "出差 <外地>"), "等待书记批准")
	h.idle()
	note := h.srv.LastMessage(owner.ID)
	mustContain(t, note.Plain, "Alice 请假", "学习贯彻全会精神", "理由：出差 <外地>")
	if toast := h.pressStale(alice, note, "批准"); !strings.Contains(toast, "只有支委") {
		t.Errorf("a member approving her own leave: %q", toast)
	}
	toast, after := h.press(owner, note, "批准")
	mustContain(t, toast, "已批准")
	mustContain(t, after.Plain, "→ 已批准")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "请假已批准")
	if toast := h.pressStale(owner, note, "驳回"); !strings.Contains(toast, "已经处理过了") {
		t.Errorf("second decision: %q", toast)
	}
	mustContain(t, h.dm(alice, "/leave 1 又有事"), "你已经请过假了（已批准）")
	// Bob asks by command and is turned down; Carol is too late.
	mustContain(t, h.dm(bob, "/leave 1 family"), "the secretary decides")
	h.idle()
	h.press(owner, h.srv.LastMessage(owner.ID), "驳回")
	h.idle()
	mustContain(t, h.srv.LastMessage(bob.ID).Plain, "not approved")
	mustContain(t, h.dm(bob, "/leave 1"), "Usage")
	h.setClock(at(2026, 11, 28, 15, 0))
	mustContain(t, h.dm(carol, "/leave 1 迟到的请假"), "会议已经开始")
	roll := h.dm(owner, "/attendance 1")
	mustContain(t, roll, "请假（1）：Alice（出差 <外地>）", "未签到（3）")
}

func TestGroupMeetingRemindsOnlyItsGroup(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	h.dm(owner, "/group set 张三 第一党小组")
	mustContain(t, h.dm(owner, "/meeting 党小组会 2026-11-26 19:00 group=第一党小组 remind=1h 小组学习"), "应到：2 人")
	mustContain(t, h.dm(owner, "/meeting 党小组会 2026-11-26 19:00 remind=1h 小组学习"), "group=")
	mustContain(t, h.dm(owner, "/meeting 党小组会 2026-11-26 19:00 group=第九党小组 小组学习"), "没有名为「第九党小组」")
	h.setClock(at(2026, 11, 26, 18, 0))
	for u, want := range map[*tgtest.User]int{alice: 1, carol: 1, bob: 0, owner: 0} {
		if got := reminders(h, u); got != want {
			t.Errorf("%s got %d reminders, want %d", u.FirstName, got, want)
		}
	}
	// A committee meeting reminds the committee and secretaries only.
	h.dm(owner, "/role Bob 支委")
	h.dm(owner, "/meeting 支委会 2026-11-27 10:00 remind=1h 支委会")
	h.setClock(at(2026, 11, 27, 9, 0))
	if reminders(h, bob) != 1 || reminders(h, owner) != 1 || reminders(h, alice) != 1 {
		t.Errorf("committee reminders: bob %d owner %d alice %d (alice only had her group's)", reminders(h, bob), reminders(h, owner), reminders(h, alice))
	}
}

func TestMoveAndCancelReplanAndNotify(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/meeting 党课 2026-11-28 15:00 remind=1h 专题党课")
	h.dm(owner, "/meeting 其他 2026-11-29 09:00 remind=1h 参观教育基地")

	mustContain(t, h.dm(owner, "/move 1 2026-11-30 10:00"), "已改期会议 #1", "正在通知 3 人", "11-30 09:00")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "会议改期", "专题党课", "2026-11-28 周六 15:00", "2026-11-30 周一 10:00")
	mustContain(t, cancelMeeting(h, owner, 2), "已取消会议 #2", "3 人")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "会议取消", "参观教育基地")

	h.setClock(at(2026, 11, 29, 23, 0))
	if n := reminders(h, alice); n != 0 {
		t.Fatalf("%d reminders for the old time or the cancelled meeting", n)
	}
	h.setClock(at(2026, 11, 30, 9, 0))
	if n := reminders(h, alice); n != 1 {
		t.Fatalf("%d reminders at the new time, want 1", n)
	}
	mustContain(t, h.dm(owner, "/meeting cancel 2"), "已经取消")
	mustContain(t, h.dm(owner, "/meeting cancel 99"), "没有编号为 99 的会议")
	mustContain(t, h.dm(owner, "/move 1 2026-02-30 10:00"), "不对", "例如")
	mustContain(t, h.dm(owner, "/move 1"), "用法")
	mustContain(t, h.dm(alice, "/meeting cancel 1"), "只有支委")
	mustContain(t, h.dm(alice, "/move 1 2026-12-30 10:00"), "只有支委")
	if list := h.dm(alice, "/meetings"); !strings.Contains(list, "#1") || strings.Contains(list, "#2") {
		t.Errorf("members' calendar: %q", list)
	}
}

// A restart across a due reminder delivers it once, late, with a note.
func TestRestartAcrossDueReminder(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 12:00 remind=1h 年度总结")
	h.stop()
	h.clock.Set(at(2026, 11, 25, 11, 30)) // down while it fell due
	h.start(nil)
	h.idle()
	got := h.messagesWith(alice.ID, "⏰")
	if len(got) != 1 {
		t.Fatalf("Alice got %d reminders, want 1", len(got))
	}
	mustContain(t, got[0].Plain, "晚发了 30m")
	h.stop()
	h.start(nil)
	h.setClock(at(2026, 11, 25, 11, 45))
	if n := reminders(h, alice); n != 1 {
		t.Fatalf("after a second restart Alice has %d reminders", n)
	}
}

// Reminders that fell due longer ago than the catch-up window are not sent
// late: the secretary gets one summary of what was missed.
func TestDowntimeBeyondCatchUpIsSummarised(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/settings quiet=off")
	h.dm(owner, "/meeting 党员大会 2026-11-26 15:00 remind=1d 年度总结")
	h.dm(owner, "/meeting 党课 2026-11-25 17:00 remind=1h 专题党课")
	h.dm(owner, "/meeting 其他 2026-11-26 08:00 remind=10h 志愿服务")
	h.stop()
	h.clock.Set(at(2026, 11, 25, 23, 0)) // 8 h after the first was due
	h.start(nil)
	h.idle()
	if n := reminders(h, alice); n != 1 {
		t.Fatalf("Alice got %d reminders, want only the one still within the window", n)
	}
	mustContain(t, h.messagesWith(alice.ID, "⏰")[0].Plain, "志愿服务", "晚发了 1h")
	summary := h.messagesWith(owner.ID, "没能按时发出")
	if len(summary) != 1 {
		t.Fatalf("secretary summaries: %d", len(summary))
	}
	mustContain(t, summary[0].Plain, "2 条", "年度总结", "专题党课")
	if strings.Contains(summary[0].Plain, "志愿服务") {
		t.Error("the caught-up reminder is listed as missed")
	}
}

func TestSeriesPlansConcreteMeetings(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	reply := h.dm(owner, "/series 支委会 monthly:first-fri 15:00 holiday=keep 支委会例会")
	mustContain(t, reply, "已创建周期会议 #1", "2026-12-04 周五 15:00", "2027-01-01 周五 15:00")
	mustContain(t, h.dm(owner, "/series"), "#1", "monthly:first-fri", "15:00")
	mustContain(t, h.dm(owner, "/meetings"), "2026-12-04", "支委会例会")
	mustContain(t, h.dm(owner, `/series 党课 "0 9 1 */3 *" 季度党课`), "已创建周期会议 #2")
	mustContain(t, h.dm(owner, `/series 党课 "0 9 1 */3 *" 09:00 季度党课`), "自带时间")
	mustContain(t, h.dm(owner, "/series 党课 monthly:1 季度党课"), "HH:MM")

	// Planning rolls forward; each meeting is concrete, so one can move.
	h.setClock(at(2026, 12, 20, 12, 0))
	mustContain(t, h.dm(owner, "/meetings"), "2027-01-01")
	h.setClock(at(2027, 1, 10, 12, 0))
	list := h.dm(owner, "/meetings")
	mustContain(t, list, "2027-02-05")
	stop := h.dm(owner, "/series stop 1")
	mustContain(t, stop, "已停止", "02-05", "/meeting cancel")
	mustContain(t, h.dm(owner, "/series stop 9"), "没有编号为 9")
	mustContain(t, h.dm(alice, "/series"), "只有支委")
}

func TestMeetingBadInputStoresNothing(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	tests := map[string][]string{
		"/meeting 党员大会 2026-02-30 15:00 标题":                {"2026-02-30", "这一天要存在", "例如"},
		"/meeting 党员大会 2026-12-05 25:00 标题":                {"25:00", "HH:MM", "例如"},
		"/meeting 党员大会 2026-11-24 15:00 标题":                {"已经过去了", "例如"},
		"/meeting 茶话会 2026-12-05 15:00 标题":                 {"不认识会议类型“茶话会”", "例如"},
		"/meeting 党员大会 2026-12-05 15:00 remind=soon 标题":    {"remind=soon", "例如"},
		"/meeting 党员大会 2026-12-05 15:00 " + longTitle(201): {"最多 200 个字", "例如"},
		"/meeting 党员大会 2026-12-05 15:00 dur=1m 标题":         {"dur=1m", "例如"},
		"/meeting 党员大会 2026-12-05":                         {"用法"},
		`/series 党课 "0 0 9 * * 1 2026" 标题`:                 {"5 个字段", "例如"},
		`/series 党课 "0 9 30 2 *" 标题`:                       {"永远不会触发", "例如"},
		"/series 党课 monthly:31 09:00 标题":                   {"1–28", "例如"},
		"/series 党课 fortnightly 09:00 标题":                  {"看不懂", "例如"},
		"/series 党课 monthly:1 09:00 " + longTitle(201):     {"最多 200 个字"},
		"/settings remind=soon":                            {"无法识别", "用法"},
		"/settings tz=Mars/Olympus":                        {"无法识别", "用法"},
	}
	for cmd, wants := range tests {
		mustContain(t, h.dm(owner, cmd), wants...)
	}
	mustContain(t, h.dm(owner, "/meetings"), "未来 30 天没有安排会议")
	mustContain(t, h.dm(owner, "/series"), "还没有周期会议")
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-05 15:00 "+longTitle(200)), "已安排会议 #1")
}

func longTitle(n int) string { return strings.Repeat("学", n) }

// A branch in a daylight-saving zone is reminded at the right instant on
// the days the clocks change.
func TestRemindersAcrossDaylightSaving(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/settings tz=Europe/Berlin remind=1d quiet=off"), "已保存", "Europe/Berlin")
	berlin := mustZone("Europe/Berlin")
	// Spring forward 2027-03-28 02:00 → 03:00; the reminder a day before a
	// Monday 09:00 meeting is Sunday 09:00 CEST.
	mustContain(t, h.dm(owner, "/meeting 党员大会 2027-03-29 09:00 春季会议"), "03-28 09:00")
	h.setClock(time.Date(2027, 3, 28, 8, 59, 0, 0, berlin))
	if n := reminders(h, alice); n != 0 {
		t.Fatalf("reminded %d times before the instant", n)
	}
	h.setClock(time.Date(2027, 3, 28, 9, 0, 0, 0, berlin))
	if n := reminders(h, alice); n != 1 {
		t.Fatalf("reminded %d times at the instant", n)
	}
	// Fall back 2027-10-31 03:00 → 02:00; a 02:30 meeting the next day is
	// reminded at 02:30 once, not twice.
	mustContain(t, h.dm(owner, "/meeting 党员大会 2027-11-01 02:30 remind=1d 夜班会议"), "10-31 02:30")
	h.setClock(time.Date(2027, 10, 31, 2, 29, 0, 0, berlin))
	if n := reminders(h, alice); n != 1 {
		t.Fatalf("reminded early: %d", n)
	}
	h.setClock(time.Date(2027, 10, 31, 4, 0, 0, 0, berlin)) // past both 02:30s
	if n := reminders(h, alice); n != 2 {
		t.Fatalf("reminders after the repeated hour: %d, want 2", n)
	}
}

func TestThemeDayTellsEveryMemberThatMorning(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/themeday"), "还没有设置主题党日")
	reply := h.dm(owner, "/themeday monthly:first-fri 09:00 学习党章党规")
	mustContain(t, reply, "已创建周期会议 #1", "2026-12-04 周五 09:00")
	mustContain(t, h.dm(owner, "/themeday"), "monthly:first-fri 09:00", "学习党章党规")
	h.setClock(at(2026, 12, 4, 7, 59))
	if n := len(h.messagesWith(alice.ID, "🚩")); n != 0 {
		t.Fatalf("told %d times before the morning", n)
	}
	h.setClock(at(2026, 12, 4, 8, 0))
	for _, u := range []*tgtest.User{owner, alice} {
		if got := h.messagesWith(u.ID, "🚩"); len(got) != 1 {
			t.Fatalf("%s: %d themed-day notes", u.FirstName, len(got))
		}
	}
	mustContain(t, h.messagesWith(bob.ID, "🚩")[0].Plain, "Themed day", "学习党章党规")
	// A new rule replaces the old one.
	mustContain(t, h.dm(owner, "/themeday monthly:1 14:00 参观红色教育基地"), "已停止")
	mustContain(t, h.dm(owner, "/themeday"), "monthly:1 14:00")
	// A refused rule (even one with a "#" in it) replaces nothing.
	if got := h.dm(owner, "/themeday monthly:#9 14:00 x"); strings.Contains(got, "已停止") || !strings.Contains(got, "看不懂") {
		t.Errorf("refused rule answered %q", got)
	}
	mustContain(t, h.dm(owner, "/themeday"), "monthly:1 14:00")
	mustContain(t, h.dm(owner, "/themeday off"), "已停止")
	mustContain(t, h.dm(owner, "/themeday monthly:1 25:00 x"), "25:00", "例如")
	mustContain(t, h.dm(alice, "/themeday off"), "只有支委")
}

// People who will not type syntax schedule a meeting by buttons and short
// answers; the flow survives a restart.
func TestMeetingGuidedFlow(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	start := h.say(owner, owner.PrivateChat(), "/meeting")
	if len(start) != 1 || len(start[0].Buttons()) != 6 {
		t.Fatalf("kind prompt: %v", plains(start))
	}
	_, msg := h.press(owner, start[0], "党小组会")
	mustContain(t, msg.Plain, "哪个党小组")
	_, msg = h.press(owner, msg, "第一党小组")
	mustContain(t, msg.Plain, "选择日期")
	if n := len(msg.Buttons()); n != 15 {
		t.Fatalf("%d date buttons, want 14 days and cancel", n)
	}
	_, msg = h.press(owner, msg, "11/27 周五")
	mustContain(t, msg.Plain, "选择时间")
	// Stale keyboards are turned away.
	if toast := h.pressStale(owner, start[0], "支委会"); !strings.Contains(toast, "已失效") {
		t.Errorf("stale kind button: %q", toast)
	}
	h.stop()
	h.start(nil)
	mustContain(t, h.dm(owner, "25:00"), "时间“25:00”不对")
	mustContain(t, h.dm(owner, "19:30"), "请输入会议标题")
	mustContain(t, h.dm(owner, strings.Repeat("长", 201)), "最多 200 个字")
	confirm := h.say(owner, owner.PrivateChat(), "学习新党章")
	if len(confirm) != 1 {
		t.Fatalf("confirm: %v", plains(confirm))
	}
	mustContain(t, confirm[0].Plain, "请确认", "学习新党章", "2026-11-27 周五 19:30", "应到：1 人")
	_, done := h.press(owner, confirm[0], "✅ 发送")
	mustContain(t, done.Plain, "已安排会议 #1")
	if toast := h.pressStale(owner, confirm[0], "✅ 发送"); !strings.Contains(toast, "已失效") {
		t.Errorf("second confirm: %q", toast)
	}
	mustContain(t, h.dm(alice, "/meetings"), "学习新党章")
	// Cancel midway.
	msg = h.say(owner, owner.PrivateChat(), "/meeting")[0]
	_, msg = h.press(owner, msg, "党课")
	_, msg = h.press(owner, msg, "取消")
	mustContain(t, msg.Plain, "已取消")
	mustContain(t, h.dm(owner, "随便说说"), "/help")
}

// Weekly and monthly series skip official and branch holidays by default,
// or move to the next working day when asked.
func TestSeriesAndHolidays(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/holiday add 2026-12-04 支部活动日"), "已保存 1 天")
	mustContain(t, h.dm(owner, "/holiday workday 2026-12-12 补班"), "已保存 1 天")
	list := h.dm(owner, "/holiday")
	mustContain(t, list, "2026-12-04 · 放假 支部活动日", "2026-12-12 · 上班 补班", "2027-01-01 · 放假 元旦")
	// The first Fridays ahead: 12-04 (the branch's day off) and 01-01
	// (New Year's Day) are skipped.
	reply := h.dm(owner, "/series 支委会 monthly:first-fri 15:00 支委会例会")
	mustContain(t, reply, "跳过：2026-12-04 周五 15:00（支部活动日", "跳过：2027-01-01 周五 15:00（元旦")
	if m, _ := h.store.Meetings(1, at(2026, 12, 1, 0, 0), at(2027, 2, 1, 0, 0)); len(m) != 0 {
		t.Errorf("holidays not skipped: %d meetings planned", len(m))
	}
	// Moved instead: New Year's Day's meeting is held on Monday 01-04.
	reply = h.dm(owner, "/series 党课 monthly:first-fri 09:00 holiday=move 党课")
	mustContain(t, reply, "2026-12-07 周一 09:00", "2027-01-04 周一 09:00")
	reply = h.dm(owner, "/series 其他 monthly:first-fri 10:00 holiday=keep 志愿服务")
	mustContain(t, reply, "2026-12-04 周五 10:00", "2027-01-01 周五 10:00")
	mustContain(t, h.dm(owner, "/series 其他 monthly:first-fri 10:00 holiday=never 志愿服务"), "holiday=never", "例如")
	// Import and delete.
	mustContain(t, h.dm(owner, "/holiday import\n2027-03-01..2027-03-03 off 春训\n2027-03-06 work 补班"), "已保存 4 天")
	mustContain(t, h.dm(owner, "/holiday import\n2027-03-01 maybe"), "第 2 行看不懂")
	mustContain(t, h.dm(owner, "/holiday add 2027-02-30"), "不对")
	mustContain(t, h.dm(owner, "/holiday add 2027-01-01..2027-03-01"), "不对")
	mustContain(t, h.dm(owner, "/holiday del 2027-03-06"), "已从支部日历删除 2027-03-06")
	mustContain(t, h.dm(owner, "/holiday del 2027-03-06"), "没有")
	mustContain(t, h.dm(alice, "/holiday"), "只有支委")
}

// TestMeetingsShowsMembersOnlyTheirMeetings: a committee's agenda and
// another group's meeting stay out of a plain member's /meetings; the
// committee sees every meeting.
func TestMeetingsShowsMembersOnlyTheirMeetings(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/role Bob 支委"), "支委")
	mustContain(t, h.dm(owner, "/group add 第一党小组"), "第一党小组")
	mustContain(t, h.dm(owner, "/group add 第二党小组"), "第二党小组")
	mustContain(t, h.dm(owner, "/group set Alice 第一党小组"), "Alice")
	mustContain(t, h.dm(owner, "/meeting 支委会 2026-12-01 15:00 研究张三的处分意见"), "#1")
	mustContain(t, h.dm(owner, "/meeting 党小组会 2026-12-02 15:00 group=第二党小组 二组学习"), "#2")
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-03 15:00 年终总结"), "#3")
	mine := h.dm(alice, "/meetings")
	mustContain(t, mine, "年终总结")
	for _, hidden := range []string{"处分", "二组学习"} {
		if strings.Contains(mine, hidden) {
			t.Errorf("a member's /meetings shows %q:\n%s", hidden, mine)
		}
	}
	mustContain(t, h.dm(bob, "/meetings"), "处分", "二组学习", "年终总结")
}

// TestLeaveAndAckTellOutsidersNothing: someone of another branch asking
// leave for meeting ids, or pressing 收到 with made-up notice ids, gets the
// same answer for a real meeting or notice (upcoming or started, sent to
// others) as for one that does not exist.
func TestLeaveAndAckTellOutsidersNothing(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	other := h.srv.NewUser("Other", "zh")
	h.secondBranch(other)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-11-25 10:00 已开始的会"), "#1")
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-20 10:00 以后的会"), "#2")
	h.setClock(at(2026, 11, 25, 10, 30))
	missing := h.dm(other, "/leave 999 出差")
	for _, id := range []string{"1", "2"} {
		if got := h.dm(other, "/leave "+id+" 出差"); got != missing {
			t.Errorf("/leave %s from another branch: %q; for a missing meeting: %q", id, got, missing)
		}
	}
	status := sendNotice(t, h, owner, "周五交党费")
	h.idle()
	stranger := h.srv.NewUser("Eve", "zh")
	answer := func(data string) string {
		cb := h.srv.Press(stranger, status, data)
		h.handled(cb.UpdateID)
		ans, _ := h.srv.CallbackAnswer(cb.QueryID)
		return ans.Text
	}
	if real, gone := answer("ack:1"), answer("ack:999"); real != gone {
		t.Errorf("ack of a real notice told a stranger %q, of a missing one %q", real, gone)
	}
}

// TestDatesAsPeopleWriteThem: /meeting and /move take 12月11日, 12/11,
// 下周五, 明天 and full-width digits, and the reply shows the date they
// resolved to, so a misread is seen.
func TestDatesAsPeopleWriteThem(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t) // the clock reads 2026-11-25, a Wednesday
	mustContain(t, h.dm(owner, "/meeting 党员大会 12月11日 15:00 年终总结"), "2026-12-11 周五 15:00")
	mustContain(t, h.dm(owner, "/meeting 党课 12/11 19:00 专题党课"), "2026-12-11 周五 19:00")
	mustContain(t, h.dm(owner, "/meeting 支委会 ２０２６-１２-１１ １４：３０ 支委会议"), "2026-12-11 周五 14:30")
	mustContain(t, h.dm(owner, "/meeting 党员大会 下周五 15:00 学习"), "2026-12-04 周五 15:00")
	mustContain(t, h.dm(owner, "/move 1 明天 09:30"), "2026-11-26 周四 09:30")
	mustContain(t, h.dm(owner, "/move 2 next fri 10:00"), "2026-12-04 周五 10:00")
}
