package bot

import (
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// branchOf4 sets up a branch with a secretary (the owner), three members
// who joined by invite and a bound group.
func branchOf4(t *testing.T) (h *harness, owner, alice, bob, carol *tgtest.User, grp *tgtest.Chat) {
	h, owner = newHarness(t)
	alice = h.srv.NewUser("Alice", "zh")
	bob = h.srv.NewUser("Bob", "en")
	carol = h.srv.NewUser("张三", "zh")
	h.dm(owner, "/neworg 第一党支部")
	for _, u := range []*tgtest.User{alice, bob, carol} {
		h.dm(u, "/start "+h.inviteCode(owner, "党员"))
	}
	grp = h.srv.NewGroup("支部群")
	h.say(owner, grp, "/bind")
	return h, owner, alice, bob, carol, grp
}

// sendNotice goes through the preview and presses Send; it returns the
// secretary's status message.
func sendNotice(t *testing.T, h *harness, secretary *tgtest.User, text string) *tgtest.Message {
	t.Helper()
	preview := h.say(secretary, secretary.PrivateChat(), "/notice "+text)
	if len(preview) != 1 || !strings.Contains(preview[0].Plain, "预览") {
		t.Fatalf("preview = %v", plains(preview))
	}
	before := len(h.srv.Messages(secretary.ID))
	toast, edited := h.press(secretary, preview[0], "✅ 发送")
	if toast != "已发送" || !strings.Contains(edited.Plain, "已进入发送队列") {
		t.Fatalf("send: toast %q, preview now %q", toast, edited.Plain)
	}
	// The delivery report may already be there too: the sender is fast.
	after := h.srv.Messages(secretary.ID)[before:]
	if len(after) == 0 || !strings.HasPrefix(after[0].Plain, "📢") || len(after[0].Buttons()) != 2 {
		t.Fatalf("status message = %v", plains(after))
	}
	return after[0]
}

func TestNoticeReadReceipts(t *testing.T) {
	h, owner, alice, bob, carol, grp := branchOf4(t)
	dave := h.srv.NewUser("Dave", "zh")
	h.dm(dave, "/start "+h.inviteCode(owner, "党员"))
	h.srv.Block(dave)

	status := sendNotice(t, h, owner, "明天 9:00 开支部大会 <请带笔记本> & 茶杯 *不要迟到*")
	h.idle()

	for _, u := range []*tgtest.User{alice, bob, carol} {
		got := h.messagesWith(u.ID, "明天 9:00 开支部大会 <请带笔记本> & 茶杯 *不要迟到*")
		if len(got) != 1 || len(got[0].Buttons()) != 1 {
			t.Fatalf("%s got %v", u.FirstName, plains(h.srv.Messages(u.ID)))
		}
	}
	mustContain(t, h.messagesWith(bob.ID, "Notice #1")[0].Plain, "Got it")
	if len(h.messagesWith(grp.ID, "<请带笔记本>")) != 1 {
		t.Errorf("group copy missing: %v", plains(h.srv.Messages(grp.ID)))
	}
	report := h.messagesWith(owner.ID, "发送完成")
	if len(report) != 1 {
		t.Fatalf("secretary's report: %v", plains(h.srv.Messages(owner.ID)))
	}
	mustContain(t, report[0].Plain, "送达 3/4", "无法送达：Dave", "https://t.me/branchbot_test_bot", "再次提醒")
	h.waitEdit(owner.ID, "送达 3/4 · 已读 0/4")

	// Alice reads it; her button turns into a confirmation; a second
	// press changes nothing.
	aliceCopy := h.messagesWith(alice.ID, "<请带笔记本>")[0]
	toast, after := h.press(alice, aliceCopy, "✅ 收到")
	if toast != "已确认收到，谢谢！" || after.Buttons()[0].Text != "✔️ 已确认收到" {
		t.Fatalf("ack: toast %q, buttons %v", toast, after.Buttons())
	}
	toast, _ = h.press(alice, after, "✔️ 已确认收到")
	mustContain(t, toast, "你已在")
	h.waitEdit(owner.ID, "已读 1/4")

	// Bob acknowledges from the group's copy; a stranger in the group
	// cannot.
	groupCopy := h.messagesWith(grp.ID, "<请带笔记本>")[0]
	if toast, _ := h.press(bob, groupCopy, "✅ 收到"); toast != "Confirmed, thank you!" {
		t.Errorf("bob's ack from the group: %q", toast)
	}
	if toast, _ := h.press(h.srv.NewUser("Eve", "zh"), groupCopy, "✅ 收到"); !strings.Contains(toast, "不是发给你的") {
		t.Errorf("stranger's ack: %q", toast)
	}
	h.waitEdit(owner.ID, "已读 2/4")

	acks := h.dm(owner, "/acks 1")
	mustContain(t, acks, "已读 2/4", "未读（1）：张三", "无法送达（1）：Dave")
	mustContain(t, h.dm(owner, "/acks #1"), "已读 2/4")
	mustContain(t, h.dm(owner, "/acks"), "用法")
	mustContain(t, h.dm(owner, "/acks 99"), "没有编号为 99 的通知")
	mustContain(t, h.dm(owner, "/notices"), "#1", "已读 2/4")
	mustContain(t, h.dm(alice, "/acks 1"), "只有")

	// The status message's list button gives the same list.
	toast, _ = h.press(owner, status, "📋 未读名单")
	if last := h.srv.LastMessage(owner.ID); !strings.Contains(last.Plain, "未读（1）：张三") {
		t.Errorf("unread button: toast %q, last message %q", toast, last.Plain)
	}

	// Forged and stale acks.
	for data, want := range map[string]string{"ack:999": "已不存在", "ack:0": "已失效"} {
		cb := h.srv.Press(alice, aliceCopy, data)
		h.handled(cb.UpdateID)
		if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, want) {
			t.Errorf("%s: answer %q, want %q", data, ans.Text, want)
		}
	}
}

func TestNoticeFollowUpsRespectCapAndQuietHours(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/settings followup=2h followups=2"), "已保存", "发出 2h 后，最多 2 次", "22:00-07:30")
	h.clock.Set(time.Date(2026, 11, 25, 20, 30, 0, 0, shanghai))
	sendNotice(t, h, owner, "周五主题党日，请准时参加。")
	h.idle()
	h.press(alice, h.messagesWith(alice.ID, "周五主题党日")[0], "✅ 收到")

	// 22:30 is quiet: the follow-up waits for 07:30.
	h.advance(2 * time.Hour)
	if n := len(h.messagesWith(bob.ID, "⏰")); n != 0 {
		t.Fatalf("follow-up inside quiet hours: %d", n)
	}
	h.clock.Set(time.Date(2026, 11, 26, 7, 29, 0, 0, shanghai))
	h.idle()
	if n := len(h.messagesWith(carol.ID, "⏰")); n != 0 {
		t.Fatalf("follow-up before quiet hours end: %d", n)
	}
	h.advance(time.Minute)
	for _, u := range []*tgtest.User{bob, carol} {
		if n := len(h.messagesWith(u.ID, "周五主题党日")); n != 2 {
			t.Errorf("%s has %d messages about the notice, want notice + 1 reminder", u.FirstName, n)
		}
	}
	if n := len(h.messagesWith(alice.ID, "⏰")); n != 0 {
		t.Errorf("Alice read it but was reminded")
	}
	// Carol reads after the first reminder; the second goes to Bob alone.
	h.press(carol, h.messagesWith(carol.ID, "⏰")[0], "✅ 收到")
	h.advance(2 * time.Hour)
	if n := len(h.messagesWith(bob.ID, "⏰")); n != 2 {
		t.Errorf("Bob has %d reminders, want 2", n)
	}
	if n := len(h.messagesWith(carol.ID, "⏰")); n != 1 {
		t.Errorf("Carol has %d reminders, want 1", n)
	}
	// The cap holds.
	h.advance(48 * time.Hour)
	if n := len(h.messagesWith(bob.ID, "⏰")); n != 2 {
		t.Errorf("Bob has %d reminders after the cap, want 2", n)
	}
}

func TestRemindAgain(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	dave := h.srv.NewUser("Dave", "zh")
	h.dm(dave, "/start "+h.inviteCode(owner, "党员"))
	h.srv.Block(dave)
	h.dm(owner, "/settings followup=off")
	status := sendNotice(t, h, owner, "请于本周五前提交思想汇报。")
	h.idle()
	h.press(alice, h.messagesWith(alice.ID, "思想汇报")[0], "✅ 收到")

	// Dave unblocks the bot; "remind again" reminds the unread and resends
	// to the unreachable.
	h.srv.Unblock(dave)
	toast, _ := h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "已提醒 3 人")
	h.idle()
	if n := len(h.messagesWith(bob.ID, "⏰")); n != 1 {
		t.Errorf("Bob reminders = %d", n)
	}
	if n := len(h.messagesWith(alice.ID, "⏰")); n != 0 {
		t.Errorf("Alice read it but was reminded")
	}
	if got := h.messagesWith(dave.ID, "思想汇报"); len(got) != 1 || !strings.Contains(got[0].Plain, "通知 #1") {
		t.Errorf("Dave should get the notice itself: %v", plains(h.srv.Messages(dave.ID)))
	}
	// At most once every 30 minutes.
	toast, _ = h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "每 30m 最多提醒一次")
	h.advance(31 * time.Minute)
	toast, _ = h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "已提醒")
	// Quiet hours.
	h.clock.Set(time.Date(2026, 11, 25, 23, 0, 0, 0, shanghai))
	toast, _ = h.press(owner, status, "🔔 再次提醒")
	mustContain(t, toast, "免打扰", "07:30")
	// A member cannot press the secretary's buttons.
	toast, _ = h.press(alice, status, "🔔 再次提醒")
	mustContain(t, toast, "只有")
}

func TestNoticeGuidedFlowAndBadInput(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/notice"), "请发送通知内容")
	mustContain(t, h.dm(owner, "/notice    "), "请发送通知内容")
	preview := h.say(owner, owner.PrivateChat(), "第一段。\n\n第二段 <b>不是标签</b>")
	if len(preview) != 1 || !strings.Contains(preview[0].Plain, "<b>不是标签</b>") {
		t.Fatalf("preview = %v", plains(preview))
	}
	_, edited := h.press(owner, preview[0], "取消")
	mustContain(t, edited.Plain, "已取消")
	// A stale keyboard (another client still shows it) is turned away.
	if toast := h.pressStale(owner, preview[0], "取消"); !strings.Contains(toast, "已失效") {
		t.Errorf("second cancel: %q", toast)
	}
	// A restart between the text and the confirmation keeps the draft.
	h.dm(owner, "/notice")
	h.stop()
	h.start(nil)
	preview = h.say(owner, owner.PrivateChat(), "重启后的通知")
	sendNoticeFromPreview(t, h, owner, preview[0])
	// Pressing Send twice sends once.
	if toast := h.pressStale(owner, preview[0], "✅ 发送"); !strings.Contains(toast, "已失效") {
		t.Errorf("second send: %q", toast)
	}
	h.idle()
	if n := len(h.messagesWith(alice.ID, "重启后的通知")); n != 1 {
		t.Errorf("Alice got the notice %d times", n)
	}
	mustContain(t, h.dm(owner, "/cancel"), "没有进行中的操作")
	mustContain(t, h.dm(owner, "/notice "+strings.Repeat("长", data.MaxNoticeLen+1)), "最多 20000 个字")
	mustContain(t, h.dm(alice, "/notice 我也想发"), "只有支委可以使用 /notice")
	// A member typing text is not taken as someone else's draft.
	mustContain(t, h.dm(alice, "随便说点什么"), "/help")
}

func sendNoticeFromPreview(t *testing.T, h *harness, secretary *tgtest.User, preview *tgtest.Message) {
	t.Helper()
	if toast, _ := h.press(secretary, preview, "✅ 发送"); toast != "已发送" {
		t.Fatalf("send toast %q", toast)
	}
}

func TestLongNoticeIsSplit(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	para := strings.Repeat("学习贯彻会议精神，结合业务实际抓好落实。", 100) // 2,000 characters
	sendNotice(t, h, owner, para+"\n\n"+para+"\n\n"+para+"\n\n"+para)
	h.idle()
	parts := h.messagesWith(alice.ID, "学习贯彻")
	if len(parts) != 4 { // one paragraph each: a cut between paragraphs beats a fuller part
		t.Fatalf("Alice got %d parts, want 4", len(parts))
	}
	for i, p := range parts {
		if want := i == len(parts)-1; (len(p.Buttons()) == 1) != want {
			t.Errorf("part %d has %d buttons", i+1, len(p.Buttons()))
		}
		mustContain(t, p.Plain, "通知 #1")
	}
}

// A Send button forged from another flow's draft (feedback, whose last
// stage is also "confirm") is refused: no notice goes out.
func TestNoticeSendRefusesAnotherFlowsDraft(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	start := h.say(owner, owner.PrivateChat(), "/feedback")[0]
	_, msg := h.press(owner, start, "工作困难")
	_, msg = h.press(owner, msg, "署名")
	mustContain(t, msg.Plain, "请输入内容")
	preview := h.say(owner, owner.PrivateChat(), "网点人手不足")[0]
	send, ok := preview.Button("✅ 发送")
	if !ok {
		t.Fatalf("no send button on %q", preview.Plain)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(send.Data, btnFeedback.Action+":"), "-")
	press := h.srv.Press(owner, preview, btnNoticeSend.Action+":"+id)
	h.handled(press.UpdateID)
	if ans, _ := h.srv.CallbackAnswer(press.QueryID); ans.Text != "这个按钮已失效。" {
		t.Errorf("forged send answered %q", ans.Text)
	}
	owned, _ := h.store.Member(owner.ID)
	if ns, err := h.store.Notices(owned.BranchID, 10); err != nil || len(ns) != 0 {
		t.Fatalf("notices after a forged send = %v, %v", ns, err)
	}
}

// TestNoticeSplitKeepsEntitiesWhole: a notice is split as text, then
// escaped, and its length is what Telegram shows: 3,000 characters full of
// & and < go out as one message, and a long one as parts none of which
// ends in half an entity (tgtest refuses unparsable HTML).
func TestNoticeSplitKeepsEntitiesWhole(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	short := strings.Repeat("A&B<C>。", 375) // 3,000 characters
	sendNotice(t, h, owner, short)
	h.idle()
	if got := h.messagesWith(alice.ID, "A&B<C>"); len(got) != 1 {
		t.Fatalf("a 3,000-character notice reached Alice as %d messages", len(got))
	}
	long := strings.Repeat("甲&乙<丙>丁。", 1400) // 9,800 characters
	sendNotice(t, h, owner, long)
	h.idle()
	parts := h.messagesWith(alice.ID, "甲&乙<丙>")
	if len(parts) < 3 || len(parts) > 4 {
		t.Fatalf("a 9,800-character notice reached Alice as %d messages", len(parts))
	}
	var body strings.Builder
	for _, p := range parts {
		text := p.Plain
		text = text[strings.Index(text, "甲"):]
		if i := strings.Index(text, "\n"); i >= 0 { // the footer, on the last part
			text = text[:i]
		}
		body.WriteString(text)
	}
	if body.String() != long {
		t.Errorf("the parts do not read back as the notice (%d of %d bytes)", body.Len(), len(long))
	}
}
