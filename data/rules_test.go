package data_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// This file tests the package's pure rules directly, without a store.

// validity runs a table of (name, error) cases where "ok" says whether
// the error should be nil; a refusal must be EInvalid.
func validity(t *testing.T, what string, cases []validityCase) {
	t.Helper()
	for _, tc := range cases {
		switch {
		case tc.ok && tc.err != nil:
			t.Errorf("%s %s: %v; want nil", what, tc.name, tc.err)
		case !tc.ok && tc.err == nil:
			t.Errorf("%s %s: nil; want an error", what, tc.name)
		case !tc.ok && data.ErrorCode(tc.err) != data.EInvalid:
			t.Errorf("%s %s: %v has code %q; want %q", what, tc.name, tc.err, data.ErrorCode(tc.err), data.EInvalid)
		}
	}
}

type validityCase struct {
	name string
	err  error
	ok   bool
}

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("load Europe/Berlin: %v", err)
	}
	return loc
}

func TestCheckInWindow(t *testing.T) {
	be := berlin(t)
	s := data.Settings{CheckInOpen: 30 * time.Minute, LateAfter: 10 * time.Minute}
	for _, tc := range []struct {
		name               string
		m                  data.Meeting
		s                  data.Settings
		open, late, closes time.Time
	}{
		{
			name: "UTC",
			m:    data.Meeting{Start: time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC), Duration: 2 * time.Hour},
			s:    s,
			open: time.Date(2025, 3, 14, 14, 30, 0, 0, time.UTC), late: time.Date(2025, 3, 14, 15, 10, 0, 0, time.UTC), closes: time.Date(2025, 3, 14, 17, 0, 0, 0, time.UTC),
		},
		{
			name: "no window: opens at the start, late at once, a meeting of no length closes at its start",
			m:    data.Meeting{Start: time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)},
			open: time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC), late: time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC), closes: time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC),
		},
		{
			// Spring forward: 02:00 becomes 03:00. Half an hour before
			// 03:15 is 01:45 on the wall clock: durations are real time.
			name: "Berlin, across the spring-forward gap",
			m:    data.Meeting{Start: time.Date(2025, 3, 30, 3, 15, 0, 0, be), Duration: time.Hour},
			s:    s,
			open: time.Date(2025, 3, 30, 1, 45, 0, 0, be), late: time.Date(2025, 3, 30, 3, 25, 0, 0, be), closes: time.Date(2025, 3, 30, 4, 15, 0, 0, be),
		},
		{
			// Fall back: 03:00 becomes 02:00 again. A two-hour meeting from
			// 01:30 ends at 02:30 the second time round.
			name: "Berlin, across the fall-back hour",
			m:    data.Meeting{Start: time.Date(2025, 10, 26, 1, 30, 0, 0, be), Duration: 2 * time.Hour},
			s:    s,
			open: time.Date(2025, 10, 26, 1, 0, 0, 0, be), late: time.Date(2025, 10, 26, 1, 40, 0, 0, be), closes: time.Date(2025, 10, 26, 1, 30, 0, 0, be).Add(2 * time.Hour),
		},
	} {
		open, late, closes := data.CheckInWindow(tc.m, tc.s)
		if !open.Equal(tc.open) || !late.Equal(tc.late) || !closes.Equal(tc.closes) {
			t.Errorf("%s: CheckInWindow = %v, %v, %v; want %v, %v, %v", tc.name, open, late, closes, tc.open, tc.late, tc.closes)
		}
	}
	// The fall-back case really ends at 02:30 on the second pass.
	_, _, closes := data.CheckInWindow(data.Meeting{Start: time.Date(2025, 10, 26, 1, 30, 0, 0, be), Duration: 2 * time.Hour}, s)
	if got := closes.In(be); got.Hour() != 2 || got.Minute() != 30 {
		t.Errorf("fall-back meeting closes at %v; want 02:30 wall clock", got)
	}
}

func TestRotatingCode(t *testing.T) {
	be := berlin(t)
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC) // a period boundary: unix seconds divisible by 30
	code := data.RotatingCode("secret", at)
	if !regexp.MustCompile(`^[0-9]{4}$`).MatchString(code) {
		t.Fatalf("RotatingCode = %q; want 4 digits", code)
	}
	for _, tc := range []struct {
		name string
		t    time.Time
		same bool
	}{
		{"same instant", at, true},
		{"same instant in Berlin", at.In(be), true},
		{"end of the period", at.Add(data.CodePeriod - time.Nanosecond), true},
		{"next period", at.Add(data.CodePeriod), false},
		{"previous period", at.Add(-time.Nanosecond), false},
	} {
		if got := data.RotatingCode("secret", tc.t) == code; got != tc.same {
			t.Errorf("%s: RotatingCode same as at the boundary = %v; want %v", tc.name, got, tc.same)
		}
	}
	if data.RotatingCode("other secret", at) == code && data.RotatingCode("other secret", at.Add(data.CodePeriod)) == data.RotatingCode("secret", at.Add(data.CodePeriod)) {
		t.Errorf("two secrets give the same codes")
	}
}

func TestCodeAccepted(t *testing.T) {
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC) // a period boundary
	fixed := data.Meeting{Code: "0427"}
	rot := data.Meeting{Code: "secret", Rotate: true}
	now := data.RotatingCode("secret", at)
	prev := data.RotatingCode("secret", at.Add(-data.CodePeriod))
	before := data.RotatingCode("secret", at.Add(-2*data.CodePeriod))
	next := data.RotatingCode("secret", at.Add(data.CodePeriod))
	for _, tc := range []struct {
		name string
		m    data.Meeting
		code string
		at   time.Time
		want bool
	}{
		{"fixed code", fixed, "0427", at, true},
		{"fixed code, any time", fixed, "0427", at.Add(1000 * time.Hour), true},
		{"wrong fixed code", fixed, "0428", at, false},
		{"fixed code with a space", fixed, "0427 ", at, false},
		{"fixed code, empty attempt", fixed, "", at, false},
		{"the secret itself is no code", rot, "secret", at, false},
		{"rotating, on the screen now", rot, now, at, true},
		{"rotating, on the screen now, late in the period", rot, now, at.Add(data.CodePeriod - time.Nanosecond), true},
		{"rotating, the one before: typing at the change", rot, prev, at, true},
		{"rotating, two before: gone stale", rot, before, at, before == now || before == prev},
		{"rotating, the next one: not shown yet", rot, next, at, next == now || next == prev},
	} {
		if got := data.CodeAccepted(tc.m, tc.code, tc.at); got != tc.want {
			t.Errorf("%s: CodeAccepted(%q) = %v; want %v", tc.name, tc.code, got, tc.want)
		}
	}
}

func TestIsCheckInCode(t *testing.T) {
	for s, want := range map[string]bool{
		"0427": true, "0000": true, "9999": true,
		"427": false, "04270": false, "": false, "04a7": false, "-427": false,
		" 427": false, "０４２７": false, // full-width digits are no code
		"12": false,
	} {
		if got := data.IsCheckInCode(s); got != want {
			t.Errorf("IsCheckInCode(%q) = %v; want %v", s, got, want)
		}
	}
	for range 20 {
		if c := data.NewCheckInCode(); !data.IsCheckInCode(c) {
			t.Fatalf("IsCheckInCode(NewCheckInCode() = %q) = false", c)
		}
	}
}

func TestCodeMeeting(t *testing.T) {
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	var (
		plain  = data.Meeting{ID: 1}
		fixedA = data.Meeting{ID: 2, Code: "1111"}
		fixedB = data.Meeting{ID: 3, Code: "2222"}
		rot    = data.Meeting{ID: 4, Code: "secret", Rotate: true}
	)
	rotNow := data.RotatingCode("secret", at)
	rotPrev := data.RotatingCode("secret", at.Add(-data.CodePeriod))
	for _, tc := range []struct {
		name   string
		open   []data.Meeting
		code   string
		wantID uint64 // 0: not a code for any of them
	}{
		{"nothing open", nil, "1111", 0},
		{"no meeting has a code", []data.Meeting{plain}, "1111", 0},
		{"the one coded meeting", []data.Meeting{plain, fixedA}, "1111", 2},
		{"its code picks the second", []data.Meeting{fixedA, fixedB}, "2222", 3},
		{"a wrong code counts at the first coded", []data.Meeting{plain, fixedB, fixedA}, "9999", 3},
		{"a rotating code on the screen", []data.Meeting{fixedA, rot}, rotNow, 4},
		{"a rotating code from a moment ago", []data.Meeting{fixedA, rot}, rotPrev, 4},
		{"the rotating secret is no code", []data.Meeting{fixedA, rot}, "secret", 0},
		{"not four digits", []data.Meeting{fixedA}, "111", 0},
		{"the same code twice: the first", []data.Meeting{fixedA, {ID: 5, Code: "1111"}}, "1111", 2},
	} {
		m, ok := data.CodeMeeting(tc.open, tc.code, at)
		if ok != (tc.wantID != 0) || m.ID != tc.wantID {
			t.Errorf("%s: CodeMeeting(%q) = meeting %d, %v; want meeting %d", tc.name, tc.code, m.ID, ok, tc.wantID)
		}
	}
}

func TestNewCodes(t *testing.T) {
	digits, hex := regexp.MustCompile(`^[0-9]{4}$`), regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for range 20 {
		if c := data.NewCheckInCode(); !digits.MatchString(c) {
			t.Fatalf("NewCheckInCode = %q; want 4 digits", c)
		}
		s := data.NewCodeSecret()
		if !hex.MatchString(s) || seen[s] {
			t.Fatalf("NewCodeSecret = %q; want 32 new hex digits", s)
		}
		seen[s] = true
	}
}

func TestMeetingValidate(t *testing.T) {
	ok := data.Meeting{Kind: data.KindAssembly, Title: "支部党员大会", Duration: time.Hour}
	with := func(change func(*data.Meeting)) error {
		m := ok
		change(&m)
		return m.Validate()
	}
	validity(t, "Meeting.Validate", []validityCase{
		{"valid", ok.Validate(), true},
		{"every kind", errors.Join(
			with(func(m *data.Meeting) { m.Kind = data.KindCommittee }),
			with(func(m *data.Meeting) { m.Kind, m.GroupID = data.KindGroup, 1 }),
			with(func(m *data.Meeting) { m.Kind = data.KindLecture }),
			with(func(m *data.Meeting) { m.Kind = data.KindThemeDay }),
			with(func(m *data.Meeting) { m.Kind = data.KindOther }),
		), true},
		{"title at its limit", with(func(m *data.Meeting) { m.Title = strings.Repeat("会", data.MaxTitleLen) }), true},
		{"no length", with(func(m *data.Meeting) { m.Duration = 0 }), true},
		{"a whole day", with(func(m *data.Meeting) { m.Duration = 24 * time.Hour }), true},
		{"unknown kind", with(func(m *data.Meeting) { m.Kind = "Assembly" }), false},
		{"no kind", with(func(m *data.Meeting) { m.Kind = "" }), false},
		{"empty title", with(func(m *data.Meeting) { m.Title = "" }), false},
		{"blank title", with(func(m *data.Meeting) { m.Title = "\t \u3000" }), false},
		{"long title", with(func(m *data.Meeting) { m.Title = strings.Repeat("会", data.MaxTitleLen+1) }), false},
		{"group meeting without a group", with(func(m *data.Meeting) { m.Kind = data.KindGroup }), false},
		{"negative length", with(func(m *data.Meeting) { m.Duration = -time.Nanosecond }), false},
		{"more than a day", with(func(m *data.Meeting) { m.Duration = 24*time.Hour + time.Nanosecond }), false},
	})
}

func TestPlaceContains(t *testing.T) {
	// At the equator a degree is about 111.2 km, so 0.0009° is about 100 m.
	for _, tc := range []struct {
		name     string
		p        data.Place
		lat, lon float64
		want     bool
	}{
		{"the point itself, radius 0", data.Place{Lat: 31.23, Lon: 121.47}, 31.23, 121.47, true},
		{"about 89 m north, radius 100", data.Place{Radius: 100}, 0.0008, 0, true},
		{"about 111 m north, radius 100", data.Place{Radius: 100}, 0.001, 0, false},
		{"about 89 m east, radius 100", data.Place{Radius: 100}, 0, 0.0008, true},
		{"across the antimeridian, about 22 m", data.Place{Lon: 179.9999, Radius: 100}, 0, -179.9999, true},
		{"the far side of the Earth", data.Place{Radius: 1000}, 0, 180, false},
		{"near the pole, a degree of longitude is short", data.Place{Lat: 89.99, Radius: 100}, 89.99, 0.4, true},
	} {
		if got := tc.p.Contains(tc.lat, tc.lon); got != tc.want {
			t.Errorf("%s: %+v.Contains(%v, %v) = %v; want %v", tc.name, tc.p, tc.lat, tc.lon, got, tc.want)
		}
	}
}

func TestLeaveStatusRules(t *testing.T) {
	for _, tc := range []struct {
		status            data.LeaveStatus
		approved, excuses bool
	}{
		{data.LeavePending, false, true},
		{data.LeaveApproved, true, true},
		{data.LeaveRejected, false, false},
		{"", true, true}, // recorded before leave needed approval
	} {
		l := data.Leave{Status: tc.status}
		if l.Approved() != tc.approved || l.Excuses() != tc.excuses {
			t.Errorf("Leave{Status: %q}: Approved %v, Excuses %v; want %v, %v", tc.status, l.Approved(), l.Excuses(), tc.approved, tc.excuses)
		}
	}
}

func TestLeaveCheckRequest(t *testing.T) {
	start := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	m := data.Meeting{Start: start, Status: data.Scheduled}
	cancelled := m
	cancelled.Status = data.Cancelled
	for _, tc := range []struct {
		name string
		m    data.Meeting
		at   time.Time
		want error
	}{
		{"a week ahead", m, start.Add(-7 * 24 * time.Hour), nil},
		{"a moment before the start", m, start.Add(-time.Nanosecond), nil},
		{"at the start", m, start, data.ErrLeaveTooLate},
		{"during the meeting", m, start.Add(time.Minute), data.ErrLeaveTooLate},
		{"from a cancelled meeting", cancelled, start.Add(-time.Hour), data.ErrMeetingCancelled},
	} {
		if err := (data.Leave{At: tc.at}).CheckRequest(tc.m); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: CheckRequest = %v; want %v", tc.name, err, tc.want)
		}
	}
}

func TestLeaveCheckDecision(t *testing.T) {
	const member, secretary = 2, 1
	for _, tc := range []struct {
		name   string
		status data.LeaveStatus
		by     int64
		want   error
	}{
		{"pending, by the secretary", data.LeavePending, secretary, nil},
		{"pending, by the member who asked", data.LeavePending, member, data.ErrOwnLeave},
		{"approved already", data.LeaveApproved, secretary, data.ErrLeaveDecided},
		{"rejected already", data.LeaveRejected, secretary, data.ErrLeaveDecided},
		{"an old record, approved by default", "", secretary, data.ErrLeaveDecided},
	} {
		l := data.Leave{UserID: member, Status: tc.status}
		if err := l.CheckDecision(tc.by); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: CheckDecision = %v; want %v", tc.name, err, tc.want)
		}
	}
}

func TestRoundCheckVote(t *testing.T) {
	open := data.Round{Open: true, Members: []int64{1, 2, 3}}
	closed := data.Round{Open: false, Members: []int64{1, 2, 3}}
	for _, tc := range []struct {
		name          string
		r             data.Round
		voter, target int64
		rating        data.Rating
		want          error
	}{
		{"a member rates another", open, 1, 2, data.Excellent, nil},
		{"every grade", open, 3, 1, data.Unqualified, nil},
		{"oneself (self-assessment)", open, 2, 2, data.Qualified, nil},
		{"a voter who joined after the opening", open, 4, 1, data.Basic, data.ErrNotVoter},
		{"a target who joined after the opening", open, 1, 4, data.Basic, data.ErrNotVoter},
		{"a closed round", closed, 1, 2, data.Excellent, data.ErrRoundClosed},
	} {
		if err := tc.r.CheckVote(tc.voter, tc.target, tc.rating); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: CheckVote = %v; want %v", tc.name, err, tc.want)
		}
	}
	// An unknown grade is refused first, whatever else is wrong.
	for _, r := range []data.Rating{"", "good", "Excellent"} {
		wantCode(t, "CheckVote with grade "+string(r), closed.CheckVote(1, 1, r), data.EInvalid)
	}
}

func TestRatingValidate(t *testing.T) {
	var cases []validityCase
	for _, r := range data.Ratings {
		cases = append(cases, validityCase{string(r), r.Validate(), true})
	}
	for _, r := range []data.Rating{"", "good", "EXCELLENT", " excellent"} {
		cases = append(cases, validityCase{string(r), r.Validate(), false})
	}
	validity(t, "Rating.Validate", cases)
}

func TestTextValidate(t *testing.T) {
	// Notices, feedback and its posts, and minutes share a shape: trimmed,
	// not empty, valid UTF-8, up to a length in characters.
	for _, tc := range []struct {
		name     string
		limit    int
		validate func(text string) error
	}{
		{"Notice", data.MaxNoticeLen, func(s string) error { return data.Notice{Text: s}.Validate() }},
		{"Feedback", data.MaxFeedbackLen, func(s string) error { return data.Feedback{Text: s}.Validate() }},
		{"Post", data.MaxFeedbackLen, func(s string) error { return data.Post{Text: s}.Validate() }},
		{"Minutes", data.MaxMinutesLen, func(s string) error { return data.Minutes{Text: s}.Validate() }},
	} {
		validity(t, tc.name+".Validate", []validityCase{
			{"one character", tc.validate("x"), true},
			{"at the limit in CJK", tc.validate(strings.Repeat("党", tc.limit)), true},
			{"at the limit, surrounded by space", tc.validate("\n " + strings.Repeat("a", tc.limit) + " \n"), true},
			{"empty", tc.validate(""), false},
			{"blank", tc.validate(" \t\n\u3000"), false},
			{"one over the limit", tc.validate(strings.Repeat("党", tc.limit+1)), false},
			{"invalid UTF-8", tc.validate("ok \xff"), false},
		})
	}
}

func TestRemindOffsetsValidate(t *testing.T) {
	month := 30 * 24 * time.Hour
	validity(t, "RemindOffsets.Validate", []validityCase{
		{"none", data.RemindOffsets(nil).Validate(), true},
		{"a day and an hour", data.RemindOffsets{24 * time.Hour, time.Hour}.Validate(), true},
		{"a nanosecond before", data.RemindOffsets{time.Nanosecond}.Validate(), true},
		{"30 days before", data.RemindOffsets{month}.Validate(), true},
		{"the most reminders", data.RemindOffsets{1, 2, 3, 4, 5}.Validate(), true},
		{"one too many", data.RemindOffsets{1, 2, 3, 4, 5, 6}.Validate(), false},
		{"at the start", data.RemindOffsets{0}.Validate(), false},
		{"after the start", data.RemindOffsets{-time.Minute}.Validate(), false},
		{"more than 30 days before", data.RemindOffsets{month + time.Nanosecond}.Validate(), false},
		{"a bad one among good ones", data.RemindOffsets{time.Hour, 0}.Validate(), false},
	})
}

func TestDigestValidate(t *testing.T) {
	validity(t, "Digest.Validate", []validityCase{
		{"Monday 08:30", data.Digest{Weekday: time.Monday, At: 8*60 + 30}.Validate(), true},
		{"Sunday midnight", data.Digest{Weekday: time.Sunday}.Validate(), true},
		{"Saturday 23:59", data.Digest{Weekday: time.Saturday, At: 24*60 - 1}.Validate(), true},
		{"off, with a good time", data.Digest{Off: true, Weekday: time.Friday, At: 60}.Validate(), true},
		{"24:00", data.Digest{Weekday: time.Monday, At: 24 * 60}.Validate(), false},
		{"before midnight", data.Digest{Weekday: time.Monday, At: -1}.Validate(), false},
		{"day 7", data.Digest{Weekday: 7}.Validate(), false},
		{"day -1", data.Digest{Weekday: -1}.Validate(), false},
		{"off does not excuse a bad time", data.Digest{Off: true, At: 24 * 60}.Validate(), false},
	})
}

func TestQuietHoursUTCBoundaries(t *testing.T) {
	day := func(h, m, s int) time.Time { return time.Date(2025, 3, 14, h, m, s, 0, time.UTC) }
	lunch := data.QuietHours{Start: 12 * 60, End: 13 * 60}   // within a day
	night := data.QuietHours{Start: 22 * 60, End: 7*60 + 30} // across midnight
	for _, tc := range []struct {
		name     string
		q        data.QuietHours
		t        time.Time
		contains bool
		next     time.Time
	}{
		{"a second before the start", lunch, day(11, 59, 59), false, day(11, 59, 59)},
		{"at the start", lunch, day(12, 0, 0), true, day(13, 0, 0)},
		{"inside, mid-minute", lunch, day(12, 30, 30), true, day(13, 0, 0)},
		{"the last second", lunch, day(12, 59, 59), true, day(13, 0, 0)},
		{"at the end", lunch, day(13, 0, 0), false, day(13, 0, 0)},
		{"night, before it", night, day(21, 59, 0), false, day(21, 59, 0)},
		{"night, at its start", night, day(22, 0, 0), true, day(7, 30, 0).Add(24 * time.Hour)},
		{"night, at midnight", night, day(0, 0, 0), true, day(7, 30, 0)},
		{"night, the last minute", night, day(7, 29, 0), true, day(7, 30, 0)},
		{"night, at its end", night, day(7, 30, 0), false, day(7, 30, 0)},
	} {
		if got := tc.q.Contains(tc.t, time.UTC); got != tc.contains {
			t.Errorf("%s: %v.Contains(%v) = %v; want %v", tc.name, tc.q, tc.t, got, tc.contains)
		}
		if got := tc.q.NextAllowed(tc.t, time.UTC); !got.Equal(tc.next) {
			t.Errorf("%s: %v.NextAllowed(%v) = %v; want %v", tc.name, tc.q, tc.t, got, tc.next)
		}
	}
}

func TestUTF16Len(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"hello", 5},
		{"党支部", 3}, // the basic plane: one unit each
		{"🚩", 2},   // beyond it: a surrogate pair
		{"a🚩b", 4},
		{"\xff", 1},    // an invalid byte counts as one replacement character
		{"é", 1},       // precomposed
		{"e\u0301", 2}, // combining: two code points
	} {
		if got := data.UTF16Len(tc.s); got != tc.want {
			t.Errorf("UTF16Len(%q) = %d; want %d", tc.s, got, tc.want)
		}
	}
}
