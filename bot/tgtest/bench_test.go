package tgtest_test

import (
	"context"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"

	tgbot "github.com/go-telegram/bot"

	"branchbot/bot/tgtest"
)

// BenchmarkSendMessage measures sendMessage through go-telegram/bot from 16
// concurrent connections spread over 10,000 chats: as the server starts by
// default, and with the limits on (at a rate nothing reaches) and the
// request log off. On 2 cores, client included, it does about 10,000
// sends/s; the server's own handler is a small share of that.
func BenchmarkSendMessage(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []tgtest.Option
	}{
		{"plain", nil},
		{"limits-nolog", []tgtest.Option{tgtest.WithLimits(tgtest.Limits{Global: 1e9, PerChat: 1e9}), tgtest.WithoutRequestLog()}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := tgtest.NewServer(tc.opts...)
			defer srv.Close()
			users := make([]*tgtest.User, 10000)
			for i := range users {
				users[i] = srv.NewUser("U", "en")
			}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			bot, err := tgbot.New("123:abc", tgbot.WithServerURL(srv.URL), tgbot.WithSkipGetMe(), tgbot.WithHTTPClient(0, client))
			if err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0))) // 16 connections
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					u := users[next.Add(1)%int64(len(users))]
					if _, err := bot.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.ID, Text: "<b>hello</b> there", ParseMode: "HTML"}); err != nil {
						// Error, not Fatal: this runs on RunParallel's
						// goroutines, where only the reporting methods
						// are allowed.
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
