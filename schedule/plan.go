package schedule

import (
	"sort"
	"time"

	"branchbot/data"
)

// PlanReminders works out when a meeting's reminders fire: offset before
// start, except that a reminder falling in quiet hours moves to the end of
// the quiet period, unless the meeting starts before then (then it keeps
// its time: a reminder after the meeting is useless). Reminders already
// past at now are dropped, and two that land on the same instant are one.
func PlanReminders(start time.Time, offsets []time.Duration, quiet data.QuietHours, loc *time.Location, now time.Time) []data.PlannedReminder {
	seen := map[int64]bool{}
	var out []data.PlannedReminder
	ls := start.In(loc)
	for _, off := range offsets {
		// Whole days count on the wall clock ("a day before 09:00" is 09:00
		// even across a daylight-saving change), the rest as elapsed time.
		days, rest := int(off/(24*time.Hour)), off%(24*time.Hour)
		at := WallTime(ls.Year(), ls.Month(), ls.Day()-days, ls.Hour(), ls.Minute(), loc).Add(-rest)
		if end := quiet.NextAllowed(at, loc); end.Before(start) {
			at = end
		}
		if !at.After(now) || seen[at.UnixNano()] {
			continue
		}
		seen[at.UnixNano()] = true
		out = append(out, data.PlannedReminder{Offset: off, At: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}
