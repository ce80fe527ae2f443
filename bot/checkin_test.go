package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

func TestCheckInWindowButtonsAndRoll(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=1h,10m 年终总结"), "已安排会议 #1")
	h.dm(owner, "/meeting 支委会 2026-11-25 19:00 remind=off 支委会")
	h.dm(owner, "/meeting 党课 2026-11-25 19:00 remind=off 取消的党课")
	cancelMeeting(h, owner, 3)

	h.setClock(at(2026, 11, 25, 18, 0))
	early := h.messagesWith(alice.ID, "⏰")[0]
	if _, ok := early.Button("✅ 签到"); ok {
		t.Error("the early reminder carries a check-in button")
	}
	mustContain(t, h.dm(carol, "/checkin 1"), "签到还没开始", "18:30")
	mustContain(t, h.dm(carol, "/checkin"), "现在没有你可以签到的会议")

	h.setClock(at(2026, 11, 25, 18, 50))
	last := h.messagesWith(alice.ID, "⏰")[1]
	toast, _ := h.press(alice, last, "✅ 签到")
	if toast != "已签到 18:50" {
		t.Errorf("check-in toast %q", toast)
	}
	toast, _ = h.press(alice, last, "✅ 签到")
	mustContain(t, toast, "你已于 18:50 签到")
	h.press(carol, h.messagesWith(carol.ID, "⏰")[1], "🙋 请假")
	h.dm(carol, "身体不适")
	mustContain(t, h.dm(alice, "/leave 1 有事"), "你已经签到了")

	h.setClock(at(2026, 11, 25, 19, 15))
	mustContain(t, h.dm(bob, "/checkin"), "Checked in at 19:15 (late)")
	mustContain(t, h.dm(alice, "/checkin 2"), "不需要你参加")
	mustContain(t, h.dm(alice, "/checkin 3"), "不存在或已取消")
	mustContain(t, h.dm(alice, "/checkin 99"), "不存在或已取消")
	mustContain(t, h.dm(alice, "/checkin soon"), "用法")
	stranger := h.srv.NewUser("Eve", "zh")
	mustContain(t, h.dm(stranger, "/checkin 1"), "还没有加入支部")
	cb := h.srv.Press(stranger, last, "ci:1")
	h.handled(cb.UpdateID)
	if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, "还没有加入支部") {
		t.Errorf("stranger's check-in: %q", ans.Text)
	}

	// 代签 during the meeting, 补签 with a reason afterwards.
	mustContain(t, h.dm(alice, "/checkin 1 老王"), "只有支委")
	mustContain(t, h.dm(owner, "/checkin 1 Alice"), "Alice 已经签到了")
	h.setClock(at(2026, 11, 25, 20, 31))
	mustContain(t, h.dm(owner, "/checkin 1"), "签到已结束")
	mustContain(t, h.dm(owner, "/checkin 1 老王"), "需要写明理由")
	mustContain(t, h.dm(owner, "/checkin 1 老王 主持会议，忘记签到"), "已为 老王 签到（补签：主持会议，忘记签到）")
	roll := h.dm(owner, "/attendance 1")
	mustContain(t, roll, "应到：4 人", "实到（3）：老王 19:00（补签：主持会议，忘记签到）、Alice 18:50、Bob 19:15", "迟到（1）：Bob 19:15", "请假（1）：张三（身体不适）（待批）", "老王 19:00（补签：主持会议，忘记签到）", "缺席（0）")
	mustContain(t, h.dm(alice, "/attendance 1"), "只有支委")
	mustContain(t, h.dm(owner, "/attendance"), "用法")
	mustContain(t, h.dm(owner, "/settings checkin=1h late=5m"), "已保存")
	mustContain(t, h.dm(owner, "/settings checkin=2d"), "无法识别")
}

// When a meeting ends the secretary gets the summary, members absent
// without leave are asked to do the make-up study, and the ledger keeps
// the make-ups and the minutes.
func TestAfterTheMeeting(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 dur=1h remind=10m 年终总结")
	h.setClock(at(2026, 11, 25, 18, 50))
	h.press(alice, h.messagesWith(alice.ID, "⏰")[0], "✅ 签到")
	h.dm(owner, "/checkin 1")
	mustContain(t, h.dm(bob, "/leave 1 travelling"), "secretary decides")
	h.idle()
	h.press(owner, h.srv.LastMessage(owner.ID), "批准")
	mustContain(t, h.dm(carol, "/makeup 1"), "不需要补学") // not over yet

	h.setClock(at(2026, 11, 25, 20, 0))
	summary := h.messagesWith(owner.ID, "会议结束")
	if len(summary) != 1 {
		t.Fatalf("summaries: %d", len(summary))
	}
	mustContain(t, summary[0].Plain, "应到 4 · 实到 2（迟到 0）· 请假 1 · 缺席 1", "缺席：张三")
	prompt := h.messagesWith(carol.ID, "📚")
	if len(prompt) != 1 || len(h.messagesWith(bob.ID, "📚")) != 0 || len(h.messagesWith(alice.ID, "📚")) != 0 {
		t.Fatalf("make-up prompts: carol %d, bob %d, alice %d", len(prompt), len(h.messagesWith(bob.ID, "📚")), len(h.messagesWith(alice.ID, "📚")))
	}
	mustContain(t, prompt[0].Plain, "年终总结", "/makeup 1")
	mustContain(t, h.dm(carol, "/makeup 1 已学习会议材料"), "已记录")
	mustContain(t, h.dm(carol, "/makeup 1"), "已经记录过")
	mustContain(t, h.dm(alice, "/makeup 1"), "不需要补学")
	mustContain(t, h.dm(carol, "/makeup 99"), "没有编号为 99")
	mustContain(t, h.dm(owner, "/minutes 1 传达学习了全会精神 <重点>"), "已保存")
	mustContain(t, h.dm(owner, "/minutes 1"), "传达学习了全会精神 <重点>")
	mustContain(t, h.dm(owner, "/minutes"), "用法")
	mustContain(t, h.dm(carol, "/minutes 1 我来写"), "只有支委")
	mustContain(t, h.dm(owner, "/attendance 1"), "已补学（1）：张三", "会议记录：传达学习了全会精神 <重点>")
	mustContain(t, h.dm(carol, "/me"), "2026 年第 4 季度", "支部党员大会：应到 1 · 实到 0（迟到 0）· 请假 0 · 缺席 1 · 补学 1", "只有你自己")
	mustContain(t, h.dm(alice, "/me"), "实到 1")
}

// A storm: 1,000 members press 签到 within a moment. Every press is
// recorded exactly once and every callback is answered.
func TestCheckInStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("storm")
	}
	h, owner, _, _, _, _ := branchOf4(t)
	members := addMembers(t, h, 1000, "m", true)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=10m 全体大会")
	h.setClock(at(2026, 11, 25, 18, 50))
	var presses []tgtest.Callback
	for _, u := range members {
		rem := h.messagesWith(u.ID, "⏰")
		if len(rem) != 1 {
			t.Fatalf("%s has %d reminders", u.FirstName, len(rem))
		}
		b, _ := rem[0].Button("✅ 签到")
		presses = append(presses, h.srv.Press(u, rem[0], b.Data))
	}
	// Some press twice, as impatient people do.
	for _, u := range members[:50] {
		rem := h.messagesWith(u.ID, "⏰")[0]
		b, _ := rem.Button("✅ 签到")
		presses = append(presses, h.srv.Press(u, rem, b.Data))
	}
	// A generous bound: the storm is about correctness, not speed, and a
	// loaded CI machine under -race is slow.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := h.bot.WaitHandled(ctx, presses[len(presses)-1].UpdateID); err != nil {
		t.Fatal(err)
	}
	for i, p := range presses {
		ans, ok := h.srv.CallbackAnswer(p.QueryID)
		if !ok {
			t.Fatalf("press %d was not answered", i)
		}
		want := "已签到 18:50"
		if i >= len(members) {
			want = "你已于 18:50 签到"
		}
		if ans.Text != want {
			t.Fatalf("press %d answered %q, want %q", i, ans.Text, want)
		}
	}
	roll, err := h.store.RollCall(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(roll.Present) != len(members) {
		t.Fatalf("%d check-ins recorded, want %d", len(roll.Present), len(members))
	}
}

// When check-in opens the bound group gets a "meeting starting" post with
// a 签到 button and a live counter, closed when the meeting ends.
func TestGroupPostAndLiveCounter(t *testing.T) {
	h, owner, alice, bob, _, grp := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 dur=1h remind=off at=三楼会议室 年终总结")
	h.setClock(at(2026, 11, 25, 18, 29))
	if n := len(h.messagesWith(grp.ID, "会议即将开始")); n != 0 {
		t.Fatalf("posted before check-in opened: %d", n)
	}
	h.setClock(at(2026, 11, 25, 18, 30))
	posts := h.messagesWith(grp.ID, "会议即将开始")
	if len(posts) != 1 {
		t.Fatalf("group posts: %d", len(posts))
	}
	mustContain(t, posts[0].Plain, "年终总结", "三楼会议室", "签到 0/4")
	if toast, _ := h.press(alice, posts[0], "✅ 签到"); toast != "已签到 18:30" {
		t.Errorf("check-in from the group: %q", toast)
	}
	h.waitEdit(grp.ID, "签到 1/4")
	h.setClock(at(2026, 11, 25, 19, 20))
	if toast, _ := h.press(bob, posts[0], "✅ 签到"); toast != "Checked in at 19:20 (late)" {
		t.Errorf("bob's check-in: %q", toast)
	}
	h.waitEdit(grp.ID, "签到 2/4")
	if toast, _ := h.press(h.srv.NewUser("Eve", "zh"), posts[0], "✅ 签到"); !strings.Contains(toast, "还没有加入支部") {
		t.Errorf("stranger's check-in: %q", toast)
	}
	h.setClock(at(2026, 11, 25, 20, 0))
	h.waitEdit(grp.ID, "签到结束：实到 2/4")
	if final := h.srv.Message(grp.ID, posts[0].ID); len(final.Buttons()) != 0 {
		t.Errorf("the closed post still has %d buttons", len(final.Buttons()))
	}
}

// The first reminder asks who will come; the day before a branch assembly
// the secretary is warned when no majority has said yes.
func TestReplyAheadAndQuorumWarning(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-28 15:00 remind=1d,1h 年终总结")
	h.dm(owner, "/meeting 党员大会 2026-11-29 15:00 remind=1d,1h 补充议程")
	h.setClock(at(2026, 11, 27, 15, 0))
	for _, u := range []*tgtest.User{alice, bob, carol} {
		first := h.messagesWith(u.ID, "年终总结")[0]
		cb := h.srv.Press(u, first, first.Buttons()[0].Data) // 👍 参加 / I'll attend
		h.handled(cb.UpdateID)
		if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, "会参加") && !strings.Contains(ans.Text, "will attend") {
			t.Errorf("%s: %q", u.FirstName, ans.Text)
		}
	}
	if toast := h.pressStale(alice, h.messagesWith(alice.ID, "年终总结")[0], "👍 参加"); !strings.Contains(toast, "已经记下") {
		t.Errorf("second press: %q", toast)
	}
	h.setClock(at(2026, 11, 27, 21, 0)) // 18 h before the first assembly: 3 of 4
	if n := len(h.messagesWith(owner.ID, "未过半数")); n != 0 {
		t.Fatalf("warned with a majority: %d", n)
	}
	h.setClock(at(2026, 11, 28, 21, 0)) // the second: nobody said yes
	warn := h.messagesWith(owner.ID, "未过半数")
	if len(warn) != 1 {
		t.Fatalf("warnings: %d", len(warn))
	}
	mustContain(t, warn[0].Plain, "补充议程", "0/4")
	if h.messagesWith(alice.ID, "未过半数") != nil {
		t.Error("a member got the secretary's warning")
	}
}

// With code=on the secretary shows a 4-digit code in the room; members
// check in with it, and five wrong codes lock a member out for 10 minutes.
func TestCheckInCodeAndLockout(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	reply := h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 code=on remind=10m 年终总结")
	m := regexp.MustCompile(`签到码：(\d{4})`).FindStringSubmatch(reply)
	if m == nil {
		t.Fatalf("no code in %q", reply)
	}
	code := m[1]
	wrong := fmt.Sprintf("%04d", (atoi4(code)+1)%10000)
	h.setClock(at(2026, 11, 25, 18, 50))
	toast, _ := h.press(alice, h.messagesWith(alice.ID, "⏰")[0], "✅ 签到")
	mustContain(t, toast, "需要签到码")
	for i := 0; i < 4; i++ {
		mustContain(t, h.dm(alice, "/checkin "+wrong), "签到码不对")
	}
	mustContain(t, h.dm(alice, "/checkin "+wrong), "错误次数过多", "10m")
	mustContain(t, h.dm(alice, "/checkin "+code), "错误次数过多")
	mustContain(t, h.dm(bob, "/checkin "+code), "Checked in at 18:50")
	h.setClock(at(2026, 11, 25, 19, 0))
	mustContain(t, h.dm(alice, "/checkin "+code), "已签到 19:00")
	mustContain(t, h.dm(owner, "/meeting 1"), "签到码："+code)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-25 19:00 code=maybe 标题"), "code=maybe", "例如")
}

func atoi4(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// With code=rotate the code on the room's screen changes every 30 seconds;
// an old code goes stale after one more period.
func TestRotatingCode(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	reply := h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 code=rotate remind=off 年终总结")
	mustContain(t, reply, "每 30 秒更换", "/code 1")
	h.setClock(at(2026, 11, 25, 18, 50))
	mustContain(t, h.dm(alice, "/code 1"), "只有支委")
	live := h.say(owner, owner.PrivateChat(), "/code 1")
	if len(live) != 1 {
		t.Fatalf("live code: %v", plains(live))
	}
	codeOf := func(s string) string { return regexp.MustCompile(`签到码：(\d{4})`).FindStringSubmatch(s)[1] }
	code := codeOf(live[0].Plain)
	mustContain(t, h.dm(alice, "/checkin "+code), "已签到 18:50")
	h.advance(30 * time.Second)
	h.waitEdit(owner.ID, "签到码：")
	mustContain(t, h.dm(bob, "/checkin "+code), "Checked in") // the previous code is still taken
	h.advance(30 * time.Second)
	ctx, cancel := h.waitCtx()
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool {
		return r.Method == "editMessageText" && strings.Contains(r.Params["text"], "签到码：") && !strings.Contains(r.Params["text"], code) && r.Status == 200
	}); err != nil {
		t.Fatal(err)
	}
	if now := codeOf(h.srv.Message(owner.ID, live[0].ID).Plain); now != code && codeOf(h.srv.Message(owner.ID, live[0].ID).Plain) != "" {
		mustContain(t, h.dm(carol, "/checkin "+code), "签到码不对")
	}
	h.setClock(at(2026, 11, 25, 20, 31))
	h.waitEdit(owner.ID, "签到已结束")
}

// shareLocation sends a location message from u as JSON, as Telegram does:
// live for livePeriod seconds (0: a pin dropped once), forwarded from
// someone else if forwardedFrom is not nil. It returns the one reply.
func shareLocation(t *testing.T, h *harness, u *tgtest.User, lat, lon float64, livePeriod int, forwardedFrom *tgtest.User) string {
	t.Helper()
	before := len(h.srv.Messages(u.ID))
	forward := ""
	if forwardedFrom != nil {
		forward = fmt.Sprintf(`,"forward_origin":{"type":"user","date":%d,"sender_user":{"id":%d,"is_bot":false,"first_name":%q}}`, time.Now().Unix()-60, forwardedFrom.ID, forwardedFrom.FirstName)
	}
	live := ""
	if livePeriod > 0 {
		live = fmt.Sprintf(`,"live_period":%d`, livePeriod)
	}
	id := h.srv.InjectRawFunc(func(id int64) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,"chat":{"id":%d,"type":"private","first_name":%q},"from":{"id":%d,"is_bot":false,"first_name":%q,"language_code":%q}%s,"location":{"latitude":%g,"longitude":%g%s}}}`,
			id, id, time.Now().Unix(), u.ID, u.FirstName, u.ID, u.FirstName, u.LanguageCode, forward, lat, lon, live))
	})
	h.handled(id)
	got := h.srv.Messages(u.ID)[before:]
	if len(got) != 1 {
		t.Fatalf("%s shared a location and got %v", u.FirstName, plains(got))
	}
	return got[0].Plain
}

// A meeting with a place takes a member's live location, within its
// radius, as a check-in.
func TestLocationCheckIn(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 loc=31.2304,121.4737,200 remind=off 年终总结"), "已安排会议 #1")
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-25 19:00 loc=91,0 标题"), "loc=91,0", "例如")
	mustContain(t, shareLocation(t, h, alice, 31.2304, 121.4737, 900, nil), "现在没有可以用位置签到的会议")
	h.setClock(at(2026, 11, 25, 18, 45))
	mustContain(t, shareLocation(t, h, alice, 31.2310, 121.4740, 900, nil), "已签到 18:45")                // about 70 m away
	mustContain(t, shareLocation(t, h, bob, 31.2400, 121.4737, 900, nil), "not at the meeting's place") // about 1 km away
	mustContain(t, shareLocation(t, h, alice, 31.2304, 121.4737, 900, nil), "你已于 18:45 签到")
}

// TestLocationCheckInRefusesPinsForwardsAndSkippedCodes: checking in from
// home with a pin dropped on the meeting's place, with a location
// forwarded from someone in the room, or by location alone at a meeting
// that needs the room's code, records nothing, and each refusal says what
// to do instead.
func TestLocationCheckInRefusesPinsForwardsAndSkippedCodes(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 loc=31.2304,121.4737,200 remind=off 年终总结"), "已安排会议 #1")
	mustContain(t, h.dm(owner, "/meeting 支委会 2026-11-25 19:00 loc=31.3000,121.5000,200 code=on remind=off 支委会议"), "已安排会议 #2")
	h.setClock(at(2026, 11, 25, 18, 45))
	mustContain(t, shareLocation(t, h, alice, 31.2304, 121.4737, 0, nil), "实时位置", "/checkin")
	mustContain(t, shareLocation(t, h, bob, 31.2304, 121.4737, 900, carol), "forwarded", "/checkin")
	mustContain(t, shareLocation(t, h, owner, 31.3000, 121.5000, 900, nil), "签到码")
	roll, err := h.store.RollCall(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(roll.Present) != 0 {
		t.Errorf("present after pins and forwards: %v", roll.Present)
	}
	roll, err = h.store.RollCall(2)
	if err != nil {
		t.Fatal(err)
	}
	if len(roll.Present) != 0 {
		t.Errorf("present at the coded meeting by location alone: %v", roll.Present)
	}
}

// Forged check-in and leave buttons: another branch's meeting, another
// member's leave, garbage and oversize data are refused, nothing recorded.
func TestForgedAttendanceButtons(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	other := h.srv.NewUser("Other", "zh")
	h.secondBranch(other)
	h.dm(other, "/meeting 党员大会 2026-11-25 19:00 remind=off 别的支部") // meeting 1, branch 2
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=10m 本支部")  // meeting 2, branch 1
	h.setClock(at(2026, 11, 25, 18, 50))
	rem := h.messagesWith(alice.ID, "⏰")[0]
	for data, want := range map[string]string{
		"ci:1":                          "不存在或已取消", // another branch's meeting
		"lva:2-" + itoa(other.ID):       "只有支委",    // deciding someone's leave
		"ci:x":                          "已失效",
		"ci:" + strings.Repeat("9", 70): "已失效",
		"\x00\xff":                      "已失效",
	} {
		cb := h.srv.Press(alice, rem, data)
		h.handled(cb.UpdateID)
		if ans, _ := h.srv.CallbackAnswer(cb.QueryID); !strings.Contains(ans.Text, want) {
			t.Errorf("%q answered %q, want %q", data, ans.Text, want)
		}
	}
	for _, id := range []uint64{1, 2} {
		roll, err := h.store.RollCall(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(roll.Present) != 0 {
			t.Errorf("meeting %d has check-ins from forged buttons: %+v", id, roll.Present)
		}
	}
}
