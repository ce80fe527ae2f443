package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// TestSandboxSession types a newcomer's first session into the real
// sandbox: create a branch, invite by button, join as someone else by
// opening the link, bind the group.
func TestSandboxSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sandbox.db")
	script := strings.Join([]string{
		"/neworg 第一党支部",
		"/invite",
		"#1",
		"/as alice",
		"/open",
		"/as bob",
		"/help",
		"#9",
		"/in group",
		"/as owner",
		"/bind",
		"/users",
		"/quit",
	}, "\n")
	var out, errs bytes.Buffer
	code := Main(context.Background(), []string{"sandbox", "-db", db}, strings.NewReader(script), &out, &errs, env(nil))
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errs.String())
	}
	for _, want := range []string{
		"已创建支部「第一党支部」",
		"[#1 党员]",
		"(edited)",
		"(opening the link: /start ",
		"欢迎加入「第一党支部」",
		"Alice 已通过你的邀请链接加入",
		"You have not joined a branch yet",
		"(no button #9 here)",
		"本群已绑定到「第一党支部」",
		"alice    Alice",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("sandbox output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "would reject") {
		t.Errorf("the bot broke Bot API rules:\n%s", out.String())
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
	// -db keeps the store.
	s, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if br, err := s.Branch(1); err != nil || br.Name != "第一党支部" {
		t.Fatalf("kept store: %+v, %v", br, err)
	}
}

func TestSandboxBadFlags(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Main(context.Background(), []string{"sandbox", "-tz", "Nowhere/Land"}, strings.NewReader(""), &out, &errs, env(nil)); code != exitConfig {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errs.String(), "-tz") {
		t.Errorf("stderr %q does not name -tz", errs.String())
	}
}

// TestSandboxClockStory schedules a meeting in the sandbox and lets two
// days pass in one /clock move: both reminders, the quorum warning, the
// group's check-in post, its closing and the summary come in the order
// they would in a branch whose bot kept running, each stamped with its
// time, and none is reported missed.
func TestSandboxClockStory(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox runs on the real clock, moved forward: start from 10:00
	// tomorrow so that the meeting the day after is at a known distance.
	tomorrow := time.Now().In(loc).AddDate(0, 0, 1)
	day := tomorrow.AddDate(0, 0, 1).Format("2006-01-02")
	out := sandboxScript(t,
		"/neworg 第一党支部",
		"/clock",
		"/clock "+tomorrow.Format("2006-01-02")+" 10:00",
		"/in group",
		"/bind",
		"/dm",
		"/meeting 党员大会 "+day+" 15:00 remind=1d,1h 学习贯彻",
		"/clock +2d",
		"/clock",
		"/clock -1h",
		"/clock 2020-01-01 10:00",
		"/clock soon",
		"/quit",
	)
	if !regexp.MustCompile(`\(sandbox time: \d{4}-\d\d-\d\d \d\d:\d\d \(Asia/Shanghai\)\)`).MatchString(out) {
		t.Errorf("/clock does not show the time in the zone")
	}
	d := tomorrow.Format("01-02")
	m := day[5:]
	// In time order, as the bot sent them. Messages to different chats at
	// the same instant go out side by side, in either order: those are in
	// one group.
	story := [][]string{
		{"提醒：" + d + " 15:00、" + m + " 14:00"},
		{"┌ bot → owner (老王) · " + d + " 15:00\n│ ⏰ 会议提醒：学习贯彻（支部党员大会）"},
		{"[#1 👍 参加] [#2 🙋 请假]"},
		{"│ ⚠️ 明天的学习贯彻"}, // the quorum warning, the day before
		{"┌ bot → owner (老王) · " + m + " 14:00\n│ ⏰ 会议提醒：学习贯彻（支部党员大会）"},
		{"[#1 ✅ 签到] [#2 🙋 请假]"},
		{"┌ bot → 支部群 · " + m + " 14:30\n│ 📣 会议即将开始：学习贯彻"},
		{"签到 0/1"},
		{
			"┌ bot → 支部群 (edited) · " + m + " 16:30\n│ 🏁 会议已结束：学习贯彻\n│ " + day,
			"┌ bot → owner (老王) · " + m + " 16:30\n│ 📋 会议结束：学习贯彻",
		},
		{"(sandbox time: " + tomorrow.AddDate(0, 0, 2).Format("2006-01-02") + " 10:00 (Asia/Shanghai))"},
		{`(clock: "-1h": the sandbox clock only moves forward`},
		{"(clock: 2020-01-01 10:00 has passed (the sandbox time is "},
		{`(clock: "soon" is not a time; use /clock +2h`},
	}
	rest := out
	for _, group := range story {
		next := rest
		for _, want := range group {
			i := strings.Index(rest, want)
			if i < 0 {
				t.Errorf("sandbox output lacks %q after what came before", want)
				continue
			}
			if after := rest[i+len(want):]; len(after) < len(next) {
				next = after
			}
		}
		rest = next
	}
	for _, bad := range []string{"没能按时发出", "晚发了", "would reject", "did not settle"} {
		if strings.Contains(out, bad) {
			t.Errorf("sandbox output has %q", bad)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

// sandboxScript types lines into a fresh sandbox and returns what it
// printed. The sandbox reads them one by one and waits for the bot after
// each, so the output is the session a person would have seen.
func sandboxScript(t *testing.T, lines ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	db := filepath.Join(t.TempDir(), "sandbox.db")
	code := Main(context.Background(), []string{"sandbox", "-db", db}, strings.NewReader(strings.Join(lines, "\n")), &out, &errs, env(nil))
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errs.String())
	}
	return out.String()
}
