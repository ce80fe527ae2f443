package data_test

import (
	"errors"
	"testing"
	"time"

	"branchbot/data"
)

// A quarter's ledger: only the period's ended, scheduled meetings, each
// member's mark read from the roll, counts that agree, and anonymous
// feedback only as a number.
func TestLedgerOfAQuarter(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	sec := person(1, "书记")
	br := mustBranch(t, s, "第一党支部", sec)
	names := []string{"", "", "甲", "乙", "丙", "丁", "戊"}
	for id := int64(2); id <= 6; id++ {
		mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(id, names[id]))
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 15, 0, 0, 0, time.UTC) }
	create := func(kind data.MeetingKind, start time.Time) data.Meeting {
		t.Helper()
		m, err := s.CreateMeeting(ctx, data.Meeting{BranchID: br.ID, Kind: kind, Title: string(kind), Start: start, Duration: time.Hour, CreatedBy: sec.UserID, CreatedAt: t0}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	create(data.KindAssembly, day(3, 20)) // the quarter before
	assembly := create(data.KindAssembly, day(4, 10))
	lecture := create(data.KindLecture, day(5, 8))
	cancelled := create(data.KindLecture, day(5, 20))
	_, _, err := s.CancelMeeting(ctx, cancelled.ID, data.MeetingChange{Now: day(5, 1), By: sec.UserID, Render: func(data.Meeting, string) string { return "x" }})
	must(err)
	now := day(6, 10)
	create(data.KindCommittee, now.Add(time.Hour)) // not held yet

	_, err = s.CheckIn(ctx, assembly.ID, br.ID, sec.UserID, "", assembly.Start)
	must(err)
	_, err = s.CheckIn(ctx, assembly.ID, br.ID, 2, "", assembly.Start.Add(20*time.Minute))
	must(err)
	_, _, _, err = s.RequestLeave(ctx, data.Leave{MeetingID: assembly.ID, UserID: 3, Name: "乙", Reason: "出差", At: day(4, 9)}, 0,
		func(data.Meeting, data.Leave, string) (string, [][]data.Button) { return "leave", nil })
	must(err)
	_, err = s.RecordMakeUp(ctx, data.MakeUp{MeetingID: assembly.ID, UserID: 4, At: day(4, 20)})
	must(err)
	_, err = s.CheckInFor(ctx, assembly.ID, br.ID, 5, sec.UserID, "", assembly.Start.Add(10*time.Minute))
	must(err)
	_, err = s.CheckInFor(ctx, lecture.ID, br.ID, 5, sec.UserID, "忘记签到", lecture.End().Add(time.Hour))
	must(err)
	_, err = s.AddEvidence(ctx, br.ID, data.Evidence{MeetingID: assembly.ID, Kind: data.EvidencePhoto, FileID: "f1", FileUniqueID: "u1", By: sec.UserID, At: day(4, 10)})
	must(err)

	q2, _ := data.ParsePeriod("2025-Q2")
	l, err := s.Ledger(br.ID, q2, time.UTC, now)
	must(err)
	if len(l.Members) != 6 || l.Members[0].UserID != sec.UserID {
		t.Fatalf("members: %+v", l.Members)
	}
	if len(l.Meetings) != 2 || l.Meetings[0].Meeting.ID != assembly.ID || l.Meetings[1].Meeting.ID != lecture.ID {
		t.Fatalf("meetings: %+v", l.Meetings)
	}
	am := l.Meetings[0]
	cells := []struct {
		user int64
		want data.Cell
	}{
		{sec.UserID, data.Cell{Mark: data.MarkPresent}},
		{2, data.Cell{Mark: data.MarkLate}},
		{3, data.Cell{Mark: data.MarkLeavePending, Reason: "出差"}},
		{4, data.Cell{Mark: data.MarkAbsent, MadeUp: true}},
		{5, data.Cell{Mark: data.MarkProxy}},
		{6, data.Cell{Mark: data.MarkAbsent}},
		{99, data.Cell{Mark: data.MarkNotExpected}},
	}
	for _, c := range cells {
		if got := am.Cell(c.user); got != c.want {
			t.Errorf("assembly, member %d: %+v; want %+v", c.user, got, c.want)
		}
	}
	if got := l.Meetings[1].Cell(5); got.Mark != data.MarkRetro || got.Reason != "忘记签到" {
		t.Errorf("lecture, member 5: %+v; want 补签 with its reason", got)
	}
	if got, want := am.Tally(), (data.Tally{Expected: 6, Present: 3, Late: 1, Leave: 1, Absent: 2, MadeUp: 1}); got != want {
		t.Errorf("assembly tally %+v; want %+v", got, want)
	}
	if len(am.Evidence) != 1 || l.Evidence() != 1 {
		t.Errorf("evidence: %+v", am.Evidence)
	}
	if got := l.Attendance(); got.Expected != 12 || got.Present != 4 {
		t.Errorf("period attendance %+v; want 4 of 12", got)
	}
	// The assembly and the lecture held (the cancelled lecture does not
	// count); April's and May's committee meeting and themed day missed;
	// June's still due.
	if held, missed, open := l.Kept(); held != 2 || missed != 4 || open != 2 {
		t.Errorf("kept %d held, %d missed, %d open; want 2, 4, 2: %+v", held, missed, open, l.Compliance)
	}
	for _, r := range l.Compliance {
		if r.Kind == data.KindLecture && (len(r.Held) != 1 || r.Held[0].ID != lecture.ID) {
			t.Errorf("the lecture slot counts %+v; want only the lecture held", r.Held)
		}
	}
}

func TestLedgerRefusesAFuturePeriodAndKeepsAnEmptyBranch(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "空支部", person(1, "书记"))
	now := t0.Add(24 * time.Hour)
	next, _ := data.ParsePeriod("2026")
	if _, err := s.Ledger(br.ID, next, time.UTC, now); !errors.Is(err, data.ErrPeriodFuture) {
		t.Fatalf("a future period: %v; want ErrPeriodFuture", err)
	}
	this := data.QuarterOf(now, time.UTC)
	l, err := s.Ledger(br.ID, this, time.UTC, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Meetings) != 0 || len(l.Members) != 1 || l.Attendance().Rate() != 0 {
		t.Fatalf("empty branch ledger: %+v", l)
	}
	if _, err := s.Ledger(999, this, time.UTC, now); err == nil {
		t.Fatal("a ledger of an unknown branch")
	}
}
