package bot

import (
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// fileReply sends a file with send (which returns the update's id) and
// returns the bot's one answer in chatID.
func (h *harness) fileReply(chatID int64, send func() int64) string {
	h.t.Helper()
	h.idle()
	before := len(h.srv.Messages(chatID))
	h.handled(send())
	got := h.srv.Messages(chatID)[before:]
	if len(got) != 1 {
		h.t.Fatalf("a file got %d answers, want 1: %v", len(got), plains(got))
	}
	return got[0].Plain
}

// The secretary keeps minutes an inspection accepts: host, recorder,
// agenda, decisions and the record; the committee files the sign-in
// sheet and the minutes' scan; /minutes shows it all, with attendance
// from the check-in records.
func TestStructuredMinutesAndEvidenceStory(t *testing.T) {
	h, owner, _, _, _, grp := branchOf4(t)
	dave := h.srv.NewUser("Dave", "zh")
	h.dm(dave, "/start "+h.inviteCode(owner, "支委"))
	mustContain(t, h.dm(owner, "/meeting 支部党员大会 2026-11-25 19:00 dur=1h remind=off at=三楼会议室 年终总结"), "已安排会议 #1")

	mustContain(t, h.dm(owner, "/minutes 1 主持人=张三\n记录人：李四\n议题=传达全会精神\n议题=讨论发展党员\n决议=同意李某列为积极分子\n大家踊跃发言。"), "已保存")
	shown := h.dm(owner, "/minutes 1")
	mustContain(t, shown, "主持人：张三", "记录人：李四", "议题：\n1. 传达全会精神\n2. 讨论发展党员", "决议：\n1. 同意李某列为积极分子",
		"大家踊跃发言。", "出席（取自签到记录）：应到 5，实到 0", "附件：无", "/minutes 1 attach")

	// An English edit adds a decision; the rest stays, the first version is kept.
	mustContain(t, h.dm(owner, "/minutes 1 decision=同意李某列为积极分子\ndecision=Hold a themed day in December"), "已更新", "旧版本已保留")
	shown = h.dm(owner, "/minutes 1")
	mustContain(t, shown, "主持人：张三", "2. Hold a themed day in December", "较早版本（1 个", "第 1 版")
	if strings.Count(shown, "大家踊跃发言。") != 2 {
		t.Errorf("the record should show in the minutes and in the earlier version:\n%s", shown)
	}

	// The attach step: a photo with a caption goes to meeting 1.
	mustContain(t, h.dm(owner, "/minutes 1 attach"), "10 分钟内", "#1")
	mustContain(t, h.fileReply(owner.ID, func() int64 { return h.srv.SendPhoto(owner, owner.PrivateChat(), []byte("jpeg"), "签到表") }),
		"已附到会议 #1“年终总结”（共 1 个附件）")

	// A committee member answers the minutes message with a document.
	minutesMsg := h.say(dave, dave.PrivateChat(), "/minutes 1")
	mustContain(t, h.fileReply(dave.ID, func() int64 {
		return h.srv.ReplyWithDocument(dave, minutesMsg[len(minutesMsg)-1], "会议记录.pdf", []byte("%PDF"), "扫描件")
	}), "共 2 个附件")

	// In the group, a photo answering the meeting's post is filed too.
	h.setClock(at(2026, 11, 25, 18, 30))
	posts := h.messagesWith(grp.ID, "会议即将开始")
	if len(posts) != 1 {
		t.Fatalf("group posts: %d", len(posts))
	}
	mustContain(t, h.fileReply(grp.ID, func() int64 { return h.srv.ReplyWithPhoto(dave, posts[0], []byte("room"), "会场") }), "共 3 个附件")

	// After the meeting, the secretary answers the summary with one more photo.
	h.setClock(at(2026, 11, 25, 20, 1))
	h.idle()
	summaries := h.messagesWith(owner.ID, "/attendance 1")
	if len(summaries) != 1 {
		t.Fatalf("summaries: %d", len(summaries))
	}
	mustContain(t, h.fileReply(owner.ID, func() int64 { return h.srv.ReplyWithPhoto(owner, summaries[0], []byte("group photo"), "") }), "共 4 个附件")

	shown = h.dm(owner, "/minutes 1")
	mustContain(t, shown, "附件（4 个）：", "1. 🖼 签到表（老王，", "2. 📄 会议记录.pdf — 扫描件（Dave，", "3. 🖼 会场（Dave，", "4. 🖼 （无说明）（老王，")

	// Evidence is stored with Telegram's ids, who and when.
	ev, err := h.store.MeetingEvidence(1)
	if err != nil || len(ev) != 4 {
		t.Fatalf("evidence = %+v, %v", ev, err)
	}
	for _, e := range ev {
		if e.FileID == "" || e.FileUniqueID == "" || e.By == 0 || e.At.IsZero() {
			t.Errorf("evidence kept without its ids or author: %+v", e)
		}
	}
	if ev[1].Kind != "document" || ev[1].FileName != "会议记录.pdf" || ev[1].By != dave.ID {
		t.Errorf("the document = %+v", ev[1])
	}
}

// Files from people who may not file them, or that name no meeting, are
// refused with the reason, in the sender's language; nothing is stored.
func TestEvidenceRefusals(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 支委会 2026-11-25 19:00 remind=off 议事"), "已安排会议 #1")
	strangerZH := h.srv.NewUser("路人", "zh")
	strangerEN := h.srv.NewUser("Passer", "en")
	photo := func(u *tgtest.User) string {
		return h.fileReply(u.ID, func() int64 { return h.srv.SendPhoto(u, u.PrivateChat(), []byte("x"), "") })
	}
	mustContain(t, photo(alice), "只有支委和书记可以为会议添加附件")
	mustContain(t, photo(bob), "Only the branch committee and secretaries can attach files")
	mustContain(t, photo(strangerZH), "你还不是支部成员")
	mustContain(t, photo(strangerEN), "you are not a member of the branch")
	// The secretary's file with no reply and no attach step: which meeting?
	mustContain(t, photo(owner), "不知道这个文件属于哪次会议", "/minutes <会议编号> attach")
	erin := h.srv.NewUser("Erin", "en")
	h.dm(erin, "/start "+h.inviteCode(owner, "支委"))
	mustContain(t, photo(erin), "Which meeting is this file for?", "/minutes <meeting number> attach")
	// A reply to a message about no meeting names none either.
	hello := h.say(owner, owner.PrivateChat(), "/help")
	mustContain(t, h.fileReply(owner.ID, func() int64 {
		return h.srv.ReplyWithDocument(owner, hello[len(hello)-1], "a.pdf", []byte("x"), "")
	}), "不知道这个文件属于哪次会议")
	if ev, _ := h.store.MeetingEvidence(1); len(ev) != 0 {
		t.Fatalf("refused files were stored: %+v", ev)
	}

	// A cancelled meeting's minutes and evidence are closed; what was
	// stored stays.
	mustContain(t, h.dm(owner, "/minutes 1 主持人=张三"), "已保存")
	mustContain(t, h.dm(owner, "/minutes 1 attach"), "10 分钟内")
	cancelMeeting(h, owner, 1)
	mustContain(t, h.dm(owner, "/minutes 1 主持人=李四"), "会议 #1 已取消，它的记录不能再修改")
	mustContain(t, photo(owner), "会议 #1 已取消，不能再添加附件")
	shown := h.dm(owner, "/minutes 1")
	mustContain(t, shown, "主持人：张三")
	if hint := "回复本消息"; strings.Contains(shown, hint) {
		t.Errorf("a cancelled meeting's minutes still invite attachments: %q", shown)
	}
}
