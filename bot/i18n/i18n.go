// Package i18n holds every text branchbot shows people, in Chinese and
// English side by side, and the formatting that differs between the two:
// enum names (roles, meeting kinds, weekdays), dates and plurals.
//
// Texts are HTML (Telegram's HTML parse mode): callers escape values that
// come from users before passing them in.
package i18n

import (
	"fmt"
	"strings"
	"time"

	"branchbot/data"
)

// Lang is a language branchbot speaks.
type Lang string

// The languages with a full catalogue.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Langs lists the languages with a full catalogue, Chinese first.
var Langs = []Lang{ZH, EN}

// Parse accepts a configured language name ("zh", "en").
func Parse(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case ZH:
		return ZH, true
	case EN:
		return EN, true
	}
	return "", false
}

// For picks the language for a client's language code ("zh-hans",
// "en-GB", …), falling back to def for everything else.
func For(code string, def Lang) Lang {
	code = strings.ToLower(code)
	switch {
	case strings.HasPrefix(code, "zh"):
		return ZH
	case strings.HasPrefix(code, "en"):
		return EN
	}
	return def
}

// catalogue holds every text. Each group of features keeps its texts in a
// file of its own (keys and texts side by side); they are joined here, and
// a key defined twice stops the program at its first line.
var catalogue = join(
	coreTexts,
	attendanceTexts,
	surveyTexts,
	anonymityTexts,
	meetingTexts,
	inputTexts,
	miscTexts,
	minutesTexts,
	ledgerTexts,
	reportTexts,
	opsTexts,
)

// join merges text tables, refusing a key defined twice.
func join(tables ...map[Key]Text) map[Key]Text {
	out := map[Key]Text{}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				panic("i18n: text " + string(k) + " defined twice")
			}
			out[k] = v
		}
	}
	return out
}

// Key names a text in the catalogue.
type Key string

// Text is one catalogue entry in every language.
type Text struct {
	ZH, EN string
}

// in returns the text in l, and whether there is one.
func (t Text) in(l Lang) (string, bool) {
	switch l {
	case EN:
		return t.EN, t.EN != ""
	default:
		return t.ZH, t.ZH != ""
	}
}

// Has reports whether key has a text in l. Tests use it to check keys
// built at run time (command descriptions, enum names).
func Has(l Lang, key Key) bool {
	t, ok := catalogue[key]
	if !ok {
		return false
	}
	_, ok = t.in(l)
	return ok
}

// T formats the text key in language l. A missing key is a programming
// error caught by tests; at run time it degrades to the Chinese text, then
// to the key itself, rather than to silence.
func (l Lang) T(key Key, args ...any) string {
	t := catalogue[key]
	s, ok := t.in(l)
	if !ok {
		s, ok = t.in(ZH)
	}
	if !ok {
		return string(key)
	}
	if len(args) == 0 || !strings.Contains(s, "%") {
		// A text without verbs ignores arguments (an error's value for a
		// plain usage text) instead of printing %!(EXTRA …).
		return s
	}
	return fmt.Sprintf(s, args...)
}

// RoleName is the role as members call it.
func (l Lang) RoleName(r data.Role) string { return l.T(Key("role." + string(r))) }

// LeaveStatus is a leave request's state as members read it (pending,
// approved, rejected). A record from before approvals has none: it was
// approved.
func (l Lang) LeaveStatus(s data.LeaveStatus) string {
	if s == "" {
		s = data.LeaveApproved
	}
	return l.T(Key("leave." + string(s)))
}

// KindName is a meeting kind as members call it.
func (l Lang) KindName(k data.MeetingKind) string { return l.T(Key("kind." + string(k))) }

// CommandDesc is a command's line in the menu and in /help.
func (l Lang) CommandDesc(name string) string { return l.T(CommandKey(name)) }

// CommandKey is the catalogue key of a command's description.
func CommandKey(name string) Key { return Key("cmd." + name) }

// weekdayWords are the short English weekday names keys are built from.
var weekdayWords = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// WeekdayWord is the short English name of d ("mon"), as typed in rules
// such as weekly:mon and digest=mon-08:30.
func WeekdayWord(d time.Weekday) string { return weekdayWords[d] }

// ParseWeekdayWord reads a short English weekday name ("mon"), as typed
// in rules and settings.
func ParseWeekdayWord(s string) (time.Weekday, bool) {
	for d, w := range weekdayWords {
		if w == s {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// Weekday is d as people read it (周一, Mon).
func (l Lang) Weekday(d time.Weekday) string { return l.T(Key("wd." + weekdayWords[d])) }

// When formats a meeting time for people: date, weekday and time in loc.
func (l Lang) When(t time.Time, loc *time.Location) string {
	lt := t.In(loc)
	return fmt.Sprintf("%s %s %s", lt.Format("2006-01-02"), l.Weekday(lt.Weekday()), lt.Format("15:04"))
}

// Labelled joins a label and its value with the language's colon: a
// full-width "：" in Chinese, ": " in English.
func (l Lang) Labelled(label, value string) string {
	if l == EN {
		return label + ": " + value
	}
	return label + "：" + value
}

// Members counts people: "3 人" in Chinese, "1 member" or "3 members" in
// English.
func (l Lang) Members(n int) string {
	if l == EN {
		if n == 1 {
			return "1 member"
		}
		return fmt.Sprintf("%d members", n)
	}
	return fmt.Sprintf("%d 人", n)
}

// Date is a day as people read it: 2026-12-10.
func (l Lang) Date(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }

// DateTime is a day and a time: 2026-12-10 14:30.
func (l Lang) DateTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

// Moment is a time within the year, for lists: 12-10 14:30.
func (l Lang) Moment(t time.Time, loc *time.Location) string { return t.In(loc).Format("01-02 15:04") }

// MonthDay is a day within the year: 12-10.
func (l Lang) MonthDay(t time.Time, loc *time.Location) string { return t.In(loc).Format("01-02") }

// Clock is a time of day: 14:30.
func (l Lang) Clock(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") }
