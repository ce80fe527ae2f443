package data_test

import (
	"errors"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed

	"branchbot/data"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// hm is minutes after midnight.
func hm(h, m int) int { return h*60 + m }

func utc(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

func TestQuietHoursString(t *testing.T) {
	for _, tc := range []struct {
		q    data.QuietHours
		want string
	}{
		{data.QuietHours{Start: hm(22, 0), End: hm(7, 30)}, "22:00-07:30"},
		{data.QuietHours{Start: hm(12, 0), End: hm(13, 0)}, "12:00-13:00"},
		{data.QuietHours{Start: 0, End: hm(0, 5)}, "00:00-00:05"},
		{data.QuietHours{}, "off"},
		{data.QuietHours{Start: hm(9, 0), End: hm(9, 0)}, "off"},
	} {
		if got := tc.q.String(); got != tc.want {
			t.Errorf("%+v.String() = %q; want %q", tc.q, got, tc.want)
		}
	}
}

func TestQuietHoursValidate(t *testing.T) {
	for _, tc := range []struct {
		q  data.QuietHours
		ok bool
	}{
		{data.QuietHours{}, true},
		{data.QuietHours{Start: hm(22, 0), End: hm(7, 30)}, true},
		{data.QuietHours{Start: 0, End: 24*60 - 1}, true},
		{data.QuietHours{Start: 24*60 - 1, End: 0}, true},
		{data.QuietHours{Start: -1, End: 0}, false},
		{data.QuietHours{Start: 0, End: -1}, false},
		{data.QuietHours{Start: 24 * 60, End: 0}, false},
		{data.QuietHours{Start: 0, End: 24 * 60}, false},
		{data.QuietHours{Start: 24 * 60, End: 24 * 60}, false}, // "off", but out of range
	} {
		err := tc.q.Validate()
		if tc.ok && err != nil {
			t.Errorf("%+v.Validate() = %v; want nil", tc.q, err)
		}
		if !tc.ok {
			wantCode(t, "Validate", err, data.EInvalid)
		}
	}
}

func TestQuietHoursOff(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	for _, q := range []data.QuietHours{{}, {Start: hm(10, 0), End: hm(10, 0)}} {
		if !q.Off() {
			t.Errorf("%+v.Off() = false", q)
		}
		for m := 0; m < 24*60; m += 7 {
			at := time.Date(2026, 6, 10, 0, m, 13, 0, sh)
			if q.Contains(at, sh) {
				t.Fatalf("%+v.Contains(%v) = true; want false when off", q, at)
			}
			if got := q.NextAllowed(at, sh); !got.Equal(at) {
				t.Fatalf("%+v.NextAllowed(%v) = %v; want t itself when off", q, at, got)
			}
		}
	}
	if (data.QuietHours{Start: 1, End: 2}).Off() {
		t.Error("01-02 minutes reported as off")
	}
}

type quietCase struct {
	name     string
	q        data.QuietHours
	loc      *time.Location
	t        time.Time
	contains bool
	next     time.Time // zero: t itself
	// bug names the daylight-saving mistake the case guards against.
	bug string
}

func checkQuietCases(t *testing.T, cases []quietCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.Contains(tc.t, tc.loc); got != tc.contains {
				t.Errorf("%v.Contains(%v) = %v; want %v", tc.q, tc.t.In(tc.loc), got, tc.contains)
			}
			want := tc.next
			if want.IsZero() {
				want = tc.t
			}
			got := tc.q.NextAllowed(tc.t, tc.loc)
			if got.Equal(want) {
				return
			}
			msg := "%v.NextAllowed(%v) = %v; want %v"
			args := []any{tc.q, tc.t.In(tc.loc), got.In(tc.loc), want.In(tc.loc)}
			if tc.bug != "" {
				msg += " (guards against: %s)"
				args = append(args, tc.bug)
			}
			t.Errorf(msg, args...)
		})
	}
}

func TestQuietHoursShanghai(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	at := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, sh)
	}
	night := data.QuietHours{Start: hm(22, 0), End: hm(7, 30)}
	noon := data.QuietHours{Start: hm(12, 0), End: hm(13, 0)}
	checkQuietCases(t, []quietCase{
		// A span that wraps past midnight.
		{name: "wrap/before start", q: night, loc: sh, t: at(2026, 6, 10, 21, 59, 59, 999999999)},
		{name: "wrap/at start", q: night, loc: sh, t: at(2026, 6, 10, 22, 0, 0, 0), contains: true, next: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/before midnight", q: night, loc: sh, t: at(2026, 6, 10, 23, 59, 59, 999999999), contains: true, next: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/midnight", q: night, loc: sh, t: at(2026, 6, 11, 0, 0, 0, 0), contains: true, next: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/small hours", q: night, loc: sh, t: at(2026, 6, 11, 3, 17, 42, 5), contains: true, next: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/just before end", q: night, loc: sh, t: at(2026, 6, 11, 7, 29, 59, 999999999), contains: true, next: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/at end", q: night, loc: sh, t: at(2026, 6, 11, 7, 30, 0, 0)},
		{name: "wrap/midday", q: night, loc: sh, t: at(2026, 6, 11, 12, 0, 0, 0)},
		{name: "wrap/new year", q: night, loc: sh, t: at(2026, 12, 31, 23, 0, 0, 0), contains: true, next: at(2027, 1, 1, 7, 30, 0, 0)},
		{name: "wrap/end of february", q: night, loc: sh, t: at(2026, 2, 28, 22, 30, 0, 0), contains: true, next: at(2026, 3, 1, 7, 30, 0, 0)},
		// t given in another zone: the wall clock of loc decides.
		{name: "wrap/t in UTC inside", q: night, loc: sh, t: utc(2026, 6, 10, 14, 30, 0), contains: true, next: utc(2026, 6, 10, 23, 30, 0)},
		{name: "wrap/t in UTC outside", q: night, loc: sh, t: utc(2026, 6, 10, 23, 30, 0)},
		// A span within one day.
		{name: "day/before", q: noon, loc: sh, t: at(2026, 6, 10, 11, 59, 59, 0)},
		{name: "day/start", q: noon, loc: sh, t: at(2026, 6, 10, 12, 0, 0, 0), contains: true, next: at(2026, 6, 10, 13, 0, 0, 0)},
		{name: "day/inside", q: noon, loc: sh, t: at(2026, 6, 10, 12, 59, 59, 999999999), contains: true, next: at(2026, 6, 10, 13, 0, 0, 0)},
		{name: "day/end", q: noon, loc: sh, t: at(2026, 6, 10, 13, 0, 0, 0)},
		{name: "day/midnight", q: noon, loc: sh, t: at(2026, 6, 10, 0, 0, 0, 0)},
		{name: "day/late", q: noon, loc: sh, t: at(2026, 6, 10, 23, 0, 0, 0)},
		// Extremes.
		{name: "one minute", q: data.QuietHours{Start: hm(12, 0), End: hm(12, 1)}, loc: sh, t: at(2026, 6, 10, 12, 0, 30, 0), contains: true, next: at(2026, 6, 10, 12, 1, 0, 0)},
		{name: "until midnight", q: data.QuietHours{Start: hm(23, 0), End: 0}, loc: sh, t: at(2026, 6, 10, 23, 30, 0, 0), contains: true, next: at(2026, 6, 11, 0, 0, 0, 0)},
		{name: "all but a minute/free minute", q: data.QuietHours{Start: hm(10, 1), End: hm(10, 0)}, loc: sh, t: at(2026, 6, 10, 10, 0, 30, 0)},
		{name: "all but a minute/quiet", q: data.QuietHours{Start: hm(10, 1), End: hm(10, 0)}, loc: sh, t: at(2026, 6, 10, 10, 1, 0, 0), contains: true, next: at(2026, 6, 11, 10, 0, 0, 0)},
		{name: "off", q: data.QuietHours{}, loc: sh, t: at(2026, 6, 10, 0, 0, 0, 0)},
	})
}

// TestQuietHoursBerlinDST crosses both of Berlin's 2026 clock changes:
// 2026-03-29 02:00 CET → 03:00 CEST (at 01:00 UTC) and 2026-10-25 03:00
// CEST → 02:00 CET (at 01:00 UTC). Times are written in UTC to be
// unambiguous; the comments give Berlin's wall clock.
func TestQuietHoursBerlinDST(t *testing.T) {
	be := mustLoad(t, "Europe/Berlin")
	q := data.QuietHours{Start: hm(1, 0), End: hm(2, 30)}
	night := data.QuietHours{Start: hm(22, 0), End: hm(7, 30)}
	const springBug = "wall-clock End falls in the spring-forward gap; time.Date normalises 02:30 to 03:30 CEST although quiet hours ended at 03:00 CEST"
	const fallBug = "wall-clock End occurs twice on the fall-back day; time.Date picks the second (CET) 02:30 although quiet hours first end at 02:30 CEST"
	checkQuietCases(t, []quietCase{
		// The day before spring forward: an ordinary day.
		{name: "spring-1/inside", q: q, loc: be, t: utc(2026, 3, 28, 0, 30, 0), contains: true, next: utc(2026, 3, 28, 1, 30, 0)}, // 01:30 CET → 02:30 CET
		// Spring forward: 02:00–03:00 does not exist.
		{name: "spring/before", q: q, loc: be, t: utc(2026, 3, 28, 23, 59, 0)},                                                               // 00:59 CET
		{name: "spring/start", q: q, loc: be, t: utc(2026, 3, 29, 0, 0, 0), contains: true, next: utc(2026, 3, 29, 1, 0, 0), bug: springBug}, // 01:00 CET → 03:00 CEST
		{name: "spring/last second", q: q, loc: be, t: utc(2026, 3, 29, 0, 59, 59), contains: true, next: utc(2026, 3, 29, 1, 0, 0), bug: springBug},
		{name: "spring/after jump", q: q, loc: be, t: utc(2026, 3, 29, 1, 0, 0)},                                                   // 03:00 CEST
		{name: "spring/later", q: q, loc: be, t: utc(2026, 3, 29, 1, 29, 0)},                                                       // 03:29 CEST
		{name: "spring+1/inside", q: q, loc: be, t: utc(2026, 3, 29, 23, 30, 0), contains: true, next: utc(2026, 3, 30, 0, 30, 0)}, // 01:30 CEST → 02:30 CEST
		// Fall back: 02:00–03:00 happens twice, first CEST then CET.
		{name: "fall/before", q: q, loc: be, t: utc(2026, 10, 24, 22, 59, 0)},                                                                // 00:59 CEST
		{name: "fall/start", q: q, loc: be, t: utc(2026, 10, 24, 23, 0, 0), contains: true, next: utc(2026, 10, 25, 0, 30, 0), bug: fallBug}, // 01:00 CEST → 02:30 CEST
		{name: "fall/first 02:29", q: q, loc: be, t: utc(2026, 10, 25, 0, 29, 0), contains: true, next: utc(2026, 10, 25, 0, 30, 0), bug: fallBug},
		{name: "fall/first 02:30", q: q, loc: be, t: utc(2026, 10, 25, 0, 30, 0)},                                                      // 02:30 CEST
		{name: "fall/first 02:59", q: q, loc: be, t: utc(2026, 10, 25, 0, 59, 0)},                                                      // 02:59 CEST
		{name: "fall/second 02:00", q: q, loc: be, t: utc(2026, 10, 25, 1, 0, 0), contains: true, next: utc(2026, 10, 25, 1, 30, 0)},   // 02:00 CET → 02:30 CET
		{name: "fall/second 02:29", q: q, loc: be, t: utc(2026, 10, 25, 1, 29, 59), contains: true, next: utc(2026, 10, 25, 1, 30, 0)}, // 02:29:59 CET
		{name: "fall/second 02:30", q: q, loc: be, t: utc(2026, 10, 25, 1, 30, 0)},                                                     // 02:30 CET
		{name: "fall+1/inside", q: q, loc: be, t: utc(2026, 10, 26, 0, 0, 0), contains: true, next: utc(2026, 10, 26, 1, 30, 0)},       // 01:00 CET → 02:30 CET
		// A night span across the changes ends at 07:30 local either way.
		{name: "night/spring", q: night, loc: be, t: utc(2026, 3, 28, 22, 0, 0), contains: true, next: utc(2026, 3, 29, 5, 30, 0)}, // 23:00 CET → 07:30 CEST
		{name: "night/spring after jump", q: night, loc: be, t: utc(2026, 3, 29, 1, 0, 0), contains: true, next: utc(2026, 3, 29, 5, 30, 0)},
		{name: "night/fall", q: night, loc: be, t: utc(2026, 10, 24, 21, 0, 0), contains: true, next: utc(2026, 10, 25, 6, 30, 0)}, // 23:00 CEST → 07:30 CET
		{name: "night/fall repeated hour", q: night, loc: be, t: utc(2026, 10, 25, 1, 15, 0), contains: true, next: utc(2026, 10, 25, 6, 30, 0)},
	})
}

// TestQuietHoursDSTNeverInside pins cases where NextAllowed returned a
// time inside the quiet hours, or a day late, around clock changes.
func TestQuietHoursDSTNeverInside(t *testing.T) {
	be := mustLoad(t, "Europe/Berlin")
	ny := mustLoad(t, "America/New_York")
	checkQuietCases(t, []quietCase{
		// 03:00–02:30 is quiet all day but half an hour. At 01:30 CET on
		// spring-forward day the clock jumps from 02:00 to 03:00 — still
		// quiet — so the first allowed time is 02:30 the next day.
		{name: "berlin/almost all day", q: data.QuietHours{Start: hm(3, 0), End: hm(2, 30)}, loc: be,
			t: utc(2026, 3, 29, 0, 30, 0), contains: true, next: utc(2026, 3, 30, 0, 30, 0),
			bug: "returns 03:30 CEST, which is inside the quiet hours"},
		// New York springs forward on 2026-03-08 at 02:00 EST (07:00 UTC).
		{name: "new york/spring 01:00", q: data.QuietHours{Start: hm(1, 0), End: hm(2, 30)}, loc: ny,
			t: utc(2026, 3, 8, 6, 0, 0), contains: true, next: utc(2026, 3, 8, 7, 0, 0), // 01:00 EST → 03:00 EDT
			bug: "time.Date(02:30) in the gap gives 01:30 EST, inside the quiet hours"},
		{name: "new york/spring 01:30", q: data.QuietHours{Start: hm(1, 0), End: hm(2, 30)}, loc: ny,
			t: utc(2026, 3, 8, 6, 30, 0), contains: true, next: utc(2026, 3, 8, 7, 0, 0), // 01:30 EST → 03:00 EDT
			bug: "returns 02:30 EDT the next day, a day late"},
		// New York falls back on 2026-11-01 at 02:00 EDT (06:00 UTC).
		{name: "new york/fall repeated hour", q: data.QuietHours{Start: 0, End: hm(1, 30)}, loc: ny,
			t: utc(2026, 11, 1, 6, 15, 0), contains: true, next: utc(2026, 11, 1, 6, 30, 0), // 01:15 EST → 01:30 EST
			bug: "time.Date picks the first (EDT) 01:30, already past, so it returns 01:30 the next day"},
		{name: "new york/fall first hour", q: data.QuietHours{Start: 0, End: hm(1, 30)}, loc: ny,
			t: utc(2026, 11, 1, 5, 15, 0), contains: true, next: utc(2026, 11, 1, 5, 30, 0)}, // 01:15 EDT → 01:30 EDT
	})
}

// FuzzQuietHours checks NextAllowed's promises for any span and instant:
// never before t, never inside the quiet hours, t itself when t is allowed,
// and never more than a quiet period (plus an hour of clock change) away.
// In zones without clock changes it is exactly the next wall-clock End.
func FuzzQuietHours(f *testing.F) {
	type zone struct {
		loc   *time.Location
		noDST bool // no clock changes since 2000
	}
	zones := []zone{
		{time.UTC, true},
		{mustLoad(f, "Asia/Shanghai"), true},
		{mustLoad(f, "Asia/Kathmandu"), true}, // +05:45
		{mustLoad(f, "Europe/Berlin"), false},
		{mustLoad(f, "America/New_York"), false},
		{mustLoad(f, "Australia/Lord_Howe"), false}, // half-hour clock changes
	}
	seeds := []time.Time{
		utc(2026, 6, 10, 14, 30, 0),
		utc(2026, 3, 29, 0, 0, 0), utc(2026, 3, 29, 0, 30, 0), utc(2026, 3, 29, 1, 0, 0),
		utc(2026, 10, 24, 23, 0, 0), utc(2026, 10, 25, 0, 15, 0), utc(2026, 10, 25, 1, 15, 0),
		utc(2026, 12, 31, 15, 59, 59), utc(2000, 1, 1, 0, 0, 0),
	}
	for _, at := range seeds {
		for _, q := range [][2]int{{hm(22, 0), hm(7, 30)}, {hm(12, 0), hm(13, 0)}, {hm(1, 0), hm(2, 30)}, {0, 0}, {hm(23, 59), 0}} {
			f.Add(q[0], q[1], at.Unix())
		}
	}
	f.Add(-1, 24*60+5, int64(-1))
	lo := utc(2000, 1, 1, 0, 0, 0).Unix()
	span := utc(2100, 1, 1, 0, 0, 0).Unix() - lo
	f.Fuzz(func(t *testing.T, start, end int, unix int64) {
		q := data.QuietHours{Start: mod(start, 24*60), End: mod(end, 24*60)}
		if err := q.Validate(); err != nil {
			t.Fatalf("normalised %+v invalid: %v", q, err)
		}
		at := time.Unix(lo+int64(mod64(unix, span)), 0)
		for _, z := range zones {
			got := q.NextAllowed(at, z.loc)
			in := q.Contains(at, z.loc)
			switch {
			case got.Before(at):
				t.Fatalf("%v.NextAllowed(%v) = %v: before t", q, at.In(z.loc), got.In(z.loc))
			case q.Contains(got, z.loc):
				t.Fatalf("%v.NextAllowed(%v) = %v: inside the quiet hours", q, at.In(z.loc), got.In(z.loc))
			case !in && !got.Equal(at):
				t.Fatalf("%v.NextAllowed(%v) = %v; t is allowed, want t", q, at.In(z.loc), got.In(z.loc))
			case got.Sub(at) > 25*time.Hour:
				t.Fatalf("%v.NextAllowed(%v) = %v: %v later", q, at.In(z.loc), got.In(z.loc), got.Sub(at))
			case q.Off() && in:
				t.Fatalf("%v.Contains(%v) with quiet hours off", q, at.In(z.loc))
			}
			if !in || !z.noDST {
				continue
			}
			// Without clock changes the answer is the first wall-clock End
			// after t.
			lt := got.In(z.loc)
			if lt.Hour()*60+lt.Minute() != q.End || lt.Second() != 0 || lt.Nanosecond() != 0 || !got.After(at) || got.Sub(at) > 24*time.Hour {
				t.Fatalf("%v.NextAllowed(%v) = %v; want the next %02d:%02d", q, at.In(z.loc), lt, q.End/60, q.End%60)
			}
		}
	})
}

func mod(a, m int) int {
	a %= m
	if a < 0 {
		a += m
	}
	return a
}

func mod64(a, m int64) int64 {
	a %= m
	if a < 0 {
		a += m
	}
	return a
}

func TestDefaultSettingsValid(t *testing.T) {
	d := data.DefaultSettings()
	if err := d.Validate(); err != nil {
		t.Fatalf("DefaultSettings().Validate() = %v", err)
	}
	if d.FollowUpAfter <= 0 || d.MaxFollowUps < 1 || d.Quiet.Off() {
		t.Fatalf("DefaultSettings() = %+v; want follow-ups on and quiet hours set", d)
	}
}

func TestSettingsValidate(t *testing.T) {
	def := data.DefaultSettings()
	with := func(change func(*data.Settings)) data.Settings {
		s := def
		change(&s)
		return s
	}
	for _, tc := range []struct {
		name string
		s    data.Settings
		ok   bool
	}{
		{"default", def, true},
		{"zero", data.Settings{}, true},
		{"follow-ups off", with(func(s *data.Settings) { s.FollowUpAfter = 0 }), true},
		{"negative delay", with(func(s *data.Settings) { s.FollowUpAfter = -time.Nanosecond }), false},
		{"delay just under 10m", with(func(s *data.Settings) { s.FollowUpAfter = 10*time.Minute - time.Nanosecond }), false},
		{"delay 1ns", with(func(s *data.Settings) { s.FollowUpAfter = 1 }), false},
		{"delay 10m", with(func(s *data.Settings) { s.FollowUpAfter = 10 * time.Minute }), true},
		{"delay 30 days", with(func(s *data.Settings) { s.FollowUpAfter = 30 * 24 * time.Hour }), true},
		{"delay over 30 days", with(func(s *data.Settings) { s.FollowUpAfter = 30*24*time.Hour + time.Nanosecond }), false},
		{"no follow-ups", with(func(s *data.Settings) { s.MaxFollowUps = 0 }), true},
		{"send limits default", with(func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 0, 0 }), true},
		{"send limits 1/1", with(func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 1, 1 }), true},
		{"send limits at most", with(func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 60, 1000 }), true},
		{"negative per minute", with(func(s *data.Settings) { s.SendsPerMinute = -1 }), false},
		{"per minute over 60", with(func(s *data.Settings) { s.SendsPerMinute = 61 }), false},
		{"per day over 1000", with(func(s *data.Settings) { s.SendsPerDay = 1001 }), false},
		{"negative per day", with(func(s *data.Settings) { s.SendsPerDay = -5 }), false},
		{"minute above day", with(func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 10, 9 }), false},
		{"minute above default day", with(func(s *data.Settings) { s.SendsPerMinute = 31 }), false},
		{"day below default minute", with(func(s *data.Settings) { s.SendsPerDay = 4 }), false},
		{"max follow-ups", with(func(s *data.Settings) { s.MaxFollowUps = data.MaxFollowUpsLimit }), true},
		{"too many follow-ups", with(func(s *data.Settings) { s.MaxFollowUps = data.MaxFollowUpsLimit + 1 }), false},
		{"negative follow-ups", with(func(s *data.Settings) { s.MaxFollowUps = -1 }), false},
		{"quiet off", with(func(s *data.Settings) { s.Quiet = data.QuietHours{} }), true},
		{"quiet start out of range", with(func(s *data.Settings) { s.Quiet.Start = 24 * 60 }), false},
		{"quiet end negative", with(func(s *data.Settings) { s.Quiet.End = -1 }), false},
		{"no reminders", with(func(s *data.Settings) { s.Remind = nil }), true},
		{"max reminders", with(func(s *data.Settings) { s.Remind = make([]time.Duration, data.MaxReminders); fill(s.Remind, time.Hour) }), true},
		{"too many reminders", with(func(s *data.Settings) {
			s.Remind = make([]time.Duration, data.MaxReminders+1)
			fill(s.Remind, time.Hour)
		}), false},
		{"zero reminder", with(func(s *data.Settings) { s.Remind = []time.Duration{time.Hour, 0} }), false},
		{"reminder over 30 days", with(func(s *data.Settings) { s.Remind = []time.Duration{30*24*time.Hour + 1} }), false},
		{"catch-up off", with(func(s *data.Settings) { s.CatchUp = 0 }), true},
		{"catch-up negative", with(func(s *data.Settings) { s.CatchUp = -1 }), false},
		{"catch-up 7 days", with(func(s *data.Settings) { s.CatchUp = 7 * 24 * time.Hour }), true},
		{"catch-up over 7 days", with(func(s *data.Settings) { s.CatchUp = 7*24*time.Hour + 1 }), false},
		{"zone", with(func(s *data.Settings) { s.TZ = "Asia/Shanghai" }), true},
		{"unknown zone", with(func(s *data.Settings) { s.TZ = "Mars/Olympus_Mons" }), false},
		{"UTC", with(func(s *data.Settings) { s.TZ = "UTC" }), true},
		{"a zone with daylight saving", with(func(s *data.Settings) { s.TZ = "Europe/Berlin" }), true},
		{"the server's zone", with(func(s *data.Settings) { s.TZ = "Local" }), false},
		{"digest at 24:00", with(func(s *data.Settings) { s.Digest.At = 24 * 60 }), false},
		{"digest on day 7", with(func(s *data.Settings) { s.Digest.Weekday = 7 }), false},
		{"check-in opens a day ahead", with(func(s *data.Settings) { s.CheckInOpen = 24 * time.Hour }), true},
		{"check-in opens over a day ahead", with(func(s *data.Settings) { s.CheckInOpen = 24*time.Hour + 1 }), false},
		{"check-in opens after the start", with(func(s *data.Settings) { s.CheckInOpen = -1 }), false},
		{"late at once", with(func(s *data.Settings) { s.LateAfter = 0 }), true},
		{"late negative", with(func(s *data.Settings) { s.LateAfter = -1 }), false},
		{"late after over a day", with(func(s *data.Settings) { s.LateAfter = 24*time.Hour + 1 }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate()
			if tc.ok && err != nil {
				t.Fatalf("%+v.Validate() = %v; want nil", tc.s, err)
			}
			if !tc.ok {
				wantCode(t, "Validate", err, data.EInvalid)
			}
		})
	}
}

func fill(ds []time.Duration, d time.Duration) {
	for i := range ds {
		ds[i] = d
	}
}

func TestCreateBranchHasDefaultSettings(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	if !reflect.DeepEqual(br.Settings, data.DefaultSettings()) {
		t.Fatalf("new branch settings = %+v; want %+v", br.Settings, data.DefaultSettings())
	}
	got, err := s.Branch(br.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Settings, data.DefaultSettings()) {
		t.Fatalf("stored settings = %+v; want defaults", got.Settings)
	}
}

func TestUpdateSettings(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	stored := func() data.Settings {
		t.Helper()
		b, err := s.Branch(br.ID)
		if err != nil {
			t.Fatal(err)
		}
		return b.Settings
	}

	want := data.Settings{FollowUpAfter: 2 * time.Hour, MaxFollowUps: 1, Quiet: data.QuietHours{Start: hm(23, 0), End: hm(6, 0)}}
	got, err := s.UpdateSettings(ctx, br.ID, func(st *data.Settings) error { *st = want; return nil })
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("UpdateSettings = %+v, %v; want %+v", got, err, want)
	}
	if st := stored(); !reflect.DeepEqual(st, want) {
		t.Fatalf("stored %+v; want %+v", st, want)
	}

	// Invalid settings are refused and nothing changes.
	_, err = s.UpdateSettings(ctx, br.ID, func(st *data.Settings) error { st.MaxFollowUps = 9; return nil })
	wantCode(t, "UpdateSettings(invalid)", err, data.EInvalid)
	if st := stored(); !reflect.DeepEqual(st, want) {
		t.Fatalf("after refused update stored %+v; want %+v", st, want)
	}

	// An error from change is returned as is and nothing changes.
	boom := errors.New("boom")
	_, err = s.UpdateSettings(ctx, br.ID, func(st *data.Settings) error { st.MaxFollowUps = 0; return boom })
	wantErrIs(t, "UpdateSettings(change fails)", err, boom)
	if st := stored(); !reflect.DeepEqual(st, want) {
		t.Fatalf("after failed change stored %+v; want %+v", st, want)
	}

	_, err = s.UpdateSettings(ctx, br.ID+1, func(*data.Settings) error { return nil })
	wantCode(t, "UpdateSettings(unknown branch)", err, data.ENotFound)
}
