package data_test

import (
	"reflect"
	"testing"
	"time"

	"branchbot/data"
)

func TestTallyAttendance(t *testing.T) {
	const me, other = 7, 8
	var (
		now   = time.Date(2026, time.May, 6, 18, 0, 0, 0, time.UTC)
		ended = now.Add(-3 * time.Hour)
	)
	mtg := func(kind data.MeetingKind, start time.Time) data.Meeting {
		return data.Meeting{Kind: kind, Start: start, Duration: 2 * time.Hour}
	}
	expected := []data.Member{{UserID: me}, {UserID: other}}
	present := func(late bool) data.Attendance { return data.Attendance{UserID: me, Late: late} }
	leave := func(s data.LeaveStatus) data.Leave { return data.Leave{UserID: me, Status: s} }
	tests := []struct {
		name  string
		rolls []data.MeetingRoll
		want  []data.AttendanceTally
	}{
		{name: "no meetings", want: nil},
		{
			name:  "present on time",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, ended), data.Roll{Expected: expected, Present: []data.Attendance{present(false)}}}},
			want:  []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Present: 1}}},
		},
		{
			name:  "late is present too",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, ended), data.Roll{Expected: expected, Present: []data.Attendance{present(true)}}}},
			want:  []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Present: 1, Late: 1}}},
		},
		{
			name: "pending and approved leave excuse, old records count as approved",
			rolls: []data.MeetingRoll{
				{mtg(data.KindLecture, ended), data.Roll{Expected: expected, Leave: []data.Leave{leave(data.LeavePending)}}},
				{mtg(data.KindLecture, ended), data.Roll{Expected: expected, Leave: []data.Leave{leave(data.LeaveApproved)}}},
				{mtg(data.KindLecture, ended), data.Roll{Expected: expected, Leave: []data.Leave{leave("")}}},
			},
			want: []data.AttendanceTally{{Kind: data.KindLecture, Tally: data.Tally{Expected: 3, Leave: 3}}},
		},
		{
			name: "a rejected leave is an absence",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, ended), data.Roll{
				Expected: expected, Leave: []data.Leave{leave(data.LeaveRejected)}, Absent: []data.Member{{UserID: me}},
			}}},
			want: []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Absent: 1}}},
		},
		{
			name: "absent, then made up",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, ended), data.Roll{
				Expected: expected, Absent: []data.Member{{UserID: me}}, MadeUp: []data.MakeUp{{UserID: me}},
			}}},
			want: []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Absent: 1, MadeUp: 1}}},
		},
		{
			name: "others' records count nothing",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, ended), data.Roll{
				Expected: expected,
				Present:  []data.Attendance{{UserID: other, Late: true}},
				Leave:    []data.Leave{{UserID: other}},
				Absent:   []data.Member{{UserID: other}, {UserID: me}},
				MadeUp:   []data.MakeUp{{UserID: other}},
			}}},
			want: []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Absent: 1}}},
		},
		{
			name: "not expected: not counted at all",
			rolls: []data.MeetingRoll{{mtg(data.KindCommittee, ended), data.Roll{
				Expected: []data.Member{{UserID: other}}, Present: []data.Attendance{present(false)},
			}}},
			want: nil,
		},
		{
			name: "not over yet: not counted",
			rolls: []data.MeetingRoll{
				{mtg(data.KindAssembly, now.Add(-2*time.Hour+time.Nanosecond)), data.Roll{Expected: expected, Present: []data.Attendance{present(false)}}},
				{mtg(data.KindAssembly, now.Add(time.Hour)), data.Roll{Expected: expected, Absent: []data.Member{{UserID: me}}}},
			},
			want: nil,
		},
		{
			name:  "ends exactly now: counted",
			rolls: []data.MeetingRoll{{mtg(data.KindAssembly, now.Add(-2*time.Hour)), data.Roll{Expected: expected, Present: []data.Attendance{present(false)}}}},
			want:  []data.AttendanceTally{{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Present: 1}}},
		},
		{
			name: "kinds in the order they first count",
			rolls: []data.MeetingRoll{
				{mtg(data.KindCommittee, ended), data.Roll{Expected: []data.Member{{UserID: other}}}}, // not mine
				{mtg(data.KindLecture, ended), data.Roll{Expected: expected, Present: []data.Attendance{present(false)}}},
				{mtg(data.KindAssembly, ended), data.Roll{Expected: expected, Absent: []data.Member{{UserID: me}}}},
				{mtg(data.KindLecture, ended), data.Roll{Expected: expected, Present: []data.Attendance{present(true)}}},
			},
			want: []data.AttendanceTally{
				{Kind: data.KindLecture, Tally: data.Tally{Expected: 2, Present: 2, Late: 1}},
				{Kind: data.KindAssembly, Tally: data.Tally{Expected: 1, Absent: 1}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := data.TallyAttendance(me, now, tt.rolls); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("TallyAttendance = %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestMemberAttendance(t *testing.T) {
	s := openStore(t)
	founder, member := person(1, "Li"), person(2, "Wang")
	br := mustBranch(t, s, "Branch", founder)
	mustJoin(t, s, br.ID, data.RoleMember, founder.UserID, member)
	ctx := t.Context()
	day := t0.Add(24 * time.Hour) // after the member joined
	create := func(kind data.MeetingKind, start time.Time) data.Meeting {
		t.Helper()
		m, err := s.CreateMeeting(ctx, data.Meeting{
			BranchID: br.ID, Kind: kind, Title: string(kind), Start: start, Duration: time.Hour,
			CreatedBy: founder.UserID, CreatedAt: t0,
		}, nil)
		if err != nil {
			t.Fatalf("CreateMeeting: %v", err)
		}
		return m
	}
	checkIn := func(m data.Meeting, at time.Time) {
		t.Helper()
		if _, err := s.CheckIn(ctx, m.ID, br.ID, member.UserID, "", at); err != nil {
			t.Fatalf("CheckIn(%d): %v", m.ID, err)
		}
	}
	from := day
	before := create(data.KindAssembly, from.Add(-time.Hour)) // before the period
	checkIn(before, before.Start)
	late := create(data.KindAssembly, day.Add(2*time.Hour))
	checkIn(late, late.Start.Add(15*time.Minute))
	absent := create(data.KindAssembly, day.Add(4*time.Hour))
	excused := create(data.KindLecture, day.Add(6*time.Hour))
	if _, _, _, err := s.RequestLeave(ctx, data.Leave{MeetingID: excused.ID, UserID: member.UserID, Name: member.Name, At: day},
		0, func(data.Meeting, data.Leave, string) (string, [][]data.Button) { return "leave", nil }); err != nil {
		t.Fatalf("RequestLeave: %v", err)
	}
	now := day.Add(8 * time.Hour)
	if _, err := s.RecordMakeUp(ctx, data.MakeUp{MeetingID: absent.ID, UserID: member.UserID, At: now}); err != nil {
		t.Fatalf("RecordMakeUp: %v", err)
	}
	running := create(data.KindAssembly, now.Add(-30*time.Minute)) // not over
	checkIn(running, running.Start)
	create(data.KindCommittee, day.Add(time.Hour)) // not for a plain member

	got, err := s.MemberAttendance(br.ID, member.UserID, from, now)
	if err != nil {
		t.Fatalf("MemberAttendance: %v", err)
	}
	want := []data.AttendanceTally{
		{Kind: data.KindAssembly, Tally: data.Tally{Expected: 2, Present: 1, Late: 1, Absent: 1, MadeUp: 1}},
		{Kind: data.KindLecture, Tally: data.Tally{Expected: 1, Leave: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MemberAttendance = %+v; want %+v", got, want)
	}
	if got, err := s.MemberAttendance(br.ID, 99, from, now); err != nil || got != nil {
		t.Fatalf("MemberAttendance of a stranger = %+v, %v; want nothing", got, err)
	}
}
