package bot

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// benchPresses is how many members press at once: 1,000, or
// BENCH_PRESSES.
func benchPresses() int {
	if v, err := strconv.Atoi(os.Getenv("BENCH_PRESSES")); err == nil && v > 0 {
		return v
	}
	return 1000
}

// BenchmarkCheckInPath compares the check-in path (update → parse →
// authorise → durable write → answer) with a bare go-telegram/bot handler
// that only answers the callback, through the same fake API in the same
// run, with the same updates: each member presses 签到 on the reminder
// branchbot sent them. ratio is branchbot's throughput over the bare
// handler's; the target is ≥ 0.8.
func BenchmarkCheckInPath(b *testing.B) {
	n := benchPresses()
	if testing.Short() {
		n = 100
	}
	for range b.N {
		storm := newCheckInStorm(b, n)
		bare := bareAnswerRate(b, storm.reminders)
		ours := storm.run(b)
		b.ReportMetric(bare, "bare-presses/s")
		b.ReportMetric(ours, "checkin-presses/s")
		b.ReportMetric(ours/bare, "ratio")
	}
}

// checkInStorm is a branch of n members, each holding the reminder with
// the 签到 button of a meeting whose check-in is open.
type checkInStorm struct {
	h         *harness
	members   []*tgtest.User
	reminders []*tgtest.Message
}

func newCheckInStorm(b *testing.B, n int) *checkInStorm {
	h, owner := newHarness(b, tgtest.WithoutRequestLog())
	h.stop()
	h.level = slog.LevelInfo // as in production
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	members := addMembers(b, h, n, "m", true)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=10m 全体大会")
	h.setClock(at(2026, 11, 25, 18, 50))
	s := &checkInStorm{h: h, members: members, reminders: make([]*tgtest.Message, n)}
	for i, u := range members {
		s.reminders[i] = h.messagesWith(u.ID, "⏰")[0]
	}
	return s
}

// run has every member press 签到 at once and returns check-ins per second
// until the last press is handled.
func (s *checkInStorm) run(b *testing.B) float64 {
	buttons := make([]tgtest.Button, len(s.members))
	for i := range s.members {
		var ok bool
		if buttons[i], ok = s.reminders[i].Button("✅ 签到"); !ok {
			b.Fatalf("reminder %d has no 签到 button", i)
		}
	}
	var presses []tgtest.Callback
	start := time.Now()
	for i, u := range s.members {
		presses = append(presses, s.h.srv.Press(u, s.reminders[i], buttons[i].Data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.h.bot.WaitHandled(ctx, presses[len(presses)-1].UpdateID); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	// A fast refusal is not a check-in: every press must have checked in.
	roll, err := s.h.store.RollCall(1)
	if err != nil || len(roll.Present) != len(presses) {
		b.Fatalf("%d of %d presses checked in (err %v)", len(roll.Present), len(presses), err)
	}
	s.h.stop()
	return float64(len(presses)) / elapsed.Seconds()
}

// bareAnswerRate measures a go-telegram/bot handler that only answers
// each callback, on the library's own poller, for presses on copies of
// the given messages (one per user, as in the check-in storm).
func bareAnswerRate(b *testing.B, msgs []*tgtest.Message) float64 {
	n := len(msgs)
	srv := tgtest.NewServer(tgtest.WithoutRequestLog())
	defer srv.Close()
	var answered atomic.Int64
	done := make(chan struct{})
	tg, err := tgbot.New("123:bare", tgbot.WithServerURL(srv.URL), tgbot.WithSkipGetMe(),
		tgbot.WithDefaultHandler(func(ctx context.Context, tg *tgbot.Bot, u *models.Update) {
			if u.CallbackQuery == nil {
				return
			}
			tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "ok"})
			if answered.Add(1) == int64(n) {
				close(done)
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tg.Start(ctx)
	users := make([]*tgtest.User, n)
	copies := make([]*tgtest.Message, n)
	for i := range users {
		users[i] = srv.NewUser("u", "zh")
		m := *msgs[i]
		m.ChatID = users[i].ID
		copies[i] = &m
	}
	buttons := make([]tgtest.Button, n)
	for i := range copies {
		var ok bool
		if buttons[i], ok = copies[i].Button("✅ 签到"); !ok {
			b.Fatalf("message %d has no 签到 button", i)
		}
	}
	start := time.Now()
	for i, u := range users {
		srv.Press(u, copies[i], buttons[i].Data)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		b.Fatal("bare handler did not answer")
	}
	return float64(n) / time.Since(start).Seconds()
}
