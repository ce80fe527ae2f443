package schedule_test

import (
	"testing"
	"time"

	"branchbot/schedule"
)

var _ schedule.Clock = (*schedule.Shifted)(nil)

// shifted returns a Shifted on a Fake base, both at t0.
func shifted() (*schedule.Shifted, *schedule.Fake) {
	base := schedule.NewFake(t0)
	return schedule.NewShifted(base), base
}

func TestShiftedNow(t *testing.T) {
	s, base := shifted()
	if !s.Now().Equal(t0) {
		t.Fatalf("Now = %v; want the base's %v", s.Now(), t0)
	}
	// It runs with its base.
	base.Advance(time.Minute)
	if want := t0.Add(time.Minute); !s.Now().Equal(want) {
		t.Fatalf("Now = %v; want %v", s.Now(), want)
	}
	// A jump moves it ahead of its base, which stays put.
	if err := s.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(24*time.Hour + time.Minute); !s.Now().Equal(want) {
		t.Fatalf("Now after Advance = %v; want %v", s.Now(), want)
	}
	if !base.Now().Equal(t0.Add(time.Minute)) {
		t.Fatal("Advance moved the base clock")
	}
	if s.Offset() != 24*time.Hour {
		t.Fatalf("Offset = %v; want 24h", s.Offset())
	}
	// And keeps running with its base from there.
	base.Advance(time.Minute)
	if want := t0.Add(24*time.Hour + 2*time.Minute); !s.Now().Equal(want) {
		t.Fatalf("Now = %v; want %v", s.Now(), want)
	}
	target := t0.Add(72 * time.Hour)
	if err := s.Set(target); err != nil {
		t.Fatal(err)
	}
	if !s.Now().Equal(target) {
		t.Fatalf("Now after Set = %v; want %v", s.Now(), target)
	}
}

func TestShiftedOnlyForward(t *testing.T) {
	s, _ := shifted()
	var l runLog
	s.AfterFunc(time.Second, l.add("a"))
	if err := s.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "a")
	at := s.Now()
	if err := s.Advance(-time.Nanosecond); err == nil {
		t.Fatal("Advance(-1ns) = nil; want an error")
	}
	if err := s.Set(at.Add(-time.Nanosecond)); err == nil {
		t.Fatal("Set(before now) = nil; want an error")
	}
	if !s.Now().Equal(at) {
		t.Fatalf("a refused move changed the clock: %v, was %v", s.Now(), at)
	}
	if err := s.Set(at); err != nil {
		t.Fatalf("Set(now) = %v; want nil", err)
	}
	if err := s.Advance(0); err != nil {
		t.Fatalf("Advance(0) = %v; want nil", err)
	}
}

func TestShiftedBaseRunsWakeUps(t *testing.T) {
	// Without a jump, wake-ups come as the base clock gets there.
	s, base := shifted()
	var l runLog
	s.AfterFunc(time.Minute, l.add("1m"))
	s.AfterFunc(time.Second, l.add("1s"))
	base.Advance(time.Second - time.Nanosecond)
	wantRan(t, &l)
	base.Advance(time.Nanosecond)
	wantRan(t, &l, "1s")
	base.Advance(time.Minute)
	wantRan(t, &l, "1m")
	base.Advance(time.Hour)
	wantRan(t, &l)
}

func TestShiftedJumpRunsPassedInOrder(t *testing.T) {
	s, base := shifted()
	var l runLog
	s.AfterFunc(3*time.Hour, l.add("3h"))
	s.AfterFunc(time.Hour, l.add("1h-a"))
	s.AfterFunc(2*time.Hour, l.add("2h"))
	s.AfterFunc(time.Hour, l.add("1h-b"))
	s.AfterFunc(10*time.Hour, l.add("10h"))
	if err := s.Advance(time.Hour - time.Nanosecond); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l)
	// Everything the jump passes has run when Advance returns, in
	// deadline order, ties in registration order.
	if err := s.Advance(2*time.Hour + time.Nanosecond); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "1h-a", "1h-b", "2h", "3h")
	// The one left is re-armed on the base for what is left of its wait:
	// 7 hours of base time, not the 10 it was first armed for.
	if n := base.Waiting(); n != 1 {
		t.Fatalf("%d wake-ups armed on the base; want 1", n)
	}
	base.Advance(7*time.Hour - time.Nanosecond)
	wantRan(t, &l)
	base.Advance(time.Nanosecond)
	wantRan(t, &l, "10h")
	// Each runs once, whoever gets there later.
	base.Advance(24 * time.Hour)
	if err := s.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l)
	if n := base.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left on the base", n)
	}
}

func TestShiftedSetRunsPassed(t *testing.T) {
	s, _ := shifted()
	var l runLog
	s.AfterFunc(time.Minute, l.add("a"))
	s.AfterFunc(2*time.Minute, l.add("b"))
	if err := s.Set(t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "a")
	if err := s.Set(t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "b")
}

func TestShiftedStop(t *testing.T) {
	s, base := shifted()
	var l runLog
	a := s.AfterFunc(time.Second, l.add("a"))
	b := s.AfterFunc(time.Hour, l.add("b"))
	if !a.Stop() {
		t.Fatal("Stop of a pending wake-up = false")
	}
	if a.Stop() {
		t.Fatal("second Stop = true")
	}
	base.Advance(time.Minute) // a's base wake-up was withdrawn too
	wantRan(t, &l)
	if err := s.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "b")
	if b.Stop() {
		t.Fatal("Stop after a jump ran it = true")
	}
	// A wake-up stopped after being re-armed by a jump stays stopped.
	c := s.AfterFunc(time.Hour, l.add("c"))
	if err := s.Advance(time.Minute); err != nil {
		t.Fatal(err)
	}
	if !c.Stop() {
		t.Fatal("Stop of a re-armed wake-up = false")
	}
	base.Advance(2 * time.Hour)
	if err := s.Advance(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l)
	if n := base.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left on the base", n)
	}
}

func TestShiftedCallbackMayUseClock(t *testing.T) {
	// Callbacks run without the clock's lock: they may read it, set new
	// wake-ups and stop others, from a jump or from the base.
	s, base := shifted()
	var l runLog
	later := s.AfterFunc(time.Hour, l.add("later"))
	s.AfterFunc(time.Second, func() {
		l.add("first at " + s.Now().Sub(t0).String())()
		later.Stop()
		s.AfterFunc(time.Minute, l.add("chained"))
	})
	if err := s.Advance(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "first at 10s")
	base.Advance(time.Minute)
	wantRan(t, &l, "chained")
	if err := s.Advance(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l)
}

func TestShiftedSleep(t *testing.T) {
	// A sleeper on the shifted clock is woken by a jump.
	s, base := shifted()
	done := make(chan error, 1)
	go func() { done <- schedule.Sleep(t.Context(), s, 24*time.Hour) }()
	blockUntil(t, base, 1)
	if err := s.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := result(t, done); err != nil {
		t.Fatalf("Sleep = %v", err)
	}
}

func TestShiftedConcurrent(t *testing.T) {
	// Wake-ups set and stopped while the base runs and jumps happen.
	s, base := shifted()
	moveBase := func() {
		for range 100 {
			base.Advance(time.Millisecond)
		}
	}
	jump := func() {
		for range 100 {
			if err := s.Advance(time.Millisecond); err != nil {
				t.Error(err)
			}
		}
	}
	stressWakeUps(t, s, 2, []func(){moveBase, jump, moveBase, jump}, func() {
		if err := s.Advance(time.Hour); err != nil {
			t.Fatal(err)
		}
	})
	if n := base.Waiting(); n != 0 {
		t.Fatalf("%d wake-ups left on the base", n)
	}
}

func TestShiftedOnSystem(t *testing.T) {
	// On the real clock, a jump still runs what it passes before it
	// returns: nothing here waits for real time.
	s := schedule.NewShifted(schedule.System{})
	var l runLog
	w := s.AfterFunc(time.Hour, l.add("1h"))
	never := s.AfterFunc(48*time.Hour, l.add("48h"))
	if err := s.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	wantRan(t, &l, "1h")
	if w.Stop() {
		t.Fatal("Stop after the jump ran it = true")
	}
	if !never.Stop() {
		t.Fatal("Stop of a pending wake-up = false")
	}
	if d := s.Now().Sub(schedule.System{}.Now()); d < time.Hour-time.Minute || d > time.Hour+time.Minute {
		t.Fatalf("Now is %v ahead of the system clock; want an hour", d)
	}
}
