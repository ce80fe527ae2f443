package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"branchbot/bot"
	"branchbot/bot/i18n"
	"branchbot/bot/tgtest"
	"branchbot/data"
	"branchbot/schedule"
)

const sandboxBot = "branchbot_sandbox_bot"

// sandbox is a terminal chat with the real bot, which talks to an
// in-process fake Bot API. The person at the keyboard types as one of a few
// demo users, in their private chat or in a group.
type sandbox struct {
	out  io.Writer
	echo bool // print typed lines (when input is not a terminal, for readable transcripts)
	srv  *tgtest.Server
	wait time.Duration
	// handled waits until the bot has handled an update, and settle until
	// it has sent what it queued, so replies print before the next prompt.
	handled func(context.Context, int64) error
	settle  func(context.Context) error

	// clock is the bot's clock, which /clock moves forward; loc is the
	// configured zone it is shown in. nextTimer reads the head of the
	// bot's durable timer queue, so a move can stop at each timer.
	clock     *schedule.Shifted
	loc       *time.Location
	defLang   i18n.Lang // the bot's language for codes other than zh and en
	nextTimer func() (data.Timer, bool, error)

	// files is where the files the bot sends (a report, a pack) are
	// saved, so that a user can open them while the sandbox runs.
	files string

	// mu guards out and what the observer records: the bot's replies
	// arrive on the server's goroutines.
	mu sync.Mutex
	// shown holds every message the bot sent, numbered as printed
	// (shown[n-1] is #n), so that "#3.1" presses a button of any earlier
	// message and "#1" one of the newest with buttons; numbers finds a
	// message's number when it is edited.
	shown   []shownMsg
	numbers map[msgKey]int
	// lastLink is the last deep link the bot showed, for /open.
	lastLink string
	// moving is set while /clock moves time, so that what the bot sends
	// meanwhile is stamped with the sandbox time it went out at; sent
	// counts those messages, so that a quiet move says it was quiet.
	moving bool
	sent   int

	users   map[string]*tgtest.User
	order   []string
	me      string
	group   *tgtest.Chat
	inGroup bool
}

func runSandbox(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("branchbot sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "keep the sandbox store in this file (default: a temporary file removed on exit)")
	lang := fs.String("lang", "zh", "language for users whose Telegram language is neither zh nor en: zh or en")
	tz := fs.String("tz", "Asia/Shanghai", "IANA time zone")
	if err := fs.Parse(args); err != nil {
		return configFailure(stderr, err)
	}
	defLang, err := parseLang(*lang)
	if err != nil {
		return configFailure(stderr, fmt.Errorf("-lang: %w", err))
	}
	loc, err := loadZone(*tz)
	if err != nil {
		return configFailure(stderr, fmt.Errorf("-tz: %w", err))
	}
	dir, err := os.MkdirTemp("", "branchbot-sandbox-")
	if err != nil {
		fmt.Fprintln(stderr, "branchbot sandbox:", err)
		return exitFailed
	}
	defer os.RemoveAll(dir)
	path := *dbPath
	if path == "" {
		path = filepath.Join(dir, "sandbox.db")
	}
	logFile, err := os.Create(filepath.Join(dir, "sandbox.log"))
	if err != nil {
		fmt.Fprintln(stderr, "branchbot sandbox:", err)
		return exitFailed
	}
	defer logFile.Close()

	sb := &sandbox{
		out: stdout, echo: !isTerminal(stdin), wait: 30 * time.Second,
		clock: schedule.NewShifted(schedule.System{}), loc: loc, defLang: defLang,
		users: map[string]*tgtest.User{}, numbers: map[msgKey]int{},
		files: filepath.Join(dir, "files"),
	}
	sb.srv = tgtest.NewServer(tgtest.WithBotUsername(sandboxBot), tgtest.WithObserver(sb.show))
	defer sb.srv.Close()
	owner := sb.addUser("owner", "老王", "zh-hans")
	sb.addUser("alice", "Alice", "zh-hans")
	sb.addUser("bob", "Bob", "en")
	sb.addUser("carol", "张三", "zh")
	sb.me = "owner"
	sb.group = sb.srv.NewGroup("支部群")

	store, err := data.Open(path, data.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "branchbot sandbox:", explainStoreError(err))
		return exitFailed
	}
	defer store.Close()
	log := newLogger(logFile, slog.LevelDebug, "")
	b, err := bot.New(bot.Config{
		Token: "1:sandbox", APIURL: sb.srv.URL, Owners: []int64{owner.ID}, DefaultLang: defLang, Location: loc,
	}, store, sb.clock, log)
	if err != nil {
		fmt.Fprintln(stderr, "branchbot sandbox:", err)
		return exitFailed
	}
	sb.handled, sb.settle, sb.nextTimer = b.WaitHandled, b.WaitIdle, store.NextTimer
	botCtx, stopBot := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(botCtx) }()
	defer func() {
		stopBot()
		if err := <-done; err != nil {
			fmt.Fprintln(stderr, "branchbot sandbox:", err)
		}
	}()

	where := "a temporary file, removed on exit (-db FILE keeps one)"
	if *dbPath != "" {
		where = path
	}
	sb.printf("branchbot sandbox: the real bot, a local Telegram Bot API, and you typing as its users.\n"+
		"Store: %s. Bot log: %s. Files the bot sends: %s.\n\n", where, logFile.Name(), sb.files)
	sb.printf("%s\n", sandboxHelp)
	sb.prompt()

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdin)
		// A pasted paragraph may be one long line; the bot's own limit
		// (4096 characters a message) is far below this.
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var joiner lineJoiner
	for {
		select {
		case <-ctx.Done():
			sb.printf("\n")
			return exitOK
		case line, ok := <-lines:
			if !ok {
				sb.unsent(&joiner)
				sb.printf("\n")
				return exitOK
			}
			if sb.echo {
				sb.printf("%s\n", line)
			}
			msg, done := joiner.Add(line)
			if !done {
				sb.printf("%s", continuePrompt)
				continue
			}
			if quit := sb.handle(ctx, strings.TrimSpace(msg)); quit {
				return exitOK
			}
			sb.prompt()
		}
	}
}

// continuePrompt asks for the next line of a message begun with a
// trailing backslash or <<<.
const continuePrompt = "... "

// unsent says what the end of input cut short. It is not sent: a message
// nobody finished may not be what they meant, and Ctrl-D means leave.
func (sb *sandbox) unsent(j *lineJoiner) {
	switch n, block := j.Pending(); {
	case block:
		sb.printf("\n(input ended inside a %s block, with no %s: %s not sent)", pasteStart, pasteEnd, countLines(n))
	case n > 0:
		sb.printf("\n(input ended after a line ending in \\: %s not sent)", countLines(n))
	}
}

func countLines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return strconv.Itoa(n) + " lines"
}

const sandboxHelp = `You are "owner" (老王), who may create a branch. Type what a Telegram user would type;
these lines are the sandbox's own:
  /as <user>     become another user: owner, alice, bob (English), carol, or a new name
  /as eve en     …and set the user's Telegram language, zh or en (a new user's is zh)
  /in group      talk in the group chat "支部群";  /dm  back to your private chat
  #1, #2         press button 1, 2 of the newest message with buttons here
  #3.1           press button 1 of message #3: the bot's messages print numbered
                 (┌ #3 bot → …) and so do their buttons ([#3.1 …] [#3.2 …])
  /clock         the sandbox time;  /clock +2h, /clock +1d, /clock 2026-12-10 14:30, /clock 14:30
                 move it forward and see what the bot sends meanwhile (reminders, check-in, summaries)
  <<<            a line of just <<< starts a message of several lines, pasted or typed
                 as is (a /survey, one question a line); a line of just >>> sends it
  text \         a line ending in \ goes on in the next line of the same message
  /photo #3 签到表  send a photo in reply to message #3 (^: the newest here), with a caption,
                 as a secretary files the sign-in sheet under a meeting's message
  /users         who is who;  /sandbox  this help;  /quit  leave (or Ctrl-D)
  /open          open the last invite link the bot showed, as a tap in Telegram would
                 (pasting a https://t.me/...?start=... link does the same)
Try:  /neworg 第一党支部   /invite   #1   /as alice   /open   /help`

// addUser makes a new user known as alias. The lock keeps the observer,
// which names chats from sb.users, from reading the map mid-write.
func (sb *sandbox) addUser(alias, name, lang string) *tgtest.User {
	u := sb.srv.NewUser(name, lang)
	sb.mu.Lock()
	defer sb.mu.Unlock()
	sb.users[alias] = u
	sb.order = append(sb.order, alias)
	return u
}

func (sb *sandbox) printf(format string, args ...any) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	fmt.Fprintf(sb.out, format, args...)
}

func (sb *sandbox) chat() *tgtest.Chat {
	if sb.inGroup {
		return sb.group
	}
	return sb.users[sb.me].PrivateChat()
}

func (sb *sandbox) prompt() {
	where := "private chat"
	if sb.inGroup {
		where = sb.group.Title
	}
	sb.printf("%s @ %s> ", sb.me, where)
}

// handle runs one typed message; it reports whether to quit.
func (sb *sandbox) handle(ctx context.Context, line string) bool {
	if strings.Contains(line, "\n") {
		// The sandbox's own commands are one line: a message of several
		// is for the bot, even one that begins like /as.
		sb.await(ctx, sb.srv.SendText(sb.users[sb.me], sb.chat(), line))
		return false
	}
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch {
	case line == "":
	case cmd == "/quit" || cmd == "/exit":
		return true
	case cmd == "/sandbox":
		sb.printf("%s\n", sandboxHelp)
	case cmd == "/users":
		for _, alias := range sb.order {
			u := sb.users[alias]
			sb.printf("  %-8s %s (id %d, language %s)\n", alias, u.FirstName, u.ID, u.LanguageCode)
		}
	case cmd == "/as":
		sb.as(arg)
	case cmd == "/clock":
		sb.clockCommand(ctx, arg)
	case cmd == "/in":
		sb.inGroup = true
	case cmd == "/dm":
		sb.inGroup = false
	case cmd == "/photo":
		sb.photo(ctx, arg)
	case isButtonRef(line):
		sb.press(ctx, line)
	case cmd == "/open":
		sb.mu.Lock()
		link := sb.lastLink
		sb.mu.Unlock()
		if link == "" {
			sb.printf("(no invite link yet: a secretary makes one with /invite)\n")
			break
		}
		return sb.handle(ctx, link)
	default:
		if code, ok := strings.CutPrefix(line, deepLinkPrefix); ok {
			sb.inGroup = false
			line = "/start " + code
			sb.printf("(opening the link: %s)\n", line)
		}
		sb.await(ctx, sb.srv.SendText(sb.users[sb.me], sb.chat(), line))
	}
	return false
}

// asUsage is how /as is written; its errors end with it.
const asUsage = "write /as <user> [zh|en], as in /as eve en"

// telegramLangs are the Telegram language codes /as sets, by the word
// typed: the codes Telegram's own apps send for Chinese and English.
var telegramLangs = map[string]string{"zh": "zh-hans", "en": "en"}

// parseAs reads /as's argument: a user's name, one word, and optionally
// their Telegram language, zh or en, returned as the code Telegram sends
// ("" when not given). A second word that is not a language is refused
// rather than made part of the name: "/as eve en" once made a Chinese
// user called "eve en".
func parseAs(arg string) (name, lang string, err error) {
	f := strings.Fields(arg)
	switch len(f) {
	case 0:
		return "", "", errors.New(asUsage)
	case 1:
		return f[0], "", nil
	case 2:
		code, ok := telegramLangs[strings.ToLower(f[1])]
		if !ok {
			return "", "", fmt.Errorf("the bot speaks zh or en, not %q; %s", f[1], asUsage)
		}
		return f[0], code, nil
	}
	return "", "", fmt.Errorf("%q: a user's name is one word; %s", arg, asUsage)
}

// langName names the language the bot speaks to a Telegram language code.
func (sb *sandbox) langName(code string) string {
	if i18n.For(code, sb.defLang) == i18n.EN {
		return "English"
	}
	return "Chinese"
}

// as becomes user name, making them if new, and sets their language if
// one is given.
func (sb *sandbox) as(arg string) {
	name, lang, err := parseAs(arg)
	if err != nil {
		sb.printf("(%v)\n", err)
		return
	}
	u, ok := sb.users[name]
	switch {
	case !ok:
		if lang == "" {
			lang = telegramLangs["zh"]
		}
		u = sb.addUser(name, name, lang)
		sb.printf("(new user %s joins Telegram, language %s: the bot speaks %s to %s; /as %s %s changes that)\n",
			name, lang, sb.langName(lang), name, name, otherLang(lang))
	case lang == "":
	case sb.langName(lang) == sb.langName(u.LanguageCode):
		sb.printf("(%s's Telegram language is already %s)\n", name, u.LanguageCode)
	default:
		sb.setLanguage(u, lang)
		// The bot keeps the language it last saw for reminders and
		// notices, and sees the new one with the user's next update.
		sb.printf("(%s's Telegram language is now %s: the bot speaks %s to %s from %s's next message or button press)\n",
			name, lang, sb.langName(lang), name, name)
	}
	sb.me = name
}

// otherLang is the language word /as takes for the language that code is not.
func otherLang(code string) string {
	if strings.HasPrefix(code, "en") {
		return "zh"
	}
	return "en"
}

// setLanguage changes u's Telegram language, as a user does in the app's
// settings, once the bot is idle, so that nothing it is still answering
// changes language halfway.
func (sb *sandbox) setLanguage(u *tgtest.User, code string) {
	if sb.settle != nil {
		ctx, cancel := context.WithTimeout(context.Background(), sb.wait)
		sb.settle(ctx)
		cancel()
	}
	sb.srv.SetLanguage(u, code)
}

// await waits until the bot has handled update id, so its replies print
// before the next prompt.
func (sb *sandbox) await(ctx context.Context, id int64) {
	ctx, cancel := context.WithTimeout(ctx, sb.wait)
	defer cancel()
	if err := sb.handled(ctx, id); err != nil {
		sb.printf("(the bot did not answer: %v)\n", err)
		return
	}
	if sb.settle != nil {
		sb.settle(ctx) // a slow broadcast just keeps printing after the prompt
	}
}

// saveLocked writes a file the bot sent into the files folder, named by
// the message's number, and says where it is.
func (sb *sandbox) saveLocked(n int, f *tgtest.File) string {
	name := f.Name
	if name == "" {
		name = "file"
	}
	where := filepath.Join(sb.files, fmt.Sprintf("%d-%s", n, filepath.Base(name)))
	err := os.MkdirAll(sb.files, 0o700)
	if err == nil {
		err = os.WriteFile(where, f.Data, 0o600)
	}
	if err != nil {
		return fmt.Sprintf("%s (%d bytes; not saved: %v)", name, len(f.Data), err)
	}
	return fmt.Sprintf("%s (%d KB) → %s", name, (len(f.Data)+1023)/1024, where)
}

// show prints what the bot does, as the recipient would see it.
func (sb *sandbox) show(ev tgtest.Event) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	switch ev.Kind {
	case tgtest.EventSent, tgtest.EventEdited:
		m := ev.Message
		n := sb.numberLocked(m, ev.Chat)
		head := fmt.Sprintf("#%d bot → %s", n, sb.chatName(ev.Chat))
		if ev.Kind == tgtest.EventEdited {
			head += " (edited)"
		}
		if sb.moving {
			head += " · " + sb.clock.Now().In(sb.loc).Format("01-02 15:04")
			sb.sent++
		}
		fmt.Fprintf(sb.out, "\n┌ %s\n", head)
		for _, l := range strings.Split(m.Plain, "\n") {
			fmt.Fprintf(sb.out, "│ %s\n", l)
			if i := strings.Index(l, deepLinkPrefix); i >= 0 {
				sb.lastLink = strings.Fields(l[i:])[0]
			}
		}
		if m.File != nil && ev.Kind == tgtest.EventSent {
			fmt.Fprintf(sb.out, "│ 📎 %s\n", sb.saveLocked(n, m.File))
		}
		if btns := m.Buttons(); len(btns) > 0 {
			fmt.Fprintf(sb.out, "│%s\n", buttonList(n, btns))
		}
		fmt.Fprintln(sb.out, "└")
	case tgtest.EventDeleted:
		if _, ok := sb.numbers[msgKey{ev.Message.ChatID, ev.Message.ID}]; ok {
			sb.numberLocked(ev.Message, ev.Chat) // its buttons are gone with it
		}
	case tgtest.EventAnswered:
		if ev.Answer != nil && ev.Answer.Text != "" {
			fmt.Fprintf(sb.out, "(popup: %s)\n", ev.Answer.Text)
		}
	case tgtest.EventViolation:
		fmt.Fprintf(sb.out, "(the real Bot API would reject this: %s)\n", ev.Violation)
	}
}

const deepLinkPrefix = "https://t.me/" + sandboxBot + "?start="

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (sb *sandbox) chatName(c *tgtest.Chat) string {
	if c == nil {
		return "?"
	}
	if c.Type != "private" {
		return c.Title
	}
	aliases := make([]string, 0, len(sb.users))
	for alias, u := range sb.users {
		if u.ID == c.ID {
			aliases = append(aliases, alias)
		}
	}
	sort.Strings(aliases)
	if len(aliases) == 0 {
		return c.FirstName
	}
	return aliases[0] + " (" + c.FirstName + ")"
}

// clockCommand shows the sandbox time, or moves it forward and prints what
// the bot sent on the way.
func (sb *sandbox) clockCommand(ctx context.Context, arg string) {
	now := sb.clock.Now()
	if arg == "" {
		sb.printf("(sandbox time: %s)\n", formatClock(now, sb.loc))
		return
	}
	to, err := parseClockArg(arg, now, sb.loc)
	if err != nil {
		sb.printf("(clock: %v)\n", err)
		return
	}
	sb.printf("(the clock moves on to %s…)\n", formatClock(to, sb.loc))
	sb.setMoving(true)
	err = sb.moveClock(ctx, to)
	sent := sb.setMoving(false)
	if err != nil && ctx.Err() == nil {
		sb.printf("(the bot did not settle: %v)\n", err)
	}
	if sent == 0 {
		sb.printf("(the bot sent nothing meanwhile)\n")
	}
	sb.printf("\n(sandbox time: %s)\n", formatClock(sb.clock.Now(), sb.loc))
}

// setMoving starts or ends a move; it returns how many messages the bot
// sent during the move that ends.
func (sb *sandbox) setMoving(on bool) int {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	sb.moving = on
	sent := sb.sent
	sb.sent = 0
	return sent
}

// moveClock moves the bot's clock forward to to, stopping at each timer of
// the bot's durable queue on the way and waiting until the bot is idle
// there (every due timer fired, the outbox drained) before going on.
//
// One Advance would fire the same timers in the same order, since the
// engine drains its queue in time order; but each timer's work reads the
// clock when it runs, and would read to. A reminder handled after its
// meeting began, or later than the branch's catch-up window, is recorded
// as missed and reported to the secretaries instead of sent: the bot's
// truthful answer to downtime, but not what members of a branch whose bot
// kept running see. Stepping shows them that: every reminder, check-in
// window and summary at its own time, each stamped with it.
func (sb *sandbox) moveClock(ctx context.Context, to time.Time) error {
	for {
		if err := sb.waitIdle(ctx); err != nil {
			return err
		}
		t, ok, err := sb.nextTimer()
		if err != nil {
			return fmt.Errorf("read the timer queue: %w", err)
		}
		at := to
		if ok && t.At.Before(to) {
			at = t.At
		}
		// A timer already due (one whose work failed and was postponed
		// into the past of a jump, say) gets Advance(0): it runs what is
		// due without waiting for the real clock.
		if err := sb.clock.Advance(max(at.Sub(sb.clock.Now()), 0)); err != nil {
			return err
		}
		if at.Equal(to) {
			return sb.waitIdle(ctx)
		}
	}
}

// waitIdle waits until the bot has fired every due timer and sent what it
// queued, for at most sb.wait.
func (sb *sandbox) waitIdle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, sb.wait)
	defer cancel()
	return sb.settle(ctx)
}
