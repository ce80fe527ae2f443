package bot

import (
	"strings"
	"testing"
	"time"
)

func TestWeeklyDigestRespectsMuteAndQuietHours(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	h.dm(owner, "/meeting 党员大会 2026-12-01 15:00 remind=off 年终总结")
	h.dm(owner, "/meeting 党小组会 2026-12-02 19:00 group=第一党小组 remind=off 小组学习")
	h.dm(owner, "/meeting 党课 2026-12-20 09:00 remind=off 下个月的党课")
	mustContain(t, h.dm(bob, "/mute"), "/unmute")

	// Monday 2026-11-30 08:30 is the default.
	h.setClock(at(2026, 11, 30, 8, 29))
	if n := len(h.messagesWith(alice.ID, "本周会议")); n != 0 {
		t.Fatalf("digest before its time: %d", n)
	}
	h.setClock(at(2026, 11, 30, 8, 30))
	digest := h.messagesWith(alice.ID, "本周会议")
	if len(digest) != 1 {
		t.Fatalf("Alice got %d digests", len(digest))
	}
	mustContain(t, digest[0].Plain, "年终总结", "小组学习", "/mute")
	if n := len(h.messagesWith(carol.ID, "小组学习")); n != 0 {
		t.Errorf("Carol is not in the group but her digest lists its meeting")
	}
	for _, m := range h.messagesWith(carol.ID, "本周会议") {
		if strings.Contains(m.Plain, "下个月的党课") {
			t.Errorf("the digest reaches beyond the week")
		}
	}
	if n := len(h.messagesWith(bob.ID, "This week")); n != 0 {
		t.Errorf("muted Bob got the digest")
	}

	// A digest set inside quiet hours waits for their end.
	mustContain(t, h.dm(owner, "/settings digest=mon-23:00"), "周一 23:00")
	h.dm(owner, "/meeting 党员大会 2026-12-09 15:00 remind=off 下周会议")
	h.setClock(at(2026, 12, 7, 23, 30))
	if n := len(h.messagesWith(alice.ID, "本周会议")); n != 1 {
		t.Fatalf("digest inside quiet hours: %d", n)
	}
	h.setClock(at(2026, 12, 8, 7, 30))
	if n := len(h.messagesWith(alice.ID, "本周会议")); n != 2 {
		t.Fatalf("digest after quiet hours: %d, want 2", n)
	}
	mustContain(t, h.dm(owner, "/settings digest=off"), "每周安排：关闭")
	h.setClock(at(2026, 12, 21, 12, 0))
	if n := len(h.messagesWith(alice.ID, "本周会议")); n != 2 {
		t.Fatalf("digest after it was turned off: %d", n)
	}
	mustContain(t, h.dm(owner, "/settings digest=someday"), "无法识别")
}

func TestMutedMemberGetsNoFollowUps(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	h.dm(bob, "/mute")
	h.dm(owner, "/settings followup=1h")
	sendNotice(t, h, owner, "请阅读学习材料。")
	h.idle()
	h.advance(time.Hour)
	if n := len(h.messagesWith(alice.ID, "⏰")); n != 1 {
		t.Errorf("Alice got %d follow-ups, want 1", n)
	}
	if n := len(h.messagesWith(bob.ID, "⏰")); n != 0 {
		t.Errorf("muted Bob got %d follow-ups", n)
	}
	mustContain(t, h.dm(bob, "/unmute"), "back on")
}
