package bot

import (
	"regexp"
	"strings"
	"testing"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// auditEntries returns the branch's whole audit log, newest first.
func auditEntries(t *testing.T, h *harness, branchID uint64) []data.AuditEntry {
	t.Helper()
	got, err := h.store.AuditLog(branchID, data.MaxAuditList)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestAuditRecordsOfficersActions is a branch's life as its officers run
// it: each of their actions leaves exactly one entry naming them, and the
// members' own doings (joining, a leave request, a check-in, feedback)
// leave none.
func TestAuditRecordsOfficersActions(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh")
	bob := h.srv.NewUser("Bob", "en")
	grp := h.srv.NewGroup("支部群")
	var branchID uint64
	var now string // the id of the meeting going on now
	steps := []struct {
		name string
		by   *tgtest.User // whose entry it is; nil: no entry
		want data.AuditAction
		kind string
		do   func()
	}{
		{"neworg", owner, data.AuditBranchCreate, data.ObjectBranch, func() { h.dm(owner, "/neworg 第一党支部") }},
		{"invite", owner, data.AuditInviteCreate, "", func() { h.dm(alice, "/start "+h.inviteCode(owner, "member")) }},
		{"invite by button", owner, data.AuditInviteCreate, "", func() {
			prompt := h.say(owner, owner.PrivateChat(), "/invite")[0]
			_, link := h.press(owner, prompt, "党员")
			h.dm(bob, "/start "+inviteLink.FindStringSubmatch(link.Plain)[1])
		}},
		{"group add", owner, data.AuditGroupCreate, data.ObjectGroup, func() { mustContain(t, h.dm(owner, "/group add 第一党小组"), "第一党小组") }},
		{"group set", owner, data.AuditGroupSet, data.ObjectMember, func() { h.dm(owner, "/group set Alice 第一党小组") }},
		{"role", owner, data.AuditRoleChange, data.ObjectMember, func() { h.dm(owner, "/role Bob 支委") }},
		{"bind", owner, data.AuditChatBind, data.ObjectChat, func() { h.say(owner, grp, "/bind") }},
		{"settings", owner, data.AuditSettingsChange, data.ObjectBranch, func() { h.dm(owner, "/settings quiet=off") }},
		{"meeting", bob, data.AuditMeetingCreate, data.ObjectMeeting, func() {
			mustContain(t, h.dm(bob, "/meeting 党员大会 2026-12-05 15:00 remind=off 党员大会"), "#1")
		}},
		{"move", bob, data.AuditMeetingMove, data.ObjectMeeting, func() { h.dm(bob, "/move 1 2026-12-06 09:00") }},
		{"edit", bob, data.AuditMeetingEdit, data.ObjectMeeting, func() { h.dm(bob, "/meeting edit 1 title=学习会") }},
		{"cancel", owner, data.AuditMeetingCancel, data.ObjectMeeting, func() { cancelMeeting(h, owner, 1) }},
		{"restore", owner, data.AuditMeetingRestore, data.ObjectMeeting, func() { h.dm(owner, "/meeting restore 1") }},
		{"leave request", nil, "", "", func() { h.dm(alice, "/leave 1 出差") }},
		{"leave approve", bob, data.AuditLeaveApprove, data.ObjectMeeting, func() {
			h.idle() // the organiser decides
			h.press(bob, h.srv.LastMessage(bob.ID), "Approve")
		}},
		{"leave reject", bob, data.AuditLeaveReject, data.ObjectMeeting, func() {
			h.dm(owner, "/leave 1 有事")
			h.idle()
			h.press(bob, h.srv.LastMessage(bob.ID), "Reject")
		}},
		{"notice", owner, data.AuditNoticeSend, data.ObjectNotice, func() { sendNotice(t, h, owner, "周五开会") }},
		{"series", owner, data.AuditSeriesCreate, data.ObjectSeries, func() { h.dm(owner, "/series 支委会 monthly:1 09:00 支委例会") }},
		{"series stop", owner, data.AuditSeriesStop, data.ObjectSeries, func() { h.dm(owner, "/series stop 1") }},
		{"meeting now", owner, data.AuditMeetingCreate, data.ObjectMeeting, func() {
			now = meetingNumber.FindStringSubmatch(h.dm(owner, "/meeting 党课 2026-11-25 09:20 remind=off 党课"))[1]
		}},
		{"check-in", nil, "", "", func() { mustContain(t, h.dm(alice, "/checkin"), "签到") }},
		{"check-in for", owner, data.AuditCheckInFor, data.ObjectMeeting, func() { h.dm(owner, "/checkin "+now+" Bob") }},
		{"minutes", owner, data.AuditMinutesEdit, data.ObjectMeeting, func() { mustContain(t, h.dm(owner, "/minutes "+now+" 学习了党章"), "已保存") }},
		{"holiday", owner, data.AuditHolidayChange, "", func() { h.dm(owner, "/holiday add 2026-12-24 平安夜") }},
		{"holiday del", owner, data.AuditHolidayChange, "", func() { h.dm(owner, "/holiday del 2026-12-24") }},
		{"survey", owner, data.AuditSurveyCreate, data.ObjectSurvey, func() { h.say(owner, owner.PrivateChat(), "/survey 调查\n单选：好吗？｜好｜不好") }},
		{"survey answer", nil, "", "", func() {
			h.idle()
			h.press(alice, h.messagesWith(alice.ID, "调查")[0], "好")
		}},
		{"evaluation", owner, data.AuditEvalOpen, data.ObjectRound, func() { h.say(owner, owner.PrivateChat(), "/evaluate open") }},
		{"evaluation close", owner, data.AuditEvalClose, data.ObjectRound, func() {
			ask := h.say(owner, owner.PrivateChat(), "/evaluate close")
			h.press(owner, ask[len(ask)-1], "✅ 确认结束")
		}},
		{"anonymous feedback", nil, "", "", func() { h.dm(alice, "/feedback 匿名 食堂太贵") }},
		{"named feedback", nil, "", "", func() { h.dm(alice, "/feedback 会太多") }},
		{"export", owner, data.AuditExport, data.ObjectBranch, func() {
			if got := h.say(owner, owner.PrivateChat(), "/export"); len(files(got)) != 1 {
				t.Fatalf("/export sent %v", plains(got))
			}
		}},
	}
	seen := map[data.AuditAction]bool{}
	for _, st := range steps {
		var before []data.AuditEntry
		if branchID != 0 {
			before = auditEntries(t, h, branchID)
		}
		st.do()
		if branchID == 0 {
			m, err := h.store.Member(owner.ID)
			if err != nil {
				t.Fatal(err)
			}
			branchID = m.BranchID
		}
		after := auditEntries(t, h, branchID)
		added := len(after) - len(before)
		if st.by == nil {
			if added != 0 {
				t.Errorf("%s: %d entries; a member's own doing is not audited: %+v", st.name, added, after[:added])
			}
			continue
		}
		if added != 1 {
			t.Errorf("%s: %d entries, want 1: %+v", st.name, added, after[:max(added, 0)])
			continue
		}
		e := after[0]
		if e.Action != st.want || e.ActorID != st.by.ID || e.ActorName != st.by.FirstName || e.BranchID != branchID || e.ObjectKind != st.kind || !e.At.Equal(h.clock.Now()) {
			t.Errorf("%s: entry %+v; want %s by %s (%d) in branch %d on a %q", st.name, e, st.want, st.by.FirstName, st.by.ID, branchID, st.kind)
		}
		if st.kind != "" && e.ObjectID == 0 {
			t.Errorf("%s: entry %+v names no %s", st.name, e, st.kind)
		}
		seen[e.Action] = true
	}
	for _, a := range data.AuditActions {
		// A backup is the server operator's, over the admin address or
		// a maintenance command (cmd/branchbot tests it); below, how it reads.
		if !seen[a] && a != data.AuditBackup {
			t.Errorf("no step records %s", a)
		}
	}
	// Nothing anywhere names Alice as the doer of anything.
	for _, e := range auditEntries(t, h, branchID) {
		if e.ActorID == alice.ID || strings.Contains(e.Detail, "食堂") {
			t.Errorf("entry %+v comes from a member's own doing", e)
		}
	}

	// /audit shows them, newest first, in the reader's language.
	zh := h.dm(owner, "/audit 3")
	mustContain(t, zh, "最近 3 条操作记录", "老王 导出数据", "2026-11-25 09:00")
	// Roles and kinds are stored as codes and read in the reader's words.
	mustContain(t, h.dm(owner, "/audit 100"), "变更身份 · Bob: 党员 → 支委", "安排会议 #1 · 支部党员大会 2026-12-05 15:00", "生成邀请链接 · 党员")
	if lines := strings.Split(zh, "\n"); len(lines) != 4 || !strings.Contains(lines[1], "导出数据") {
		t.Errorf("/audit 3 = %q; want a head and 3 lines, the export first", zh)
	}
	h.dm(owner, "/role Bob 书记")
	mustContain(t, h.dm(bob, "/audit"), "The latest 20 actions", "老王 changed a role · Bob: committee member → secretary", "scheduled meeting #1 · branch assembly 2026-12-05 15:00", "老王 cancelled meeting #1", "restored meeting #1", "Bob approved leave for meeting #1 · Alice")
	for _, bad := range []string{"0", "101", "abc", "-1", "1e2", "5 6"} {
		mustContain(t, h.dm(owner, "/audit "+bad), "不是 1–100 之间的条数", "/audit [条数]")
	}
	mustContain(t, h.dm(bob, "/audit many"), "“many” is not a count from 1 to 100")
	mustContain(t, h.dm(alice, "/audit"), "只有")
	if err := h.bot.store.RecordOperatorAudit(t.Context(), 0, data.AuditBackup, "admin address"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.dm(owner, "/audit 1"), "服务器管理员 备份了全部数据")
	mustContain(t, h.dm(bob, "/audit 1"), "The server's operator took a backup of all data")
}

var meetingNumber = regexp.MustCompile(`#(\d+)`)

func TestParseAuditCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", DefaultAuditCount, true},
		{"  ", DefaultAuditCount, true},
		{"1", 1, true},
		{"100", 100, true},
		{" 42 ", 42, true},
		{"５０", 50, true},
		{"0", 0, false},
		{"101", 0, false},
		{"-3", 0, false},
		{"+3", 0, false},
		{"03", 0, false},
		{"1e2", 0, false},
		{"3 4", 0, false},
		{"abc", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		n, ok := ParseAuditCount(tt.in)
		if n != tt.want || ok != tt.ok {
			t.Errorf("ParseAuditCount(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseAuditCount(f *testing.F) {
	for _, s := range []string{"", "20", "１００", "0", "abc", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseAuditCount(s)
		if ok && (n < 1 || n > data.MaxAuditList) {
			t.Errorf("ParseAuditCount(%q) = %d, accepted out of range", s, n)
		}
		if !ok && n != 0 {
			t.Errorf("ParseAuditCount(%q) = %d with a refusal", s, n)
		}
	})
}
