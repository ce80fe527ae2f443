package schedule_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"branchbot/schedule"
)

// blockUntil waits until n wake-ups wait on c; the watchdog only guards
// against a broken test hanging.
func blockUntil(t *testing.T, c *schedule.Fake, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	if err := c.BlockUntil(ctx, n); err != nil {
		t.Fatalf("%d wake-ups never registered (%d waiting): %v", n, c.Waiting(), err)
	}
}

// result waits for a goroutine's error; the watchdog only guards against a
// broken test hanging.
func result(t *testing.T, ch <-chan error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		t.Fatal("the wait never returned")
		return nil
	}
}

func TestSleep(t *testing.T) {
	c := schedule.NewFake(t0)
	done := make(chan error, 1)
	go func() { done <- schedule.Sleep(t.Context(), c, time.Minute) }()
	blockUntil(t, c, 1)
	c.Advance(time.Minute - time.Nanosecond)
	if c.Waiting() != 1 {
		t.Fatal("Sleep woke before its time")
	}
	c.Advance(time.Nanosecond)
	if err := result(t, done); err != nil {
		t.Fatalf("Sleep = %v; want nil", err)
	}
}

func TestSleepUntil(t *testing.T) {
	c := schedule.NewFake(t0)
	berlin := zone("Europe/Berlin")
	at := t0.Add(90 * time.Minute).In(berlin)
	done := make(chan error, 1)
	go func() { done <- schedule.SleepUntil(t.Context(), c, at) }()
	blockUntil(t, c, 1)
	c.Set(at.Add(-time.Nanosecond))
	if c.Waiting() != 1 {
		t.Fatal("SleepUntil woke before its time")
	}
	c.Set(at)
	if err := result(t, done); err != nil {
		t.Fatalf("SleepUntil = %v; want nil", err)
	}
}

func TestSleepNothingToWait(t *testing.T) {
	c := schedule.NewFake(t0)
	for _, d := range []time.Duration{0, -time.Hour} {
		if err := schedule.Sleep(t.Context(), c, d); err != nil {
			t.Errorf("Sleep(%v) = %v; want nil", d, err)
		}
	}
	if err := schedule.SleepUntil(t.Context(), c, t0.Add(-time.Second)); err != nil {
		t.Errorf("SleepUntil(past) = %v; want nil", err)
	}
	if err := schedule.SleepUntil(t.Context(), c, t0); err != nil {
		t.Errorf("SleepUntil(now) = %v; want nil", err)
	}
	if n := c.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups registered for nothing", n)
	}
	// A context that has already ended is reported even with nothing to
	// wait for, so that a loop around Sleep stops.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := schedule.Sleep(ctx, c, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(cancelled, 0) = %v; want context.Canceled", err)
	}
	if err := schedule.Sleep(ctx, c, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(cancelled, 1h) = %v; want context.Canceled", err)
	}
	if n := c.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left by a cancelled Sleep", n)
	}
}

func TestSleepCancelled(t *testing.T) {
	c := schedule.NewFake(t0)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- schedule.Sleep(ctx, c, time.Hour) }()
	blockUntil(t, c, 1)
	cancel()
	if err := result(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v; want context.Canceled", err)
	}
	// Its wake-up was withdrawn.
	if n := c.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left after a cancelled Sleep", n)
	}
}

func TestSleepManySleepers(t *testing.T) {
	// One move of the clock wakes every sleeper it passes, and only those.
	c := schedule.NewFake(t0)
	var chans []chan error
	for i := range 10 {
		ch := make(chan error, 1)
		chans = append(chans, ch)
		go func() { ch <- schedule.Sleep(t.Context(), c, time.Duration(i+1)*time.Minute) }()
	}
	blockUntil(t, c, 10)
	c.Advance(5 * time.Minute)
	for i, ch := range chans[:5] {
		if err := result(t, ch); err != nil {
			t.Fatalf("sleeper %d: %v", i, err)
		}
	}
	if n := c.Waiting(); n != 5 {
		t.Fatalf("%d sleepers still waiting; want 5", n)
	}
	c.Advance(time.Hour)
	for i, ch := range chans[5:] {
		if err := result(t, ch); err != nil {
			t.Fatalf("sleeper %d: %v", i+5, err)
		}
	}
}

func TestFakeBlockUntilCancelled(t *testing.T) {
	c := schedule.NewFake(t0)
	c.AfterFunc(time.Second, func() {})
	if err := c.BlockUntil(t.Context(), 1); err != nil {
		t.Fatalf("BlockUntil(1) with one waiting = %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.BlockUntil(ctx, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("BlockUntil(2) = %v; want context.Canceled", err)
	}
}

// zone loads a time zone for a test table; a machine without the zone
// database cannot run these tests at all.
func zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// A wake-up for a time the clock has passed already fires without a move:
// the sender sleeps until a chat's retry time, which a test's move may
// have overtaken while the retry was being recorded.
func TestAfterAtPassedFiresAtOnce(t *testing.T) {
	c := schedule.NewFake(t0)
	c.Advance(time.Minute)
	for _, at := range []time.Time{t0, t0.Add(time.Minute)} {
		fired := make(chan error, 1)
		s := schedule.AfterAt(c, at, func() { fired <- nil })
		if err := result(t, fired); err != nil {
			t.Fatal(err)
		}
		if s.Stop() {
			t.Errorf("Stop of the wake-up for %v that fired = true", at)
		}
	}
	if n := c.Waiting(); n != 0 {
		t.Errorf("%d wake-ups left on the clock; want 0", n)
	}
}
