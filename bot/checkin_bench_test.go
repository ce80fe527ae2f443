package bot

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// BenchmarkCheckInPath compares the check-in path (update → parse →
// authorise → durable write → answer) with a bare go-telegram/bot handler
// that only answers the callback, through the same fake API in the same
// run. ratio is branchbot's throughput over the bare handler's; the target
// is ≥ 0.8.
func BenchmarkCheckInPath(b *testing.B) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	for range b.N {
		bare := bareAnswerRate(b, n)
		ours := checkInRate(b, n)
		b.ReportMetric(bare, "bare-presses/s")
		b.ReportMetric(ours, "checkin-presses/s")
		b.ReportMetric(ours/bare, "ratio")
	}
}

// checkInRate measures branchbot's check-ins per second for n members
// pressing 签到 at once.
func checkInRate(b *testing.B, n int) float64 { return checkInRateProf(b, n, func() {}, func() {}) }

// checkInRateProf is checkInRate with hooks around the timed part.
func checkInRateProf(b *testing.B, n int, begin, end func()) float64 {
	h, owner := newHarness(b, tgtest.WithoutRequestLog())
	h.stop()
	h.level = slog.LevelInfo // as in production
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	members := addMembers(b, h, n, "m", true)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 remind=10m 全体大会")
	h.setClock(at(2026, 11, 25, 18, 50))
	rems := make([]*tgtest.Message, len(members))
	for i, u := range members {
		rems[i] = h.messagesWith(u.ID, "⏰")[0]
	}
	var presses []tgtest.Callback
	begin()
	start := time.Now()
	for i, u := range members {
		btn, _ := rems[i].Button("✅ 签到")
		presses = append(presses, h.srv.Press(u, rems[i], btn.Data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := h.srv.WaitConfirmed(ctx, presses[len(presses)-1].UpdateID); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	end()
	h.stop()
	return float64(n) / elapsed.Seconds()
}

// bareAnswerRate measures a go-telegram/bot handler that only answers
// each callback, on the library's own poller.
func bareAnswerRate(b *testing.B, n int) float64 {
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
	for i := range users {
		users[i] = srv.NewUser("u", "zh")
	}
	msg := &tgtest.Message{ID: 1, ChatID: users[0].ID}
	start := time.Now()
	for _, u := range users {
		srv.Press(u, msg, "ci:1")
	}
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		b.Fatal("bare handler did not answer")
	}
	return float64(n) / time.Since(start).Seconds()
}
