package schedule_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"branchbot/data"
	"branchbot/schedule"
)

// A timer fired late shows its lateness in the histogram, under its kind;
// the engine is healthy while it runs and not before or after.
func TestEngineMetricsAndHealth(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := schedule.NewFake(t0.Add(90 * time.Second))
	q := &queue{}
	q.add(data.Timer{At: t0, Kind: "test", Ref: 1})
	f := &firer{q: q, clock: clock}
	reg := prometheus.NewPedanticRegistry()
	e := schedule.NewEngine(q, clock, slog.New(slog.DiscardHandler))
	e.Handle("test", f.fire)
	e.SetMetrics(schedule.NewMetrics(reg))
	if got := e.Health(clock.Now()); len(got) != 1 {
		t.Fatalf("Health before Run = %q; want one reason", got)
	}
	r := start(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	if err := e.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	wantFired(t, f, 1)
	if got := e.Health(clock.Now()); len(got) != 0 {
		t.Fatalf("Health of a running engine = %q; want none", got)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, mf := range families {
		if mf.GetName() != "branchbot_timer_lateness_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			h := m.GetHistogram()
			if m.GetLabel()[0].GetValue() == "test" && h.GetSampleCount() == 1 && h.GetSampleSum() == 90 {
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("no lateness of 90 s for kind test in %v", families)
	}
	r.cancel()
	r.wait(t)
	if got := e.Health(clock.Now()); len(got) != 1 {
		t.Fatalf("Health after Run returned = %q; want one reason", got)
	}
}

// Without a registry the engine records nothing and needs nothing.
func TestNilMetrics(t *testing.T) {
	if m := schedule.NewMetrics(nil); m != nil {
		t.Fatalf("NewMetrics(nil) = %v; want nil", m)
	}
}
