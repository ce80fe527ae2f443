package data_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"branchbot/data"
)

// followUpFixture: a notice to Bob, Cat, Dan and Eli (5, en) with a
// follow-up timer at t0+24h, where Bob has it and has not acked, Cat has
// acked, Dan could not be reached and Eli's copy is still pending.
func followUpFixture(t *testing.T) (*fixture, data.Notice, *reporter) {
	t.Helper()
	f := newFixture(t)
	mustJoin(t, f.s, f.br.ID, data.RoleMember, ann.UserID, data.Person{UserID: 5, Name: "Eli", Lang: "en"})
	n := f.notice(t, "hello", newRenderer("notice"), func(nn *data.NewNotice) { nn.FollowUpAt = t0.Add(24 * time.Hour) })
	rep := &reporter{}
	settle(t, f.s, bob.UserID, n.ID, data.Delivered, rep)
	settle(t, f.s, cat.UserID, n.ID, data.Delivered, rep)
	settle(t, f.s, dan.UserID, n.ID, data.Unreachable, rep)
	if _, _, _, err := f.s.Ack(t.Context(), n.ID, cat.UserID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 4, Pending: 1, Delivered: 2, Unreachable: 1, Acked: 1})
	return f, n, rep
}

func wantTimer(t *testing.T, s *data.Store, kind string, ref uint64, at time.Time) {
	t.Helper()
	tm, ok, err := s.NextTimer()
	if err != nil || !ok || tm.Kind != kind || tm.Ref != ref || !tm.At.Equal(at) {
		t.Fatalf("NextTimer = %+v, %v, %v; want %s/%d at %v", tm, ok, err, kind, ref, at)
	}
}

func wantNoTimer(t *testing.T, s *data.Store) {
	t.Helper()
	if tm, ok, err := s.NextTimer(); err != nil || ok {
		t.Fatalf("NextTimer = %+v, %v, %v; want none", tm, ok, err)
	}
}

func reminders(t *testing.T, s *data.Store, id uint64) map[int64]int {
	t.Helper()
	rs, err := s.Receipts(id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]int{}
	for _, r := range rs {
		out[r.UserID] = r.Reminders
	}
	return out
}

func TestSendFollowUpAutomatic(t *testing.T) {
	f, n, _ := followUpFixture(t)
	ctx := t.Context()
	rem := newRenderer("reminder")
	rem.parts = map[string]int{"en": 2}

	at := t0.Add(24 * time.Hour)
	got, count, err := f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at, Next: at.Add(24 * time.Hour), Render: rem.render})
	if err != nil || count != 1 {
		t.Fatalf("SendFollowUp = %d, %v; want 1 (Bob only)", count, err)
	}
	if got.FollowUps != 1 || !got.LastRemindAt.Equal(at) {
		t.Fatalf("notice after follow-up = %+v; want FollowUps 1, LastRemindAt %v", got, at)
	}
	if stored := mustNotice(t, f.s, n.ID); !reflect.DeepEqual(stored, got) {
		t.Fatalf("stored %+v; returned %+v", stored, got)
	}
	if r := reminders(t, f.s, n.ID); !reflect.DeepEqual(r, map[int64]int{2: 1, 3: 0, 4: 0, 5: 0}) {
		t.Fatalf("reminders = %v; want Bob 1", r)
	}
	if langs := rem.calls(); !slices.Equal(langs, []string{"en"}) {
		t.Fatalf("reminder rendered for %q; want en", langs)
	}
	msgs := outboxFor(t, f.s, bob.UserID, data.PurposeFollowUp, n.ID)
	if w := wires(msgs); !reflect.DeepEqual(w, wantWires(rem, bob.UserID, n.ID, "en", data.Purpose{Kind: data.PurposeFollowUp, NoticeID: n.ID, UserID: bob.UserID})) {
		t.Fatalf("reminder messages = %+v", w)
	}
	for _, uid := range []int64{cat.UserID, dan.UserID, 5} {
		if m := outboxFor(t, f.s, uid, data.PurposeFollowUp, n.ID); len(m) != 0 {
			t.Fatalf("%d got a reminder: %+v", uid, m)
		}
	}
	// The timer that fired is gone and the next one is set.
	wantTimer(t, f.s, data.TimerFollowUp, n.ID, at.Add(24*time.Hour))
	wantCounters(t, f.s, n.ID, counters{Recipients: 4, Pending: 1, Delivered: 2, Unreachable: 1, Acked: 1})

	// A reminder's delivery, or failure, settles nothing.
	rep := &reporter{}
	for _, m := range msgs {
		if c := complete(t, f.s, m.ID, data.Unreachable, 0, "blocked", rep); c.Report {
			t.Fatal("reminder reported")
		}
	}
	if rec := receiptOf(t, f.s, n.ID, bob.UserID); rec.State != data.StateDelivered {
		t.Fatalf("Bob's receipt after a failed reminder = %+v", rec)
	}

	// The last round: no next timer asked for.
	at2 := at.Add(24 * time.Hour)
	got, count, err = f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at2, Render: rem.render})
	if err != nil || count != 1 || got.FollowUps != 2 || !got.LastRemindAt.Equal(at2) {
		t.Fatalf("second SendFollowUp = %+v, %d, %v", got, count, err)
	}
	if r := reminders(t, f.s, n.ID); r[bob.UserID] != 2 {
		t.Fatalf("Bob reminded %d times; want 2", r[bob.UserID])
	}
	wantNoTimer(t, f.s)
}

func TestSendFollowUpNobodyLeft(t *testing.T) {
	f, n, _ := followUpFixture(t)
	ctx := t.Context()
	if _, _, _, err := f.s.Ack(ctx, n.ID, bob.UserID, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	before, _ := f.s.OutboxLen()
	at := t0.Add(24 * time.Hour)
	got, count, err := f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at, Next: at.Add(24 * time.Hour), Render: newRenderer("reminder").render})
	if err != nil || count != 0 {
		t.Fatalf("SendFollowUp = %d, %v; want 0", count, err)
	}
	if !got.LastRemindAt.IsZero() {
		t.Fatalf("LastRemindAt = %v after reminding nobody", got.LastRemindAt)
	}
	// The fired timer is consumed and no new one is set.
	wantNoTimer(t, f.s)
	if after, _ := f.s.OutboxLen(); after != before {
		t.Fatalf("OutboxLen %d → %d; want unchanged", before, after)
	}
}

func TestSendFollowUpTimerPerNotice(t *testing.T) {
	f := newFixture(t)
	a := f.notice(t, "a", newRenderer("n"), func(nn *data.NewNotice) { nn.FollowUpAt = t0.Add(time.Hour) })
	b := f.notice(t, "b", newRenderer("n"), func(nn *data.NewNotice) { nn.FollowUpAt = t0.Add(2 * time.Hour) })
	if _, _, err := f.s.SendFollowUp(t.Context(), data.FollowUp{NoticeID: a.ID, Now: t0.Add(time.Hour), Next: t0.Add(3 * time.Hour), Render: newRenderer("r").render}); err != nil {
		t.Fatal(err)
	}
	// Nobody had it yet (all pending): a's timer is consumed, b's stays.
	wantTimer(t, f.s, data.TimerFollowUp, b.ID, t0.Add(2*time.Hour))
	if err := f.s.DeleteTimer(t.Context(), data.TimerFollowUp, b.ID); err != nil {
		t.Fatal(err)
	}
	wantNoTimer(t, f.s)
}

func TestSendFollowUpManual(t *testing.T) {
	f, n, _ := followUpFixture(t)
	ctx := t.Context()
	rem := newRenderer("reminder")
	manual := func(at time.Time) (data.Notice, int, error) {
		return f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at, Manual: true, MinGap: time.Hour, Next: at.Add(time.Minute), Render: rem.render})
	}

	got, count, err := manual(t0.Add(time.Hour))
	if err != nil || count != 1 {
		t.Fatalf("first manual = %d, %v; want 1", count, err)
	}
	if got.FollowUps != 0 || !got.LastRemindAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after manual: %+v; want FollowUps 0, LastRemindAt t0+1h", got)
	}
	// The automatic timer is untouched, Next notwithstanding.
	wantTimer(t, f.s, data.TimerFollowUp, n.ID, t0.Add(24*time.Hour))

	// Too soon: nothing changes.
	before, _ := f.s.OutboxLen()
	_, _, err = manual(t0.Add(2*time.Hour - time.Nanosecond))
	wantErrIs(t, "manual within MinGap", err, data.ErrTooSoon)
	wantCode(t, "manual within MinGap", err, data.EConflict)
	if after, _ := f.s.OutboxLen(); after != before {
		t.Fatalf("refused reminder queued messages: %d → %d", before, after)
	}
	if r := reminders(t, f.s, n.ID); r[bob.UserID] != 1 {
		t.Fatalf("Bob reminded %d times; want 1", r[bob.UserID])
	}
	if got := mustNotice(t, f.s, n.ID); !got.LastRemindAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("LastRemindAt moved by a refused reminder: %v", got.LastRemindAt)
	}

	// Exactly MinGap later is fine.
	if _, count, err := manual(t0.Add(2 * time.Hour)); err != nil || count != 1 {
		t.Fatalf("manual after MinGap = %d, %v", count, err)
	}
	if r := reminders(t, f.s, n.ID); r[bob.UserID] != 2 {
		t.Fatalf("Bob reminded %d times; want 2", r[bob.UserID])
	}

	// The gap counts from the last reminder of any kind.
	auto := t0.Add(24 * time.Hour)
	if _, _, err := f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: auto, Render: rem.render}); err != nil {
		t.Fatal(err)
	}
	_, _, err = manual(auto.Add(30 * time.Minute))
	wantErrIs(t, "manual soon after an automatic follow-up", err, data.ErrTooSoon)
	got, _, err = manual(auto.Add(time.Hour))
	if err != nil || got.FollowUps != 1 {
		t.Fatalf("manual = %+v, %v; want FollowUps still 1", got, err)
	}

	_, _, err = f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID + 100, Now: auto, Manual: true, Render: rem.render})
	wantErrIs(t, "SendFollowUp(unknown notice)", err, data.ErrNoticeUnknown)
}

func TestSendFollowUpResend(t *testing.T) {
	f, n, rep := followUpFixture(t)
	ctx := t.Context()
	// Eli's copy arrives: the notice settles and reports.
	if !settle(t, f.s, 5, n.ID, data.Delivered, rep) || rep.count() != 1 {
		t.Fatalf("no report after the last delivery (%d calls)", rep.count())
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 4, Delivered: 3, Unreachable: 1, Acked: 1})

	rem, again := newRenderer("reminder"), newRenderer("resend")
	again.parts = map[string]int{"en": 2}
	at := t0.Add(3 * time.Hour)
	got, count, err := f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at, Manual: true, MinGap: time.Hour, Render: rem.render, Resend: again.render})
	if err != nil || count != 3 {
		t.Fatalf("SendFollowUp = %d, %v; want 3 (Bob and Eli reminded, Dan sent again)", count, err)
	}
	if got.Reported || got.Pending != 1 || got.Unreachable != 0 {
		t.Fatalf("notice = %+v; want Dan pending again, not reported", got)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 4, Pending: 1, Delivered: 3, Acked: 1})
	rec := receiptOf(t, f.s, n.ID, dan.UserID)
	if rec.State != data.StatePending || rec.Reason != "" || rec.Reminders != 0 {
		t.Fatalf("Dan's receipt = %+v; want pending, no reason", rec)
	}
	// Dan gets the notice itself, as the resend renders it; Bob and Eli
	// a reminder.
	if w := wires(outboxFor(t, f.s, dan.UserID, data.PurposeNotice, n.ID)); !reflect.DeepEqual(w, wantWires(again, dan.UserID, n.ID, "en", data.Purpose{Kind: data.PurposeNotice, NoticeID: n.ID, UserID: dan.UserID})) {
		t.Fatalf("Dan's resend = %+v", w)
	}
	if m := outboxFor(t, f.s, dan.UserID, data.PurposeFollowUp, n.ID); len(m) != 0 {
		t.Fatalf("Dan got a reminder too: %+v", m)
	}
	for _, uid := range []int64{bob.UserID, 5} {
		if m := outboxFor(t, f.s, uid, data.PurposeFollowUp, n.ID); len(m) != 1 {
			t.Fatalf("%d reminders for %d; want 1", len(m), uid)
		}
	}
	if m := outboxFor(t, f.s, cat.UserID, data.PurposeFollowUp, n.ID); len(m) != 0 {
		t.Fatal("Cat acked but was reminded")
	}

	// Dan's copy arrives this time: the notice reports again.
	if !settle(t, f.s, dan.UserID, n.ID, data.Delivered, rep) {
		t.Fatal("no report after the resent copy settled")
	}
	if rep.count() != 2 {
		t.Fatalf("report called %d times; want 2", rep.count())
	}
	call := rep.last()
	if call.n.Delivered != 4 || call.n.Unreachable != 0 || !call.n.Reported {
		t.Fatalf("second report's notice = %+v", call.n)
	}
	for _, r := range call.rs {
		if r.UserID == dan.UserID && r.State != data.StateDelivered {
			t.Fatalf("second report shows Dan %+v", r)
		}
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 4, Delivered: 4, Acked: 1})

	// Nobody unreachable any more: a resend round leaves Reported alone.
	got, _, err = f.s.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: at.Add(2 * time.Hour), Manual: true, MinGap: time.Hour, Render: rem.render, Resend: again.render})
	if err != nil || !got.Reported {
		t.Fatalf("resend with nobody unreachable = %+v, %v", got, err)
	}
	if rep.count() != 2 {
		t.Fatalf("report called %d times; want 2", rep.count())
	}
}
