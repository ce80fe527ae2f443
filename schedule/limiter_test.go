package schedule_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"branchbot/schedule"
)

// goWait starts l.Wait(ctx) and returns where its error arrives.
func goWait(ctx context.Context, l *schedule.Limiter) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- l.Wait(ctx) }()
	return ch
}

func TestLimiterAllow(t *testing.T) {
	c := schedule.NewFake(t0)
	l := schedule.NewLimiter(c, rate.Every(time.Second), 3)
	for i := range 3 {
		if !l.Allow() {
			t.Fatalf("event %d of the burst refused", i+1)
		}
	}
	if l.Allow() {
		t.Fatal("event beyond the burst allowed")
	}
	c.Advance(999 * time.Millisecond)
	if l.Allow() {
		t.Fatal("allowed before a token came back")
	}
	c.Advance(time.Millisecond)
	if !l.Allow() {
		t.Fatal("refused once a token came back")
	}
	if l.Allow() {
		t.Fatal("one token allowed two events")
	}
}

func TestLimiterWait(t *testing.T) {
	c := schedule.NewFake(t0)
	l := schedule.NewLimiter(c, rate.Every(time.Second), 1)
	// The burst goes at once, without touching the clock.
	if err := l.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := c.Waiting(); n != 0 {
		t.Fatalf("a Wait within the burst registered %d wake-ups", n)
	}
	// The next waits a second on the clock.
	done := goWait(t.Context(), l)
	blockUntil(t, c, 1)
	c.Advance(time.Second - time.Nanosecond)
	if c.Waiting() != 1 {
		t.Fatal("Wait returned before its token came")
	}
	c.Advance(time.Nanosecond)
	if err := result(t, done); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	// Waiters queue: each reserves the token after the one before, so one
	// move of a second lets exactly one of two go.
	a, b := goWait(t.Context(), l), goWait(t.Context(), l)
	blockUntil(t, c, 2)
	c.Advance(time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), watchdog)
	defer cancel()
	var last <-chan error
	select {
	case err := <-a:
		last = b
		if err != nil {
			t.Fatalf("Wait = %v", err)
		}
	case err := <-b:
		last = a
		if err != nil {
			t.Fatalf("Wait = %v", err)
		}
	case <-ctx.Done():
		t.Fatal("neither waiter went after a second")
	}
	if c.Waiting() != 1 {
		t.Fatal("two waiters went on one token")
	}
	c.Advance(time.Second)
	if err := result(t, last); err != nil {
		t.Fatalf("Wait = %v", err)
	}
}

func TestLimiterWaitCancelledGivesTokenBack(t *testing.T) {
	c := schedule.NewFake(t0)
	l := schedule.NewLimiter(c, rate.Every(time.Second), 1)
	if !l.Allow() {
		t.Fatal("first event refused")
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := goWait(ctx, l) // reserves the token due at t0+1s
	blockUntil(t, c, 1)
	cancel()
	if err := result(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v; want context.Canceled", err)
	}
	if n := c.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left by a cancelled Wait", n)
	}
	// The reservation was cancelled: the token due at t0+1s is free for
	// the next caller, instead of spent by a waiter that went away.
	c.Advance(time.Second)
	if !l.Allow() {
		t.Fatal("the cancelled waiter's token was not given back")
	}
}

func TestLimiterWaitContextAlreadyEnded(t *testing.T) {
	c := schedule.NewFake(t0)
	l := schedule.NewLimiter(c, rate.Every(time.Second), 1)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v; want context.Canceled", err)
	}
	// It took nothing.
	if !l.Allow() {
		t.Fatal("a Wait on an ended context took the token")
	}
}

func TestLimiterInf(t *testing.T) {
	c := schedule.NewFake(t0)
	for _, burst := range []int{0, 1} {
		l := schedule.NewLimiter(c, rate.Inf, burst)
		for i := range 1000 {
			if err := l.Wait(t.Context()); err != nil {
				t.Fatalf("burst %d: Wait %d = %v", burst, i, err)
			}
			if !l.Allow() {
				t.Fatalf("burst %d: Allow %d refused", burst, i)
			}
		}
	}
	if n := c.Waiting(); n != 0 {
		t.Fatalf("an unlimited limiter registered %d wake-ups", n)
	}
}

func TestLimiterZeroBurst(t *testing.T) {
	c := schedule.NewFake(t0)
	l := schedule.NewLimiter(c, rate.Every(time.Second), 0)
	if err := l.Wait(t.Context()); err == nil {
		t.Fatal("Wait with a burst of 0 = nil; want an error, not a wait forever")
	}
	if l.Allow() {
		t.Fatal("Allow with a burst of 0 = true")
	}
}
