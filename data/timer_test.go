package data_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"branchbot/data"
)

func TestTimers(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	wantNoTimer(t, s)

	if err := s.SetTimer(ctx, "a", 1, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantTimer(t, s, "a", 1, t0.Add(2*time.Hour))
	// Setting it again replaces it, earlier or later.
	if err := s.SetTimer(ctx, "a", 1, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantTimer(t, s, "a", 1, t0.Add(time.Hour))
	if err := s.SetTimer(ctx, "a", 1, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantTimer(t, s, "a", 1, t0.Add(3*time.Hour)) // the t0+1h one is gone

	// Kinds and refs are separate timers; the earliest of all comes first.
	for _, tm := range []data.Timer{
		{Kind: "b", Ref: 1, At: t0.Add(2 * time.Hour)},
		{Kind: "a", Ref: 2, At: t0.Add(4 * time.Hour)},
		{Kind: "b", Ref: 2, At: t0.Add(90 * time.Minute)},
	} {
		if err := s.SetTimer(ctx, tm.Kind, tm.Ref, tm.At); err != nil {
			t.Fatal(err)
		}
	}
	wantTimer(t, s, "b", 2, t0.Add(90*time.Minute))
	for _, step := range []struct {
		kind   string
		ref    uint64
		next   data.Timer
		noneAt bool
	}{
		{"b", 2, data.Timer{Kind: "b", Ref: 1, At: t0.Add(2 * time.Hour)}, false},
		{"b", 2, data.Timer{Kind: "b", Ref: 1, At: t0.Add(2 * time.Hour)}, false}, // already gone: no-op
		{"x", 9, data.Timer{Kind: "b", Ref: 1, At: t0.Add(2 * time.Hour)}, false}, // never existed
		{"b", 1, data.Timer{Kind: "a", Ref: 1, At: t0.Add(3 * time.Hour)}, false},
		{"a", 1, data.Timer{Kind: "a", Ref: 2, At: t0.Add(4 * time.Hour)}, false},
		{"a", 2, data.Timer{}, true},
	} {
		if err := s.DeleteTimer(ctx, step.kind, step.ref); err != nil {
			t.Fatalf("DeleteTimer(%s, %d): %v", step.kind, step.ref, err)
		}
		if step.noneAt {
			wantNoTimer(t, s)
		} else {
			wantTimer(t, s, step.next.Kind, step.next.Ref, step.next.At)
		}
	}
}

func TestTimersSameInstant(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	for ref := range uint64(3) {
		if err := s.SetTimer(ctx, "k", ref+1, t0); err != nil {
			t.Fatal(err)
		}
	}
	// All three are kept; deleting one leaves the others.
	for _, ref := range []uint64{2, 1, 3} {
		tm, ok, err := s.NextTimer()
		if err != nil || !ok || !tm.At.Equal(t0) {
			t.Fatalf("NextTimer = %+v, %v, %v", tm, ok, err)
		}
		if err := s.DeleteTimer(ctx, "k", ref); err != nil {
			t.Fatal(err)
		}
	}
	wantNoTimer(t, s)
}

func TestTimerKeepsInstantAcrossZones(t *testing.T) {
	s := openStore(t)
	sh := mustLoad(t, "Asia/Shanghai")
	at := time.Date(2026, 6, 10, 7, 30, 0, 123456789, sh)
	if err := s.SetTimer(t.Context(), "k", 1, at); err != nil {
		t.Fatal(err)
	}
	tm, ok, err := s.NextTimer()
	if err != nil || !ok || !tm.At.Equal(at) {
		t.Fatalf("NextTimer = %+v, %v, %v; want at %v", tm, ok, err, at)
	}
	if _, off := tm.At.Zone(); off != 8*3600 {
		t.Fatalf("NextTimer.At offset = %d; want +08:00 kept", off)
	}
}

// TestNextTimerManyRandom fills the queue with 10,000 timers in random
// order and checks NextTimer against a model as timers go: the earliest,
// random ones, and moved ones.
func TestNextTimerManyRandom(t *testing.T) {
	const n = 10000
	s := openStore(t)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{data.TimerFollowUp, "meeting", "digest"}
	// Distinct instants in random order.
	perm := rng.Perm(n)
	model := map[[2]string]time.Time{} // kind, ref → at
	key := func(kind string, ref uint64) [2]string { return [2]string{kind, fmt.Sprint(ref)} }
	var batch []data.Timer
	for i, p := range perm {
		tm := data.Timer{Kind: kinds[i%len(kinds)], Ref: uint64(i), At: t0.Add(time.Duration(p)*7*time.Millisecond + time.Duration(rng.IntN(7))*time.Millisecond)}
		batch = append(batch, tm)
		model[key(tm.Kind, tm.Ref)] = tm.At
	}
	// Insert in a few transactions, plus a few one by one.
	for len(batch) > 10 {
		k := min(len(batch)-10, 3000)
		if err := s.TestOnlySetTimers(ctx, batch[:k]); err != nil {
			t.Fatal(err)
		}
		batch = batch[k:]
	}
	for _, tm := range batch {
		if err := s.SetTimer(ctx, tm.Kind, tm.Ref, tm.At); err != nil {
			t.Fatal(err)
		}
	}

	check := func(what string) {
		t.Helper()
		tm, ok, err := s.NextTimer()
		if err != nil {
			t.Fatal(err)
		}
		if len(model) == 0 {
			if ok {
				t.Fatalf("%s: NextTimer = %+v; want none", what, tm)
			}
			return
		}
		var minAt time.Time
		for _, at := range model {
			if minAt.IsZero() || at.Before(minAt) {
				minAt = at
			}
		}
		if !ok || !tm.At.Equal(minAt) || !model[key(tm.Kind, tm.Ref)].Equal(minAt) {
			t.Fatalf("%s: NextTimer = %+v, %v; want the one at %v", what, tm, ok, minAt)
		}
	}
	check("after insert")

	// Consume the earliest, as the engine does.
	for i := range 50 {
		tm, _, _ := s.NextTimer()
		if err := s.DeleteTimer(ctx, tm.Kind, tm.Ref); err != nil {
			t.Fatal(err)
		}
		delete(model, key(tm.Kind, tm.Ref))
		check(fmt.Sprintf("after consuming %d", i+1))
	}
	// Delete and move random ones.
	for i := range 100 {
		ref := uint64(rng.IntN(n))
		kind := kinds[int(ref)%len(kinds)]
		if i%2 == 0 {
			if err := s.DeleteTimer(ctx, kind, ref); err != nil {
				t.Fatal(err)
			}
			delete(model, key(kind, ref))
		} else {
			at := t0.Add(time.Duration(rng.IntN(n*7)) * time.Millisecond)
			if err := s.SetTimer(ctx, kind, ref, at); err != nil {
				t.Fatal(err)
			}
			model[key(kind, ref)] = at
		}
		check(fmt.Sprintf("after random change %d", i))
	}
	// Move one to before everything else.
	if err := s.SetTimer(ctx, kinds[1], 4, t0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	model[key(kinds[1], 4)] = t0.Add(-time.Hour)
	check("after moving one first")

	// Drain a thousand more and check the order.
	var ats []time.Time
	for range 1000 {
		tm, ok, err := s.NextTimer()
		if err != nil || !ok {
			t.Fatalf("NextTimer = %v, %v with %d left", ok, err, len(model))
		}
		ats = append(ats, tm.At)
		delete(model, key(tm.Kind, tm.Ref))
		if err := s.DeleteTimer(ctx, tm.Kind, tm.Ref); err != nil {
			t.Fatal(err)
		}
		if len(model)%100 == 0 {
			check("while draining")
		}
	}
	if !slices.IsSortedFunc(ats, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Fatal("timers drained out of order")
	}
	check("after draining")
}

// BenchmarkNextTimer finds the earliest of a big queue. The queue is built
// once per size, in random order, in batches; the enqueue rate is reported
// alongside.
func BenchmarkNextTimer(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, err := data.Open(b.TempDir()+"/bench.db", data.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			start := time.Now()
			const batch = 50_000
			ts := make([]data.Timer, 0, batch)
			for i := range n {
				ts = append(ts, data.Timer{Kind: data.TimerFollowUp, Ref: uint64(i + 1), At: t0.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))})
				if len(ts) == batch || i == n-1 {
					if err := s.TestOnlySetTimers(b.Context(), ts); err != nil {
						b.Fatal(err)
					}
					ts = ts[:0]
				}
			}
			rate := float64(n) / time.Since(start).Seconds()
			if _, ok, err := s.NextTimer(); err != nil || !ok {
				b.Fatalf("NextTimer = %v, %v", ok, err)
			}
			for b.Loop() {
				if _, _, err := s.NextTimer(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(rate, "enqueued/s")
		})
	}
}
