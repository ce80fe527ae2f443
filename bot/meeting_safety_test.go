package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

// cancelMeeting cancels meeting id as u the way a secretary does: the
// command, then the confirmation's button. It returns the confirmed text.
func cancelMeeting(h *harness, u *tgtest.User, id uint64) string {
	h.t.Helper()
	ask := h.say(u, u.PrivateChat(), "/meeting cancel "+strconv.FormatUint(id, 10))
	if len(ask) != 1 {
		h.t.Fatalf("/meeting cancel %d: %v", id, plains(ask))
	}
	label := "❌ 确认取消"
	if _, ok := ask[0].Button(label); !ok {
		label = "❌ Cancel it"
	}
	_, after := h.press(u, ask[0], label)
	return after.Plain
}

// announcement is u's announcement of a new meeting titled title.
func announcement(t *testing.T, h *harness, u *tgtest.User, title string) *tgtest.Message {
	t.Helper()
	h.idle()
	for _, m := range h.srv.Messages(u.ID) {
		if strings.HasPrefix(m.Plain, "📅") && strings.Contains(m.Plain, title) {
			return m
		}
	}
	t.Fatalf("%s got no announcement of %q", u.FirstName, title)
	return nil
}

// Item 1: a started or ended meeting cannot be cancelled; a cancel asks
// first and says who will be told; it is marked wherever it is shown; it
// can be undone with leaves and RSVPs intact and reminders planned again.
func TestCancelIsConfirmedRefusedOnceStartedAndUndoable(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党课 2026-11-25 10:00 remind=off 已经开过的党课"), "#1")
	h.setClock(at(2026, 11, 25, 12, 0)) // #1 is over
	ended := h.say(owner, owner.PrivateChat(), "/meeting cancel 1")
	if len(ended) != 1 || len(ended[0].Buttons()) != 0 {
		t.Fatalf("cancel of an ended meeting: %v", plains(ended))
	}
	mustContain(t, ended[0].Plain, "会议 #1 已经开始或结束，不能取消")
	mustContain(t, h.dm(owner, "/meeting 1"), "已经开过的党课")
	if strings.Contains(h.dm(owner, "/meeting 1"), "已取消") {
		t.Error("an ended meeting got cancelled")
	}

	h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 remind=1h 学习贯彻")
	h.press(alice, announcement(t, h, alice, "学习贯彻"), "👍 参加")
	mustContain(t, h.dm(bob, "/leave 2 travelling"), "the secretary decides")
	ask := h.say(owner, owner.PrivateChat(), "/meeting cancel 2")[0]
	mustContain(t, ask.Plain, "确定取消会议 #2「学习贯彻」", "将通知 3 人（全体党员）")
	if strings.Contains(h.dm(owner, "/meeting 2"), "已取消") {
		t.Fatal("asking cancelled already")
	}
	_, kept := h.press(owner, ask, "不取消")
	mustContain(t, kept.Plain, "照常举行")

	mustContain(t, cancelMeeting(h, owner, 2), "已取消会议 #2", "正在通知 3 人", "/meeting restore 2")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "会议取消", "学习贯彻")
	mustContain(t, h.dm(owner, "/meetings"), "#2", "（已取消）")
	mustContain(t, h.dm(owner, "/meeting 2"), "❌ 已取消（老王")

	// The undo on the confirmation: everyone is told, nothing was lost.
	done := h.messagesWith(owner.ID, "已取消会议 #2")[0]
	_, restored := h.press(owner, done, "↩️ 恢复")
	mustContain(t, restored.Plain, "已恢复会议 #2", "正在通知 3 人", "请假和参加回复都保留")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "✅ 会议恢复", "学习贯彻")
	mustContain(t, h.srv.LastMessage(bob.ID).Plain, "Meeting back on")
	mustContain(t, h.dm(bob, "/leave 2 again"), "pending")
	mustContain(t, h.dm(owner, "/meeting restore 2"), "没有被取消")
	if strings.Contains(h.dm(owner, "/meetings"), "已取消") {
		t.Error("a restored meeting is still marked cancelled")
	}
	h.setClock(at(2026, 11, 28, 14, 0))
	if n := reminders(h, alice); n != 1 {
		t.Errorf("%d reminders after the restore, want 1", n)
	}

	// By command, and in English; too late once the time has come.
	h.dm(owner, "/role Bob 书记")
	h.dm(owner, "/meeting 党课 2026-11-29 09:00 remind=off 周日党课")
	ask = h.say(bob, bob.PrivateChat(), "/meeting cancel 3")[0]
	mustContain(t, ask.Plain, "Cancel meeting #3", "3 members will be told (every member)")
	_, done = h.press(bob, ask, "❌ Cancel it")
	mustContain(t, done.Plain, "Meeting #3 cancelled", "/meeting restore 3")
	mustContain(t, h.dm(bob, "/meeting 3"), "Cancelled (by Bob")
	mustContain(t, h.dm(bob, "/meeting restore 3"), "Meeting #3 restored")
	cancelMeeting(h, bob, 3)
	h.setClock(at(2026, 11, 29, 9, 0))
	mustContain(t, h.dm(bob, "/meeting restore 3"), "cannot be restored")
}

// Item 2: /cancel leaves a flow and cancels no meeting; the meeting's own
// word is /meeting cancel, for its organiser or a secretary only.
func TestCancelWordsAreSeparate(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 remind=off 党员大会")
	h.dm(owner, "/role Alice 支委")
	mustContain(t, h.dm(alice, "/feedback"), "/cancel")
	mustContain(t, h.dm(alice, "/cancel 1"), "/cancel 只用来放弃进行中的操作", "/meeting cancel 1")
	if show := h.dm(owner, "/meeting 1"); strings.Contains(show, "已取消") {
		t.Fatalf("/cancel 1 cancelled the meeting: %q", show)
	}
	mustContain(t, h.dm(alice, "/cancel"), "已取消") // the flow was still there to leave
	mustContain(t, h.dm(bob, "/cancel 1"), "cancels no meeting", "/meeting cancel 1")
	mustContain(t, h.dm(alice, "/meeting cancel 1"), "只有会议 #1 的组织者或书记")
	mustContain(t, h.dm(bob, "/meeting cancel 1"), "only a")
	mustContain(t, h.dm(owner, "/meeting cancel"), "/meeting cancel <编号>")
}

// Item 5: attendees are told of a new meeting with 参加 and 请假, and of
// an edit with what changed.
func TestSchedulingAnnouncesAndEditsTellWhatChanged(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-05 15:00 at=三楼 remind=off 学习"), "已安排会议 #1", "已通知 3 人")
	a := announcement(t, h, alice, "学习")
	mustContain(t, a.Plain, "📅 新会议：学习（支部党员大会）", "2026-12-05 周六 15:00", "地点：三楼")
	toast, _ := h.press(alice, a, "👍 参加")
	mustContain(t, toast, "已记下你会参加")
	mustContain(t, announcement(t, h, bob, "学习").Plain, "New meeting", "Where: 三楼")
	if len(h.messagesWith(owner.ID, "📅")) != 0 {
		t.Error("the organiser got their own announcement")
	}
	toast, _ = h.press(carol, announcement(t, h, carol, "学习"), "🙋 请假")
	mustContain(t, toast, "请假理由")
	mustContain(t, h.dm(carol, "出差"), "等待书记批准")

	edit := h.dm(owner, "/meeting edit 1 at=会议室 B title=学习交流 dur=2h")
	mustContain(t, edit, "已修改会议 #1", "正在通知 3 人", "地点：会议室 B")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "会议变更", "标题：学习 → 学习交流", "地点：三楼 → 会议室 B", "时长：1h30m → 2h")
	mustContain(t, h.srv.LastMessage(bob.ID).Plain, "Meeting changed", "Place: 三楼 → 会议室 B")
	mustContain(t, h.dm(owner, "/meeting edit 1 at=会议室 B"), "没有变化")
	mustContain(t, h.dm(owner, "/meeting edit 1 group=第一党小组"), "只有党小组会有党小组")
	mustContain(t, h.dm(owner, "/meeting edit 1"), "用法：/meeting edit")
	mustContain(t, h.dm(owner, "/meeting edit 1 dur=1m"), "时长“dur=1m”不对", "5 分钟到 12 小时")
	mustContain(t, h.dm(alice, "/meeting edit 1 title=x"), "只有支委")
}

// Item 6 (clashes): a meeting that overlaps another for the same people is
// scheduled with a warning; one for other people is not warned about.
func TestClashIsWarnedNotRefused(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	h.dm(owner, "/meeting 党员大会 2026-12-05 15:00 remind=off 大会")
	clash := h.dm(owner, "/meeting 党课 2026-12-05 16:00 remind=off 党课")
	mustContain(t, clash, "已安排会议 #2", "⚠️ 时间冲突：与 #1「大会」（2026-12-05 周六 15:00）重叠")
	h.dm(owner, "/meeting 支委会 2026-12-06 15:00 remind=off 支委会")
	if other := h.dm(owner, "/meeting 党小组会 2026-12-06 15:00 group=第一党小组 remind=off 小组会"); strings.Contains(other, "冲突") {
		t.Errorf("the group and the committee share nobody: %q", other)
	}
	mustContain(t, h.dm(owner, "/move 4 2026-12-05 15:30"), "已改期会议 #4", "冲突", "#1")
	_ = alice
}

// Item 7: buttons of a cancelled meeting and of a decided leave answer
// "已失效" with the reason and change nothing; an old 批准 approves
// nothing and asks for no make-up study.
func TestButtonsOfCancelledMeetingsAndDecidedLeavesAreStale(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 remind=off 大会")
	a := announcement(t, h, alice, "大会")
	h.press(alice, a, "🙋 请假")
	h.dm(alice, "家里有事")
	h.idle()
	note := h.srv.LastMessage(owner.ID)
	mustContain(t, note.Plain, "Alice 请假")
	cancelMeeting(h, owner, 1)
	h.idle()
	before := len(h.srv.Messages(alice.ID))
	mustContain(t, h.pressStale(owner, note, "批准"), "已失效：会议 #1 已取消")
	mustContain(t, h.pressStale(alice, a, "👍 参加"), "已失效：会议 #1 已取消")
	mustContain(t, h.pressStale(alice, a, "🙋 请假"), "已失效：会议 #1 已取消")
	mustContain(t, h.pressStale(bob, announcement(t, h, bob, "大会"), "👍 I'll attend"), "No longer valid: meeting #1 was cancelled")
	cb := h.srv.Press(alice, a, "ci:1")
	h.handled(cb.UpdateID)
	if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, "已失效：会议 #1 已取消") {
		t.Errorf("check-in of a cancelled meeting: %q", ans.Text)
	}
	h.idle()
	if got := h.srv.Messages(alice.ID)[before:]; len(got) != 0 {
		t.Errorf("a stale press told Alice something: %v", plains(got))
	}
	mustContain(t, h.dm(owner, "/attendance 1"), "Alice（家里有事）（待批）")

	// A decided leave's other button.
	h.dm(owner, "/meeting 党课 2026-11-29 15:00 remind=off 党课")
	mustContain(t, h.dm(bob, "/leave 2 travel"), "the secretary decides")
	h.idle()
	note = h.srv.LastMessage(owner.ID)
	h.press(owner, note, "批准")
	mustContain(t, h.pressStale(owner, note, "驳回"), "已失效：这条请假已经处理过了（已批准）")
	// In English, for a secretary pressing the organiser's old note.
	h.dm(owner, "/role Bob 书记")
	h.dm(owner, "/meeting 党课 2026-11-30 15:00 remind=off 党课二")
	mustContain(t, h.dm(alice, "/leave 3 有事"), "等待")
	h.idle()
	note = h.srv.LastMessage(owner.ID)
	h.press(owner, note, "驳回")
	mustContain(t, h.pressStale(bob, note, "批准"), "No longer valid: this request has been decided already (rejected)")
}

// Item 10: a series whose only date falls on a holiday says what it
// skipped and why; /series shows group, place and holiday policy.
func TestSeriesSaysWhatItSkipped(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.setClock(at(2026, 12, 5, 9, 0))
	reply := h.dm(owner, "/series 党小组会 monthly:first-fri 15:00 group=第一党小组 at=三楼 小组学习")
	mustContain(t, reply, "已创建周期会议 #1", "跳过：2027-01-01 周五 15:00（元旦", "节假日跳过")
	list := h.dm(owner, "/series")
	mustContain(t, list, "#1", "monthly:first-fri", "党小组「第一党小组」", "三楼", "节假日跳过")
	mustContain(t, h.dm(owner, "/series 支委会 monthly:first-fri 09:00 holiday=keep 支委会例会"), "2027-01-01 周五 09:00")
	mustContain(t, h.dm(owner, "/series"), "支委和书记", "（未定）", "节假日照常")
	mustContain(t, h.dm(owner, "/series stop 2"), "/meeting cancel")
}

// Item 12: the last reminder skips members checked in or on approved
// leave; a checked-in member's 请假 is refused at the press.
func TestRemindersFollowEachMembersState(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=1h,10m 年终总结")
	mustContain(t, h.dm(carol, "/leave 1 身体不适"), "等待")
	h.idle()
	h.press(owner, h.srv.LastMessage(owner.ID), "批准")
	h.setClock(at(2026, 11, 25, 18, 0))
	first := h.messagesWith(bob.ID, "⏰")[0]
	h.setClock(at(2026, 11, 25, 18, 40))
	mustContain(t, h.dm(alice, "/checkin 1"), "已签到")
	mustContain(t, h.dm(bob, "/checkin 1"), "Checked in")
	h.setClock(at(2026, 11, 25, 18, 50))
	// Carol's leave was approved before the first: she gets neither.
	for u, want := range map[*tgtest.User]int{alice: 1, bob: 1, carol: 0, owner: 2} {
		if got := reminders(h, u); got != want {
			t.Errorf("%s has %d reminders, want %d", u.FirstName, got, want)
		}
	}
	toast, _ := h.press(bob, first, "🙋 Ask for leave")
	mustContain(t, toast, "You have checked in; no leave needed")
	mustContain(t, h.dm(bob, "I have to go"), "commands only")
	toast, _ = h.press(carol, announcement(t, h, carol, "年终总结"), "🙋 请假")
	mustContain(t, toast, "你已经请过假了（已批准）")
}

// Item 21: a member sees a meeting they attend, read-only, and not a
// committee meeting; /meetings and /leave work in the group and answer
// privately.
func TestMembersSeeTheirMeetingsAndUseTheGroup(t *testing.T) {
	h, owner, alice, bob, _, grp := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 code=on remind=off 大会")
	h.dm(owner, "/meeting 支委会 2026-11-28 09:00 remind=off 支委会")
	show := h.dm(alice, "/meeting 1")
	mustContain(t, show, "#1", "大会", "应到：4 人")
	if strings.Contains(show, "签到码") {
		t.Errorf("a member sees the room's code: %q", show)
	}
	mustContain(t, h.dm(alice, "/meeting 2"), "没有编号为 2 的会议")
	mustContain(t, h.dm(alice, "/meeting 党员大会 2026-12-05 15:00 假会议"), "只有支委")

	got := h.say(alice, grp, "/meetings")
	if len(got) != 1 || !strings.Contains(got[0].Plain, "已私信回复你") {
		t.Fatalf("/meetings in the group: %v", plains(got))
	}
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "#1", "大会")
	if strings.Contains(h.srv.LastMessage(alice.ID).Plain, "支委会") {
		t.Error("a member's list shows the committee's meeting")
	}
	got = h.say(bob, grp, "/leave 1 travelling")
	if len(got) != 1 || !strings.Contains(got[0].Plain, "answered you in a private chat") {
		t.Fatalf("/leave in the group: %v", plains(got))
	}
	h.idle()
	mustContain(t, h.srv.LastMessage(bob.ID).Plain, "the secretary decides")
	for _, m := range h.srv.Messages(grp.ID) {
		if strings.Contains(m.Plain, "travelling") {
			t.Errorf("the group was shown the leave: %q", m.Plain)
		}
	}
}

func TestParseMeetingEdit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want MeetingEditInput
		bad  bool
	}{
		{in: "at=会议室 B title=学习交流", want: MeetingEditInput{Place: "会议室 B", Title: "学习交流"}},
		{in: "dur=2h group=第一党小组", want: MeetingEditInput{Duration: 2 * time.Hour, Group: "第一党小组"}},
		{in: "title=a=b c", want: MeetingEditInput{Title: "a=b c"}},
		{in: `at="Room 3" title=「年终 总结」`, want: MeetingEditInput{Place: "Room 3", Title: "年终 总结"}},
		{in: "at＝三楼", want: MeetingEditInput{Place: "三楼"}},
		{in: `at="Room 3`, bad: true},
		{in: "", bad: true},
		{in: "stray title=x", bad: true},
		{in: "title=", bad: true},
		{in: "title=a title=b", bad: true},
		{in: "dur=1m", bad: true},
	} {
		got, err := ParseMeetingEdit(c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("ParseMeetingEdit(%q) = %+v, %v", c.in, got, err)
		}
	}
}

// A member's /meeting without an id is refused with what /meeting does
// for them, in their language.
func TestMeetingRefusalPointsMembersToTheirUse(t *testing.T) {
	h, _, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(alice, "/meeting"), "只有支委可以使用 /meeting", "/meeting ‹编号›", "/meetings")
	mustContain(t, h.dm(bob, "/meeting cancel 1"), "/meeting ‹id›", "/meetings")
}
