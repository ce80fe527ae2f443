package data_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"branchbot/data"
)

func TestDecideFiring(t *testing.T) {
	var (
		berlin = mustLoad(t, "Europe/Berlin")
		// The branch default: 22:00–07:30.
		quiet = data.QuietHours{Start: 22 * 60, End: 7*60 + 30}
		due   = time.Date(2026, time.May, 6, 18, 0, 0, 0, time.UTC)
		start = due.Add(2 * time.Hour)
		none  time.Time // no quiet hours
	)
	at := func(d time.Duration) time.Time { return due.Add(d) }
	utc := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	tests := []struct {
		name     string
		due, now time.Time
		start    time.Time
		catchUp  time.Duration
		quietEnd time.Time
		want     data.Firing
	}{
		// On time, and the engine's ordinary slack.
		{name: "exactly due", due: due, now: due, start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringOnTime, At: due}},
		{name: "fired early", due: due, now: at(-time.Second), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringOnTime, At: at(-time.Second)}},
		{name: "under a minute late is on time", due: due, now: at(time.Minute - time.Nanosecond), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringOnTime, At: at(time.Minute - time.Nanosecond)}},

		// Late within the window.
		{name: "a minute late", due: due, now: at(time.Minute), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: time.Minute, At: at(time.Minute)}},
		{name: "late is not rounded", due: due, now: at(12*time.Minute + 31*time.Second), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: 12*time.Minute + 31*time.Second, At: at(12*time.Minute + 31*time.Second)}},
		{name: "late by exactly the window", due: due, now: at(time.Hour), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: time.Hour, At: at(time.Hour)}},

		// Beyond the window.
		{name: "just beyond the window", due: due, now: at(time.Hour + time.Nanosecond), start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringMissed, Late: time.Hour + time.Nanosecond}},
		{name: "window off still allows a minute", due: due, now: at(time.Minute), start: start, catchUp: 0,
			want: data.Firing{Action: data.FiringLate, Late: time.Minute, At: at(time.Minute)}},
		{name: "window off, beyond a minute", due: due, now: at(time.Minute + time.Nanosecond), start: start, catchUp: 0,
			want: data.Firing{Action: data.FiringMissed, Late: time.Minute + time.Nanosecond}},
		{name: "window under a minute counts as a minute", due: due, now: at(time.Minute), start: start, catchUp: 20 * time.Second,
			want: data.Firing{Action: data.FiringLate, Late: time.Minute, At: at(time.Minute)}},

		// The meeting has begun.
		{name: "meeting starts now", due: due, now: start, start: start, catchUp: 6 * time.Hour,
			want: data.Firing{Action: data.FiringMissed, Late: 2 * time.Hour}},
		{name: "meeting starts in a nanosecond", due: due, now: start.Add(-time.Nanosecond), start: start, catchUp: 6 * time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: 2*time.Hour - time.Nanosecond, At: start.Add(-time.Nanosecond)}},
		{name: "meeting begun, reminder on time", due: start, now: start, start: start, catchUp: time.Hour,
			want: data.Firing{Action: data.FiringMissed}},
		{name: "meeting begun beats quiet hours", due: due, now: start.Add(time.Minute), start: start, catchUp: 6 * time.Hour, quietEnd: start.Add(time.Hour),
			want: data.Firing{Action: data.FiringMissed, Late: 2*time.Hour + time.Minute}},

		// Caught up inside quiet hours.
		{name: "late in quiet hours is moved to their end", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: at(time.Hour),
			want: data.Firing{Action: data.FiringMoved, Late: 30 * time.Minute, At: at(time.Hour)}},
		{name: "quiet hours end just before the meeting", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: start.Add(-time.Nanosecond),
			want: data.Firing{Action: data.FiringMoved, Late: 30 * time.Minute, At: start.Add(-time.Nanosecond)}},
		{name: "quiet hours end as the meeting starts", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: start,
			want: data.Firing{Action: data.FiringLate, Late: 30 * time.Minute, At: at(30 * time.Minute)}},
		{name: "quiet hours end after the meeting starts", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: start.Add(time.Hour),
			want: data.Firing{Action: data.FiringLate, Late: 30 * time.Minute, At: at(30 * time.Minute)}},
		{name: "outside quiet hours (end is now)", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: at(30 * time.Minute),
			want: data.Firing{Action: data.FiringLate, Late: 30 * time.Minute, At: at(30 * time.Minute)}},
		{name: "no quiet hours", due: due, now: at(30 * time.Minute), start: start, catchUp: time.Hour, quietEnd: none,
			want: data.Firing{Action: data.FiringLate, Late: 30 * time.Minute, At: at(30 * time.Minute)}},
		{name: "on time inside quiet hours is not moved", due: due, now: at(59 * time.Second), start: start, catchUp: time.Hour, quietEnd: at(time.Hour),
			want: data.Firing{Action: data.FiringOnTime, At: at(59 * time.Second)}},
		{name: "a minute late inside quiet hours is moved", due: due, now: at(time.Minute), start: start, catchUp: time.Hour, quietEnd: at(time.Hour),
			want: data.Firing{Action: data.FiringMoved, Late: time.Minute, At: at(time.Hour)}},
		{name: "beyond the window inside quiet hours is missed", due: due, now: at(time.Hour + time.Minute), start: start.Add(10 * time.Hour), catchUp: time.Hour, quietEnd: at(3 * time.Hour),
			want: data.Firing{Action: data.FiringMissed, Late: time.Hour + time.Minute}},

		// Daylight-saving changes in Berlin: lateness is elapsed time, not
		// the difference of the wall clocks.
		{
			// Spring forward, 29 March: due 01:30 CET, handled 03:10 CEST.
			// The wall clocks differ by 1h40m; 40 minutes passed.
			name: "spring forward: 40 minutes, not 1h40", due: utc(time.March, 29, 0, 30).In(berlin), now: utc(time.March, 29, 1, 10).In(berlin),
			start: utc(time.March, 29, 8, 0).In(berlin), catchUp: time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: 40 * time.Minute, At: utc(time.March, 29, 1, 10).In(berlin)},
		},
		{
			// Fall back, 25 October: due 02:30 CEST, handled 02:10 CET.
			// The wall clock reads earlier than due; 40 minutes passed.
			name: "fall back: late though the wall clock reads earlier", due: utc(time.October, 25, 0, 30).In(berlin), now: utc(time.October, 25, 1, 10).In(berlin),
			start: utc(time.October, 25, 8, 0).In(berlin), catchUp: time.Hour,
			want: data.Firing{Action: data.FiringLate, Late: 40 * time.Minute, At: utc(time.October, 25, 1, 10).In(berlin)},
		},
		{
			// Fall back: due 02:50 CEST, handled 02:55 CET. The wall
			// clocks differ by five minutes; 65 passed, beyond the hour.
			name: "fall back: missed though the wall clocks are 5 minutes apart", due: utc(time.October, 25, 0, 50).In(berlin), now: utc(time.October, 25, 1, 55).In(berlin),
			start: utc(time.October, 25, 8, 0).In(berlin), catchUp: time.Hour,
			want: data.Firing{Action: data.FiringMissed, Late: 65 * time.Minute},
		},
		{
			// Spring forward inside quiet hours: due 23:00 CET on the
			// 28th, handled 03:30 CEST after downtime, meeting at 09:00
			// CEST. The quiet hours end at 07:30 CEST (05:30 UTC).
			name: "spring forward inside quiet hours: moved to 07:30 CEST", due: utc(time.March, 28, 22, 0).In(berlin), now: utc(time.March, 29, 1, 30).In(berlin),
			start: utc(time.March, 29, 7, 0).In(berlin), catchUp: 6 * time.Hour, quietEnd: quiet.NextAllowed(utc(time.March, 29, 1, 30), berlin),
			want: data.Firing{Action: data.FiringMoved, Late: 3*time.Hour + 30*time.Minute, At: utc(time.March, 29, 5, 30)},
		},
		{
			// Fall back inside quiet hours: due 01:00 CEST, handled 02:30
			// CET (the second 02:30), meeting at 07:00 CET: the quiet
			// hours end after it starts, so it goes out now, late.
			name: "fall back inside quiet hours, meeting before they end", due: utc(time.October, 24, 23, 0).In(berlin), now: utc(time.October, 25, 1, 30).In(berlin),
			start: utc(time.October, 25, 6, 0).In(berlin), catchUp: 6 * time.Hour, quietEnd: quiet.NextAllowed(utc(time.October, 25, 1, 30), berlin),
			want: data.Firing{Action: data.FiringLate, Late: 2*time.Hour + 30*time.Minute, At: utc(time.October, 25, 1, 30).In(berlin)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := data.DecideFiring(tt.due, tt.now, tt.start, tt.catchUp, tt.quietEnd)
			if got.Action != tt.want.Action || got.Late != tt.want.Late || !got.At.Equal(tt.want.At) {
				t.Fatalf("DecideFiring = {%v, late %v, at %v}; want {%v, late %v, at %v}",
					got.Action, got.Late, got.At, tt.want.Action, tt.want.Late, tt.want.At)
			}
		})
	}
}

func TestDecideFiringDSTPremises(t *testing.T) {
	// The Berlin cases above rely on these wall-clock readings; if the
	// zone database disagrees, they test nothing.
	berlin := mustLoad(t, "Europe/Berlin")
	quiet := data.QuietHours{Start: 22 * 60, End: 7*60 + 30}
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, time.March, 29, 0, 30, 0, 0, time.UTC), "01:30 CET"},
		{time.Date(2026, time.March, 29, 1, 10, 0, 0, time.UTC), "03:10 CEST"},
		{time.Date(2026, time.October, 25, 0, 30, 0, 0, time.UTC), "02:30 CEST"},
		{time.Date(2026, time.October, 25, 1, 10, 0, 0, time.UTC), "02:10 CET"},
		{time.Date(2026, time.October, 25, 0, 50, 0, 0, time.UTC), "02:50 CEST"},
		{time.Date(2026, time.October, 25, 1, 55, 0, 0, time.UTC), "02:55 CET"},
		{quiet.NextAllowed(time.Date(2026, time.March, 29, 1, 30, 0, 0, time.UTC), berlin), "07:30 CEST"},
		{quiet.NextAllowed(time.Date(2026, time.October, 25, 1, 30, 0, 0, time.UTC), berlin), "07:30 CET"},
	} {
		if got := c.at.In(berlin).Format("15:04 MST"); got != c.want {
			t.Errorf("%v in Berlin = %s; want %s", c.at, got, c.want)
		}
	}
}

// legacyFiring is the decision as FireReminder made it inline before it
// called DecideFiring; quiet stands for the ReminderFire.Quiet callback
// (nil when unset).
func legacyFiring(due, now, start time.Time, catchUp time.Duration, quiet func(time.Time) time.Time) (missed bool, moveTo time.Time, late time.Duration) {
	late = now.Sub(due)
	if late > max(catchUp, time.Minute) || !start.After(now) {
		return true, time.Time{}, 0
	}
	if late < time.Minute {
		late = 0
	}
	if late > 0 && quiet != nil {
		if end := quiet(now); end.After(now) && end.Before(start) {
			return false, end, 0
		}
	}
	return false, time.Time{}, late
}

func TestDecideFiringMatchesLegacy(t *testing.T) {
	// Random cases around the boundaries, against the code it replaces:
	// FireReminder calling DecideFiring changes no decision.
	rng := rand.New(rand.NewPCG(5, 6))
	berlin := mustLoad(t, "Europe/Berlin")
	base := time.Date(2026, time.March, 28, 20, 0, 0, 0, time.UTC)
	pick := func(ds ...time.Duration) time.Duration { return ds[rng.IntN(len(ds))] }
	jitter := func() time.Duration {
		return pick(0, time.Nanosecond, -time.Nanosecond, time.Duration(rng.IntN(int(time.Hour))))
	}
	seen := map[data.FiringAction]int{}
	for i := range 20000 {
		due := base.Add(time.Duration(rng.IntN(48)) * 30 * time.Minute)
		now := due.Add(pick(0, 59*time.Second, time.Minute, 2*time.Hour, 6*time.Hour, -time.Minute) + jitter())
		start := now.Add(pick(0, time.Hour, 10*time.Hour, -time.Hour) + jitter())
		catchUp := pick(0, 30*time.Second, time.Hour, 6*time.Hour)
		q := data.QuietHours{Start: rng.IntN(24 * 60), End: rng.IntN(24 * 60)}
		var quiet func(time.Time) time.Time
		quietEnd := time.Time{}
		if rng.IntN(4) != 0 {
			quiet = func(t time.Time) time.Time { return q.NextAllowed(t, berlin) }
			quietEnd = quiet(now)
		}
		missed, moveTo, late := legacyFiring(due, now, start, catchUp, quiet)
		got := data.DecideFiring(due, now, start, catchUp, quietEnd)
		seen[got.Action]++
		var ok bool
		switch {
		case missed:
			ok = got.Action == data.FiringMissed
		case !moveTo.IsZero():
			ok = got.Action == data.FiringMoved && got.At.Equal(moveTo)
		case late > 0:
			ok = got.Action == data.FiringLate && got.Late == late && got.At.Equal(now)
		default:
			ok = got.Action == data.FiringOnTime && got.Late == 0 && got.At.Equal(now)
		}
		if !ok {
			t.Fatalf("case %d: due %v, now %v, start %v, catch-up %v, quiet %v (set %t): DecideFiring = %+v; the store decided missed %t, move to %v, late %v",
				i, due, now, start, catchUp, q, quiet != nil, got, missed, moveTo, late)
		}
	}
	for _, a := range []data.FiringAction{data.FiringOnTime, data.FiringLate, data.FiringMissed, data.FiringMoved} {
		if seen[a] < 100 {
			t.Errorf("only %d random cases were %v: the comparison hardly covers it", seen[a], a)
		}
	}
}

func TestFiringActionString(t *testing.T) {
	for a, want := range map[data.FiringAction]string{
		data.FiringOnTime: "on time", data.FiringLate: "late", data.FiringMissed: "missed", data.FiringMoved: "moved",
		data.FiringAction(9): "FiringAction(9)",
	} {
		if got := a.String(); got != want {
			t.Errorf("%d.String() = %q; want %q", int(a), got, want)
		}
	}
}
