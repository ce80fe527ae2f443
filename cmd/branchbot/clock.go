package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"branchbot/bot"
	"branchbot/schedule"
)

// maxClockJump bounds one /clock move. The sandbox walks through every
// timer on the way (see moveClock), and a weekly series left running for
// decades would keep the terminal busy for minutes; a year is already more
// than anyone tries in a demo.
const maxClockJump = 366 * 24 * time.Hour

// clockUsage lists what /clock accepts; every parse error ends with it.
const clockUsage = "use /clock +2h (also +30m, +1d, +1h30m), /clock 2026-12-10 14:30, or /clock 14:30 for the next 14:30"

// clockFormat is how the sandbox shows its time, to the minute like every
// time the bot itself shows.
const clockFormat = "2006-01-02 15:04"

// formatClock shows t in loc with the zone's name, so nobody wonders
// whose 14:30 it is.
func formatClock(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(clockFormat) + " (" + loc.String() + ")"
}

// parseClockArg reads the argument of /clock and returns the time to move
// the sandbox clock to, given that it reads now and dates are in loc:
//
//	+2h, +30m, +1d, +1h30m   forward by a span, written as the bot's own
//	                         durations (remind=, dur=) are: a day is 24 hours
//	2026-12-10 14:30         that date and time in loc
//	14:30                    the next 14:30 in loc: today's, or tomorrow's
//	                         if today's has passed
//
// It refuses what would move the clock back, since the bot may already
// have acted on the time it read, and jumps of more than a year. It is
// pure so that a table test and a fuzz test cover it.
func parseClockArg(arg string, now time.Time, loc *time.Location) (time.Time, error) {
	arg = strings.TrimSpace(strings.ReplaceAll(arg, "＋", "+"))
	if arg == "" {
		return time.Time{}, errors.New(clockUsage)
	}
	var to time.Time
	switch arg[0] {
	case '-':
		return time.Time{}, fmt.Errorf("%q: the sandbox clock only moves forward: what the bot did at the time it read cannot be undone", arg)
	case '+':
		// "+1d 2h" reads as "+1d2h": people put spaces between units.
		span := strings.Join(strings.Fields(arg[1:]), "")
		d, ok := bot.ParseDuration(span)
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a span of time; %s", arg, clockUsage)
		}
		if d == 0 {
			return time.Time{}, fmt.Errorf("%q moves the clock by nothing; %s", arg, clockUsage)
		}
		to = now.Add(d)
	default:
		var err error
		if to, err = parseClockTime(arg, now, loc); err != nil {
			return time.Time{}, err
		}
	}
	if to.Before(now) {
		return time.Time{}, fmt.Errorf("%s has passed (the sandbox time is %s): the sandbox clock only moves forward",
			to.In(loc).Format(clockFormat), formatClock(now, loc))
	}
	if to.Sub(now) > maxClockJump {
		return time.Time{}, fmt.Errorf("%s is more than a year ahead: move the sandbox clock at most a year at a time", to.In(loc).Format(clockFormat))
	}
	return to, nil
}

// parseClockTime reads "<day> HH:MM" or "HH:MM" in loc with the bot's own
// day and time parsers, so /clock takes what /meeting takes (2026-12-10,
// 12月10日, 明天, 周五, next fri …).
func parseClockTime(arg string, now time.Time, loc *time.Location) (time.Time, error) {
	f := strings.Fields(arg)
	switch len(f) {
	case 1:
		if _, _, _, ok := bot.ParseDay(f[0], now, loc); ok {
			return time.Time{}, fmt.Errorf("%q: give the time of day too, as in /clock %s 09:00", arg, f[0])
		}
		mins, ok := bot.ParseClock(f[0])
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a time; %s", arg, clockUsage)
		}
		today := now.In(loc)
		to := schedule.WallTime(today.Year(), today.Month(), today.Day(), mins/60, mins%60, loc)
		if !to.After(now) {
			// Noon tomorrow names tomorrow's date whatever daylight
			// saving does at midnight.
			next := time.Date(today.Year(), today.Month(), today.Day()+1, 12, 0, 0, 0, loc)
			to = schedule.WallTime(next.Year(), next.Month(), next.Day(), mins/60, mins%60, loc)
		}
		return to, nil
	case 2:
		y, m, d, ok := bot.ParseDay(f[0], now, loc)
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a date (2026-12-10, 12月10日, 明天, fri …); %s", f[0], clockUsage)
		}
		mins, ok := bot.ParseClock(f[1])
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a time (HH:MM); %s", f[1], clockUsage)
		}
		return schedule.WallTime(y, m, d, mins/60, mins%60, loc), nil
	}
	return time.Time{}, fmt.Errorf("%q: %s", arg, clockUsage)
}
