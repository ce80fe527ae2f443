package bot

import (
	"strings"
	"time"

	"golang.org/x/text/width"
)

// normaliseInput folds the full-width forms Chinese keyboards produce
// ("２０２６-１２-１１", "１４：３０", "＃１２", the ideographic space) to
// their ASCII counterparts and trims the result. It is for the structured
// parts of a command (dates, times, ids, codes, option keys and values
// such as dur=), not for free text: folding would also turn a title's
// "，" and "（）" into ASCII punctuation its author did not write.
func normaliseInput(s string) string {
	return strings.TrimSpace(width.Fold.String(s))
}

// Years a date may name: the same bounds for written and relative dates,
// so "tomorrow" cannot reach a day "YYYY-MM-DD" could not.
const (
	minYear = 2000
	maxYear = 2200
)

// ParseDay reads a day as people write it, in the branch's zone loc at
// the instant now:
//
//	2026-12-11  2026/12/11  2026年12月11日   a full date
//	12-11  12/11  12月11日  12月11号         the next such day, today included
//	今天 明天 后天 大后天  today tomorrow
//	周五 星期五 礼拜五  fri friday           the coming Friday, today included
//	本周五 这周五  this fri                  Friday of this week (Monday to Sunday)
//	下周五 下星期五  next fri                Friday of next week
//
// Full-width digits and punctuation are accepted. "next fri" is read as
// 下周五, Friday of the next calendar week, so both languages agree; a
// misreading shows in the date the caller echoes back. Calendar
// arithmetic is done on dates, so a daylight-saving change in loc never
// moves a day.
func ParseDay(s string, now time.Time, loc *time.Location) (y int, m time.Month, d int, ok bool) {
	s = strings.ToLower(strings.Join(strings.Fields(normaliseInput(s)), " "))
	if y, m, d, ok := ParseDate(s); ok {
		return y, m, d, true
	}
	ty, tm, td := now.In(loc).Date()
	// Noon UTC of today's date in loc: a plain date to count days on.
	today := time.Date(ty, tm, td, 12, 0, 0, 0, time.UTC)
	var day time.Time
	if n, found := dayWords[s]; found {
		day = today.AddDate(0, 0, n)
	} else if wd, week, found := weekdayPhrase(s); found {
		day = weekdayFrom(today, wd, week)
	} else if mm, dd, found := monthDay(s); found {
		day, ok = nextMonthDay(today, mm, dd)
		if !ok {
			return 0, 0, 0, false
		}
	} else {
		return 0, 0, 0, false
	}
	if day.Year() < minYear || day.Year() > maxYear {
		return 0, 0, 0, false
	}
	return day.Year(), day.Month(), day.Day(), true
}

// dayWords are the days named relative to today.
var dayWords = map[string]int{
	"今天": 0, "今日": 0, "today": 0,
	"明天": 1, "明日": 1, "tomorrow": 1,
	"后天": 2, "後天": 2,
	"大后天": 3,
}

// Which week a weekday phrase means.
const (
	comingWeekday = iota // the next such day, today included
	thisWeek             // in the week (Monday to Sunday) of today
	nextWeek             // in the week after it
)

// weekdayPhrase reads "周五", "下星期五", "本周五", "fri", "next friday".
func weekdayPhrase(s string) (time.Weekday, int, bool) {
	if en, ok := englishWeekday(s); ok {
		return en, comingWeekday, true
	}
	for _, p := range []struct {
		prefix string
		week   int
	}{{"this ", thisWeek}, {"next ", nextWeek}} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
			if en, ok := englishWeekday(rest); ok {
				return en, p.week, true
			}
		}
	}
	week := comingWeekday
	for _, p := range []struct {
		prefix string
		week   int
	}{{"下个", nextWeek}, {"下一个", nextWeek}, {"下", nextWeek}, {"这个", thisWeek}, {"这", thisWeek}, {"本", thisWeek}} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
			s, week = rest, p.week
			break
		}
	}
	for _, unit := range []string{"星期", "礼拜", "周"} {
		rest, ok := strings.CutPrefix(s, unit)
		if !ok {
			continue
		}
		if wd, ok := chineseWeekdays[rest]; ok {
			return wd, week, true
		}
	}
	return 0, 0, false
}

// chineseWeekdays are the day characters after 周, 星期 or 礼拜.
var chineseWeekdays = map[string]time.Weekday{
	"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday,
	"五": time.Friday, "六": time.Saturday, "日": time.Sunday, "天": time.Sunday,
}

// englishWeekday reads a weekday's short or full English name.
func englishWeekday(s string) (time.Weekday, bool) {
	for d, names := range [...][]string{
		{"sun", "sunday"}, {"mon", "monday"}, {"tue", "tues", "tuesday"}, {"wed", "wednesday"},
		{"thu", "thur", "thurs", "thursday"}, {"fri", "friday"}, {"sat", "saturday"},
	} {
		for _, n := range names {
			if s == n {
				return time.Weekday(d), true
			}
		}
	}
	return 0, false
}

// weekdayFrom finds wd from today in the week the phrase meant. Weeks
// start on Monday, as calendars in China do.
func weekdayFrom(today time.Time, wd time.Weekday, week int) time.Time {
	if week == comingWeekday {
		return today.AddDate(0, 0, (int(wd)-int(today.Weekday())+7)%7)
	}
	monday := today.AddDate(0, 0, -mondayIndex(today.Weekday()))
	day := monday.AddDate(0, 0, mondayIndex(wd))
	if week == nextWeek {
		day = day.AddDate(0, 0, 7)
	}
	return day
}

// mondayIndex counts days from Monday: Monday 0 … Sunday 6.
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// monthDay reads a date without a year: "12-11", "12/11", "12月11日".
func monthDay(s string) (time.Month, int, bool) {
	f, ok := dateFields(s)
	if !ok || len(f) != 2 {
		return 0, 0, false
	}
	n, ok := dateNumbers(f, []int{2, 2})
	if !ok || n[0] < 1 || n[0] > 12 || n[1] < 1 || n[1] > 31 {
		return 0, 0, false
	}
	return time.Month(n[0]), n[1], true
}

// nextMonthDay is the first m-d on or after today; 2-29 waits for a leap
// year. Eight years always hold one.
func nextMonthDay(today time.Time, m time.Month, d int) (time.Time, bool) {
	for y := today.Year(); y <= today.Year()+8; y++ {
		t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		if t.Day() == d && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false // a day no month has, like 4-31
}

// dateFields splits a written date into its numbers: "2026-12-11",
// "2026/12/11", "2026年12月11日" (日 or 号 optional), or the same without
// the year. It does not look at the numbers.
func dateFields(s string) ([]string, bool) {
	if !strings.Contains(s, "月") {
		if strings.ContainsAny(s, "年日号") {
			return nil, false
		}
		return strings.Split(strings.ReplaceAll(s, "/", "-"), "-"), true
	}
	var f []string
	if y, rest, ok := strings.Cut(s, "年"); ok {
		f, s = append(f, y), rest
	}
	mo, day, _ := strings.Cut(s, "月")
	if t, ok := strings.CutSuffix(day, "日"); ok {
		day = t
	} else {
		day = strings.TrimSuffix(day, "号")
	}
	return append(f, mo, day), true
}

// dateNumbers reads fields of ASCII digits, each at most the given
// length; a sign, a space or an empty field refuses them all.
func dateNumbers(f []string, maxLen []int) ([]int, bool) {
	n := make([]int, len(f))
	for i, p := range f {
		if p == "" || len(p) > maxLen[i] {
			return nil, false
		}
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return nil, false
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	return n, true
}
