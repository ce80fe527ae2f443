package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseClockArg(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 17, 5, 30, 0, sh)
	at := func(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, loc)
	}
	for _, tc := range []struct {
		arg  string
		now  time.Time
		loc  *time.Location
		want time.Time
		err  string // a piece of the message; "" for success
	}{
		{arg: "+2h", want: now.Add(2 * time.Hour)},
		{arg: "+30m", want: now.Add(30 * time.Minute)},
		{arg: "+1d", want: now.Add(24 * time.Hour)},
		{arg: "+1h30m", want: now.Add(90 * time.Minute)},
		{arg: " +1d 2h ", want: now.Add(26 * time.Hour)},
		{arg: "+2H", want: now.Add(2 * time.Hour)},
		{arg: "＋1h", want: now.Add(time.Hour)},
		{arg: "+366d", want: now.Add(366 * 24 * time.Hour)},
		{arg: "2026-12-10 14:30", want: at(sh, 2026, 12, 10, 14, 30)},
		{arg: "2026/12/10 9:05", want: at(sh, 2026, 12, 10, 9, 5)},
		{arg: "2026-12-06 17:06", want: at(sh, 2026, 12, 6, 17, 6)},
		{arg: "18:00", want: at(sh, 2026, 12, 6, 18, 0)},
		{arg: "17:05", want: at(sh, 2026, 12, 7, 17, 5)}, // today's has just passed
		{arg: "09:00", want: at(sh, 2026, 12, 7, 9, 0)},
		{arg: "14：30", want: at(sh, 2026, 12, 7, 14, 30)},
		// The day of the month's end and the year's.
		{arg: "08:00", now: time.Date(2026, 12, 31, 23, 0, 0, 0, sh), want: at(sh, 2027, 1, 1, 8, 0)},
		// Across the night daylight saving ends, "tomorrow" is still the next date.
		{arg: "01:00", now: time.Date(2026, 10, 24, 12, 0, 0, 0, berlin), loc: berlin, want: at(berlin, 2026, 10, 25, 1, 0)},
		// The dates are the zone's: 14:30 in Berlin is 21:30 in Shanghai.
		{arg: "2026-12-10 14:30", loc: berlin, want: at(berlin, 2026, 12, 10, 14, 30)},

		{arg: "", err: "use /clock +2h"},
		{arg: "-1h", err: "only moves forward"},
		{arg: "2026-12-06 17:05", err: "has passed"},
		{arg: "2020-01-01 10:00", err: "2020-01-01 10:00 has passed (the sandbox time is 2026-12-06 17:05 (Asia/Shanghai))"},
		{arg: "+0m", err: "by nothing"},
		{arg: "+", err: "not a span of time"},
		{arg: "+2x", err: "not a span of time"},
		{arg: "+h", err: "not a span of time"},
		{arg: "+-2h", err: "not a span of time"},
		{arg: "+367d", err: "not a span of time"},
		{arg: "+366d1h", err: "not a span of time"},
		{arg: "2027-12-07 17:06", err: "more than a year ahead"},
		{arg: "2026-12-10", err: "give the time of day too"},
		{arg: "2026-02-30 10:00", err: "not a date"},
		{arg: "2026-12-10 25:00", err: "not a time (HH:MM)"},
		{arg: "24:00", err: "not a time"},
		{arg: "tomorrow", err: "give the time of day too"},
		{arg: "tomorrow 09:00", want: at(sh, 2026, 12, 7, 9, 0)},
		{arg: "明天 09:00", want: at(sh, 2026, 12, 7, 9, 0)},
		{arg: "12月10日 14:30", want: at(sh, 2026, 12, 10, 14, 30)},
		{arg: "2026-12-10 14:30 extra", err: "use /clock"},
	} {
		n, loc := tc.now, tc.loc
		if n.IsZero() {
			n = now
		}
		if loc == nil {
			loc = sh
		}
		got, err := parseClockArg(tc.arg, n, loc)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("parseClockArg(%q): %v", tc.arg, err)
		case tc.err == "" && !got.Equal(tc.want):
			t.Errorf("parseClockArg(%q) = %v, want %v", tc.arg, got, tc.want)
		case tc.err != "" && err == nil:
			t.Errorf("parseClockArg(%q) = %v, want an error with %q", tc.arg, got, tc.err)
		case tc.err != "" && !strings.Contains(err.Error(), tc.err):
			t.Errorf("parseClockArg(%q) error %q lacks %q", tc.arg, err, tc.err)
		}
	}
}

// FuzzParseClockArg checks that no input panics, and that what is accepted
// moves the clock forward by at most the largest jump.
func FuzzParseClockArg(f *testing.F) {
	for _, s := range []string{"+2h", "+1h30m", "+1d 2h", "2026-12-10 14:30", "14:30", "-1h", "+", "2026/2/29 9:00", "+999999d", "14：30"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 17, 5, 30, 0, loc)
	f.Fuzz(func(t *testing.T, arg string) {
		to, err := parseClockArg(arg, now, loc)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("parseClockArg(%q): empty error", arg)
			}
			return
		}
		if to.Before(now) || to.Sub(now) > maxClockJump {
			t.Errorf("parseClockArg(%q) = %v, not within a year after %v", arg, to, now)
		}
	})
}
