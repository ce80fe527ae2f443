package data_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"branchbot/data"
)

func outIDs(msgs []data.OutMessage) []uint64 {
	var out []uint64
	for _, m := range msgs {
		out = append(out, m.ID)
	}
	return out
}

func dueAt(t *testing.T, s *data.Store, now time.Time, limit int, skip func(uint64) bool) ([]uint64, time.Time) {
	t.Helper()
	due, next, err := s.DueOutbox(now, limit, skip)
	if err != nil {
		t.Fatalf("DueOutbox: %v", err)
	}
	return outIDs(due), next
}

func wantOutboxLen(t *testing.T, s *data.Store, want int) {
	t.Helper()
	if n, err := s.OutboxLen(); err != nil || n != want {
		t.Fatalf("OutboxLen = %d, %v; want %d", n, err, want)
	}
}

func TestOutboxDue(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	if ids, next := dueAt(t, s, t0, 10, nil); ids != nil || !next.IsZero() {
		t.Fatalf("empty outbox: due %v, next %v", ids, next)
	}
	wantOutboxLen(t, s, 0)

	err := s.Enqueue(ctx, t0,
		data.OutMessage{ChatID: 10, Text: "one"},                                       // 1: now
		data.OutMessage{ChatID: 11, Text: "two"},                                       // 2: now
		data.OutMessage{ChatID: 12, Text: "three", NotBefore: t0.Add(time.Hour)},       // 3: later
		data.OutMessage{ChatID: 13, Text: "four", NotBefore: t0.Add(30 * time.Minute)}, // 4: sooner
		data.OutMessage{ChatID: 14, Text: "five"},                                      // 5: now
		data.OutMessage{ChatID: 15, Text: "six", NotBefore: t0.Add(-time.Minute)},      // 6: overdue
	)
	if err != nil {
		t.Fatal(err)
	}
	wantOutboxLen(t, s, 6)

	all := outbox(t, s)
	for i, m := range all {
		if m.ID == 0 || !m.CreatedAt.Equal(t0) {
			t.Fatalf("message %d = %+v; want an id and CreatedAt t0", i, m)
		}
	}

	// Messages due "now" (zero NotBefore) first, in id order; then those
	// whose time has come; next is the earliest still to come.
	ids, next := dueAt(t, s, t0, 10, nil)
	if want := []uint64{1, 2, 5, 6}; !slices.Equal(ids, want) {
		t.Fatalf("due = %v; want %v", ids, want)
	}
	if !next.Equal(t0.Add(30 * time.Minute)) {
		t.Fatalf("next = %v; want t0+30m", next)
	}
	if ids, _ := dueAt(t, s, t0, 2, nil); !slices.Equal(ids, []uint64{1, 2}) {
		t.Fatalf("due with limit 2 = %v; want [1 2]", ids)
	}
	if ids, _ := dueAt(t, s, t0, 0, nil); len(ids) != 0 {
		t.Fatalf("due with limit 0 = %v; want none", ids)
	}
	skip := func(id uint64) bool { return id == 1 || id == 5 }
	if ids, next := dueAt(t, s, t0, 2, skip); !slices.Equal(ids, []uint64{2, 6}) {
		t.Fatalf("due skipping 1 and 5 = %v, next %v; want [2 6]", ids, next)
	}
	// Skipped messages do not count toward the limit, and when all due
	// ones are being sent next still says when to look again.
	sending := func(id uint64) bool { return id <= 6 && id != 3 && id != 4 }
	if ids, next := dueAt(t, s, t0, 1, sending); len(ids) != 0 || !next.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("due skipping all = %v, next %v; want none, t0+30m", ids, next)
	}
	// A message is due at its NotBefore exactly.
	if ids, next := dueAt(t, s, t0.Add(30*time.Minute), 10, nil); !slices.Equal(ids, []uint64{1, 2, 5, 6, 4}) || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("due at t0+30m = %v, next %v; want [1 2 5 6 4], t0+1h", ids, next)
	}
	if ids, next := dueAt(t, s, t0.Add(2*time.Hour), 10, nil); !slices.Equal(ids, []uint64{1, 2, 5, 6, 4, 3}) || !next.IsZero() {
		t.Fatalf("due at t0+2h = %v, next %v; want all, no next", ids, next)
	}
}

func TestOutboxRetryRedirectComplete(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	err := s.Enqueue(ctx, t0,
		data.OutMessage{ChatID: 10, Text: "one"},
		data.OutMessage{ChatID: 11, Text: "two"},
		data.OutMessage{ChatID: 12, Text: "three", NotBefore: t0.Add(time.Hour)},
	)
	if err != nil {
		t.Fatal(err)
	}
	byID := func(id uint64) data.OutMessage {
		t.Helper()
		for _, m := range outbox(t, s) {
			if m.ID == id {
				return m
			}
		}
		t.Fatalf("message %d not in the outbox", id)
		return data.OutMessage{}
	}

	// Retry records when to try again; the message keeps its place, so
	// its chat's later messages stay behind it (the sender holds the chat
	// until RetryAt).
	if err := s.RetryOutbox(ctx, 1, t0.Add(10*time.Minute), "Too Many Requests: retry after 600"); err != nil {
		t.Fatal(err)
	}
	if ids, next := dueAt(t, s, t0, 10, nil); !slices.Equal(ids, []uint64{1, 2}) || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("due after retry = %v, next %v; want [1 2], t0+1h", ids, next)
	}
	m := byID(1)
	if m.Attempts != 1 || m.LastError != "Too Many Requests: retry after 600" || !m.RetryAt.Equal(t0.Add(10*time.Minute)) || !m.NotBefore.IsZero() {
		t.Fatalf("retried message = %+v", m)
	}
	// A second retry moves the retry time, never the place.
	if err := s.RetryOutbox(ctx, 1, t0.Add(2*time.Hour), "timeout"); err != nil {
		t.Fatal(err)
	}
	if m := byID(1); m.Attempts != 2 || m.LastError != "timeout" || !m.RetryAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("retried twice = %+v", m)
	}
	// A future message retried stays where it was in the queue.
	if err := s.RetryOutbox(ctx, 3, t0.Add(-time.Second), "again"); err != nil {
		t.Fatal(err)
	}
	if ids, next := dueAt(t, s, t0, 10, nil); !slices.Equal(ids, []uint64{1, 2}) || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("due after retrying 3 = %v, next %v", ids, next)
	}

	// Redirect changes only the chat.
	before := byID(2)
	if err := s.RedirectOutbox(ctx, 2, -1001234); err != nil {
		t.Fatal(err)
	}
	after := byID(2)
	before.ChatID = -1001234
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("redirected = %+v; want %+v", after, before)
	}

	// Unknown ids are ignored.
	if err := s.RetryOutbox(ctx, 99, t0, "x"); err != nil {
		t.Fatalf("RetryOutbox(unknown) = %v", err)
	}
	if err := s.RedirectOutbox(ctx, 99, 1); err != nil {
		t.Fatalf("RedirectOutbox(unknown) = %v", err)
	}
	wantOutboxLen(t, s, 3)

	// Complete removes the message, wherever it is due; twice is a no-op.
	rep := &reporter{}
	for _, id := range []uint64{1, 2} {
		if c := complete(t, s, id, data.Delivered, 5, "", rep); c.Report {
			t.Fatalf("completing plain message %d reported", id)
		}
	}
	wantOutboxLen(t, s, 1)
	if c := complete(t, s, 1, data.Delivered, 5, "", rep); c != (data.Completion{}) {
		t.Fatalf("completing again = %+v", c)
	}
	wantOutboxLen(t, s, 1)
	// No trace of message 1 (last due at t0+2h) is left in the due index.
	if ids, next := dueAt(t, s, t0.Add(time.Hour), 10, nil); !slices.Equal(ids, []uint64{3}) || !next.IsZero() {
		t.Fatalf("due after completing = %v, next %v; want [3], no next", ids, next)
	}
	complete(t, s, 3, data.Failed, 0, "Bad Request", rep)
	wantOutboxLen(t, s, 0)
	if rep.count() != 0 {
		t.Fatalf("report called %d times for plain messages", rep.count())
	}
}

func TestCompleteOutboxNoticeDelivery(t *testing.T) {
	f := newFixture(t)
	r := newRenderer("notice")
	r.parts = map[string]int{"en": 2, "zh": 1, "": 1}
	n := f.notice(t, "hello", r)
	rep := &reporter{}

	// Bob (two parts): the first part's delivery settles nothing.
	bobMsgs := outboxFor(t, f.s, bob.UserID, data.PurposeNotice, n.ID)
	if len(bobMsgs) != 2 || bobMsgs[0].Purpose.Last || !bobMsgs[1].Purpose.Last {
		t.Fatalf("Bob's messages = %+v; want two parts, the second Last", bobMsgs)
	}
	if c := complete(t, f.s, bobMsgs[0].ID, data.Delivered, 500, "", rep); c.Report {
		t.Fatal("first part reported")
	}
	if rec := receiptOf(t, f.s, n.ID, bob.UserID); rec.State != data.StatePending {
		t.Fatalf("Bob's receipt after part 1 = %+v; want pending", rec)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 3})
	// The last part's delivery does.
	complete(t, f.s, bobMsgs[1].ID, data.Delivered, 501, "", rep)
	rec := receiptOf(t, f.s, n.ID, bob.UserID)
	if rec.State != data.StateDelivered || rec.MessageID != 501 || !rec.DeliveredAt.Equal(t0.Add(time.Minute)) || rec.Reason != "" {
		t.Fatalf("Bob's receipt = %+v; want delivered as message 501 at t0+1m", rec)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 2, Delivered: 1})

	// Group posts settle nothing.
	for _, chat := range []int64{-100, -200} {
		for _, m := range outboxFor(t, f.s, chat, data.PurposeGroupPost, n.ID) {
			if c := complete(t, f.s, m.ID, data.Delivered, 7, "", rep); c.Report {
				t.Fatal("group post reported")
			}
		}
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 2, Delivered: 1})

	// Cat cannot be reached.
	settle(t, f.s, cat.UserID, n.ID, data.Unreachable, rep)
	rec = receiptOf(t, f.s, n.ID, cat.UserID)
	if rec.State != data.StateUnreachable || rec.Reason != reasonFor(data.Unreachable) || rec.MessageID != 0 || !rec.DeliveredAt.IsZero() {
		t.Fatalf("Cat's receipt = %+v; want unreachable with reason", rec)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 1, Delivered: 1, Unreachable: 1})
	if rep.count() != 0 {
		t.Fatalf("reported with a delivery still pending")
	}

	// Dan's first part fails for good: that settles the receipt even though
	// it is not the last part, and it is the notice's last pending one.
	danMsgs := outboxFor(t, f.s, dan.UserID, data.PurposeNotice, n.ID)
	before, _ := f.s.OutboxLen()
	c := complete(t, f.s, danMsgs[0].ID, data.Failed, 0, "Bad Request: chat not found", rep)
	if !c.Report || rep.count() != 1 {
		t.Fatalf("Completion = %+v, report calls %d; want the report, once", c, rep.count())
	}
	rec = receiptOf(t, f.s, n.ID, dan.UserID)
	if rec.State != data.StateFailed || rec.Reason != "Bad Request: chat not found" {
		t.Fatalf("Dan's receipt = %+v; want failed", rec)
	}
	got := wantCounters(t, f.s, n.ID, counters{Recipients: 3, Delivered: 1, Unreachable: 1, Failed: 1})
	if !got.Reported {
		t.Fatal("notice not marked reported")
	}
	call := rep.last()
	if call.n.ID != n.ID || !call.n.Reported || call.n.Pending != 0 || countersOf(call.n) != countersOf(got) {
		t.Fatalf("report got notice %+v; want the settled notice %+v", call.n, got)
	}
	rs, _ := f.s.Receipts(n.ID)
	if !reflect.DeepEqual(call.rs, rs) {
		t.Fatalf("report got receipts %+v; want %+v", call.rs, rs)
	}
	// The report's messages were queued in the same step.
	if after, _ := f.s.OutboxLen(); after != before {
		t.Fatalf("OutboxLen %d → %d; want one removed and one report added", before, after)
	}
	reports := outboxFor(t, f.s, ann.UserID, data.PurposeReport, n.ID)
	if len(reports) != 1 || reports[0].Text != fmt.Sprintf("report %d #1", n.ID) || !reports[0].CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("report messages = %+v", reports)
	}

	// Nothing that follows reports again: Dan's second part delivered, a
	// repeat, the report message itself.
	for _, id := range []uint64{danMsgs[1].ID, danMsgs[0].ID, bobMsgs[1].ID, reports[0].ID} {
		if c := complete(t, f.s, id, data.Delivered, 9, "", rep); c.Report {
			t.Fatalf("completing %d reported again", id)
		}
	}
	if rep.count() != 1 {
		t.Fatalf("report called %d times; want 1", rep.count())
	}
	if rec := receiptOf(t, f.s, n.ID, dan.UserID); rec.State != data.StateFailed {
		t.Fatalf("Dan's receipt changed after settling: %+v", rec)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Delivered: 1, Unreachable: 1, Failed: 1})
	wantOutboxLen(t, f.s, 0)
}

func TestCompleteOutboxNoticeUnknown(t *testing.T) {
	// A message about a notice or receipt that does not exist is simply
	// removed.
	s := openStore(t)
	err := s.Enqueue(t.Context(), t0,
		data.OutMessage{ChatID: 2, Purpose: data.Purpose{Kind: data.PurposeNotice, NoticeID: 42, UserID: 2, Last: true}},
	)
	if err != nil {
		t.Fatal(err)
	}
	rep := &reporter{}
	if c := complete(t, s, 1, data.Delivered, 1, "", rep); c.Report || rep.count() != 0 {
		t.Fatalf("Completion = %+v, %d reports", c, rep.count())
	}
	wantOutboxLen(t, s, 0)
}

func TestCompleteOutboxConcurrent(t *testing.T) {
	const n = 8
	for _, dup := range []bool{false, true} {
		t.Run(fmt.Sprintf("duplicates=%v", dup), func(t *testing.T) {
			s := openStore(t)
			br := mustBranch(t, s, "Branch", ann)
			for i := range n {
				mustJoin(t, s, br.ID, data.RoleMember, ann.UserID, data.Person{UserID: int64(100 + i), Name: fmt.Sprint("M", i), Lang: "en"})
			}
			no, err := s.CreateNotice(t.Context(), data.NewNotice{BranchID: br.ID, Text: "all at once", By: ann.UserID, Now: t0, Render: newRenderer("n").render})
			if err != nil {
				t.Fatal(err)
			}
			msgs := outbox(t, s)
			if len(msgs) != n {
				t.Fatalf("%d messages; want %d", len(msgs), n)
			}
			outcomes := []data.Outcome{data.Delivered, data.Unreachable, data.Failed}
			rep := &reporter{}
			workers := n
			if dup {
				workers = 2 * n // every message completed twice at once
			}
			reported := make([]bool, workers)
			errs := race(workers, func(i int) error {
				m := msgs[i%n]
				c, err := s.CompleteOutbox(t.Context(), m.ID, outcomes[i%n%3], 100+i%n, "r", t0, rep.report)
				reported[i] = c.Report
				return err
			})
			for i, err := range errs {
				if err != nil {
					t.Errorf("goroutine %d: %v", i, err)
				}
			}
			var trues int
			for _, r := range reported {
				if r {
					trues++
				}
			}
			if rep.count() != 1 || trues != 1 {
				t.Fatalf("report called %d times, Completion.Report true %d times; want 1 and 1", rep.count(), trues)
			}
			var want counters
			want.Recipients = n
			for i := range n {
				switch outcomes[i%3] {
				case data.Delivered:
					want.Delivered++
				case data.Unreachable:
					want.Unreachable++
				case data.Failed:
					want.Failed++
				}
			}
			got := wantCounters(t, s, no.ID, want)
			if !got.Reported {
				t.Fatal("not marked reported")
			}
			if call := rep.last(); call.n.Pending != 0 || len(call.rs) != n {
				t.Fatalf("report saw %+v with %d receipts", call.n, len(call.rs))
			}
			left := outbox(t, s)
			if len(left) != 1 || left[0].Purpose.Kind != data.PurposeReport {
				t.Fatalf("outbox = %+v; want only the report", left)
			}
		})
	}
}
