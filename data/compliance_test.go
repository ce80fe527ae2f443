package data_test

import (
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// held is a meeting of kind in group starting at start, an hour long.
func held(id uint64, kind data.MeetingKind, group uint64, start time.Time) data.Meeting {
	return data.Meeting{ID: id, Kind: kind, GroupID: group, Start: start, Duration: time.Hour, Status: data.Scheduled}
}

// states writes results as "kind/group/period:state" lines, for tests to
// compare at a glance.
func states(rs []data.SlotResult) string {
	var out []string
	for _, r := range rs {
		st := map[data.SlotState]string{data.SlotHeld: "✔", data.SlotMissed: "✗", data.SlotOpen: "…"}[r.State]
		out = append(out, r.Key()+":"+st)
	}
	return strings.Join(out, " ")
}

func TestComplianceAcrossQuarterBoundaries(t *testing.T) {
	utc := time.UTC
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 15, 0, 0, 0, utc) }
	groups := []data.Group{{ID: 1, Name: "一组"}, {ID: 2, Name: "二组"}}
	meetings := []data.Meeting{
		held(1, data.KindCommittee, 0, day(time.March, 5)),
		held(2, data.KindCommittee, 0, day(time.April, 2)), // next quarter: not Q1's
		held(3, data.KindAssembly, 0, day(time.February, 10)),
		held(4, data.KindGroup, 1, day(time.March, 20)),
		held(5, data.KindGroup, 2, day(time.March, 21)),
		held(6, data.KindLecture, 0, day(time.April, 1)), // Q2's lecture
		held(7, data.KindThemeDay, 0, day(time.March, 1)),
	}
	cancelled := held(8, data.KindLecture, 0, day(time.March, 30))
	cancelled.Status = data.Cancelled
	meetings = append(meetings, cancelled)
	now := time.Date(2026, 4, 10, 0, 0, 0, 0, utc)
	table := data.CadenceTable{data.KindCommittee: data.CadenceMonthly, data.KindGroup: data.CadenceMonthly, data.KindAssembly: data.CadenceQuarterly, data.KindLecture: data.CadenceQuarterly}

	march, _ := data.ParsePeriod("2026-03")
	got := states(data.CheckCompliance(data.Slots(march, utc, table, groups), meetings, now))
	want := "committee/0/2026-03:✔ group/1/2026-03:✔ group/2/2026-03:✔ assembly/0/2026-Q1:✔ lecture/0/2026-Q1:✗"
	if got != want {
		t.Errorf("March:\n got %s\nwant %s", got, want)
	}

	q2, _ := data.ParsePeriod("2026-Q2")
	got = states(data.CheckCompliance(data.Slots(q2, utc, table, nil), meetings, now))
	want = "committee/0/2026-04:✔ committee/0/2026-05:… committee/0/2026-06:… assembly/0/2026-Q2:… lecture/0/2026-Q2:✔"
	if got != want {
		t.Errorf("Q2:\n got %s\nwant %s", got, want)
	}

	// A meeting that has not ended is planned, not held.
	soon := held(9, data.KindAssembly, 0, now.Add(30*time.Minute))
	rs := data.CheckCompliance(data.Slots(q2, utc, table, nil), append(meetings, soon), now.Add(time.Hour))
	for _, r := range rs {
		if r.Kind == data.KindAssembly && (r.State != data.SlotOpen || len(r.Planned) != 1 || len(r.Held) != 0) {
			t.Errorf("assembly in progress: %+v", r)
		}
	}
}

// In Shanghai the first quarter starts on 31 December, UTC: a lecture at
// 07:00 on 1 January local time belongs to Q1 there, to Q4 in UTC.
func TestComplianceInAZoneWhoseQuarterStartsOnAnotherUTCDay(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	lecture := held(1, data.KindLecture, 0, time.Date(2026, 1, 1, 7, 0, 0, 0, shanghai))
	table := data.CadenceTable{data.KindLecture: data.CadenceQuarterly}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	q1, _ := data.ParsePeriod("2026-Q1")
	q4, _ := data.ParsePeriod("2025-Q4")
	for _, tc := range []struct {
		p    data.Period
		loc  *time.Location
		want string
	}{
		{q1, shanghai, "lecture/0/2026-Q1:✔"},
		{q1, time.UTC, "lecture/0/2026-Q1:✗"},
		{q4, shanghai, "lecture/0/2025-Q4:✗"},
		{q4, time.UTC, "lecture/0/2025-Q4:✔"},
	} {
		got := states(data.CheckCompliance(data.Slots(tc.p, tc.loc, table, nil), []data.Meeting{lecture}, now))
		if got != tc.want {
			t.Errorf("%s in %s: got %s, want %s", tc.p, tc.loc, got, tc.want)
		}
	}
}

func TestComplianceWithASecretaryEditedTable(t *testing.T) {
	table, err := data.ParseCadence("committee:quarterly,group:off,themeday:off", data.DefaultCadence())
	if err != nil {
		t.Fatal(err)
	}
	if got := table.String(); got != "committee:quarterly,assembly:quarterly,lecture:quarterly" {
		t.Errorf("table = %s", got)
	}
	utc := time.UTC
	q1, _ := data.ParsePeriod("2026-Q1")
	meetings := []data.Meeting{
		held(1, data.KindCommittee, 0, time.Date(2026, 2, 3, 9, 0, 0, 0, utc)),
		held(2, data.KindAssembly, 0, time.Date(2026, 3, 3, 9, 0, 0, 0, utc)),
		held(3, data.KindLecture, 0, time.Date(2026, 3, 4, 9, 0, 0, 0, utc)),
	}
	got := states(data.CheckCompliance(data.Slots(q1, utc, table, []data.Group{{ID: 1}}), meetings, time.Date(2026, 5, 1, 0, 0, 0, 0, utc)))
	if want := "committee/0/2026-Q1:✔ assembly/0/2026-Q1:✔ lecture/0/2026-Q1:✔"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// Under the usual rule the same quarter misses two committee months,
	// the group's three meetings and three themed days.
	got = states(data.CheckCompliance(data.Slots(q1, utc, data.DefaultCadence(), []data.Group{{ID: 1}}), meetings, time.Date(2026, 5, 1, 0, 0, 0, 0, utc)))
	if n := strings.Count(got, "✗"); n != 8 {
		t.Errorf("usual rule: %d misses in %s", n, got)
	}
}

func TestParseCadence(t *testing.T) {
	for _, bad := range []string{"", "committee", "committee:weekly", "meeting:monthly", "committee:monthly,", "committee=monthly"} {
		if _, err := data.ParseCadence(bad, data.DefaultCadence()); data.ErrorCode(err) != data.EInvalid {
			t.Errorf("ParseCadence(%q) = %v, want invalid", bad, err)
		}
	}
	got, err := data.ParseCadence("Lecture:Monthly", nil)
	if err != nil || got.String() != "lecture:monthly" {
		t.Errorf("from nothing: %v, %v", got, err)
	}
	base := data.DefaultCadence()
	if _, err := data.ParseCadence("group:off", base); err != nil || base[data.KindGroup] != data.CadenceMonthly {
		t.Errorf("the base table changed: %v", base)
	}
	if got, _ := data.ParseCadence("default", got); got.String() != data.DefaultCadence().String() {
		t.Errorf("default = %s", got)
	}
	s := data.DefaultSettings()
	s.Cadence = data.CadenceTable{data.KindCommittee: "weekly"}
	if err := s.Validate(); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("a weekly cadence validates: %v", err)
	}
	s.Cadence, s.CadenceLead = nil, 29*24*time.Hour
	if err := s.Validate(); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("a 29-day lead validates: %v", err)
	}
}

func TestCadenceWarnings(t *testing.T) {
	utc := time.UTC
	table := data.CadenceTable{data.KindCommittee: data.CadenceMonthly, data.KindLecture: data.CadenceQuarterly}
	q1, _ := data.ParsePeriod("2026-Q1")
	slots := data.Slots(q1, utc, table, nil)
	lead := data.DefaultCadenceLead
	warned := func(now time.Time, ms ...data.Meeting) string {
		var out []string
		for _, w := range data.CadenceWarnings(slots, ms, now, lead) {
			out = append(out, w.Slot.Key()+"@"+string(rune('0'+w.Stage)))
		}
		return strings.Join(out, " ")
	}
	// March 31 has 31 days: 14 days left is March 18, 00:00.
	if got := warned(time.Date(2026, 3, 17, 23, 59, 0, 0, utc)); got != "" {
		t.Errorf("before 14 days left: %s", got)
	}
	if got := warned(time.Date(2026, 3, 18, 0, 0, 0, 0, utc)); got != "committee/0/2026-03@1 lecture/0/2026-Q1@1" {
		t.Errorf("at 14 days left: %s", got)
	}
	if got := warned(time.Date(2026, 3, 25, 0, 0, 0, 0, utc)); got != "committee/0/2026-03@2 lecture/0/2026-Q1@2" {
		t.Errorf("in the last week: %s", got)
	}
	planned := held(1, data.KindLecture, 0, time.Date(2026, 3, 30, 9, 0, 0, 0, utc))
	if got := warned(time.Date(2026, 3, 25, 0, 0, 0, 0, utc), planned); got != "committee/0/2026-03@2" {
		t.Errorf("once the lecture is scheduled: %s", got)
	}
	planned.Status = data.Cancelled
	if got := warned(time.Date(2026, 3, 25, 0, 0, 0, 0, utc), planned); !strings.Contains(got, "lecture") {
		t.Errorf("a cancelled lecture counts: %s", got)
	}

	next := data.NextCadenceCheck(slots, time.Date(2026, 3, 1, 0, 0, 0, 0, utc), lead)
	if want := time.Date(2026, 3, 18, 0, 0, 0, 0, utc); !next.Equal(want) {
		t.Errorf("next check = %v, want %v", next, want)
	}
	next = data.NextCadenceCheck(slots, time.Date(2026, 3, 18, 0, 0, 0, 0, utc), lead)
	if want := time.Date(2026, 3, 25, 0, 0, 0, 0, utc); !next.Equal(want) {
		t.Errorf("next check = %v, want %v", next, want)
	}
	if next := data.NextCadenceCheck(slots, time.Date(2026, 3, 25, 0, 0, 0, 0, utc), lead); !next.IsZero() {
		t.Errorf("no check left in Q1, got %v", next)
	}
}

// TestSlotsSince: a branch created in November is not held to October's
// meetings, but is to November's, which it could still hold.
func TestSlotsSince(t *testing.T) {
	loc := time.UTC
	p, err := data.ParsePeriod("2026-Q4")
	if err != nil {
		t.Fatal(err)
	}
	all := data.Slots(p, loc, data.DefaultCadence(), nil)
	created := time.Date(2026, 11, 20, 0, 0, 0, 0, loc)
	for _, s := range data.SlotsSince(all, created) {
		if !s.To.After(created) {
			t.Errorf("slot %s ended %v, before the branch existed", s.Key(), s.To)
		}
	}
	if got, want := len(data.SlotsSince(all, created)), len(all)-2; got != want { // October's committee meeting and themed day
		t.Errorf("%d slots since %v, want %d", got, created, want)
	}
	if got := len(data.SlotsSince(all, time.Time{})); got != len(all) {
		t.Errorf("an unknown creation time left %d of %d slots", got, len(all))
	}
}
