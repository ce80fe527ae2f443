package bot

import (
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// A secretary checks November: what was held is ✔ with its /attendance
// link, what was not is ✗ (per group for group meetings), the quarter's
// lecture is judged over the quarter; a committee member reads it in
// English; a plain member is refused; bad and future periods are told so.
func TestComplianceShowsEachRequiredMeeting(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	mustContain(t, h.dm(owner, "/meeting 支委会 2026-11-26 15:00 remind=off 支委会例会"), "#1")
	mustContain(t, h.dm(owner, "/meeting 党课 2026-11-27 15:00 remind=off 专题党课"), "#2")
	mustContain(t, h.dm(owner, "/meeting 主题党日 2026-11-28 09:00 remind=off 主题党日活动"), "#3")
	cancelMeeting(h, owner, 3)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-20 15:00 remind=off 年终总结"), "#4")
	h.setClock(at(2026, 12, 2, 10, 0))

	got := h.dm(owner, "/compliance 2026-11")
	mustContain(t, got, "2026-11 规定会议落实情况（第一党支部）",
		"✔ 支委会 2026-11：已召开 2026-11-26 (/attendance 1)",
		"✗ 党小组会 · 第一党小组 2026-11：未召开",
		"✗ 主题党日 2026-11：未召开", // cancelled: it does not count
		"✔ 党课 2026-Q4：已召开 2026-11-27 (/attendance 2)",
		"⏳ 支部党员大会 2026-Q4：已安排 2026-12-20 (/attendance 4)")
	quarter := h.dm(owner, "/compliance")
	mustContain(t, quarter, "2026-Q4 规定会议落实情况", "✔ 支委会 2026-11", "⏳ 支委会 2026-12：尚未安排（截至 2026-12-31）")
	// The branch was created in November: October's meetings were never its
	// to hold.
	if strings.Contains(quarter, "2026-10") {
		t.Errorf("a branch created in November is held to October:\n%s", quarter)
	}
	mustContain(t, h.dm(owner, "/compliance 2026q4"), "2026-Q4 规定会议落实情况")
	// Before the branch existed there is nothing to hold it to, which is
	// not the same as having no cadence.
	before := h.dm(owner, "/compliance 2025")
	mustContain(t, before, "本支部 2026-11-25 才在 branchbot 创建")
	if strings.Contains(before, "没有规定的会议节奏") {
		t.Errorf("a period before the branch reads as no cadence: %q", before)
	}

	mustContain(t, h.dm(owner, "/compliance 2026-Q5"), "“2026-Q5”不是有效的期间", "/compliance [2026-Q1|2026-03|2026]")
	mustContain(t, h.dm(owner, "/compliance 2026-13"), "“2026-13”不是有效的期间")
	mustContain(t, h.dm(owner, "/compliance 2027"), "2027 还没有开始")
	mustContain(t, h.dm(owner, "/compliance 2027-Q1"), "2027-Q1 还没有开始")

	if got := h.dm(alice, "/compliance 2026-11"); strings.Contains(got, "✔") {
		t.Errorf("a plain member sees the compliance: %q", got)
	}
	h.dm(owner, "/role Bob 支委")
	mustContain(t, h.dm(bob, "/compliance 2026-11"), "Required meetings, 2026-11", "held 2026-11-26 (/attendance 1)", "not held", "✔ held · ✗ missed")
	mustContain(t, h.dm(bob, "/compliance 2026-Q5"), "“2026-Q5” is not a valid period")
}

// A secretary's own table: the themed day off, the committee quarterly.
func TestComplianceFollowsTheSecretarysTable(t *testing.T) {
	h, owner, _, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/settings cadence=committee:quarterly,themeday:off"),
		"已保存", "规定会议：支委会 每季度、党小组会 每月、支部党员大会 每季度、党课 每季度；")
	h.dm(owner, "/meeting 支委会 2026-11-26 15:00 remind=off 支委会例会")
	h.setClock(at(2026, 12, 2, 10, 0))
	got := h.dm(owner, "/compliance")
	mustContain(t, got, "✔ 支委会 2026-Q4")
	if strings.Contains(got, "主题党日") || strings.Contains(got, "支委会 2026-10") {
		t.Errorf("the table is not followed: %q", got)
	}
	mustContain(t, h.dm(owner, "/settings cadence=committee:weekly"), "无法识别设置“cadence=committee:weekly”", "类型:monthly|quarterly|off")
	mustContain(t, h.dm(owner, "/settings cadencewarn=40d"), "1d–28d")
	mustContain(t, h.dm(owner, "/settings cadence=default"), "支委会 每月、党小组会 每月、主题党日 每月")
	mustContain(t, h.dm(owner, "/settings cadencewarn=off"), "未安排提醒：关闭")
	h.dm(owner, "/role Bob 书记")
	mustContain(t, h.dm(bob, "/settings cadence=lecture:off"), "Required meetings: committee meeting monthly, group meeting monthly, themed day monthly, branch assembly quarterly;")
}

// warnings counts the cadence warnings u received.
func warnings(h *harness, u int64) int {
	return len(h.messagesWith(u, "以下规定会议尚未安排"))
}

// The secretaries hear of a required meeting not scheduled when 14 days
// are left and again in the last week, never in quiet hours, and not once
// it is scheduled; the timer outlives a restart.
func TestCadenceWarningsBeforeAMeetingIsMissed(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	// November is covered: no warning for it.
	h.dm(owner, "/meeting 支委会 2026-11-27 15:00 remind=off 十一月支委会")
	h.dm(owner, "/meeting 主题党日 2026-11-28 09:00 remind=off 十一月主题党日")
	h.dm(owner, "/settings quiet=off")
	h.setClock(at(2026, 12, 17, 23, 59))
	if n := warnings(h, owner.ID); n != 0 {
		t.Fatalf("%d warnings before 14 days were left: %v", n, plains(h.messagesWith(owner.ID, "尚未安排")))
	}

	// 2026-12-18 00:00 in Shanghai: 14 days before the year (and Q4) ends.
	h.setClock(at(2026, 12, 18, 0, 0))
	got := h.messagesWith(owner.ID, "以下规定会议尚未安排")
	if len(got) != 1 {
		t.Fatalf("%d warnings at 14 days left, want 1", len(got))
	}
	mustContain(t, got[0].Plain, "支委会 2026-12：还剩 14 天（截至 2026-12-31）", "主题党日 2026-12", "支部党员大会 2026-Q4", "党课 2026-Q4", "/meeting")
	if n := warnings(h, alice.ID); n != 0 {
		t.Errorf("a plain member was warned")
	}

	h.stop()
	h.start(nil)
	h.dm(owner, "/meeting 支委会 2026-12-28 15:00 remind=off 十二月支委会")
	h.dm(owner, "/meeting 主题党日 2026-12-29 09:00 remind=off 十二月主题党日")
	h.dm(owner, "/meeting 党员大会 2026-12-30 15:00 remind=off 年终总结")
	h.dm(owner, "/settings quiet=22:00-07:30")
	h.setClock(at(2026, 12, 24, 23, 59))
	if n := warnings(h, owner.ID); n != 1 {
		t.Fatalf("%d warnings before the last week", n)
	}
	// The last week begins at midnight, inside quiet hours: the warning
	// waits for their end.
	h.setClock(at(2026, 12, 25, 0, 0))
	h.setClock(at(2026, 12, 25, 7, 29))
	if n := warnings(h, owner.ID); n != 1 {
		t.Fatalf("a warning in quiet hours: %d", n)
	}
	h.setClock(at(2026, 12, 25, 7, 30))
	got = h.messagesWith(owner.ID, "以下规定会议尚未安排")
	if len(got) != 2 {
		t.Fatalf("%d warnings after quiet hours, want 2", len(got))
	}
	mustContain(t, got[1].Plain, "党课 2026-Q4：只剩最后 7 天")
	for _, scheduled := range []string{"支委会", "主题党日", "党员大会"} {
		if strings.Contains(got[1].Plain, scheduled) {
			t.Errorf("warned of %s, which is scheduled: %q", scheduled, got[1].Plain)
		}
	}

	h.dm(owner, "/meeting 党课 2026-12-30 09:00 remind=off 年终党课")
	h.setClock(at(2026, 12, 31, 12, 0))
	if n := warnings(h, owner.ID); n != 2 {
		t.Errorf("%d warnings once everything is scheduled, want 2", n)
	}
	if n := warnings(h, alice.ID); n != 0 {
		t.Errorf("a plain member was warned")
	}
}

func TestParseSettingsCadence(t *testing.T) {
	cur := data.DefaultSettings()
	for _, tc := range []struct {
		in        string
		table     string
		lead      time.Duration
		warnOff   bool
		wantError bool
	}{
		{in: "cadence=group:off", table: "committee:monthly,themeday:monthly,assembly:quarterly,lecture:quarterly"},
		{in: "cadence=committee:quarterly,other:monthly", table: "committee:quarterly,group:monthly,themeday:monthly,assembly:quarterly,lecture:quarterly,other:monthly"},
		{in: "cadence=default", table: data.DefaultCadence().String()},
		{in: "cadencewarn=10d", table: data.DefaultCadence().String(), lead: 10 * 24 * time.Hour},
		{in: "cadencewarn=off", table: data.DefaultCadence().String(), lead: data.DefaultCadenceLead, warnOff: true},
		{in: "cadence=committee:weekly", wantError: true},
		{in: "cadence=meeting:monthly", wantError: true},
		{in: "cadence=", wantError: true},
		{in: "cadencewarn=12h", wantError: true},
		{in: "cadencewarn=29d", wantError: true},
	} {
		got, err := ParseSettings(tc.in, cur)
		if tc.wantError {
			if err == nil {
				t.Errorf("%q: accepted", tc.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if s := got.CadenceRules().String(); s != tc.table {
			t.Errorf("%q: table %s, want %s", tc.in, s, tc.table)
		}
		if tc.lead != 0 && got.WarnLead() != tc.lead {
			t.Errorf("%q: lead %v, want %v", tc.in, got.WarnLead(), tc.lead)
		}
		if got.CadenceWarnOff != tc.warnOff {
			t.Errorf("%q: warnings off = %v", tc.in, got.CadenceWarnOff)
		}
	}
}
