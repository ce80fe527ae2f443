package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Table tests and fuzz targets for dates and numbers as people write
// them: full-width forms, days without a year, and day words.

func TestNormaliseInput(t *testing.T) {
	tests := map[string]string{
		"２０２６-１２-１１": "2026-12-11",
		"１４：３０":      "14:30",
		"０１１８":       "0118",
		"＃１２":        "#12",
		"　１２　":       "12",
		"ａｔ＝Ｂ":       "at=B",
		"2026-12-11": "2026-12-11",
		"明天":         "明天",
		"「会议室」":      "「会议室」", // corner brackets are not full-width forms
		"“会议室”":      "“会议室”",
		"":           "",
		" \t\n":      "",
		"１　２":        "1 2",
		"ｎｅｘｔ　ｆｒｉ":   "next fri",
	}
	for in, want := range tests {
		if got := normaliseInput(in); got != want {
			t.Errorf("normaliseInput(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzNormaliseInput(f *testing.F) {
	for _, s := range []string{"２０２６-１２-１１", "１４：３０", "　x　", "「a」", "", "\xff", "ｶ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := normaliseInput(s)
		if got != strings.TrimSpace(got) {
			t.Fatalf("normaliseInput(%q) = %q, not trimmed", s, got)
		}
		if again := normaliseInput(got); again != got {
			t.Fatalf("normaliseInput(%q) = %q, but again gives %q", s, got, again)
		}
		for _, r := range got {
			if r >= '！' && r <= '～' {
				t.Fatalf("normaliseInput(%q) = %q keeps the full-width %q", s, got, r)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("normaliseInput(%q) = %q, not valid UTF-8", s, got)
		}
	})
}

// dayCase is one line of a ParseDay table: what was typed and the day it
// means, "" for a refusal.
type dayCase struct {
	in, want string
}

func checkDays(t *testing.T, now time.Time, loc *time.Location, tests []dayCase) {
	t.Helper()
	for _, tt := range tests {
		y, m, d, ok := ParseDay(tt.in, now, loc)
		got := ""
		if ok {
			got = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		} else if y != 0 || m != 0 || d != 0 {
			t.Errorf("ParseDay(%q) refused but returned %d-%d-%d", tt.in, y, m, d)
		}
		if got != tt.want {
			t.Errorf("ParseDay(%q) at %s = %q; want %q", tt.in, now.In(loc).Format("2006-01-02 15:04 Mon"), got, tt.want)
		}
	}
}

func TestParseDay(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc) // Wednesday 2026-11-25 09:00
	checkDays(t, now, loc, []dayCase{
		// Full dates, as ParseDate reads them.
		{"2026-12-11", "2026-12-11"},
		{"2026/12/11", "2026-12-11"},
		{"２０２６-１２-１１", "2026-12-11"},
		{"2026年12月11日", "2026-12-11"},
		{"2025-12-11", "2025-12-11"}, // a day in the past is a day; the caller refuses the past
		// Without a year: the next such day, today included.
		{"12月11日", "2026-12-11"},
		{"12月11号", "2026-12-11"},
		{"12月11", "2026-12-11"},
		{"12/11", "2026-12-11"}, // as the date buttons show it
		{"12-11", "2026-12-11"}, // as lists show it
		{"１２／１１", "2026-12-11"},
		{"１２月１１日", "2026-12-11"},
		{"11月25日", "2026-11-25"},
		{"11/24", "2027-11-24"},
		{"1月5号", "2027-01-05"},
		{"2月29日", "2028-02-29"},
		{"02/03", "2027-02-03"},
		// Day words.
		{"今天", "2026-11-25"},
		{"明天", "2026-11-26"},
		{"后天", "2026-11-27"},
		{"大后天", "2026-11-28"},
		{"today", "2026-11-25"},
		{"Tomorrow", "2026-11-26"},
		{" 明天 ", "2026-11-26"},
		// Weekdays: the coming one, today included.
		{"周五", "2026-11-27"},
		{"星期五", "2026-11-27"},
		{"礼拜五", "2026-11-27"},
		{"周三", "2026-11-25"},
		{"周二", "2026-12-01"},
		{"周日", "2026-11-29"},
		{"星期天", "2026-11-29"},
		{"fri", "2026-11-27"},
		{"Friday", "2026-11-27"},
		{"wed", "2026-11-25"},
		{"tues", "2026-12-01"},
		// This week (Monday to Sunday) and next week.
		{"本周一", "2026-11-23"},
		{"这周五", "2026-11-27"},
		{"这个星期日", "2026-11-29"},
		{"this fri", "2026-11-27"},
		{"下周五", "2026-12-04"},
		{"下星期五", "2026-12-04"},
		{"下个星期五", "2026-12-04"},
		{"下礼拜五", "2026-12-04"},
		{"下周一", "2026-11-30"},
		{"下周日", "2026-12-06"},
		{"next fri", "2026-12-04"},
		{"Next  Friday", "2026-12-04"},
		{"ｎｅｘｔ　ｆｒｉ", "2026-12-04"},
		// Refused.
		{"", ""},
		{"昨天", ""},
		{"next", ""},
		{"下周", ""},
		{"周八", ""},
		{"周", ""},
		{"next next fri", ""},
		{"nextfri", ""},
		{"下下周五", ""},
		{"4/31", ""},
		{"13/1", ""},
		{"0/1", ""},
		{"12/0", ""},
		{"12/11/", ""},
		{"12", ""},
		{"2026", ""},
		{"12月", ""},
		{"月11日", ""},
		{"+1/5", ""},
		{"1/-5", ""},
		{"12.11", ""},
		{"12 11", ""},
		{"012/11", ""},
		{"2026年12月11日 明天", ""},
	})
}

// Around a year's end every kind of day crosses into the new year.
func TestParseDayYearEnd(t *testing.T) {
	loc := ipZone(t)
	now := time.Date(2026, 12, 31, 10, 0, 0, 0, loc) // a Thursday
	checkDays(t, now, loc, []dayCase{
		{"明天", "2027-01-01"},
		{"后天", "2027-01-02"},
		{"1月1日", "2027-01-01"},
		{"12月31日", "2026-12-31"},
		{"12/30", "2027-12-30"},
		{"周五", "2027-01-01"},
		{"周四", "2026-12-31"},
		{"周三", "2027-01-06"},
		{"本周日", "2027-01-03"},
		{"下周五", "2027-01-08"},
		{"next mon", "2027-01-04"},
	})
	// The branch's zone decides what today is: 17:00 UTC on the 31st is
	// already New Year's Day in Shanghai.
	utc := time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)
	checkDays(t, utc, loc, []dayCase{
		{"今天", "2027-01-01"},
		{"12月31日", "2027-12-31"},
		{"明天", "2027-01-02"},
	})
	checkDays(t, utc, time.UTC, []dayCase{
		{"今天", "2026-12-31"},
		{"12月31日", "2026-12-31"},
	})
	// The last years a date may name.
	end := time.Date(2200, 12, 31, 10, 0, 0, 0, loc)
	checkDays(t, end, loc, []dayCase{
		{"今天", "2200-12-31"},
		{"明天", ""},
		{"12/30", ""},
		{"下周一", ""},
	})
}

// Days are counted on the calendar, so the night a zone changes its
// clocks moves no day.
func TestParseDayDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	spring := time.Date(2026, 3, 7, 23, 30, 0, 0, ny) // clocks go forward at 02:00 on the 8th
	checkDays(t, spring, ny, []dayCase{
		{"明天", "2026-03-08"},
		{"后天", "2026-03-09"},
		{"sun", "2026-03-08"},
		{"next sun", "2026-03-15"},
	})
	checkDays(t, time.Date(2026, 3, 8, 0, 30, 0, 0, ny), ny, []dayCase{{"today", "2026-03-08"}, {"tomorrow", "2026-03-09"}})
	fall := time.Date(2026, 10, 31, 23, 30, 0, 0, ny) // clocks go back at 02:00 on 1 November
	checkDays(t, fall, ny, []dayCase{{"tomorrow", "2026-11-01"}, {"后天", "2026-11-02"}})
	checkDays(t, time.Date(2026, 11, 1, 23, 30, 0, 0, ny), ny, []dayCase{{"today", "2026-11-01"}, {"明天", "2026-11-02"}})

	// A start "tomorrow" is that day's wall time in the zone.
	start, ierr := parseWhen("明天", "15:00", ny, spring)
	if ierr != nil {
		t.Fatal(ierr)
	}
	if want := time.Date(2026, 3, 8, 19, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("明天 15:00 from %v = %v; want %v (15:00 EDT)", spring, start.UTC(), want)
	}
	start, ierr = parseWhen("tomorrow", "12:00", ny, fall)
	if ierr != nil {
		t.Fatal(ierr)
	}
	if want := time.Date(2026, 11, 1, 17, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("tomorrow 12:00 from %v = %v; want %v (12:00 EST)", fall, start.UTC(), want)
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-12-11", "12月11日", "12/11", "下周五", "明天", "后天", "周五", "next fri", "fri",
		"２０２６-１２-１１", "2月29日", "4/31", "下周", "next", "", "本周一", "12月11号", "1/1"} {
		f.Add(s, int64(0))
	}
	loc := ipZone(f)
	base := ipNow(loc)
	f.Fuzz(func(t *testing.T, s string, shift int64) {
		// Any instant within about 150 years of the tests' now.
		now := base.Add(time.Duration(shift % (150 * 365 * 24 * int64(time.Hour))))
		y, m, d, ok := ParseDay(s, now, loc)
		if !ok {
			if y != 0 || m != 0 || d != 0 {
				t.Fatalf("ParseDay(%q) refused but returned %d-%d-%d", s, y, m, d)
			}
			return
		}
		day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		if day.Year() != y || day.Month() != m || day.Day() != d || y < minYear || y > maxYear {
			t.Fatalf("ParseDay(%q) = %d-%d-%d, not a day in range", s, y, m, d)
		}
		canon := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		if y2, m2, d2, ok := ParseDay(canon, now, loc); !ok || y2 != y || m2 != m || d2 != d {
			t.Fatalf("ParseDay(%q) = %s, which reads back as %d-%d-%d, %v", s, canon, y2, m2, d2, ok)
		}
		if _, _, _, full := ParseDate(s); full {
			return
		}
		// A relative day lies between Monday of this week and the next
		// such date eight years on.
		ty, tm, td := now.In(loc).Date()
		today := time.Date(ty, tm, td, 12, 0, 0, 0, time.UTC)
		if day.Before(today.AddDate(0, 0, -6)) || day.After(today.AddDate(8, 0, 0)) {
			t.Fatalf("ParseDay(%q) at %s = %s, too far from today", s, today.Format(time.DateOnly), canon)
		}
	})
}

func TestParseMeetingArgsDaysAsWritten(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc) // Wednesday 2026-11-25 09:00
	tests := []struct {
		args, want string
	}{
		{"党员大会 12月11日 14:30 学习", "2026-12-11 14:30"},
		{"党员大会 12/11 14:30 学习", "2026-12-11 14:30"},
		{"党员大会 下周五 14:30 学习", "2026-12-04 14:30"},
		{"党员大会 明天 14:30 学习", "2026-11-26 14:30"},
		{"党员大会 ２０２６-１２-１１ １４：３０ 学习", "2026-12-11 14:30"},
		{"assembly next fri 15:00 Study", "2026-12-04 15:00"},
		{"assembly tomorrow 9:00 Study", "2026-11-26 09:00"},
		{"assembly fri 15:00 next fri", "2026-11-27 15:00"},
		{"支委会 今天 09:01 x", "2026-11-25 09:01"},
	}
	for _, tt := range tests {
		in, ierr := ParseMeetingArgs(tt.args, loc, now)
		if ierr != nil {
			t.Errorf("ParseMeetingArgs(%q): %v", tt.args, ierr)
			continue
		}
		if got := in.Start.In(loc).Format("2006-01-02 15:04"); got != tt.want {
			t.Errorf("ParseMeetingArgs(%q) starts %s; want %s", tt.args, got, tt.want)
		}
	}
	in, ierr := ParseMeetingArgs("assembly fri 15:00 next fri", loc, now)
	if ierr != nil || in.Title != "next fri" {
		t.Errorf("a title after the time is the title: %q, %v", in.Title, ierr)
	}
}

func TestParseMoveArgs(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc)
	good := []struct {
		args string
		id   uint64
		want string
	}{
		{"12 2026-12-06 09:30", 12, "2026-12-06 09:30"},
		{"12 明天 09:30", 12, "2026-11-26 09:30"},
		{"#12 tomorrow 09:30", 12, "2026-11-26 09:30"},
		{"１２ 12月11日 １４：３０", 12, "2026-12-11 14:30"},
		{"3 next fri 15:00", 3, "2026-12-04 15:00"},
	}
	for _, tt := range good {
		id, start, ierr := ParseMoveArgs(tt.args, loc, now)
		if ierr != nil || id != tt.id || start.In(loc).Format("2006-01-02 15:04") != tt.want {
			t.Errorf("ParseMoveArgs(%q) = %d, %v, %v; want %d, %s", tt.args, id, start, ierr, tt.id, tt.want)
		}
	}
	bad := []struct {
		args    string
		problem string
	}{
		{"", "move.usage"},
		{"12", "move.usage"},
		{"12 明天", "move.usage"},
		{"x 明天 09:30", "move.usage"},
		{"12 明天 09:30 extra", "move.usage"},
		{"12 next fri 15:00 x", "move.usage"},
		{"12 昨天 09:30", "input.badday"},
		{"12 今天 08:00", "meeting.past"},
		{"12 明天 25:00", "meeting.badtime"},
	}
	for _, tt := range bad {
		_, _, ierr := ParseMoveArgs(tt.args, loc, now)
		if ierr == nil || string(ierr.Problem) != tt.problem {
			t.Errorf("ParseMoveArgs(%q) = %v; want %s", tt.args, ierr, tt.problem)
		}
	}
}

func FuzzParseMoveArgs(f *testing.F) {
	for _, s := range []string{"12 2026-12-06 09:30", "12 明天 09:30", "3 next fri 15:00", "", "12", "x y z", "12 今天 08:00"} {
		f.Add(s)
	}
	loc := ipZone(f)
	now := ipNow(loc)
	f.Fuzz(func(t *testing.T, args string) {
		id, start, ierr := ParseMoveArgs(args, loc, now)
		if ierr != nil {
			if !meetingProblems[ierr.Problem] && ierr.Problem != "move.usage" {
				t.Fatalf("ParseMoveArgs(%q): unexpected problem %q", args, ierr.Problem)
			}
			return
		}
		if id == 0 || !start.After(now) || start.Location() != loc {
			t.Fatalf("ParseMoveArgs(%q) = %d, %v", args, id, start)
		}
	})
}
