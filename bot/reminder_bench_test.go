package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/tgtest"
	"branchbot/data"
	"branchbot/schedule"
)

// Benchmarks of the reminder engine as a whole: the real binary idling on
// a big queue, and reminders fired on the real clock through the real
// sender against tgtest with Telegram's limits. Run with -benchtime=1x:
//
//	go test ./bot -run XXX -bench 'BenchmarkIdleWithReminders' -benchtime 1x -timeout 30m
//	go test ./bot -run XXX -bench 'BenchmarkReminderLateness' -benchtime 1x

// benchBotToken is shaped like a real token, as the binary's config checks.
const benchBotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

// BenchmarkIdleWithReminders builds cmd/branchbot once, and a store with n
// queued reminders once per size, then runs the binary as a child process
// against a tgtest server in this process. It reports
//
//   - start-ms: wall time from exec to the server seeing the bot's first
//     long poll (getUpdates waiting), i.e. process start, store open,
//     getMe, deleteWebhook, command menus;
//   - rss-MB: VmRSS of the child after 2 s of idle polling, with
//     rss-anon-MB (heap, stacks) and rss-file-MB (the binary and the
//     mmapped store pages it touched) apart, and hwm-MB its peak;
//   - stop-ms: from SIGTERM to exit, which must be status 0.
//
// The store is written just before, so its pages are in the page cache:
// start-ms is a warm start.
//
// The queue holds n/2 meetings with two reminders each, all in 2030–2034,
// so none fires. They are written through the store's exported bulk path
// (PlanSeries, 5,000 meetings a transaction): one CreateMeeting per
// meeting would take a fsync each, about 5 minutes for 500,000.
func BenchmarkIdleWithReminders(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "branchbot")
	build := exec.Command("go", "build", "-o", bin, "branchbot/cmd/branchbot")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	stores := map[int]string{} // size → store file, built once
	dir := b.TempDir()
	for _, n := range []int{0, 300_000, 1_000_000} {
		b.Run(fmt.Sprintf("queued=%d", n), func(b *testing.B) {
			path, ok := stores[n]
			if !ok {
				b.StopTimer()
				path = filepath.Join(dir, fmt.Sprintf("branchbot-%d.db", n))
				start := time.Now()
				benchReminderStore(b, path, n)
				b.Logf("store with %d reminders built in %v", n, time.Since(start).Round(time.Millisecond))
				stores[n] = path
				b.StartTimer()
			}
			var startMs, rss, anon, file, hwm, stopMs float64
			for range b.N {
				r := benchIdleChild(b, bin, path)
				startMs += r.start.Seconds() * 1000
				stopMs += r.stop.Seconds() * 1000
				rss += r.status["VmRSS"]
				anon += r.status["RssAnon"]
				file += r.status["RssFile"]
				hwm += r.status["VmHWM"]
			}
			runs := float64(b.N)
			b.ReportMetric(startMs/runs, "start-ms")
			b.ReportMetric(rss/runs/1024, "rss-MB")
			b.ReportMetric(anon/runs/1024, "rss-anon-MB")
			b.ReportMetric(file/runs/1024, "rss-file-MB")
			b.ReportMetric(hwm/runs/1024, "hwm-MB")
			b.ReportMetric(stopMs/runs, "stop-ms")
		})
	}
}

type idleRun struct {
	start, stop time.Duration
	status      map[string]float64 // /proc/<pid>/status sizes, in kB
}

// benchIdleChild runs the binary on the store at path until it has idled
// for 2 s, then stops it with SIGTERM.
func benchIdleChild(b *testing.B, bin, path string) idleRun {
	b.Helper()
	srv := tgtest.NewServer(tgtest.WithoutRequestLog())
	defer srv.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"BRANCHBOT_TOKEN="+benchBotToken,
		"BRANCHBOT_TOKEN_FILE=",
		"BRANCHBOT_API_URL="+srv.URL,
		"BRANCHBOT_DB="+path,
		"BRANCHBOT_LOG_LEVEL=info",
	)
	cmd.Stdout, cmd.Stderr = &stderr, &stderr

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	fail := func(format string, args ...any) {
		b.Helper()
		cmd.Process.Kill()
		<-exited
		b.Fatalf(format+"\nbranchbot output:\n%s", append(args, stderr.String())...)
	}

	polling := make(chan error, 1)
	go func() { polling <- srv.WaitPolling(ctx) }()
	var r idleRun
	select {
	case err := <-polling:
		if err != nil {
			fail("bot never polled: %v", err)
		}
		r.start = time.Since(begin)
	case err := <-exited:
		b.Fatalf("branchbot exited before polling: %v\n%s", err, stderr.String())
	}

	select {
	case err := <-exited:
		b.Fatalf("branchbot exited while idle: %v\n%s", err, stderr.String())
	case <-time.After(2 * time.Second):
	}
	st, err := procStatus(cmd.Process.Pid)
	if err != nil {
		fail("read /proc status: %v", err)
	}
	r.status = st
	if err := srv.WaitPolling(ctx); err != nil {
		fail("bot stopped polling: %v", err)
	}

	stopAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		fail("SIGTERM: %v", err)
	}
	select {
	case err := <-exited:
		r.stop = time.Since(stopAt)
		if err != nil {
			b.Fatalf("branchbot after SIGTERM: %v (want exit status 0)\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		fail("branchbot did not exit within 30 s of SIGTERM")
	}
	if v := srv.SpecViolations(); len(v) > 0 {
		b.Errorf("requests the real Bot API would reject:\n%s", strings.Join(v, "\n"))
	}
	return r
}

// procStatus reads the kB sizes of /proc/<pid>/status (VmRSS, RssAnon, ...).
func procStatus(pid int) (map[string]float64, error) {
	buf, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(buf), "\n") {
		k, v, ok := strings.Cut(line, ":")
		f := strings.Fields(v)
		if !ok || len(f) != 2 || f[1] != "kB" {
			continue
		}
		if x, err := strconv.ParseFloat(f[0], 64); err == nil {
			out[k] = x
		}
	}
	if _, ok := out["VmRSS"]; !ok {
		return nil, errors.New("no VmRSS in /proc status")
	}
	return out, nil
}

// benchReminderStore writes a store at path with one branch of ten
// members and n/2 meetings in 2030–2034 (random starts), each with
// reminders a day and an hour before: n reminder timers. The meetings go
// in through PlanSeries, 5,000 per transaction, one stopped series per
// batch, so that only reminder timers stay queued.
func benchReminderStore(b *testing.B, path string, n int) {
	b.Helper()
	s, err := data.Open(path, data.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	now := time.Date(2026, time.November, 25, 9, 0, 0, 0, shanghai)
	founder := data.Person{UserID: 100001, Name: "书记", Lang: "zh"}
	br, err := s.CreateBranch(ctx, "第一党支部", founder, now)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i < 10; i++ {
		inv, err := s.CreateInvite(ctx, br.ID, data.RoleMember, founder.UserID, now)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.RedeemInvite(ctx, inv.Code, data.Person{UserID: founder.UserID + int64(i), Name: fmt.Sprintf("党员%d", i), Lang: "zh"}, now); err != nil {
			b.Fatal(err)
		}
	}
	remind := []time.Duration{24 * time.Hour, time.Hour}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	from := time.Date(2030, time.January, 1, 0, 0, 0, 0, shanghai)
	until := time.Date(2036, time.January, 1, 0, 0, 0, 0, shanghai)
	const batch = 5_000
	var plans []data.MeetingPlan
	for i := range n / len(remind) {
		start := from.Add(time.Duration(rng.IntN(5*365*24*60)) * time.Minute)
		m := data.Meeting{
			BranchID: br.ID, Kind: data.KindAssembly, Title: fmt.Sprintf("支部党员大会 第%d次", i+1),
			Start: start, Duration: 90 * time.Minute, Place: "三楼会议室",
			Remind: remind, CreatedBy: founder.UserID, CreatedAt: now,
		}
		plan := make([]data.PlannedReminder, len(remind))
		for k, off := range remind {
			plan[k] = data.PlannedReminder{Offset: off, At: start.Add(-off)}
		}
		plans = append(plans, data.MeetingPlan{Meeting: m, Reminders: plan})
		if len(plans) == batch || i == n/len(remind)-1 {
			sr, err := s.CreateSeries(ctx, data.Series{BranchID: br.ID, Kind: data.KindAssembly, Rule: "bench", Title: "支部党员大会", Remind: remind, CreatedBy: founder.UserID, CreatedAt: now}, until, 0)
			if err != nil {
				b.Fatal(err)
			}
			if k, err := s.PlanSeries(ctx, sr.ID, until, plans, until); err != nil || k != len(plans) {
				b.Fatalf("PlanSeries = %d, %v; want %d", k, err, len(plans))
			}
			if _, err := s.StopSeries(ctx, sr.ID, br.ID); err != nil {
				b.Fatal(err)
			}
			plans = plans[:0]
		}
	}
	if n > 0 {
		t, ok, err := s.NextTimer()
		if err != nil || !ok || t.Kind != data.TimerReminder || t.At.Before(from.Add(-24*time.Hour)) {
			b.Fatalf("NextTimer = %+v, %v, %v; want a reminder in 2030", t, ok, err)
		}
	}
}

// BenchmarkReminderLateness runs a bot on the real clock (schedule.System)
// with Telegram's sender limits (DefaultSenderConfig) against tgtest
// enforcing Telegram's limits. While it runs, 300 meetings are created
// through the store as /meeting does (one CreateMeeting each, then
// engine.Wake), each in its own one-member branch, with one reminder each
// planned 2 s from now onwards, 55 ms apart (about 18 a second, over
// 16.5 s). For every reminder it takes the time the server received its
// sendMessage (tgtest's Message.Date, set when the request is handled)
// minus the planned instant, and reports the p50, p99 and max of that
// lateness. Target: p99 ≤ 1 s. It also reports 429s, which must be 0.
// With BENCH_LATENESS_DUMP=<file> set it writes the bot's log and every
// reminder's planned and received times to file.
func BenchmarkReminderLateness(b *testing.B) {
	const (
		n       = 300
		lead    = 2 * time.Second
		spacing = 55 * time.Millisecond
	)
	for range b.N {
		b.StopTimer()
		var (
			mu   sync.Mutex
			got  = map[int64][]*tgtest.Message{} // chat id → reminders received
			done = make(chan struct{})
		)
		titleOf := func(i int) string { return fmt.Sprintf("准时测试会议 %03d", i) }
		srv := tgtest.NewServer(tgtest.WithLimits(tgtest.TelegramLimits()), tgtest.WithoutRequestLog(),
			tgtest.WithObserver(func(e tgtest.Event) {
				if e.Kind != tgtest.EventSent || !strings.Contains(e.Message.Plain, "准时测试会议") {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				got[e.Chat.ID] = append(got[e.Chat.ID], e.Message)
				if len(got) == n {
					select {
					case <-done:
					default:
						close(done)
					}
				}
			}))

		store, err := data.Open(filepath.Join(b.TempDir(), "branchbot.db"), data.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		users := make([]*tgtest.User, n)
		branches := make([]data.Branch, n)
		for i := range n {
			users[i] = srv.NewUser(fmt.Sprintf("党员%d", i), "zh-hans")
			p := data.Person{UserID: users[i].ID, Name: users[i].FirstName, Lang: "zh"}
			if branches[i], err = store.CreateBranch(ctx, fmt.Sprintf("第%d党支部", i+1), p, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
		logs := &syncBuffer{}
		bot, err := New(Config{
			Token: testToken, APIURL: srv.URL, DefaultLang: i18n.ZH, Location: shanghai,
			PollTimeout: 10 * time.Second, Sender: DefaultSenderConfig(),
		}, store, schedule.System{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
		if err != nil {
			b.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		ran := make(chan error, 1)
		go func() { ran <- bot.Run(runCtx) }()
		var once sync.Once
		shutdown := func() {
			once.Do(func() {
				stop()
				if err := <-ran; err != nil {
					b.Errorf("Run: %v", err)
				}
				store.Close()
				srv.Close()
			})
		}
		b.Cleanup(shutdown) // on a failure below
		waitCtx, cancel := context.WithTimeout(ctx, time.Minute)
		if err := srv.WaitPolling(waitCtx); err != nil {
			cancel()
			b.Fatalf("bot never polled: %v\n%s", err, logs.String())
		}

		b.StartTimer()
		base := time.Now()
		planned := make([]time.Time, n)
		var lastCreate time.Duration
		for i := range n {
			at := base.Add(lead + time.Duration(i)*spacing).Round(0) // wall clock, as stored
			planned[i] = at
			m := data.Meeting{
				BranchID: branches[i].ID, Kind: data.KindAssembly, Title: titleOf(i),
				Start: at.Add(time.Hour), Duration: time.Hour, Remind: []time.Duration{time.Hour},
				CreatedBy: users[i].ID, CreatedAt: time.Now(),
			}
			if _, err := store.CreateMeeting(ctx, m, []data.PlannedReminder{{Offset: time.Hour, At: at}}); err != nil {
				b.Fatal(err)
			}
			bot.engine.Wake()
			lastCreate = time.Since(base)
		}
		select {
		case <-done:
		case <-waitCtx.Done():
		}
		b.StopTimer()
		cancel()
		shutdown()

		mu.Lock()
		late := make([]time.Duration, 0, n)
		for i, u := range users {
			ms := got[u.ID]
			if len(ms) != 1 {
				b.Errorf("%s got %d reminders; want 1", u.FirstName, len(ms))
				continue
			}
			if !strings.Contains(ms[0].Plain, titleOf(i)) {
				b.Errorf("%s got %q; want the reminder of %q", u.FirstName, ms[0].Plain, titleOf(i))
				continue
			}
			late = append(late, ms[0].Date.Round(0).Sub(planned[i]))
		}
		mu.Unlock()
		if len(late) == 0 {
			b.Fatalf("no reminder arrived\n%s", logs.String())
		}
		slices.Sort(late)
		pct := func(p float64) time.Duration {
			return late[max(0, int(math.Ceil(p*float64(len(late))))-1)]
		}
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		st := srv.Stats()
		b.Logf("created %d meetings in %v; lateness min %v p50 %v p99 %v max %v", n, lastCreate.Round(time.Millisecond), late[0], pct(0.5), pct(0.99), late[len(late)-1])
		b.ReportMetric(ms(pct(0.5)), "p50-ms")
		b.ReportMetric(ms(pct(0.99)), "p99-ms")
		b.ReportMetric(ms(late[len(late)-1]), "max-ms")
		b.ReportMetric(ms(late[0]), "min-ms")
		if st.Rejected429 != 0 || srv.RequestsInRetryWindow() != 0 {
			b.Errorf("429s %d, requests in a retry window %d; want none", st.Rejected429, srv.RequestsInRetryWindow())
		}
		b.ReportMetric(float64(st.Rejected429), "429s")
		b.ReportMetric(float64(srv.RequestsInRetryWindow()), "in-window")
		if v := srv.SpecViolations(); len(v) > 0 {
			b.Errorf("requests the real Bot API would reject:\n%s", strings.Join(v, "\n"))
		}
		if dump := os.Getenv("BENCH_LATENESS_DUMP"); dump != "" {
			var w bytes.Buffer
			w.WriteString(logs.String())
			for i, u := range users {
				if ms := got[u.ID]; len(ms) == 1 {
					fmt.Fprintf(&w, "%d planned %s got %s late %v\n", i, planned[i].Format("15:04:05.000"), ms[0].Date.Format("15:04:05.000"), ms[0].Date.Round(0).Sub(planned[i]))
				}
			}
			os.WriteFile(dump, w.Bytes(), 0o644)
		}
		if b.Failed() {
			b.Logf("bot log:\n%s", logs.String())
		}
	}
}
