package schedule

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the timer engine's figures for Prometheus. A nil *Metrics
// records nothing, so an engine without a registry pays nothing.
type Metrics struct {
	lateness *prometheus.HistogramVec
	fired    *prometheus.CounterVec
}

// NewMetrics registers the engine's metrics with reg; nil reg gives nil
// (no metrics). Labels are timer kinds, words of the program: never a
// member, a chat or a text.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	if reg == nil {
		return nil
	}
	m := &Metrics{
		lateness: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "branchbot_timer_lateness_seconds",
			Help: "How late timers (reminders, follow-ups, digests) fired: fire time minus due time.",
			// From on time to a process that was down for hours.
			Buckets: []float64{0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600, 4 * 3600},
		}, []string{"kind"}),
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "branchbot_timers_fired_total",
			Help: "Timers fired, by kind and result (ok, error: postponed for another try).",
		}, []string{"kind", "result"}),
	}
	reg.MustRegister(m.lateness, m.fired)
	return m
}

// fired records one firing of a timer of kind, late after its due time.
func (m *Metrics) observeFire(kind string, late time.Duration, err error) {
	if m == nil {
		return
	}
	m.lateness.WithLabelValues(kind).Observe(max(late, 0).Seconds())
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.fired.WithLabelValues(kind, result).Inc()
}

// known creates the series of every registered kind at zero, so they
// exist from the start.
func (m *Metrics) known(kinds []string) {
	if m == nil {
		return
	}
	for _, k := range kinds {
		m.lateness.WithLabelValues(k)
		m.fired.WithLabelValues(k, "ok")
		m.fired.WithLabelValues(k, "error")
	}
}
