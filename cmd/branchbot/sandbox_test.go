package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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
	printed := unnumbered(out.String())
	for _, want := range []string{
		"已创建支部「第一党支部」",
		"[#1 党员]",
		"(edited)",
		"(opening the link: /start ",
		"欢迎加入「第一党支部」",
		"Alice 已通过你的邀请链接加入",
		"You have not joined a branch yet",
		"(no button #9 here: no message in this chat has buttons)",
		"本群已绑定到「第一党支部」",
		"alice    Alice",
	} {
		if !strings.Contains(printed, want) {
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
	out := unnumbered(sandboxScript(t,
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
	))
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

// unnumbered takes the sandbox's message numbers out of its output
// ("┌ #12 bot → …" and "[#12.1 批准]" read "┌ bot → …" and "[#1 批准]"),
// for tests about what the bot said rather than how many messages came
// before.
func unnumbered(out string) string {
	out = regexp.MustCompile(`┌ #\d+ bot`).ReplaceAllString(out, "┌ bot")
	return regexp.MustCompile(`\[#\d+\.(\d+) `).ReplaceAllString(out, "[#$1 ")
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

// TestSandboxMultiLineSurvey pastes a /survey, one question a line, in the
// two ways /sandbox shows: a block between <<< and >>>, and lines ending
// in a backslash. Each reaches the bot as one message, from piped input.
func TestSandboxMultiLineSurvey(t *testing.T) {
	out := sandboxScript(t,
		"/neworg 第一党支部",
		"/sandbox",
		"<<<",
		"/survey 午餐调查",
		"单选：吃什么｜面条｜米饭",
		"评分：食堂怎么样",
		"填空：还有什么建议",
		">>>",
		`/survey 晚餐调查 \`,
		`单选：几点吃｜六点｜七点\`,
		"填空：想吃什么",
		"<<<",
		"/as bob",
		"lines never sent",
	)
	for _, want := range []string{
		"<<<            a line of just <<< starts a message of several lines",
		"a line of just >>> sends it",
		`text \         a line ending in \ goes on`,
		"owner @ private chat> <<<\n... /survey 午餐调查\n... 单选：吃什么｜面条｜米饭\n",
		"问卷 #1 已发给 1 人",
		"📋 问卷：午餐调查",
		"第 1/3 题：吃什么",
		"... 填空：想吃什么\n",
		"问卷 #2 已发给 1 人",
		"📋 问卷：晚餐调查",
		"第 1/2 题：几点吃",
		"(input ended inside a <<< block, with no >>>: 2 lines not sent)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sandbox output lacks %q", want)
		}
	}
	for _, bad := range []string{"用法", "/survey <标题>", "bob @ private chat", "would reject"} {
		if strings.Contains(out, bad) {
			t.Errorf("sandbox output has %q", bad)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

// TestSandboxAsLanguage makes an English-speaking user with /as eve en,
// where a Chinese user called "eve en" used to appear, and switches an
// existing user's language the same way.
func TestSandboxAsLanguage(t *testing.T) {
	out := sandboxScript(t,
		"/as eve en",
		"/help",
		"/users",
		"/as bob zh",
		"/help",
		"/as eve fr",
		"/as eve en please",
		"/as eve EN",
		"/as dan",
	)
	for _, want := range []string{
		"(new user eve joins Telegram, language en: the bot speaks English to eve; /as eve zh changes that)",
		"bot → eve (eve)\n│ You have not joined a branch yet.",
		"  eve      eve (id ",
		"language en)",
		"(bob's Telegram language is now zh-hans: the bot speaks Chinese to bob from bob's next message or button press)",
		"bot → bob (Bob)\n│ 你还没有加入支部。",
		`(the bot speaks zh or en, not "fr"; write /as <user> [zh|en], as in /as eve en)`,
		`("eve en please": a user's name is one word; write /as <user> [zh|en]`,
		"bob @ private chat> /as eve EN\n(eve's Telegram language is already en)\neve @ private chat>",
		"(new user dan joins Telegram, language zh-hans: the bot speaks Chinese to dan; /as dan en changes that)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sandbox output lacks %q", want)
		}
	}
	if strings.Contains(out, "eve en (") || strings.Contains(out, "new user eve en") {
		t.Errorf("a user was named after the language")
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

func TestParseAs(t *testing.T) {
	for _, tc := range []struct {
		arg, name, lang, err string
	}{
		{arg: "alice", name: "alice"},
		{arg: " eve  en ", name: "eve", lang: "en"},
		{arg: "eve EN", name: "eve", lang: "en"},
		{arg: "eve zh", name: "eve", lang: "zh-hans"},
		{arg: "老李 zh", name: "老李", lang: "zh-hans"},
		{arg: "", err: "write /as <user> [zh|en]"},
		{arg: "eve fr", err: `not "fr"`},
		{arg: "eve en-US", err: `not "en-US"`},
		{arg: "eve en x", err: "a user's name is one word"},
	} {
		name, lang, err := parseAs(tc.arg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseAs(%q) error %v, want one saying %q", tc.arg, err, tc.err)
			}
			continue
		}
		if err != nil || name != tc.name || lang != tc.lang {
			t.Errorf("parseAs(%q) = %q, %q, %v; want %q, %q", tc.arg, name, lang, err, tc.name, tc.lang)
		}
	}
}

// TestSandboxPressEarlierMessage approves the older of two leave requests,
// which #1 (the newest message's buttons) could not reach: the secretary
// reads the request's number off the screen and presses #N.1.
func TestSandboxPressEarlierMessage(t *testing.T) {
	day := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	sb := startSandbox(t)
	sb.Type("/neworg 第一党支部")
	for _, who := range []string{"alice", "bob"} {
		sb.Type("/invite")
		sb.Type("#1")
		sb.Type("/as " + who)
		sb.Type("/open")
		sb.Type("/as owner")
	}
	sb.Type("/meeting 党员大会 " + day + " 15:00 学习")
	sb.Type("/as alice")
	asked := sb.Type("/leave 1 出差")
	m := regexp.MustCompile(`┌ #(\d+) bot → owner \(老王\)\n│ 🙋 Alice 请假`).FindStringSubmatch(asked)
	if m == nil {
		t.Fatalf("the secretary was not shown Alice's request as a numbered message:\n%s", asked)
	}
	alice := m[1]
	if want := fmt.Sprintf("│ [#%s.1 批准] [#%s.2 驳回]\n", alice, alice); !strings.Contains(asked, want) {
		t.Errorf("Alice's request does not show its buttons as %q:\n%s", want, asked)
	}
	sb.Type("/as bob")
	sb.Type("/leave 1 sick")
	sb.Type("/as owner")

	for _, step := range []struct{ typed, want string }{
		// #1 is still the newest message's first button: Bob's 批准.
		{"#1", "│ ✅ Your leave from “学习” is approved."},
		{"#1", "has no buttons now: the bot took them away)"},
		{"#" + alice + ".1", "│ ✅ 你对“学习”的请假已批准。"},
		{"#" + alice + ".1", "(message #" + alice + " has no buttons now: the bot took them away)"},
		{"#999.1", "(no message #999 yet: the newest is #"},
		{"#" + alice + ".x", `("#` + alice + `.x" is not a button: #1 presses the first button of the newest message with buttons here, #3.1 the first button of message #3)`},
		{"/in group", ""},
		{"#" + alice + ".2", "(message #" + alice + " is in the private chat of owner (老王): /dm to press its buttons)"},
		{"/sandbox", "  #3.1           press button 1 of message #3: the bot's messages print numbered\n" +
			"                 (┌ #3 bot → …) and so do their buttons ([#3.1 …] [#3.2 …])"},
	} {
		if got := sb.Type(step.typed); !strings.Contains(got, step.want) {
			t.Errorf("%s: the sandbox printed\n%s\nwhich lacks %q", step.typed, got, step.want)
		}
	}
	if strings.Contains(sb.Output(), "would reject") {
		t.Errorf("the bot broke Bot API rules:\n%s", sb.Output())
	}
}

func TestParseButtonRef(t *testing.T) {
	for _, tc := range []struct {
		in          string
		msg, button int
		ok          bool
	}{
		{in: "#1", button: 1, ok: true},
		{in: "#12", button: 12, ok: true},
		{in: " #3.1 ", msg: 3, button: 1, ok: true},
		{in: "#10.2", msg: 10, button: 2, ok: true},
		{in: "#007.01", msg: 7, button: 1, ok: true},
		{in: "#"},
		{in: "1"},
		{in: "#0"},
		{in: "#3.0"},
		{in: "#0.1"},
		{in: "#3."},
		{in: "#.1"},
		{in: "#3.1.2"},
		{in: "#+3"},
		{in: "#3.-1"},
		{in: "#3 1"},
		{in: "#党建"},
		{in: "#99999999999999999999"},
	} {
		msg, button, err := parseButtonRef(tc.in)
		if ok := err == nil; ok != tc.ok || msg != tc.msg || button != tc.button {
			t.Errorf("parseButtonRef(%q) = %d, %d, %v; want %d, %d, ok %v", tc.in, msg, button, err, tc.msg, tc.button, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "#3.1 the first button of message #3") {
			t.Errorf("parseButtonRef(%q): %v does not say how to name a button", tc.in, err)
		}
	}
}

// sandboxSession is a sandbox a test types into line by line, reading what
// it printed before typing the next line, as a person at the terminal
// does: the number of a message is known only once it has been printed.
type sandboxSession struct {
	t      *testing.T
	in     *io.PipeWriter
	screen *screen
	typed  int // lines typed, so prompts awaited
	read   int // how much of the screen Type has returned
}

// startSandbox starts a sandbox on a fresh store, waits for its first
// prompt, and leaves it (as Ctrl-D does) when the test ends.
func startSandbox(t *testing.T) *sandboxSession {
	t.Helper()
	pr, pw := io.Pipe()
	sb := &sandboxSession{t: t, in: pw, screen: newScreen()}
	var errs bytes.Buffer
	exit := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "sandbox.db")
	go func() {
		exit <- Main(context.Background(), []string{"sandbox", "-db", db}, pr, sb.screen, &errs, env(nil))
		pr.Close() // so that a line typed after the end does not wait for ever
	}()
	t.Cleanup(func() {
		pw.Close()
		select {
		case code := <-exit:
			if code != exitOK {
				t.Errorf("exit %d; stderr: %s", code, errs.String())
			}
		case <-time.After(time.Minute):
			t.Errorf("the sandbox did not end at the end of its input")
		}
	})
	if _, err := sb.screen.waitPrompts(1); err != nil {
		t.Fatalf("no first prompt: %v", err)
	}
	sb.typed = 1
	return sb
}

// Type types line and returns what the sandbox printed up to its next
// prompt: the echo of the line, the bot's answer, the prompt.
func (sb *sandboxSession) Type(line string) string {
	sb.t.Helper()
	if _, err := io.WriteString(sb.in, line+"\n"); err != nil {
		sb.t.Fatalf("type %q: %v", line, err)
	}
	sb.typed++
	out, err := sb.screen.waitPrompts(sb.typed)
	if err != nil {
		sb.t.Fatalf("after %q: %v; the screen:\n%s", line, err, out)
	}
	got := out[sb.read:]
	sb.read = len(out)
	return got
}

// Output is everything the sandbox has printed.
func (sb *sandboxSession) Output() string {
	out, _ := sb.screen.waitPrompts(0)
	return out
}

// screen records what the sandbox prints and counts its prompts. A prompt
// is the only thing the sandbox prints without ending the line, so a
// write that does not end in a newline is one.
type screen struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	prompts int
	changed chan struct{} // closed and replaced at every prompt
}

func newScreen() *screen { return &screen{changed: make(chan struct{})} }

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if len(p) > 0 && p[len(p)-1] != '\n' {
		s.prompts++
		close(s.changed)
		s.changed = make(chan struct{})
	}
	return len(p), nil
}

// waitPrompts waits until the sandbox has shown n prompts, and returns
// the screen. The sandbox prompts only once the bot has answered, so the
// wait is on the bot, bounded so that a hang fails the test.
func (s *screen) waitPrompts(n int) (string, error) {
	deadline := time.After(time.Minute)
	for {
		s.mu.Lock()
		out, prompts, changed := s.buf.String(), s.prompts, s.changed
		s.mu.Unlock()
		if prompts >= n {
			return out, nil
		}
		select {
		case <-changed:
		case <-deadline:
			return out, fmt.Errorf("no prompt %d within a minute", n)
		}
	}
}

// A secretary files a photo under a meeting's message and after
// /minutes attach, then gets the pack; the files the bot sends are saved
// where the sandbox says.
func TestSandboxPhotoAndReportFiles(t *testing.T) {
	out := sandboxScript(t,
		"/neworg 第一党支部",
		"/meeting 党员大会 明天 15:00 dur=1h remind=off 年终总结",
		"/clock +1d",
		"/minutes 1",
		"/photo #99 x",
		"/photo ^ 签到表",
		"/minutes 1 attach",
		"/photo 合影",
		"/report pack",
	)
	for _, want := range []string{
		"(no message #99: write /photo [#N|^] [caption]",
		"已附到会议 #1“年终总结”（共 1 个附件）",
		"已附到会议 #1“年终总结”（共 2 个附件）",
		"台账表格、出勤率图和 2 个附件",
		"│ 📎 材料包-",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sandbox output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}
