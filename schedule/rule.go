package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Rule is a recurrence: when a series of meetings happens. Rules work on
// the wall clock of the branch's zone, so a meeting at 09:00 stays at
// 09:00 across daylight-saving changes: a time that does not exist on the
// day clocks spring forward moves to just after the gap, and a time that
// happens twice on the day they fall back happens once.
type Rule struct {
	text  string
	wall  cron.Schedule // evaluated on wall-clock times expressed in UTC
	loc   *time.Location
	fixed bool // the rule carries its own time of day (a cron spec)
}

// String returns the rule as the user wrote it.
func (r Rule) String() string { return r.text }

// Next returns the first occurrence strictly after t, or the zero time if
// there is none within cron's five-year horizon.
func (r Rule) Next(t time.Time) time.Time {
	lt := t.In(r.loc)
	w := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), 0, time.UTC)
	for range 8 {
		n := r.wall.Next(w)
		if n.IsZero() {
			return time.Time{}
		}
		at := WallTime(n.Year(), n.Month(), n.Day(), n.Hour(), n.Minute(), r.loc)
		if at.After(t) {
			return at
		}
		// The wall time maps to an instant not after t: the second pass
		// through a repeated hour. It already happened; move on.
		w = n
	}
	return time.Time{}
}

// RuleError explains why a rule was refused; Reason is a stable word the
// bot turns into a message in the user's language.
type RuleError struct {
	Rule   string
	Reason string // "syntax", "fields", "never", "day"
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %q: %s", e.Rule, e.Reason) }

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"周日": time.Sunday, "周一": time.Monday, "周二": time.Tuesday, "周三": time.Wednesday,
	"周四": time.Thursday, "周五": time.Friday, "周六": time.Saturday,
}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// ParseRule reads a recurrence. Readable rules take their time of day from
// at (minutes after midnight):
//
//	weekly:mon        every Monday (also weekly:mon,thu)
//	monthly:1         the 1st of each month (1–28, or monthly:last)
//	monthly:first-fri the first Friday (first, second, third, fourth, last)
//	quarterly:first-mon  the first Monday of January, April, July, October
//	quarterly:1       the 1st of those months
//
// A cron spec (five fields, or a descriptor such as @weekly) carries its
// own time; at is then ignored. cron has no L or #: the readable rules
// cover those. A rule that never fires is refused.
func ParseRule(text string, at int, loc *time.Location, now time.Time) (Rule, error) {
	text = strings.TrimSpace(text)
	r := Rule{text: text, loc: loc}
	kind, arg, readable := strings.Cut(strings.ToLower(text), ":")
	var err error
	switch {
	case readable && (kind == "weekly" || kind == "monthly" || kind == "quarterly"):
		r.wall, err = parseReadable(kind, arg, at)
	case strings.Contains(text, "CRON_TZ") || strings.HasPrefix(text, "TZ="):
		// The branch's zone applies; a zone inside the spec would fight it.
		err = &RuleError{Rule: text, Reason: "syntax"}
	default:
		r.wall, err = parseCron(text)
		r.fixed = true
	}
	if err != nil {
		return Rule{}, err
	}
	first := r.Next(now)
	if first.IsZero() {
		return Rule{}, &RuleError{Rule: text, Reason: "never"}
	}
	// Meetings, not alarms: a rule that fires more than once a day would
	// flood every member with reminders.
	for prev, i := first, 0; i < 14; i++ {
		next := r.Next(prev)
		if next.IsZero() {
			break
		}
		if next.Sub(prev) < 20*time.Hour {
			return Rule{}, &RuleError{Rule: text, Reason: "often"}
		}
		prev = next
	}
	return r, nil
}

// HasOwnTime reports whether the rule fixes its time of day (a cron spec).
func (r Rule) HasOwnTime() bool { return r.fixed }

func parseCron(text string) (s cron.Schedule, err error) {
	switch n := len(strings.Fields(text)); {
	case strings.HasPrefix(text, "@"):
	case n == 1:
		return nil, &RuleError{Rule: text, Reason: "syntax"} // not a cron spec at all
	case n != 5:
		return nil, &RuleError{Rule: text, Reason: "fields"}
	}
	if strings.HasPrefix(text, "@every") {
		return nil, &RuleError{Rule: text, Reason: "syntax"} // not a calendar rule
	}
	if f := strings.Fields(text); len(f) == 5 && f[2] != "*" && f[2] != "?" && f[4] != "*" && f[4] != "?" {
		// cron matches either field when both are restricted, so "0 9 1-7 *
		// 1" is every Monday and the first seven days, not the first Monday.
		return nil, &RuleError{Rule: text, Reason: "dowdom"}
	}
	// cron/v3 panics on some malformed specs.
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, &RuleError{Rule: text, Reason: "syntax"}
		}
	}()
	// Wall-clock evaluation: the spec runs in UTC on local wall times.
	s, err = cron.ParseStandard("CRON_TZ=UTC " + text)
	if err != nil {
		return nil, &RuleError{Rule: text, Reason: "syntax"}
	}
	return s, nil
}

func parseReadable(kind, arg string, at int) (cron.Schedule, error) {
	bad := &RuleError{Rule: kind + ":" + arg, Reason: "syntax"}
	if at < 0 || at >= 24*60 {
		return nil, bad
	}
	hour, minute := at/60, at%60
	months := "*"
	if kind == "quarterly" {
		months = "1,4,7,10"
	}
	if kind == "weekly" {
		var days []string
		for _, d := range strings.Split(arg, ",") {
			wd, ok := weekdays[strings.TrimSpace(d)]
			if !ok {
				return nil, bad
			}
			days = append(days, strconv.Itoa(int(wd)))
		}
		return cron.ParseStandard(fmt.Sprintf("CRON_TZ=UTC %d %d * * %s", minute, hour, strings.Join(days, ",")))
	}
	if arg == "last" {
		return &nthDay{months: monthSet(months), hour: hour, minute: minute}, nil
	}
	if day, err := strconv.Atoi(arg); err == nil {
		if day < 1 || day > 28 {
			return nil, &RuleError{Rule: kind + ":" + arg, Reason: "day"}
		}
		return cron.ParseStandard(fmt.Sprintf("CRON_TZ=UTC %d %d %d %s *", minute, hour, day, months))
	}
	ord, dow, ok := strings.Cut(arg, "-")
	n, okOrd := ordinals[ord]
	wd, okDay := weekdays[dow]
	if !ok || !okOrd || !okDay {
		return nil, bad
	}
	return &nthDay{months: monthSet(months), hour: hour, minute: minute, nth: n, weekday: wd, byWeekday: true}, nil
}

func monthSet(spec string) map[time.Month]bool {
	set := map[time.Month]bool{}
	if spec == "*" {
		for m := time.January; m <= time.December; m++ {
			set[m] = true
		}
		return set
	}
	for _, f := range strings.Split(spec, ",") {
		m, _ := strconv.Atoi(f)
		set[time.Month(m)] = true
	}
	return set
}

// nthDay is what cron cannot say: the nth (or last) weekday of a month, or
// the month's last day. It is a cron.Schedule on wall-clock time.
type nthDay struct {
	months       map[time.Month]bool
	hour, minute int
	nth          int // 1–4, or -1 for the last
	weekday      time.Weekday
	byWeekday    bool // false: the last day of the month
}

var _ cron.Schedule = (*nthDay)(nil)

// Next implements cron.Schedule; t is a wall-clock time in UTC.
func (s *nthDay) Next(t time.Time) time.Time {
	y, m := t.Year(), t.Month()
	for range 12 * 5 {
		if s.months[m] {
			if d, ok := s.dayIn(y, m); ok {
				at := time.Date(y, m, d, s.hour, s.minute, 0, 0, time.UTC)
				if at.After(t) {
					return at
				}
			}
		}
		m++
		if m > time.December {
			m, y = time.January, y+1
		}
	}
	return time.Time{}
}

func (s *nthDay) dayIn(y int, m time.Month) (int, bool) {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if !s.byWeekday {
		return last, true
	}
	if s.nth < 0 {
		d := last
		for time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday() != s.weekday {
			d--
		}
		return d, true
	}
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	d := 1 + (int(s.weekday)-int(first)+7)%7 + 7*(s.nth-1)
	return d, d <= last
}

// WallTime is time.Date for a wall-clock minute in loc, made definite for
// daylight-saving changes: a time in the spring-forward gap moves forward
// by the gap (02:30 becomes 03:30), and a time that happens twice on the
// fall-back day is its first occurrence.
func WallTime(y int, m time.Month, d, hour, minute int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, hour, minute, 0, 0, loc)
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		e := t.Add(-back)
		if e.Hour() == hour && e.Minute() == minute && e.Day() == d {
			return e
		}
	}
	return t
}
