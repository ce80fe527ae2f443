package schedule

import (
	"strings"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// DayKind says whether a date is worked.
type DayKind int

// Day kinds.
const (
	Workday DayKind = iota // an ordinary working day, or a swapped one (调休)
	Weekend                // Saturday or Sunday, not swapped
	Holiday                // an official or branch holiday
)

// Override is a branch's own entry for one date: a holiday (Off) or a
// swapped working day.
type Override struct {
	Off  bool
	Name string
}

// Calendar tells holidays and working days: China's official table (from
// github.com/6tail/lunar-go, which tracks the State Council's yearly
// notices, 调休 included), overridden by the branch's own entries.
type Calendar struct {
	// Branch maps "2006-01-02" to the branch's override of that date.
	Branch map[string]Override
	// Official can be turned off for a branch outside China.
	NoOfficial bool
}

// Kind classifies the date of t (in t's location) and names it.
func (c Calendar) Kind(t time.Time) (DayKind, string) {
	ymd := t.Format("2006-01-02")
	if o, ok := c.Branch[ymd]; ok {
		if o.Off {
			return Holiday, o.Name
		}
		return Workday, o.Name
	}
	if !c.NoOfficial {
		if h := HolidayUtil.GetHoliday(ymd); h != nil {
			if h.IsWork() {
				return Workday, h.GetName()
			}
			return Holiday, h.GetName()
		}
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return Weekend, ""
	}
	return Workday, ""
}

// HolidayPolicy is what a series does with an occurrence on a holiday.
type HolidayPolicy string

// Holiday policies.
const (
	KeepOnHoliday HolidayPolicy = "keep" // hold it anyway
	SkipHoliday   HolidayPolicy = "skip" // drop that occurrence
	MoveToWorkday HolidayPolicy = "move" // hold it on the next working day, same time
)

// DefaultPolicy is skip for weekly and monthly rules, keep for the rest.
// The rule's kind is matched ignoring case and surrounding space.
func DefaultPolicy(rule string) HolidayPolicy {
	rule = strings.ToLower(strings.TrimSpace(rule))
	if strings.HasPrefix(rule, "weekly:") || strings.HasPrefix(rule, "monthly:") {
		return SkipHoliday
	}
	return KeepOnHoliday
}

// Adjust applies the policy to an occurrence: ok is false when it is
// skipped; a moved one keeps its wall-clock time on the next working day.
func (c Calendar) Adjust(at time.Time, p HolidayPolicy) (time.Time, bool) {
	if k, _ := c.Kind(at); k != Holiday {
		return at, true
	}
	switch p {
	case SkipHoliday:
		return time.Time{}, false
	case MoveToWorkday:
		loc := at.Location()
		for i := 1; i <= 31; i++ {
			d := time.Date(at.Year(), at.Month(), at.Day()+i, 12, 0, 0, 0, loc)
			if k, _ := c.Kind(d); k == Workday {
				return WallTime(d.Year(), d.Month(), d.Day(), at.Hour(), at.Minute(), loc), true
			}
		}
		return time.Time{}, false
	}
	return at, true
}
