package bot

import (
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"branchbot/data"
)

// Health returns what is wrong with the running bot at now, nothing when
// all is well: the store answers a read, Telegram answered recently, and
// the timer engine runs. Each reason is a line for an operator; none
// names a member or a chat.
func (b *Bot) Health(now time.Time) []string {
	var reasons []string
	if err := b.store.Ping(); err != nil {
		reasons = append(reasons, "store: "+err.Error())
	}
	reasons = append(reasons, b.tg.Health(now)...)
	reasons = append(reasons, b.engine.Health(now)...)
	return reasons
}

// registerStoreGauges registers the queues' depths, read from the store
// at each scrape.
func registerStoreGauges(reg prometheus.Registerer, store *data.Store) {
	gauge := func(name, help string, count func() (int, error)) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			n, err := count()
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		})
	}
	reg.MustRegister(
		gauge("branchbot_outbox_depth", "Messages waiting in the outbox.", store.OutboxLen),
		gauge("branchbot_timer_queue_depth", "Timers waiting to fire.", store.TimerLen),
		gauge("branchbot_inbox_backlog", "Updates received and not yet handled.", store.InboxLen),
	)
}
