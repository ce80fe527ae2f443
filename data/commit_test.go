package data_test

import (
	"sync/atomic"
	"testing"
	"time"

	"branchbot/data"
)

// wakeCounter counts the store's wake-ups, and checks at each that the work
// it announces is already committed: a worker woken before the commit
// would find nothing and go back to sleep.
type wakeCounter struct {
	outbox, timers atomic.Int32
	early          atomic.Int32 // wake-ups that came before their work was visible
}

func watchCommits(t *testing.T, s *data.Store) *wakeCounter {
	t.Helper()
	w := &wakeCounter{}
	s.OnCommit(data.Wakers{
		Outbox: func() {
			w.outbox.Add(1)
			if empty, err := s.OutboxEmpty(); err != nil || empty {
				w.early.Add(1)
			}
		},
		Timers: func() {
			w.timers.Add(1)
			if _, ok, err := s.NextTimer(); err != nil || !ok {
				w.early.Add(1)
			}
		},
	})
	return w
}

// wantWakes checks how many wake-ups each worker got since the last check.
func (w *wakeCounter) wantWakes(t *testing.T, what string, outbox, timers int32) {
	t.Helper()
	if o, tm := w.outbox.Swap(0), w.timers.Swap(0); o != outbox || tm != timers {
		t.Errorf("%s woke the outbox %d and the timers %d times; want %d and %d", what, o, tm, outbox, timers)
	}
	if n := w.early.Swap(0); n != 0 {
		t.Errorf("%s: %d wake-ups came before their work was committed", what, n)
	}
}

func TestOnCommitWakesTheWorkerGivenWork(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	sec := person(1, "Sec")
	br := mustBranch(t, s, "Branch", sec)
	mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(2, "Ann"))
	w := watchCommits(t, s)

	if err := s.Enqueue(ctx, t0, data.OutMessage{ChatID: 2, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "Enqueue", 1, 0)

	if err := s.Enqueue(ctx, t0); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "Enqueue of nothing", 0, 0)

	if err := s.SetTimer(ctx, "test", 7, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "SetTimer", 0, 1)
	if err := s.SetTimer(ctx, "test", 7, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "SetTimer moving a timer", 0, 1)
	if err := s.DeleteTimer(ctx, "test", 7); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "DeleteTimer", 0, 0)

	// One commit with both kinds of work wakes both workers.
	_, err := s.CreateNotice(ctx, data.NewNotice{BranchID: br.ID, Text: "Meeting at 3", By: sec.UserID, Now: t0, FollowUpAt: t0.Add(time.Hour), Render: newRenderer("n").render})
	if err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "CreateNotice", 1, 1)

	// A write with neither kind of work wakes nobody.
	if _, err := s.TouchMember(ctx, data.Person{UserID: 2, Name: "Ann B."}); err != nil {
		t.Fatal(err)
	}
	w.wantWakes(t, "TouchMember", 0, 0)

	// A refused write commits nothing and wakes nobody.
	_, err = s.CreateNotice(ctx, data.NewNotice{BranchID: br.ID, Text: "again", By: sec.UserID, Draft: 99, Now: t0, FollowUpAt: t0.Add(time.Hour), Render: newRenderer("n").render})
	wantErrIs(t, "CreateNotice from a gone draft", err, data.ErrDraftGone)
	w.wantWakes(t, "a refused CreateNotice", 0, 0)
}

func TestOnCommitNilSafe(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	// Never set.
	if err := s.Enqueue(ctx, t0, data.OutMessage{ChatID: 2, Text: "a"}); err != nil {
		t.Fatal(err)
	}
	// Set with nobody to wake, then with only one worker.
	s.OnCommit(data.Wakers{})
	if err := s.SetTimer(ctx, "test", 1, t0); err != nil {
		t.Fatal(err)
	}
	var timers atomic.Int32
	s.OnCommit(data.Wakers{Timers: func() { timers.Add(1) }})
	if err := s.Enqueue(ctx, t0, data.OutMessage{ChatID: 2, Text: "b"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTimer(ctx, "test", 2, t0); err != nil {
		t.Fatal(err)
	}
	if n := timers.Load(); n != 1 {
		t.Fatalf("timers woken %d times; want 1", n)
	}
}
