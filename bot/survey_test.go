package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/schedule"
)

// A survey from creation to results: members answer by buttons and text,
// non-responders are reminded a day before the deadline, and the creator
// gets the summary and a CSV file when it closes.
func TestSurveyFromCreationToResults(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	spec := "/survey 学习情况调查 匿名 until=2026-11-28 18:00\n" +
		"单选：你每周学习几次？｜0 次｜1–2 次｜3 次以上\n" +
		"多选：你喜欢的学习方式？｜集中学习｜自学｜线上\n" +
		"评分：对本季度党课的满意度\n" +
		"填空：你的建议"
	// The owner's own card may arrive with the reply: look among both.
	reply := strings.Join(plains(h.say(owner, owner.PrivateChat(), spec)), "\n")
	mustContain(t, reply, "问卷 #1 已发给 4 人", "11-28 18:00")
	h.idle()
	card := h.messagesWith(alice.ID, "学习情况调查")[0]
	mustContain(t, card.Plain, "匿名", "第 1/4 题")

	_, card = h.press(alice, card, "1–2 次")
	mustContain(t, card.Plain, "第 2/4 题")
	_, card = h.press(alice, card, "集中学习")
	_, card = h.press(alice, card, "线上")
	var labels []string
	for _, b := range card.Buttons() {
		labels = append(labels, b.Text)
	}
	mustContain(t, strings.Join(labels, " "), "✓ 集中学习", "✓ 线上")
	_, card = h.press(alice, card, "下一题 ▶")
	_, card = h.press(alice, card, "4")
	mustContain(t, card.Plain, "第 4/4 题")
	h.press(alice, card, "✍️ 回答")
	mustContain(t, h.dm(alice, "希望多组织实地参观 <红色基地>"), "已完成")

	bobCard := h.messagesWith(bob.ID, "学习情况调查")[0]
	h.press(bob, bobCard, "0 次")

	h.setClock(at(2026, 11, 27, 18, 0)) // a day before: reminders to those not done
	if len(h.messagesWith(alice.ID, "明天截止")) != 0 {
		t.Error("Alice finished but was reminded")
	}
	if len(h.messagesWith(carol.ID, "明天截止")) != 1 || len(h.messagesWith(bob.ID, "closes tomorrow")) != 1 {
		t.Error("non-responders were not reminded")
	}

	h.setClock(at(2026, 11, 28, 18, 0))
	results := h.messagesWith(owner.ID, "📊")
	if len(results) != 1 {
		t.Fatalf("results messages: %d", len(results))
	}
	mustContain(t, results[0].Plain, "1/4 人完成", "1–2 次：1", "0 次：1", "集中学习：1", "线上：1", "平均 4.0 分", "文字回答 1 条")
	var file string
	for _, m := range h.srv.Messages(owner.ID) {
		if m.File != nil {
			file = string(m.File.Data)
		}
	}
	if !strings.Contains(file, "希望多组织实地参观 <红色基地>") || strings.Contains(file, "Alice") {
		t.Errorf("CSV: %q", file)
	}
	if toast := h.pressStale(carol, h.messagesWith(carol.ID, "学习情况调查")[0], "0 次"); !strings.Contains(toast, "已经截止") {
		t.Errorf("answer after the deadline: %q", toast)
	}
	mustContain(t, h.dm(owner, "/survey results 9"), "没有编号为 9")
	mustContain(t, h.dm(owner, "/survey 只有标题"), "用法")
	mustContain(t, h.dm(owner, "/survey 标题\n判断：对吗"), "看不懂这一行")
	mustContain(t, h.dm(owner, "/survey 标题\n单选：只有一个选项｜A"), "2–10 个选项")
	mustContain(t, h.dm(alice, "/survey 标题\n填空：x"), "只有支委")
}

// The results of a survey reach its creator at the deadline even when
// Telegram fails the first try: they wait in the outbox and go on the
// retry.
func TestSurveyResultsSurviveAFailedSend(t *testing.T) {
	for _, fail := range []tgtest.Failure{{Code: 500}, {Drop: true}} {
		t.Run(fmt.Sprintf("code=%d,drop=%v", fail.Code, fail.Drop), func(t *testing.T) {
			h, owner := newHarness(t)
			h.stop()
			// Real time carries the retry's short backoff; the test moves
			// the clock on to the deadline.
			h.shift = schedule.NewShifted(schedule.System{})
			h.start(nil)
			h.dm(owner, "/neworg 第一党支部")
			alice := addMembers(t, h, 1, "alice", true)[0]
			until := h.shift.Now().In(shanghai).Add(48 * time.Hour).Truncate(time.Minute)
			// The owner's own card may arrive with the reply: look among both.
			reply := strings.Join(plains(h.say(owner, owner.PrivateChat(), "/survey 食堂满意度 until="+until.Format("2006-01-02 15:04")+"\n单选：满意吗？｜满意｜不满意")), "\n")
			mustContain(t, reply, "问卷 #1 已发给 2 人")
			h.idle()
			h.press(alice, h.messagesWith(alice.ID, "食堂满意度")[0], "满意")
			h.press(owner, h.messagesWith(owner.ID, "食堂满意度")[0], "不满意")

			fail.Method, fail.ChatID, fail.Times = "sendMessage", owner.ID, 1
			h.srv.FailWhen(fail)
			if err := h.shift.Set(until.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			h.idle()
			results := h.messagesWith(owner.ID, "📊")
			if len(results) != 1 {
				t.Fatalf("the creator got %d results messages: %q", len(results), plains(h.srv.Messages(owner.ID)))
			}
			mustContain(t, results[0].Plain, "2/2 人完成", "满意：1", "不满意：1")
			refused := 0
			for _, r := range h.srv.Requests() {
				if r.Method == "sendMessage" && r.Params["chat_id"] == itoa(owner.ID) && r.Status != 200 {
					refused++
				}
			}
			if refused != 1 {
				t.Errorf("%d sends to the creator failed; want the one the test failed", refused)
			}
		})
	}
}
