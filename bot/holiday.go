package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
)

// registerHolidays: holidays and working days on top of the official
// calendar.
func (b *Bot) registerHolidays() {
	b.router.Command(telegram.Command{Name: "holiday", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.holiday})
}

// calendar is a branch's holiday calendar: the official table with the
// branch's own entries over it.
func (b *Bot) calendar(br data.Branch) (schedule.Calendar, error) {
	entries, err := b.store.Holidays(br.ID)
	if err != nil {
		return schedule.Calendar{}, err
	}
	return calendarOf(entries), nil
}

// calendarOf is the official calendar with a branch's own entries.
func calendarOf(entries []data.HolidayEntry) schedule.Calendar {
	cal := schedule.Calendar{Branch: map[string]schedule.Override{}}
	for _, e := range entries {
		cal.Branch[e.Date] = schedule.Override{Off: e.Off, Name: e.Name}
	}
	return cal
}

// ParseDateRange reads a date or an inclusive range "2026-10-01..2026-10-08"
// (at most 31 days) and returns its dates as "2006-01-02".
func ParseDateRange(s string) ([]string, bool) {
	from, to, isRange := strings.Cut(s, "..")
	if !isRange {
		to = from
	}
	y1, m1, d1, ok1 := ParseDate(from)
	y2, m2, d2, ok2 := ParseDate(to)
	if !ok1 || !ok2 {
		return nil, false
	}
	a := time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)
	z := time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC)
	if z.Before(a) || z.Sub(a) > 30*24*time.Hour {
		return nil, false
	}
	var out []string
	for d := a; !d.After(z); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format("2006-01-02"))
	}
	return out, true
}

// holiday manages the branch's calendar:
//
//	/holiday                         list the branch's entries and the official holidays ahead
//	/holiday add 2026-10-01..2026-10-08 [name]   days off
//	/holiday workday 2026-09-28 [name]           a swapped working day (调休)
//	/holiday del 2026-10-01
//	/holiday import                  then one entry per line: "<date or range> off|work [name]"
func (b *Bot) holiday(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	lines := strings.Split(strings.TrimSpace(r.Cmd.Args), "\n")
	f := strings.Fields(lines[0])
	if len(f) == 0 {
		return b.listHolidays(r, br)
	}
	switch strings.ToLower(f[0]) {
	case "add", "workday":
		if len(f) < 2 {
			return say(r.Lang.T(i18n.MsgHolidayUsage)), nil
		}
		entries, ok := holidayEntries(f[1], strings.ToLower(f[0]) == "add", strings.Join(f[2:], " "))
		if !ok {
			return say(r.Lang.T(i18n.MsgBadDate, esc(f[1])) + "\n\n" + r.Lang.T(i18n.MsgHolidayUsage)), nil
		}
		if err := b.store.SetHolidays(b.audited(r, data.AuditHolidayChange, "", 0, strings.Join(f, " ")), br.ID, entries); err != nil {
			return reply{}, err
		}
		text := r.Lang.T(i18n.MsgHolidaySaved, len(entries))
		clash, err := b.themeDayClash(r, br, entries)
		if err != nil {
			return reply{}, err
		}
		return say(text + clash), nil
	case "del", "delete", "rm":
		if len(f) != 2 {
			return say(r.Lang.T(i18n.MsgHolidayUsage)), nil
		}
		found, err := b.store.DeleteHoliday(b.audited(r, data.AuditHolidayChange, "", 0, strings.Join(f, " ")), br.ID, f[1])
		if err != nil {
			return reply{}, err
		}
		if !found {
			return say(r.Lang.T(i18n.MsgHolidayNoEntry, esc(f[1]))), nil
		}
		return say(r.Lang.T(i18n.MsgHolidayDeleted, esc(f[1]))), nil
	case "import":
		var all []data.HolidayEntry
		for i, line := range lines[1:] {
			w := strings.Fields(line)
			if len(w) == 0 {
				continue
			}
			if len(w) < 2 || (w[1] != "off" && w[1] != "work") {
				return say(r.Lang.T(i18n.MsgHolidayImportBad, i+2, esc(line)) + "\n\n" + r.Lang.T(i18n.MsgHolidayUsage)), nil
			}
			entries, ok := holidayEntries(w[0], w[1] == "off", strings.Join(w[2:], " "))
			if !ok {
				return say(r.Lang.T(i18n.MsgHolidayImportBad, i+2, esc(line)) + "\n\n" + r.Lang.T(i18n.MsgHolidayUsage)), nil
			}
			all = append(all, entries...)
		}
		if len(all) == 0 {
			return say(r.Lang.T(i18n.MsgHolidayUsage)), nil
		}
		if err := b.store.SetHolidays(b.audited(r, data.AuditHolidayChange, "", 0, "import "+strconv.Itoa(len(all))), br.ID, all); err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgHolidaySaved, len(all))), nil
	}
	return say(r.Lang.T(i18n.MsgHolidayUsage)), nil
}

// themeDayClash names the days off just added on which the branch's
// themed day falls, so that the secretary can move it; "" if none does.
func (b *Bot) themeDayClash(r *request, br data.Branch, entries []data.HolidayEntry) (string, error) {
	list, err := b.store.SeriesOf(br.ID)
	if err != nil {
		return "", err
	}
	loc := b.zone(br)
	var clashes []string
	for _, sr := range list {
		if !sr.Active || sr.Kind != data.KindThemeDay {
			continue
		}
		rule, err := schedule.ParseRule(sr.Rule, sr.At, loc, b.clock.Now())
		if err != nil {
			continue // a rule that no longer parses plans nothing to clash with
		}
		for _, e := range entries {
			day, err := time.ParseInLocation("2006-01-02", e.Date, loc)
			if !e.Off || err != nil {
				continue
			}
			if next := rule.Next(day.Add(-time.Nanosecond)); !next.IsZero() && next.Before(day.AddDate(0, 0, 1)) {
				clashes = append(clashes, e.Date)
			}
		}
	}
	if len(clashes) == 0 {
		return "", nil
	}
	return "\n" + r.Lang.T(i18n.MsgHolidayThemeDay, strings.Join(clashes, r.Lang.T(i18n.MsgListSep))), nil
}

func holidayEntries(dates string, off bool, name string) ([]data.HolidayEntry, bool) {
	days, ok := ParseDateRange(dates)
	if !ok {
		return nil, false
	}
	out := make([]data.HolidayEntry, len(days))
	for i, d := range days {
		out[i] = data.HolidayEntry{Date: d, Off: off, Name: name}
	}
	return out, true
}

func (b *Bot) listHolidays(r *request, br data.Branch) (reply, error) {
	entries, err := b.store.Holidays(br.ID)
	if err != nil {
		return reply{}, err
	}
	lines := []string{r.Lang.T(i18n.MsgHolidayBranch)}
	if len(entries) == 0 {
		lines = append(lines, r.Lang.T(i18n.MsgHolidayNone))
	}
	for _, e := range entries {
		kind := r.Lang.T(i18n.MsgHolidayOff)
		if !e.Off {
			kind = r.Lang.T(i18n.MsgHolidayWork)
		}
		lines = append(lines, fmt.Sprintf("%s · %s %s", e.Date, kind, esc(e.Name)))
	}
	cal := calendarOf(entries)
	own := map[string]bool{}
	for _, e := range entries {
		own[e.Date] = true
	}
	lines = append(lines, "", r.Lang.T(i18n.MsgHolidayAhead))
	today := b.clock.Now().In(b.zone(br))
	prev := ""
	for i := range 90 {
		d := time.Date(today.Year(), today.Month(), today.Day()+i, 12, 0, 0, 0, today.Location())
		if own[d.Format("2006-01-02")] {
			continue // the branch's own entry, listed above: not the State Council's
		}
		kind, name := cal.Kind(d)
		if name == "" || (kind != schedule.Holiday && !(kind == schedule.Workday && d.Weekday()%6 == 0)) {
			continue
		}
		label := r.Lang.T(i18n.MsgHolidayOff)
		if kind == schedule.Workday {
			label = r.Lang.T(i18n.MsgHolidayWork)
		}
		if key := name + label; key != prev || kind == schedule.Workday {
			lines = append(lines, fmt.Sprintf("%s · %s %s", d.Format("2006-01-02"), label, esc(name)))
			prev = key
		}
	}
	lines = append(lines, "", r.Lang.T(i18n.MsgHolidayUsage))
	return say(strings.Join(lines, "\n")), nil
}
