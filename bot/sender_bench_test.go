package bot

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// BenchmarkBroadcast sends n messages to n members through tgtest enforcing
// Telegram's real limits (30/s overall) and reports how close the sender
// comes to that physical limit: ratio = elapsed ÷ (n ÷ 30 s), where 1.00 is
// perfect and > 1.03 is a regression. It also reports 429s, requests sent
// inside a retry_after window, duplicates, and the heap held while n
// messages wait in the outbox. Run with -benchtime=1x: one broadcast of
// 10,000 takes 5½ minutes by design.
func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for range b.N {
				broadcastOnce(b, n)
			}
		})
	}
}

func broadcastOnce(b *testing.B, n int) {
	b.StopTimer()
	h, owner := newHarness(b, tgtest.WithLimits(tgtest.TelegramLimits()), tgtest.WithoutRequestLog())
	h.stop()
	h.sender, h.realClock = DefaultSenderConfig(), true
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	msgs := make([]data.OutMessage, n)
	for i := range msgs {
		u := h.srv.NewUser(fmt.Sprintf("m%d", i), "zh")
		msgs[i] = data.OutMessage{ChatID: u.ID, Text: fmt.Sprintf("通知 %d：明天上午九点开会。", i), Purpose: data.Purpose{Kind: data.PurposeReport}}
	}
	before := heapInUse()
	if err := h.store.Enqueue(context.Background(), h.clock.Now(), msgs...); err != nil {
		b.Fatal(err)
	}
	queued := heapInUse() - before
	sentBefore := h.srv.Stats().Sent

	b.StartTimer()
	start := time.Now()
	h.bot.tg.Wake()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(n)*time.Second)
	defer cancel()
	if err := h.bot.tg.WaitDrained(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()

	st := h.srv.Stats()
	dups := 0
	for _, m := range msgs {
		switch c := h.srv.DeliveredCount(m.ChatID); {
		case c == 0:
			b.Errorf("chat %d got nothing", m.ChatID)
		case c > 1:
			dups += c - 1
		}
	}
	// Not timings: a broadcast at the limits must never be refused or
	// duplicate a message.
	if st.Rejected429 != 0 || h.srv.RequestsInRetryWindow() != 0 || dups != 0 {
		b.Errorf("429s %d, requests in a retry window %d, duplicates %d; want none", st.Rejected429, h.srv.RequestsInRetryWindow(), dups)
	}
	b.ReportMetric(elapsed.Seconds()/(float64(n)/30), "ratio")
	b.ReportMetric(float64(st.Sent-sentBefore)/elapsed.Seconds(), "msg/s")
	b.ReportMetric(float64(st.Rejected429), "429s")
	b.ReportMetric(float64(h.srv.RequestsInRetryWindow()), "in-window")
	b.ReportMetric(float64(dups), "dups")
	b.ReportMetric(float64(queued)/(1<<20), "queued-MB")
}

func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}
