package data_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"branchbot/data"
)

// renderer is a NoticeMessages maker that records its calls. Its texts
// name the kind, the notice, the language and the part, so every outbox
// message can be traced to the call that made it.
type renderer struct {
	kind  string
	parts map[string]int // language → number of parts; 1 if absent

	mu    sync.Mutex
	langs []string
	ids   []uint64
}

func newRenderer(kind string) *renderer { return &renderer{kind: kind} }

func (r *renderer) render(n data.Notice, lang string) data.NoticeMessages {
	r.mu.Lock()
	r.langs = append(r.langs, lang)
	r.ids = append(r.ids, n.ID)
	r.mu.Unlock()
	return r.messages(n.ID, lang)
}

func (r *renderer) messages(id uint64, lang string) data.NoticeMessages {
	k := r.parts[lang]
	if k == 0 {
		k = 1
	}
	var m data.NoticeMessages
	for i := range k {
		m.Parts = append(m.Parts, fmt.Sprintf("%s %d [%s] %d/%d", r.kind, id, lang, i+1, k))
	}
	m.Buttons = [][]data.Button{{{Text: "OK " + lang, Data: fmt.Sprintf("%s:%d", r.kind, id)}}}
	return m
}

// calls returns the languages rendered, sorted.
func (r *renderer) calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(slices.Values(r.langs))
}

// reporter is a delivery-report maker that records its calls.
type reporter struct {
	mu    sync.Mutex
	calls []reportCall
}

type reportCall struct {
	n  data.Notice
	rs []data.Receipt
}

func (r *reporter) report(n data.Notice, rs []data.Receipt) []data.OutMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, reportCall{n, rs})
	return []data.OutMessage{{ChatID: n.CreatedBy, Text: fmt.Sprintf("report %d #%d", n.ID, len(r.calls)), Purpose: data.Purpose{Kind: data.PurposeReport, NoticeID: n.ID}}}
}

func (r *reporter) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func (r *reporter) last() reportCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[len(r.calls)-1]
}

// fixture is a branch with secretary Ann (1, zh) and members Bob (2, en),
// Cat (3, zh) and Dan (4, en), with group chats -100 and -200 bound; and
// another branch (secretary Eve, 9; member Fay, 10) with chat -300.
type fixture struct {
	s     *data.Store
	br    data.Branch
	other data.Branch
}

var (
	ann = data.Person{UserID: 1, Name: "Ann", Lang: "zh"}
	bob = data.Person{UserID: 2, Name: "Bob", Lang: "en"}
	cat = data.Person{UserID: 3, Name: "Cat", Lang: "zh"}
	dan = data.Person{UserID: 4, Name: "Dan", Lang: "en"}
	eve = data.Person{UserID: 9, Name: "Eve", Lang: "en"}
	fay = data.Person{UserID: 10, Name: "Fay", Lang: "en"}
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := openStore(t)
	f := &fixture{s: s}
	f.br = mustBranch(t, s, "Branch", ann)
	f.other = mustBranch(t, s, "Other", eve)
	for _, p := range []data.Person{bob, cat, dan} {
		mustJoin(t, s, f.br.ID, data.RoleMember, ann.UserID, p)
	}
	mustJoin(t, s, f.other.ID, data.RoleMember, eve.UserID, fay)
	for _, b := range []data.ChatBinding{
		{ChatID: -100, BranchID: f.br.ID, Title: "A"},
		{ChatID: -200, BranchID: f.br.ID, Title: "B"},
		{ChatID: -300, BranchID: f.other.ID, Title: "C"},
	} {
		if _, err := s.BindChat(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// notice creates a notice in the fixture's branch by Ann.
func (f *fixture) notice(t *testing.T, text string, r *renderer, change ...func(*data.NewNotice)) data.Notice {
	t.Helper()
	nn := data.NewNotice{BranchID: f.br.ID, Text: text, By: ann.UserID, Lang: ann.Lang, Now: t0, Render: r.render}
	for _, c := range change {
		c(&nn)
	}
	n, err := f.s.CreateNotice(t.Context(), nn)
	if err != nil {
		t.Fatalf("CreateNotice(%q): %v", text, err)
	}
	return n
}

// outbox lists every message in the outbox, due or not, in due order.
func outbox(t *testing.T, s *data.Store) []data.OutMessage {
	t.Helper()
	msgs, _, err := s.DueOutbox(t0.Add(1000*time.Hour), 1<<20, nil)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// outboxFor lists the outbox messages for chatID of kind about notice id.
func outboxFor(t *testing.T, s *data.Store, chatID int64, kind data.PurposeKind, id uint64) []data.OutMessage {
	t.Helper()
	var out []data.OutMessage
	for _, m := range outbox(t, s) {
		if m.ChatID == chatID && m.Purpose.Kind == kind && m.Purpose.NoticeID == id {
			out = append(out, m)
		}
	}
	return out
}

// complete completes one outbox message.
func complete(t *testing.T, s *data.Store, id uint64, outcome data.Outcome, msgID int, reason string, rep *reporter) data.Completion {
	t.Helper()
	c, err := s.CompleteOutbox(t.Context(), id, outcome, msgID, reason, t0.Add(time.Minute), rep.report)
	if err != nil {
		t.Fatalf("CompleteOutbox(%d): %v", id, err)
	}
	return c
}

// settle completes every part of user's copy of notice id, in order, all
// with outcome, and reports whether that queued the delivery report.
func settle(t *testing.T, s *data.Store, user int64, id uint64, outcome data.Outcome, rep *reporter) (reported bool) {
	t.Helper()
	msgs := outboxFor(t, s, user, data.PurposeNotice, id)
	if len(msgs) == 0 {
		t.Fatalf("no notice %d messages for %d in the outbox", id, user)
	}
	for i, m := range msgs {
		c := complete(t, s, m.ID, outcome, 1000+i, reasonFor(outcome), rep)
		reported = reported || c.Report
	}
	return reported
}

func reasonFor(o data.Outcome) string {
	switch o {
	case data.Unreachable:
		return "Forbidden: bot was blocked by the user"
	case data.Failed:
		return "Bad Request: chat not found"
	}
	return ""
}

func mustNotice(t *testing.T, s *data.Store, id uint64) data.Notice {
	t.Helper()
	n, err := s.Notice(id)
	if err != nil {
		t.Fatalf("Notice(%d): %v", id, err)
	}
	return n
}

func receiptOf(t *testing.T, s *data.Store, id uint64, user int64) data.Receipt {
	t.Helper()
	rs, err := s.Receipts(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.UserID == user {
			return r
		}
	}
	t.Fatalf("notice %d has no receipt for %d", id, user)
	return data.Receipt{}
}

// counters are a notice's counters, for comparison.
type counters struct{ Recipients, Pending, Delivered, Unreachable, Failed, Acked int }

func countersOf(n data.Notice) counters {
	return counters{n.Recipients, n.Pending, n.Delivered, n.Unreachable, n.Failed, n.Acked}
}

// wantCounters checks the notice's counters, and that they agree with its
// receipts.
func wantCounters(t *testing.T, s *data.Store, id uint64, want counters) data.Notice {
	t.Helper()
	n := mustNotice(t, s, id)
	if got := countersOf(n); got != want {
		t.Fatalf("notice %d counters = %+v; want %+v", id, got, want)
	}
	rs, err := s.Receipts(id)
	if err != nil {
		t.Fatal(err)
	}
	fromReceipts := counters{Recipients: len(rs)}
	for _, r := range rs {
		switch r.State {
		case data.StatePending:
			fromReceipts.Pending++
		case data.StateDelivered:
			fromReceipts.Delivered++
		case data.StateUnreachable:
			fromReceipts.Unreachable++
		case data.StateFailed:
			fromReceipts.Failed++
		}
		if !r.AckAt.IsZero() {
			fromReceipts.Acked++
		}
	}
	if fromReceipts != want {
		t.Fatalf("notice %d receipts add up to %+v; counters say %+v", id, fromReceipts, want)
	}
	return n
}

// wire is what a message carries, without the ids and times the store adds.
type wire struct {
	ChatID  int64
	Text    string
	Buttons [][]data.Button
	Purpose data.Purpose
}

func wires(msgs []data.OutMessage) []wire {
	out := make([]wire, len(msgs))
	for i, m := range msgs {
		out[i] = wire{m.ChatID, m.Text, m.Buttons, m.Purpose}
	}
	return out
}

// wantWires is what copies of r's messages for lang look like in chatID.
func wantWires(r *renderer, chatID int64, id uint64, lang string, p data.Purpose) []wire {
	m := r.messages(id, lang)
	var out []wire
	for i, part := range m.Parts {
		w := wire{ChatID: chatID, Text: part, Purpose: p}
		if i == len(m.Parts)-1 {
			w.Buttons, w.Purpose.Last = m.Buttons, true
		}
		out = append(out, w)
	}
	return out
}

func TestCreateNotice(t *testing.T) {
	f := newFixture(t)
	r := newRenderer("notice")
	r.parts = map[string]int{"en": 2, "zh": 1, "": 3}
	n := f.notice(t, "  Meeting on Friday  \n", r)

	want := data.Notice{ID: n.ID, BranchID: f.br.ID, Text: "Meeting on Friday", CreatedBy: ann.UserID, CreatedAt: t0, Lang: "zh", Recipients: 3, Pending: 3}
	if n.ID == 0 || !reflect.DeepEqual(n, want) {
		t.Fatalf("CreateNotice = %+v; want %+v", n, want)
	}
	if got := mustNotice(t, f.s, n.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored notice = %+v; want %+v", got, want)
	}

	// A pending receipt per member but the sender.
	rs, err := f.s.Receipts(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantRs := []data.Receipt{
		{NoticeID: n.ID, UserID: 2, Name: "Bob", Lang: "en", State: data.StatePending},
		{NoticeID: n.ID, UserID: 3, Name: "Cat", Lang: "zh", State: data.StatePending},
		{NoticeID: n.ID, UserID: 4, Name: "Dan", Lang: "en", State: data.StatePending},
	}
	if !reflect.DeepEqual(rs, wantRs) {
		t.Fatalf("receipts = %+v; want %+v", rs, wantRs)
	}

	// Rendered in each recipient's language and "" for the groups, with
	// the notice's id known.
	if got := r.calls(); !reflect.DeepEqual(got, []string{"", "en", "zh"}) {
		t.Fatalf("rendered languages = %q; want \"\", en, zh, once each", got)
	}
	for _, id := range r.ids {
		if id != n.ID {
			t.Fatalf("Render saw notice id %d; want %d", id, n.ID)
		}
	}

	// One message per member per part, then the group posts; buttons and
	// Last only on the last part.
	notice := func(uid int64) data.Purpose {
		return data.Purpose{Kind: data.PurposeNotice, NoticeID: n.ID, UserID: uid}
	}
	group := data.Purpose{Kind: data.PurposeGroupPost, NoticeID: n.ID}
	var wantOut []wire
	wantOut = append(wantOut, wantWires(r, 2, n.ID, "en", notice(2))...)
	wantOut = append(wantOut, wantWires(r, 3, n.ID, "zh", notice(3))...)
	wantOut = append(wantOut, wantWires(r, 4, n.ID, "en", notice(4))...)
	wantOut = append(wantOut, wantWires(r, -200, n.ID, "", group)...)
	wantOut = append(wantOut, wantWires(r, -100, n.ID, "", group)...)
	msgs := outbox(t, f.s)
	if got := wires(msgs); !reflect.DeepEqual(got, wantOut) {
		t.Fatalf("outbox =\n%+v\nwant\n%+v", got, wantOut)
	}
	if len(msgs) != 2+1+2+3+3 {
		t.Fatalf("outbox has %d messages; want 11", len(msgs))
	}
	for i, m := range msgs {
		if m.ID == 0 || (i > 0 && m.ID <= msgs[i-1].ID) || !m.CreatedAt.Equal(t0) || !m.NotBefore.IsZero() || m.Attempts != 0 {
			t.Fatalf("outbox message %d = %+v; want increasing ids, CreatedAt t0, due now", i, m)
		}
	}
	if l, _ := f.s.OutboxLen(); l != len(msgs) {
		t.Fatalf("OutboxLen = %d; want %d", l, len(msgs))
	}

	// No follow-up was asked for.
	if tm, ok, err := f.s.NextTimer(); err != nil || ok {
		t.Fatalf("NextTimer = %+v, %v, %v; want none", tm, ok, err)
	}
	// The other branch saw nothing.
	if ns, _ := f.s.Notices(f.other.ID, 10); len(ns) != 0 {
		t.Fatalf("other branch has notices %+v", ns)
	}
}

func TestCreateNoticeSenderOnly(t *testing.T) {
	// A branch of one: no receipts, no member messages, but group posts.
	s := openStore(t)
	br := mustBranch(t, s, "Solo", ann)
	if _, err := s.BindChat(t.Context(), data.ChatBinding{ChatID: -5, BranchID: br.ID}); err != nil {
		t.Fatal(err)
	}
	n, err := s.CreateNotice(t.Context(), data.NewNotice{BranchID: br.ID, Text: "x", By: ann.UserID, Now: t0, Render: newRenderer("n").render})
	if err != nil {
		t.Fatal(err)
	}
	if n.Recipients != 0 || n.Pending != 0 {
		t.Fatalf("notice = %+v; want no recipients", n)
	}
	msgs := outbox(t, s)
	if len(msgs) != 1 || msgs[0].ChatID != -5 || msgs[0].Purpose.Kind != data.PurposeGroupPost {
		t.Fatalf("outbox = %+v; want one group post", msgs)
	}
}

func TestCreateNoticeFollowUpTimer(t *testing.T) {
	f := newFixture(t)
	at := t0.Add(24 * time.Hour)
	n := f.notice(t, "hi", newRenderer("n"), func(nn *data.NewNotice) { nn.FollowUpAt = at })
	tm, ok, err := f.s.NextTimer()
	if err != nil || !ok {
		t.Fatalf("NextTimer = %v, %v; want the follow-up", ok, err)
	}
	if tm.Kind != data.TimerFollowUp || tm.Ref != n.ID || !tm.At.Equal(at) {
		t.Fatalf("NextTimer = %+v; want follow_up/%d at %v", tm, n.ID, at)
	}
}

func TestCreateNoticeDraft(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	d, err := f.s.StartDraft(ctx, data.Draft{UserID: ann.UserID, Kind: "notice", Stage: "confirm", Text: "hi", UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}

	// A draft id that is not the current one: nothing at all is stored.
	_, err = f.s.CreateNotice(ctx, data.NewNotice{BranchID: f.br.ID, Text: "hi", By: ann.UserID, Draft: d.ID + 1, Now: t0, FollowUpAt: t0.Add(time.Hour), Render: newRenderer("n").render})
	wantErrIs(t, "CreateNotice(stale draft)", err, data.ErrDraftGone)
	wantNothingSent(t, f)
	if cur, ok, _ := f.s.CurrentDraft(ann.UserID, t0); !ok || cur.ID != d.ID {
		t.Fatalf("draft after refused notice = %+v, %v; want it kept", cur, ok)
	}
	// Another user's draft id does not count either.
	bd, err := f.s.StartDraft(ctx, data.Draft{UserID: bob.UserID, Kind: "notice", UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.CreateNotice(ctx, data.NewNotice{BranchID: f.br.ID, Text: "hi", By: ann.UserID, Draft: bd.ID, Now: t0, Render: newRenderer("n").render})
	wantErrIs(t, "CreateNotice(someone else's draft)", err, data.ErrDraftGone)
	wantNothingSent(t, f)

	// The matching draft is consumed with the notice.
	n := f.notice(t, "hi", newRenderer("n"), func(nn *data.NewNotice) { nn.Draft = d.ID })
	if _, ok, _ := f.s.CurrentDraft(ann.UserID, t0); ok {
		t.Fatal("draft still there after its notice was created")
	}
	if n.Recipients != 3 {
		t.Fatalf("notice = %+v", n)
	}
	// A second press of the same button: the draft is gone.
	_, err = f.s.CreateNotice(ctx, data.NewNotice{BranchID: f.br.ID, Text: "hi", By: ann.UserID, Draft: d.ID, Now: t0, Render: newRenderer("n").render})
	wantErrIs(t, "CreateNotice(double press)", err, data.ErrDraftGone)
	if ns, _ := f.s.Notices(f.br.ID, 10); len(ns) != 1 {
		t.Fatalf("%d notices after a double press; want 1", len(ns))
	}
	if cur, ok, _ := f.s.CurrentDraft(bob.UserID, t0); !ok || cur.ID != bd.ID {
		t.Fatal("Bob's draft was touched")
	}
}

// wantNothingSent checks the store holds no notice, message or timer.
func wantNothingSent(t *testing.T, f *fixture) {
	t.Helper()
	if ns, err := f.s.Notices(f.br.ID, 10); err != nil || len(ns) != 0 {
		t.Fatalf("Notices = %+v, %v; want none", ns, err)
	}
	if l, err := f.s.OutboxLen(); err != nil || l != 0 {
		t.Fatalf("OutboxLen = %d, %v; want 0", l, err)
	}
	if tm, ok, err := f.s.NextTimer(); err != nil || ok {
		t.Fatalf("NextTimer = %+v, %v, %v; want none", tm, ok, err)
	}
	if _, err := f.s.Notice(1); !errors.Is(err, data.ErrNoticeUnknown) {
		t.Fatalf("Notice(1) err = %v; want ErrNoticeUnknown", err)
	}
}

func TestCreateNoticeInvalidText(t *testing.T) {
	f := newFixture(t)
	for name, text := range map[string]string{
		"empty":        "",
		"spaces":       " \t\n\u3000 ",
		"too long":     strings.Repeat("a", data.MaxNoticeLen+1),
		"too long CJK": strings.Repeat("党", data.MaxNoticeLen+1),
		"invalid utf8": "hello \xff world",
		"lone byte":    "\x80",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.s.CreateNotice(t.Context(), data.NewNotice{BranchID: f.br.ID, Text: text, By: ann.UserID, Now: t0, FollowUpAt: t0.Add(time.Hour), Render: newRenderer("n").render})
			wantCode(t, "CreateNotice", err, data.EInvalid)
			wantCode(t, "Notice.Validate", data.Notice{Text: text}.Validate(), data.EInvalid)
			wantNothingSent(t, f)
		})
	}
	// The limits themselves are fine, and surrounding space does not count.
	for _, text := range []string{
		strings.Repeat("a", data.MaxNoticeLen),
		strings.Repeat("党", data.MaxNoticeLen),
		"\n  " + strings.Repeat("党", data.MaxNoticeLen) + "  \n",
		"x",
	} {
		if err := (data.Notice{Text: text}).Validate(); err != nil {
			t.Fatalf("Notice.Validate of %d runes = %v", len([]rune(text)), err)
		}
		n := f.notice(t, text, newRenderer("n"))
		if n.Text != strings.TrimSpace(text) {
			t.Fatalf("stored text not trimmed")
		}
	}
}

func TestAck(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	n := f.notice(t, "hi", newRenderer("n"))
	at := t0.Add(5 * time.Minute)

	r, got, first, err := f.s.Ack(ctx, n.ID, bob.UserID, at)
	if err != nil || !first {
		t.Fatalf("first Ack = %v, %v; want first", first, err)
	}
	if !r.AckAt.Equal(at) || r.UserID != bob.UserID || got.Acked != 1 {
		t.Fatalf("first Ack = %+v, notice %+v", r, got)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 3, Acked: 1})

	r2, got2, first, err := f.s.Ack(ctx, n.ID, bob.UserID, at.Add(time.Hour))
	if err != nil || first {
		t.Fatalf("second Ack = %v, %v; want not first", first, err)
	}
	if !r2.AckAt.Equal(at) || got2.Acked != 1 {
		t.Fatalf("second Ack = %+v, notice %+v; want the first ack time and one ack", r2, got2)
	}
	if rec := receiptOf(t, f.s, n.ID, bob.UserID); !rec.AckAt.Equal(at) {
		t.Fatalf("stored AckAt = %v; want %v", rec.AckAt, at)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 3, Acked: 1})

	_, _, _, err = f.s.Ack(ctx, n.ID+100, bob.UserID, at)
	wantErrIs(t, "Ack(unknown notice)", err, data.ErrNoticeUnknown)
	for _, uid := range []int64{ann.UserID, fay.UserID, 12345} {
		_, _, _, err = f.s.Ack(ctx, n.ID, uid, at)
		wantErrIs(t, fmt.Sprintf("Ack(by %d)", uid), err, data.ErrNotRecipient)
	}
	wantCounters(t, f.s, n.ID, counters{Recipients: 3, Pending: 3, Acked: 1})
}

func TestNotices(t *testing.T) {
	f := newFixture(t)
	third := mustBranch(t, f.s, "Third", data.Person{UserID: 50, Name: "Zed"})
	var mine, theirs []uint64
	for i := range 7 {
		n := f.notice(t, fmt.Sprintf("mine %d", i), newRenderer("n"))
		mine = append(mine, n.ID)
		o, err := f.s.CreateNotice(t.Context(), data.NewNotice{BranchID: f.other.ID, Text: fmt.Sprintf("theirs %d", i), By: eve.UserID, Now: t0, Render: newRenderer("n").render})
		if err != nil {
			t.Fatal(err)
		}
		theirs = append(theirs, o.ID)
	}
	slices.Reverse(mine)
	slices.Reverse(theirs)
	ids := func(ns []data.Notice) []uint64 {
		var out []uint64
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	for _, tc := range []struct {
		branch uint64
		limit  int
		want   []uint64
	}{
		{f.br.ID, 100, mine},
		{f.br.ID, 3, mine[:3]},
		{f.br.ID, 7, mine},
		{f.br.ID, 0, nil},
		{f.other.ID, 100, theirs},
		{f.other.ID, 1, theirs[:1]},
		{third.ID, 10, nil},
		{third.ID + 1, 10, nil},
	} {
		ns, err := f.s.Notices(tc.branch, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(ns); !slices.Equal(got, tc.want) {
			t.Errorf("Notices(%d, %d) = %v; want %v", tc.branch, tc.limit, got, tc.want)
		}
		for _, n := range ns {
			if n.BranchID != tc.branch {
				t.Errorf("Notices(%d) returned notice %d of branch %d", tc.branch, n.ID, n.BranchID)
			}
		}
	}
}

func TestSetNoticeStatus(t *testing.T) {
	f := newFixture(t)
	n := f.notice(t, "hi", newRenderer("n"))
	if err := f.s.SetNoticeStatus(t.Context(), n.ID, 1, 77); err != nil {
		t.Fatal(err)
	}
	if got := mustNotice(t, f.s, n.ID); got.StatusChatID != 1 || got.StatusMessageID != 77 {
		t.Fatalf("status = %d/%d; want 1/77", got.StatusChatID, got.StatusMessageID)
	}
	err := f.s.SetNoticeStatus(t.Context(), n.ID+1, 1, 77)
	wantErrIs(t, "SetNoticeStatus(unknown)", err, data.ErrNoticeUnknown)
}
