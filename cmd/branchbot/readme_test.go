package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestReadmeFirstSession types the README's first session into a sandbox,
// as a newcomer would, and checks that each step answers as the README
// says. The README's dates are "the date /clock showed": the test reads
// that date off the screen and uses it.
func TestReadmeFirstSession(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "A first session:\n\n```\n")
	block, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("README: no first-session block")
	}
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, " ") {
			continue // a description going on from the line above
		}
		cmd, _, _ := strings.Cut(l, "  ") // the description starts two spaces on
		lines = append(lines, strings.TrimSpace(cmd))
	}
	// What each step must show, by the command that starts it.
	want := map[string][]string{
		"/neworg":           {"已创建支部"},
		"/open":             {"欢迎加入"},
		"/bind":             {"本群已绑定"},
		"/meeting 党员大会":     {"新会议", "已安排会议 #1"},
		"/clock 14:45":      {"会议提醒", "签到 0/2"},
		"/checkin":          {"已签到"},
		"/meeting 党课":       {"已安排会议 #2"},
		"/meeting cancel 2": {"确定取消会议 #2"},
		"/clock +1d":        {"会议结束"},
	}
	sb := startSandbox(t)
	sandboxDay := regexp.MustCompile(`sandbox time: (\d{4}-\d{2}-\d{2})`)
	var day time.Time
	seen := map[string]bool{}
	for _, l := range lines {
		if !day.IsZero() {
			// The README's example dates are the day /clock moved to and
			// three days on.
			l = strings.ReplaceAll(l, "2026-12-07", day.Format("2006-01-02"))
			l = strings.ReplaceAll(l, "2026-12-10", day.AddDate(0, 0, 3).Format("2006-01-02"))
		}
		out := sb.Type(l)
		if l == "/clock 09:00" {
			m := sandboxDay.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("/clock 09:00 showed no sandbox time:\n%s", out)
			}
			day, _ = time.Parse("2006-01-02", m[1])
		}
		if l == "#1" && seen["/meeting cancel 2"] && !strings.Contains(out, "会议取消") {
			t.Errorf("confirming the cancel told nobody:\n%s", out)
		}
		for prefix, words := range want {
			if !strings.HasPrefix(l, prefix) || seen[prefix] {
				continue
			}
			seen[prefix] = true
			for _, w := range words {
				if !strings.Contains(out, w) {
					t.Errorf("README step %q: the sandbox did not show %q:\n%s", l, w, out)
				}
			}
		}
	}
	for prefix := range want {
		if !seen[prefix] {
			t.Errorf("the README's first session no longer has a %q step", prefix)
		}
	}
}
