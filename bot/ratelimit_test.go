package bot

import (
	"strings"
	"testing"
	"time"
)

func TestSendWindowAllow(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	for _, tc := range []struct {
		name      string
		sends     []time.Duration
		now       time.Duration
		perMinute int
		perDay    int
		ok        bool
		retry     time.Duration
	}{
		{"first", nil, 0, 5, 30, true, 0},
		{"fifth in a minute", []time.Duration{0, 1, 2, 3}, 4, 5, 30, true, 0},
		{"sixth in a minute", []time.Duration{0, 1, 2, 3, 4}, 5, 5, 30, false, time.Minute},
		{"a minute later", []time.Duration{0, 1, 2, 3, 4}, time.Minute, 5, 30, true, 0},
		{"per minute 1", []time.Duration{10 * time.Second}, 20 * time.Second, 1, 30, false, 70 * time.Second},
		{"day full", []time.Duration{0, time.Hour, 2 * time.Hour}, 3 * time.Hour, 5, 3, false, 24 * time.Hour},
		{"a day later", []time.Duration{0, time.Hour, 2 * time.Hour}, 24 * time.Hour, 5, 3, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w sendWindow
			for _, d := range tc.sends {
				w = append(w, at(d))
			}
			ok, retry := w.allow(at(tc.now), tc.perMinute, tc.perDay)
			if ok != tc.ok || (!ok && !retry.Equal(at(tc.retry))) {
				t.Errorf("allow = %v, %v; want %v, %v", ok, retry, tc.ok, at(tc.retry))
			}
		})
	}
}

// A member who sends 60 anonymous /feedback in a burst gets the first five
// through and a polite refusal, naming when to try again, for the rest;
// the secretary's notice to the other members, sent right after, waits
// behind those five notes at most, not behind sixty.
func TestSendLimitsStopFeedbackFlood(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.idle()
	mark := h.logMark()
	start := len(h.srv.Requests())
	var last int64
	for i := range 60 {
		last = h.srv.SendText(alice, alice.PrivateChat(), "/feedback 匿名 第"+itoa(int64(i))+"条意见")
	}
	h.handled(last)
	sendNotice(t, h, owner, "明天下午三点支部大会")
	h.idle()

	var thanks, refused int
	for _, m := range h.srv.Messages(alice.ID) {
		switch {
		case strings.Contains(m.Plain, "已匿名提交"):
			thanks++
		case strings.Contains(m.Plain, "请在 09:01 之后再试"):
			refused++
		}
	}
	if thanks != 5 || refused != 55 {
		t.Errorf("alice got %d thanks and %d refusals; want 5 and 55", thanks, refused)
	}
	// In the request log, each member's notice comes after at most the
	// five notes the limit let through.
	notes := 0
	seen := map[string]bool{}
	for _, r := range h.srv.Requests()[start:] {
		if r.Method != "sendMessage" || r.Status != 200 {
			continue
		}
		switch {
		case r.Params["chat_id"] == itoa(owner.ID) && strings.Contains(r.Params["text"], "意见建议 #"):
			notes++
		case strings.Contains(r.Params["text"], "明天下午三点支部大会") && r.Params["chat_id"] != itoa(owner.ID):
			seen[r.Params["chat_id"]] = true
			if notes > 5 {
				t.Errorf("the notice to %s waited behind %d feedback notes", r.Params["chat_id"], notes)
			}
		}
	}
	if notes != 5 || !seen[itoa(bob.ID)] || !seen[itoa(carol.ID)] {
		t.Errorf("%d notes to the secretary, notice reached %v; want 5 and bob and carol", notes, seen)
	}
	h.assertLogOmits(mark, alice.ID)

	// A minute later the member may write again; a branch may lower the
	// limit, and a refusal names the date when it is not today.
	h.advance(time.Minute)
	mustContain(t, h.dm(alice, "/feedback 匿名 一分钟后"), "已匿名提交")
	mustContain(t, h.dm(owner, "/settings perday=6"), "每天 6 条")
	mustContain(t, h.dm(bob, "/feedback ok"), "#")
	mustContain(t, h.dm(alice, "/feedback 匿名 第七条"), "请在 2026-11-26 09:00 之后再试")
	mustContain(t, h.dm(alice, "/followup 1 补充"), "请在 2026-11-26 09:00 之后再试")
}
