package data_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"branchbot/data"
)

// The store fixture is a small store written by the branchbot that stored
// records as JSON (schema 12), with every kind of meeting record, reminder
// and timer, and the golden file is what that branchbot read back from it.
// A migration test opens a copy with this build and checks that it reads
// back the same. Regenerate both only with that old build:
//
//	BRANCHBOT_WRITE_STORE_FIXTURE=1 go test ./data -run TestWriteStoreFixture
const (
	fixtureStore  = "testdata/store-schema12.db"
	fixtureGolden = "testdata/store-schema12.golden.json"
)

// storeDump is everything a store holds, read through the store's API
// where this build may encode it differently, and byte for byte elsewhere.
type storeDump struct {
	Meetings  map[uint64]data.Meeting    `json:"meetings"`
	Reminders map[uint64][]data.Reminder `json:"reminders"` // by meeting
	Calendar  map[uint64][]uint64        `json:"calendar"`  // branch → meeting ids, by start
	Timers    []data.Timer               `json:"timers"`
	TimerSet  []bool                     `json:"timer_set"` // HasTimer of each, in order
	Sequences map[string]uint64          `json:"sequences"`
	// Raw holds, hex-encoded, the keys and values of the buckets whose
	// encoding this build keeps.
	Raw map[string][][2]string `json:"raw"`
}

// encodedBuckets are the buckets whose records a newer schema may encode
// differently: compared through the API, not byte for byte.
var encodedBuckets = map[string]bool{
	"meta": true, "meetings": true, "reminders": true, "meeting_reminders": true,
	"timers": true, "timer_refs": true, "branch_meetings": true,
}

func dumpStore(t *testing.T, s *data.Store) storeDump {
	t.Helper()
	d := storeDump{
		Meetings: map[uint64]data.Meeting{}, Reminders: map[uint64][]data.Reminder{},
		Calendar: map[uint64][]uint64{}, Sequences: map[string]uint64{}, Raw: map[string][][2]string{},
	}
	for id := uint64(1); ; id++ {
		m, err := s.Meeting(id)
		if errors.Is(err, data.ErrMeetingUnknown) {
			break
		}
		if err != nil {
			t.Fatalf("Meeting(%d): %v", id, err)
		}
		d.Meetings[id] = m
		rs, err := s.PendingReminders(id)
		if err != nil {
			t.Fatalf("PendingReminders(%d): %v", id, err)
		}
		d.Reminders[id] = rs
		if _, ok := d.Calendar[m.BranchID]; !ok {
			all, err := s.AllMeetings(m.BranchID, time.Unix(0, 0), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatalf("AllMeetings(%d): %v", m.BranchID, err)
			}
			ids := []uint64{}
			for _, o := range all {
				ids = append(ids, o.ID)
			}
			d.Calendar[m.BranchID] = ids
		}
	}
	var err error
	if d.Timers, err = s.TestOnlyTimers(); err != nil {
		t.Fatal(err)
	}
	for _, tm := range d.Timers {
		ok, err := s.HasTimer(tm.Kind, tm.Ref)
		if err != nil {
			t.Fatal(err)
		}
		d.TimerSet = append(d.TimerSet, ok)
	}
	sizes, _, _, _, err := s.TestOnlyBucketSizes()
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range sizes {
		d.Sequences[z.Name] = z.Sequence
	}
	err = s.Walk(func(bucket string, k, v []byte) error {
		if !encodedBuckets[bucket] {
			d.Raw[bucket] = append(d.Raw[bucket], [2]string{hex.EncodeToString(k), hex.EncodeToString(v)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWriteStoreFixture writes the fixture and its golden file; it runs
// only when asked to (see fixtureStore).
func TestWriteStoreFixture(t *testing.T) {
	if os.Getenv("BRANCHBOT_WRITE_STORE_FIXTURE") == "" {
		t.Skip("set BRANCHBOT_WRITE_STORE_FIXTURE=1 to write the store fixture")
	}
	path := filepath.Join(t.TempDir(), "fixture.db")
	s := openAt(t, path)
	fillFixture(t, s)
	d := dumpStore(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixtureStore, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	golden, err := json.MarshalIndent(d, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixtureGolden, append(golden, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fillFixture writes every shape of meeting, reminder and timer the
// store keeps, through the store's API.
func fillFixture(t *testing.T, s *data.Store) {
	t.Helper()
	ctx := t.Context()
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, time.November, 2, 9, 30, 0, 0, shanghai)
	founder := data.Person{UserID: 1001, Name: "书记", Lang: "zh"}
	br, err := s.CreateBranch(ctx, "第一党支部", founder, now)
	if err != nil {
		t.Fatal(err)
	}
	other := mustBranch(t, s, "Second branch", person(2001, "Ann"))
	for i, p := range []data.Person{{UserID: 1002, Name: "委员", Lang: "zh"}, person(1003, "Bob"), person(1004, "Cai")} {
		role := data.RoleMember
		if i == 0 {
			role = data.RoleCommittee
		}
		mustJoin(t, s, br.ID, role, founder.UserID, p)
	}
	grp, err := s.AddGroup(ctx, br.ID, "第一小组")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SetMemberGroup(ctx, br.ID, 1003, grp.Name); err != nil {
		t.Fatal(err)
	}
	remind := []time.Duration{24 * time.Hour, time.Hour}
	plan := func(start time.Time, offs ...time.Duration) []data.PlannedReminder {
		var out []data.PlannedReminder
		for _, off := range offs {
			out = append(out, data.PlannedReminder{Offset: off, At: start.Add(-off)})
		}
		return out
	}
	create := func(m data.Meeting, p []data.PlannedReminder) data.Meeting {
		t.Helper()
		got, err := s.CreateMeeting(ctx, m, p)
		if err != nil {
			t.Fatalf("CreateMeeting(%q): %v", m.Title, err)
		}
		return got
	}
	day := func(d int, h int) time.Time { return time.Date(2026, time.November, d, h, 0, 0, 0, shanghai) }

	// Plain assemblies, in a zone and in UTC, with the usual reminders.
	create(data.Meeting{BranchID: br.ID, Kind: data.KindAssembly, Title: "支部党员大会", Start: day(20, 14), Duration: 90 * time.Minute,
		Place: "三楼会议室", Remind: remind, CreatedBy: 1001, CreatedAt: now}, plan(day(20, 14), remind...))
	create(data.Meeting{BranchID: other.ID, Kind: data.KindAssembly, Title: "Assembly", Start: day(21, 2).UTC(), Duration: time.Hour,
		Remind: remind, CreatedBy: 2001, CreatedAt: now.UTC()}, plan(day(21, 2).UTC(), remind...))
	// Every optional field.
	create(data.Meeting{BranchID: br.ID, Kind: data.KindGroup, GroupID: grp.ID, Title: "党小组会 with a \"quote\"", Start: day(22, 19).Add(17 * time.Second),
		Duration: 45*time.Minute + 500*time.Millisecond, Place: "线上", Remind: []time.Duration{2 * time.Hour}, Code: "4821", Rotate: true,
		Where: &data.Place{Lat: 39.9042, Lon: 116.4074, Radius: 150.5}, CreatedBy: 1002, CreatedAt: now.Add(time.Nanosecond)}, plan(day(22, 19), 2*time.Hour))
	// No reminders at all, a committee meeting.
	create(data.Meeting{BranchID: br.ID, Kind: data.KindCommittee, Title: "支委会", Start: day(23, 9), Duration: 0,
		Remind: nil, CreatedBy: 1001, CreatedAt: now}, nil)
	// Cancelled, then another cancelled and restored.
	c := create(data.Meeting{BranchID: br.ID, Kind: data.KindLecture, Title: "党课", Start: day(24, 15), Duration: time.Hour,
		Remind: remind, CreatedBy: 1001, CreatedAt: now}, plan(day(24, 15), remind...))
	if _, _, err := s.CancelMeeting(ctx, c.ID, data.MeetingChange{Now: now.Add(time.Hour), By: 1001}); err != nil {
		t.Fatal(err)
	}
	r := create(data.Meeting{BranchID: br.ID, Kind: data.KindOther, Title: "学习会", Start: day(25, 15), Duration: time.Hour,
		Remind: remind, CreatedBy: 1002, CreatedAt: now}, plan(day(25, 15), remind...))
	if _, _, err := s.CancelMeeting(ctx, r.ID, data.MeetingChange{Now: now.Add(time.Hour), By: 1001}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RestoreMeeting(ctx, r.ID, plan(day(25, 15), time.Hour), data.MeetingChange{Now: now.Add(2 * time.Hour), By: 1001}); err != nil {
		t.Fatal(err)
	}
	// Moved.
	mv := create(data.Meeting{BranchID: br.ID, Kind: data.KindThemeDay, Title: "主题党日", Start: day(26, 9), Duration: 3 * time.Hour,
		Remind: remind, CreatedBy: 1001, CreatedAt: now}, plan(day(26, 9), remind...))
	if _, _, err := s.MoveMeeting(ctx, mv.ID, day(27, 10), plan(day(27, 10), remind...), data.MeetingChange{Now: now.Add(time.Hour), By: 1001}); err != nil {
		t.Fatal(err)
	}
	// Held and closed, with minutes edited twice.
	held := create(data.Meeting{BranchID: br.ID, Kind: data.KindAssembly, Title: "已召开的大会", Start: day(3, 14), Duration: time.Hour,
		Remind: remind, CreatedBy: 1001, CreatedAt: now}, plan(day(3, 14), remind...))
	after := day(3, 16)
	if _, err := s.CheckIn(ctx, held.ID, br.ID, 1002, "", day(3, 14)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseMeeting(ctx, held.ID, data.Closing{Now: after,
		Summary: func(data.Meeting, data.Roll, string) string { return "小结" },
		MakeUp:  func(data.Meeting, string) string { return "补学" }}); err != nil {
		t.Fatal(err)
	}
	text, host := "讨论了年度计划", "书记"
	agenda := []string{"年度计划", "发展党员"}
	if _, _, err := s.EditMinutes(ctx, held.ID, br.ID, data.MinutesEdit{Text: &text, Host: &host, Agenda: &agenda}, 1001, after); err != nil {
		t.Fatal(err)
	}
	text2 := "讨论并通过了年度计划"
	if _, _, err := s.EditMinutes(ctx, held.ID, br.ID, data.MinutesEdit{Text: &text2}, 1001, after.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A series planned in bulk.
	until := time.Date(2027, time.March, 1, 0, 0, 0, 0, shanghai)
	sr, err := s.CreateSeries(ctx, data.Series{BranchID: br.ID, Kind: data.KindGroup, GroupID: grp.ID, Rule: "monthly", Title: "月度小组会",
		Remind: remind, CreatedBy: 1001, CreatedAt: now}, until, 0)
	if err != nil {
		t.Fatal(err)
	}
	var plans []data.MeetingPlan
	for i := range 3 {
		start := time.Date(2026, time.December+time.Month(i), 10, 19, 0, 0, 0, shanghai)
		plans = append(plans, data.MeetingPlan{Meeting: data.Meeting{BranchID: br.ID, Kind: data.KindGroup, GroupID: grp.ID, SeriesID: sr.ID,
			Title: "月度小组会", Start: start, Duration: time.Hour, Remind: remind, CreatedBy: 1001, CreatedAt: now}, Reminders: plan(start, remind...)})
	}
	if _, err := s.PlanSeries(ctx, sr.ID, until, plans, until); err != nil {
		t.Fatal(err)
	}
	// A reminder fired, and one caught up inside quiet hours and moved.
	fired := create(data.Meeting{BranchID: br.ID, Kind: data.KindAssembly, Title: "明天的大会", Start: day(5, 14), Duration: time.Hour,
		Remind: remind, CreatedBy: 1001, CreatedAt: now}, plan(day(5, 14), remind...))
	rs, err := s.PendingReminders(fired.ID)
	if err != nil || len(rs) != 2 {
		t.Fatalf("PendingReminders = %v, %v", rs, err)
	}
	render := func(data.Branch, data.Meeting, data.Reminder, string, time.Duration) data.NoticeMessages {
		return data.NoticeMessages{Parts: []string{"提醒"}}
	}
	if _, _, err := s.FireReminder(ctx, data.ReminderFire{ReminderID: rs[0].ID, Now: rs[0].At, Render: render}); err != nil {
		t.Fatal(err)
	}
	quiet := func(data.Branch, time.Time) time.Time { return rs[1].At.Add(30 * time.Minute) }
	if _, _, err := s.FireReminder(ctx, data.ReminderFire{ReminderID: rs[1].ID, Now: rs[1].At.Add(time.Minute), Render: render, Quiet: quiet}); err != nil {
		t.Fatal(err)
	}
	// Timers of other kinds, and two at the same instant.
	for _, tm := range []data.Timer{
		{Kind: data.TimerDigest, Ref: br.ID, At: day(30, 8)},
		{Kind: data.TimerCadence, Ref: br.ID, At: day(30, 8)},
		{Kind: data.TimerMissed, Ref: other.ID, At: day(4, 7).UTC()},
		{Kind: "someday", Ref: 1 << 40, At: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := s.SetTimer(ctx, tm.Kind, tm.Ref, tm.At); err != nil {
			t.Fatal(err)
		}
	}
}
