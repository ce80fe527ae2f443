package bot

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// Table tests and fuzz targets for the parsers of what users type:
// dates, clock times, durations, reminders, meeting kinds, /meeting,
// /series and /settings.

// ipZone loads the branch zone these tests use.
func ipZone(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// ipNow is the instant the /meeting tests run at: 2026-11-25 09:00 in loc.
func ipNow(loc *time.Location) time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, loc) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		y    int
		m    time.Month
		d    int
		want bool
	}{
		{"2026-12-05", 2026, time.December, 5, true},
		{"2026-2-3", 2026, time.February, 3, true},
		{"2026/12/05", 2026, time.December, 5, true},
		{"2028-02-29", 2028, time.February, 29, true}, // leap day
		{"2000-02-29", 2000, time.February, 29, true}, // divisible by 400
		{"2026-12-05 ", 2026, time.December, 5, true}, // trimmed
		{"\t2026-1-1\n", 2026, time.January, 1, true},
		{"2000-01-01", 2000, time.January, 1, true},
		{"2200-12-31", 2200, time.December, 31, true},
		{"2026-02-30", 0, 0, 0, false},
		{"2027-02-29", 0, 0, 0, false},
		{"2100-02-29", 0, 0, 0, false}, // not a leap year
		{"2026-04-31", 0, 0, 0, false},
		{"2026-13-01", 0, 0, 0, false},
		{"2026-00-10", 0, 0, 0, false},
		{"2026-12-00", 0, 0, 0, false},
		{"2026-12-32", 0, 0, 0, false},
		{"26-12-05", 0, 0, 0, false},
		{"", 0, 0, 0, false},
		{"   ", 0, 0, 0, false},
		{"2026-12", 0, 0, 0, false},
		{"2026-12-05-01", 0, 0, 0, false},
		{"+2026-12-05", 0, 0, 0, false},
		{"2026-+1-05", 0, 0, 0, false},
		{"2026-1-+5", 0, 0, 0, false},
		{"2026--1-05", 0, 0, 0, false},
		{"2026-12--5", 0, 0, 0, false},
		{"2026-012-05", 0, 0, 0, false},
		{"2026-12-005", 0, 0, 0, false},
		{"02026-12-05", 0, 0, 0, false},
		{"1999-01-01", 0, 0, 0, false},
		{"2201-01-01", 0, 0, 0, false},
		{"２０２６-12-05", 2026, time.December, 5, true}, // full-width digits
		{"2026-１２-05", 2026, time.December, 5, true},
		{"２０２６－１２－１１", 2026, time.December, 11, true}, // and full-width hyphens
		{"２０２６／１２／１１", 2026, time.December, 11, true},
		{"2026年12月11日", 2026, time.December, 11, true},
		{"2026年12月11号", 2026, time.December, 11, true},
		{"2026年2月3", 2026, time.February, 3, true},
		{"２０２６年１２月１１日", 2026, time.December, 11, true},
		{"2027年2月29日", 0, 0, 0, false},
		{"2026年12月", 0, 0, 0, false},
		{"2026年12月11日日", 0, 0, 0, false},
		{"2026年12-11", 0, 0, 0, false},
		{"2026-12-11日", 0, 0, 0, false},
		{"12月11日", 0, 0, 0, false}, // no year: ParseDay's
		{"12/11", 0, 0, 0, false},
		{"明天", 0, 0, 0, false},
		{"2026-12-05T10:00", 0, 0, 0, false},
		{"2026.12.05", 0, 0, 0, false},
		{"2026-1 -05", 0, 0, 0, false},
		{"abcd-ef-gh", 0, 0, 0, false},
	}
	for _, tt := range tests {
		y, m, d, ok := ParseDate(tt.in)
		if ok != tt.want || y != tt.y || m != tt.m || d != tt.d {
			t.Errorf("ParseDate(%q) = %d, %d, %d, %v; want %d, %d, %d, %v", tt.in, y, m, d, ok, tt.y, tt.m, tt.d, tt.want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-05", "2026-2-3", "2026/12/05", "2028-02-29", "2026-02-30", "2027-02-29",
		"2026-13-01", "2026-12-32", "+2026-12-05", "2026-+1-05", "２０２６-12-05", "2026-12-05 ", "", "----", "2026/-1/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, ok := ParseDate(s)
		if !ok {
			if y != 0 || m != 0 || d != 0 {
				t.Fatalf("ParseDate(%q) refused but returned %d-%d-%d", s, y, m, d)
			}
			return
		}
		if y < 2000 || y > 2200 {
			t.Fatalf("ParseDate(%q) accepted year %d", s, y)
		}
		tm := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		if tm.Year() != y || tm.Month() != m || tm.Day() != d {
			t.Fatalf("ParseDate(%q) = %d-%d-%d, which time.Date normalises to %s", s, y, m, d, tm.Format(time.DateOnly))
		}
		canon := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		y2, m2, d2, ok2 := ParseDate(canon)
		if !ok2 || y2 != y || m2 != m || d2 != d {
			t.Fatalf("ParseDate(%q) = %s, but the canonical form does not parse back: %d-%d-%d, %v", s, canon, y2, m2, d2, ok2)
		}
	})
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"09:00", 9 * 60, true},
		{"9:00", 9 * 60, true},
		{"23:59", 23*60 + 59, true},
		{"00:00", 0, true},
		{"0:00", 0, true},
		{"09：30", 9*60 + 30, true}, // full-width colon
		{" 15:00 ", 15 * 60, true},
		{"24:00", 0, false},
		{"25:00", 0, false},
		{"9:60", 0, false},
		{"9:5", 0, false},
		{"9:005", 0, false},
		{"009:00", 0, false},
		{"0900", 0, false},
		{"-1:00", 0, false},
		{"+9:00", 0, false},
		{"9:+5", 0, false},
		{"9:-5", 0, false},
		{"", 0, false},
		{":", 0, false},
		{":30", 0, false},
		{"9:", 0, false},
		{"9:00:00", 0, false},
		{"9.30", 0, false},
		{"９:30", 9*60 + 30, true}, // full-width digit
		{"１４：３０", 14*60 + 30, true},
		{"　１４：３０　", 14*60 + 30, true},
		{"１４：３", 0, false},
		{"a:bc", 0, false},
		{"9 :30", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseClock(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseClock(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:00", "9:00", "23:59", "00:00", "09：30", "24:00", "9:60", "9:5", "0900", "-1:00", "+9:00", "", ":", "：", "1:-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mins, ok := ParseClock(s)
		if !ok {
			return
		}
		if mins < 0 || mins >= 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside a day", s, mins)
		}
		canon := fmt.Sprintf("%02d:%02d", mins/60, mins%60)
		if back, ok := ParseClock(canon); !ok || back != mins {
			t.Fatalf("ParseClock(%q) = %d, but %q parses back as %d, %v", s, mins, canon, back, ok)
		}
	})
}

func TestParseDuration(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1d", day, true},
		{"90m", 90 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"2d3h", 2*day + 3*time.Hour, true},
		{"30s", 30 * time.Second, true},
		{"1H", time.Hour, true},
		{"1D2H3M4S", day + 2*time.Hour + 3*time.Minute + 4*time.Second, true},
		{" 45m ", 45 * time.Minute, true},
		{"0m", 0, true},
		{"366d", 366 * day, true},
		{"999999s", 999999 * time.Second, true},
		{"", 0, false},
		{"  ", 0, false},
		{"soon", 0, false},
		{"1", 0, false},
		{"h", 0, false},
		{"1x", 0, false},
		{"1.5h", 0, false},
		{"-1h", 0, false},
		{"+1h", 0, false},
		{"1h-", 0, false},
		{"1h30", 0, false},
		{"9999999d", 0, false}, // more than six digits
		{"999999d", 0, false},  // over 366 days; n*24h overflowed to a negative span
		{"106752d", 0, false},  // the first day count whose nanoseconds overflow int64
		{"213504d", 0, false},  // overflowed and wrapped round to about 25 minutes
		{"213504d1m", 0, false},
		{"999999h", 0, false},
		{"367d", 0, false},
		{"366d1s", 0, false},
		{"1d 2h", 0, false},
		{"1µs", 0, false},
		{"1ms", 0, false},
		{"１h", time.Hour, true}, // full-width digit and letter
		{"９０ｍ", 90 * time.Minute, true},
		{"１.５h", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseDuration(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if !ok {
			continue
		}
		back, ok := ParseDuration(FormatDuration(got))
		if !ok || back != got {
			t.Errorf("ParseDuration(FormatDuration(%v) = %q) = %v, %v; want %v", got, FormatDuration(got), back, ok, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0m"},
		{-time.Hour, "0m"},
		{30 * time.Second, "30s"},
		{90 * time.Minute, "1h30m"},
		{24 * time.Hour, "1d"},
		{26*time.Hour + 30*time.Second, "1d2h30s"},
		{366 * 24 * time.Hour, "366d"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1d", "90m", "1h30m", "2d3h", "30s", "1H", "", "soon", "1", "h", "1x", "1.5h", "-1h", "1h-",
		"9999999d", "999999d", "213504d", "106752d", "1d 2h", "366d", "0m", "1d,2h,30m", "off", "31d", "1d,,2h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// ParseRemind is built on ParseDuration; check it on the same input.
		if r, ok := ParseRemind(s); ok {
			if err := data.RemindOffsets(r).Validate(); err != nil || r == nil {
				t.Fatalf("ParseRemind(%q) = %v accepted, but its validation says: %v", s, r, err)
			}
		}
		d, ok := ParseDuration(s)
		if !ok {
			if d != 0 {
				t.Fatalf("ParseDuration(%q) refused but returned %v", s, d)
			}
			return
		}
		if d < 0 || d > 366*24*time.Hour {
			t.Fatalf("ParseDuration(%q) = %v, out of range", s, d)
		}
		if d%time.Second != 0 {
			t.Fatalf("ParseDuration(%q) = %v, not whole seconds", s, d)
		}
		txt := FormatDuration(d)
		back, ok := ParseDuration(txt)
		if !ok || back != d {
			t.Fatalf("ParseDuration(%q) = %v; FormatDuration gives %q, which parses as %v, %v", s, d, txt, back, ok)
		}
	})
}

func TestParseRemind(t *testing.T) {
	six := "1d,2d,3d,4d,5d,6d"
	tests := []struct {
		in   string
		want []time.Duration
		ok   bool
	}{
		{"1d,2h,30m", []time.Duration{24 * time.Hour, 2 * time.Hour, 30 * time.Minute}, true},
		{"1h", []time.Duration{time.Hour}, true},
		{"1d, 1h", []time.Duration{24 * time.Hour, time.Hour}, true}, // each offset is trimmed
		{"off", []time.Duration{}, true},
		{"OFF", []time.Duration{}, true},
		{"Off", []time.Duration{}, true},
		{"0", []time.Duration{}, true},
		{"30d", []time.Duration{30 * 24 * time.Hour}, true},
		{"1d,2d,3d,4d,5d", []time.Duration{24 * time.Hour, 48 * time.Hour, 72 * time.Hour, 96 * time.Hour, 120 * time.Hour}, true},
		{"soon", nil, false},
		{"1d,,2h", nil, false},
		{"", nil, false},
		{",", nil, false},
		{"1d,", nil, false},
		{"1d,soon", nil, false},
		{six, nil, false}, // more than data.MaxReminders
		{"31d", nil, false},
		{"30d1s", nil, false},
		{"0m", nil, false},
		{"1h,0s", nil, false},
		{"-1h", nil, false},
		{"1d;2h", nil, false},
		{"213504d", nil, false}, // used to wrap round to 25m26.29s
	}
	if n := strings.Count(six, ",") + 1; n <= data.MaxReminders {
		t.Fatalf("test case has %d offsets, not more than MaxReminders %d", n, data.MaxReminders)
	}
	for _, tt := range tests {
		got, ok := ParseRemind(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseRemind(%q) = %v, %v; want ok %v", tt.in, got, ok, tt.ok)
			continue
		}
		if ok && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRemind(%q) = %#v; want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseKind(t *testing.T) {
	tests := map[string]data.MeetingKind{
		"assembly": data.KindAssembly, "支部党员大会": data.KindAssembly, "党员大会": data.KindAssembly, "支部大会": data.KindAssembly,
		"committee": data.KindCommittee, "支委会": data.KindCommittee, "支部委员会": data.KindCommittee, "支部委员会会议": data.KindCommittee,
		"group": data.KindGroup, "党小组会": data.KindGroup, "小组会": data.KindGroup,
		"lecture": data.KindLecture, "党课": data.KindLecture,
		"themeday": data.KindThemeDay, "主题党日": data.KindThemeDay,
		"other": data.KindOther, "其他": data.KindOther, "其他活动": data.KindOther,
		// English is case-insensitive and trimmed.
		"Assembly": data.KindAssembly, "COMMITTEE": data.KindCommittee, "Group": data.KindGroup,
		"LeCtUrE": data.KindLecture, "ThemeDay": data.KindThemeDay, " other ": data.KindOther, "\t支委会\n": data.KindCommittee,
	}
	for in, want := range tests {
		got, ok := ParseKind(in)
		if !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q, true", in, got, ok, want)
		}
		if got.Validate() != nil {
			t.Errorf("ParseKind(%q) = %q, not a valid kind", in, got)
		}
	}
	// Every kind's own code reads back as itself.
	for _, k := range []data.MeetingKind{data.KindAssembly, data.KindCommittee, data.KindGroup, data.KindLecture, data.KindThemeDay, data.KindOther} {
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%q) = %q, %v; want itself", k, got, ok)
		}
	}
	for _, in := range []string{"meeting", "", " ", "支部", "party", "committees", "支委会议", "themed-day"} {
		if got, ok := ParseKind(in); ok {
			t.Errorf("ParseKind(%q) = %q, true; want refused", in, got)
		}
	}
}

func TestParseMeetingArgs(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc)
	full := MeetingInput{
		Kind:      data.KindCommittee,
		Start:     time.Date(2026, 12, 5, 15, 0, 0, 0, loc),
		Duration:  2 * time.Hour,
		Place:     "三楼会议室",
		Group:     "第一党小组",
		Remind:    []time.Duration{24 * time.Hour, time.Hour},
		RemindSet: true,
		Title:     "支委会例会",
	}
	with := func(change func(*MeetingInput)) MeetingInput {
		in := full
		change(&in)
		return in
	}
	tests := []struct {
		name string
		args string
		want MeetingInput
	}{
		{"options first", "committee 2026-12-05 15:00 dur=2h at=三楼会议室 group=第一党小组 remind=1d,1h 支委会例会", full},
		{"options last", "支委会 2026-12-05 15:00 支委会例会 remind=1d,1h group=第一党小组 at=三楼会议室 dur=2h", full},
		{"options among title", "Committee 2026/12/05 15：00 支委会 at=三楼会议室 dur=2h 例会 remind=1d,1h group=第一党小组",
			with(func(in *MeetingInput) { in.Title = "支委会 例会" })},
		{"upper-case keys", "committee 2026-12-05 15:00 DUR=2h At=三楼会议室 GROUP=第一党小组 Remind=1d,1h 支委会例会", full},
		{"extra whitespace", "  committee\t2026-12-05   15:00\n支委会例会   dur=2h at=三楼会议室 group=第一党小组 remind=1d,1h ", full},
		{"ideographic space", "committee　2026-12-05　15:00　支委会例会　dur=2h　at=三楼会议室　group=第一党小组　remind=1d,1h", full},
		{"last option wins", "committee 2026-12-05 15:00 dur=1h at=别处 dur=2h at=三楼会议室 group=第一党小组 remind=off remind=1d,1h 支委会例会", full},
		{"defaults", "lecture 2026-12-01 19:30 党课 学习", MeetingInput{
			Kind: data.KindLecture, Start: time.Date(2026, 12, 1, 19, 30, 0, 0, loc), Duration: DefaultMeetingLength, Title: "党课 学习"}},
		{"remind off", "other 2026-12-01 19:30 remind=off 茶话会", MeetingInput{
			Kind: data.KindOther, Start: time.Date(2026, 12, 1, 19, 30, 0, 0, loc), Duration: DefaultMeetingLength,
			Remind: []time.Duration{}, RemindSet: true, Title: "茶话会"}},
		{"equals in title", "other 2026-12-01 19:30 讨论 a=b 方案 x= =y =", MeetingInput{
			Kind: data.KindOther, Start: time.Date(2026, 12, 1, 19, 30, 0, 0, loc), Duration: DefaultMeetingLength, Title: "讨论 a=b 方案 x= =y ="}},
		{"group kind with group", "党小组会 2026-12-02 20:00 group=第二党小组 学习讨论", MeetingInput{
			Kind: data.KindGroup, Start: time.Date(2026, 12, 2, 20, 0, 0, 0, loc), Duration: DefaultMeetingLength, Group: "第二党小组", Title: "学习讨论"}},
		{"shortest duration", "themeday 2026-12-02 20:00 dur=5m x", MeetingInput{
			Kind: data.KindThemeDay, Start: time.Date(2026, 12, 2, 20, 0, 0, 0, loc), Duration: 5 * time.Minute, Title: "x"}},
		{"longest duration", "主题党日 2026-12-02 08:00 dur=12h x", MeetingInput{
			Kind: data.KindThemeDay, Start: time.Date(2026, 12, 2, 8, 0, 0, 0, loc), Duration: 12 * time.Hour, Title: "x"}},
		{"one minute from now", "支部党员大会 2026-11-25 09:01 x", MeetingInput{
			Kind: data.KindAssembly, Start: time.Date(2026, 11, 25, 9, 1, 0, 0, loc), Duration: DefaultMeetingLength, Title: "x"}},
		{"title exactly MaxTitleLen", "党员大会 2026-12-05 15:00 " + strings.Repeat("党", data.MaxTitleLen), MeetingInput{
			Kind: data.KindAssembly, Start: time.Date(2026, 12, 5, 15, 0, 0, 0, loc), Duration: DefaultMeetingLength, Title: strings.Repeat("党", data.MaxTitleLen)}},
		{"leap day", "支部大会 2028-02-29 09:00 x", MeetingInput{
			Kind: data.KindAssembly, Start: time.Date(2028, 2, 29, 9, 0, 0, 0, loc), Duration: DefaultMeetingLength, Title: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ierr := ParseMeetingArgs(tt.args, loc, now)
			if ierr != nil {
				t.Fatalf("ParseMeetingArgs(%q): %v", tt.args, ierr)
			}
			if !got.Start.Equal(tt.want.Start) || got.Start.Location() != loc {
				t.Errorf("Start = %v; want %v in %v", got.Start, tt.want.Start, loc)
			}
			got.Start, tt.want.Start = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseMeetingArgs(%q) =\n %#v\nwant\n %#v", tt.args, got, tt.want)
			}
		})
	}
}

// The start is the wall time in the branch's zone, not in UTC or the
// machine's zone.
func TestParseMeetingArgsStartInZone(t *testing.T) {
	loc := ipZone(t)
	got, ierr := ParseMeetingArgs("committee 2026-11-25 09:01 x", loc, ipNow(loc))
	if ierr != nil {
		t.Fatal(ierr)
	}
	if want := time.Date(2026, 11, 25, 1, 1, 0, 0, time.UTC); !got.Start.Equal(want) {
		t.Errorf("Start = %v; want %v (09:01 in Shanghai)", got.Start.UTC(), want)
	}
	// The same words in another zone are another instant.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	got, ierr = ParseMeetingArgs("committee 2026-12-05 15:00 x", ny, ipNow(loc))
	if ierr != nil {
		t.Fatal(ierr)
	}
	if want := time.Date(2026, 12, 5, 20, 0, 0, 0, time.UTC); !got.Start.Equal(want) {
		t.Errorf("Start = %v; want %v (15:00 in New York)", got.Start.UTC(), want)
	}
}

func TestParseMeetingArgsBadInput(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc)
	long := strings.Repeat("党", data.MaxTitleLen+1)
	tests := []struct {
		name    string
		args    string
		problem i18n.Key
		value   string // checked when not empty
	}{
		{"no date", "", i18n.MsgMeetingUsage, ""},
		{"kind only", "committee", i18n.MsgMeetingUsage, ""},
		{"no title word", "committee 2026-12-05 15:00", i18n.MsgMeetingUsage, ""},
		{"impossible date", "committee 2026-02-30 15:00 x", i18n.MsgBadDay, "2026-02-30"},
		{"not a leap year", "committee 2027-02-29 15:00 x", i18n.MsgBadDay, "2027-02-29"},
		{"date without year that no year has", "committee 04-31 15:00 x", i18n.MsgBadDay, "04-31"},
		{"not a day word", "committee 昨天 15:00 x", i18n.MsgBadDay, "昨天"},
		{"next alone", "committee next 15:00 x", i18n.MsgBadDay, "next"},
		{"today but earlier", "committee 今天 08:00 x", i18n.MsgPast, "2026-11-25 08:00"},
		{"day word without title", "committee next fri 15:00", i18n.MsgMeetingUsage, ""},
		{"hour 25", "committee 2026-12-05 25:00 x", i18n.MsgBadTime, "25:00"},
		{"no colon", "committee 2026-12-05 1500 x", i18n.MsgBadTime, "1500"},
		{"one minute ago", "committee 2026-11-25 08:59 x", i18n.MsgPast, "2026-11-25 08:59"},
		{"exactly now", "committee 2026-11-25 09:00 x", i18n.MsgPast, "2026-11-25 09:00"},
		{"last year", "committee 2025-12-05 15:00 x", i18n.MsgPast, ""},
		{"unknown kind", "meeting 2026-12-05 15:00 x", i18n.MsgBadKind, "meeting"},
		{"kind checked first", "meeting 2026-02-30 25:00 x", i18n.MsgBadKind, "meeting"},
		{"remind=soon", "committee 2026-12-05 15:00 remind=soon x", i18n.MsgBadRemind, "remind=soon"},
		{"remind empty", "committee 2026-12-05 15:00 remind= x", i18n.MsgBadRemind, ""},
		{"remind 31d", "committee 2026-12-05 15:00 remind=31d x", i18n.MsgBadRemind, ""},
		{"remind six", "committee 2026-12-05 15:00 remind=1d,2d,3d,4d,5d,6d x", i18n.MsgBadRemind, ""},
		{"title too long", "committee 2026-12-05 15:00 " + long, i18n.MsgTitleLong, "201"},
		{"title too long with spaces", "committee 2026-12-05 15:00 " + strings.Repeat("党", 100) + " " + strings.Repeat("课", 100), i18n.MsgTitleLong, "201"},
		{"no title", "committee 2026-12-05 15:00 dur=1h", i18n.MsgNoTitle, ""},
		{"only options", "committee 2026-12-05 15:00 dur=1h at=三楼 remind=off", i18n.MsgNoTitle, ""},
		{"group kind without group", "group 2026-12-05 15:00 小组学习", i18n.MsgGroupNeeded, ""},
		{"group alias without group", "党小组会 2026-12-05 15:00 小组学习", i18n.MsgGroupNeeded, ""},
		{"group empty", "group 2026-12-05 15:00 group= 小组学习", i18n.MsgBadOption, "group="},
		{"dur 1m", "committee 2026-12-05 15:00 dur=1m x", i18n.MsgBadDuration, "dur=1m"},
		{"dur 13h", "committee 2026-12-05 15:00 dur=13h x", i18n.MsgBadDuration, "dur=13h"},
		{"dur just under 5m", "committee 2026-12-05 15:00 dur=4m59s x", i18n.MsgBadDuration, ""},
		{"dur just over 12h", "committee 2026-12-05 15:00 dur=12h1s x", i18n.MsgBadDuration, ""},
		{"dur overflowing", "committee 2026-12-05 15:00 dur=213504d x", i18n.MsgBadDuration, ""}, // used to be 25m26.29s
		{"dur soon", "committee 2026-12-05 15:00 dur=soon x", i18n.MsgBadDuration, ""},
		{"dur empty", "committee 2026-12-05 15:00 dur= x", i18n.MsgBadDuration, ""},
		{"at empty", "committee 2026-12-05 15:00 at= x", i18n.MsgBadOption, "at="},
		{"at too long", "committee 2026-12-05 15:00 at=" + strings.Repeat("楼", data.MaxNameLen+1) + " x", i18n.MsgBadOption, ""},
		{"bad option before missing title", "committee 2026-12-05 15:00 at=", i18n.MsgBadOption, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ierr := ParseMeetingArgs(tt.args, loc, now)
			if ierr == nil {
				t.Fatalf("ParseMeetingArgs(%q) accepted; want %s", tt.args, tt.problem)
			}
			if ierr.Problem != tt.problem {
				t.Errorf("ParseMeetingArgs(%q) problem = %s (%q); want %s", tt.args, ierr.Problem, ierr.Value, tt.problem)
			}
			if tt.value != "" && ierr.Value != tt.value {
				t.Errorf("ParseMeetingArgs(%q) value = %q; want %q", tt.args, ierr.Value, tt.value)
			}
			if ierr.Error() == "" {
				t.Error("empty error text")
			}
		})
	}
	// At the limit the place is accepted.
	if _, ierr := ParseMeetingArgs("committee 2026-12-05 15:00 at="+strings.Repeat("楼", data.MaxNameLen)+" x", loc, now); ierr != nil {
		t.Errorf("place of MaxNameLen characters refused: %v", ierr)
	}
}

// meetingProblems are the problems ParseMeetingArgs may report.
var meetingProblems = map[i18n.Key]bool{
	i18n.MsgMeetingUsage: true, i18n.MsgBadKind: true, i18n.MsgBadDay: true, i18n.MsgOpenQuote: true, i18n.MsgBadTime: true, i18n.MsgPast: true, i18n.MsgBadDuration: true,
	i18n.MsgBadRemind: true, i18n.MsgBadOption: true, i18n.MsgGroupNeeded: true, i18n.MsgNoTitle: true, i18n.MsgTitleLong: true,
}

func FuzzParseMeetingArgs(f *testing.F) {
	for _, s := range []string{
		"committee 2026-12-05 15:00 dur=2h at=三楼会议室 group=第一党小组 remind=1d,1h 支委会例会",
		"支委会 2026/12/05 15：00 支委会 remind=1d,1h 例会",
		"lecture 2026-12-01 19:30 党课 a=b",
		"group 2026-12-05 15:00 小组学习",
		"committee 2026-11-25 09:00 x",
		"committee 2026-11-25 09:01 x",
		"committee 2026-02-30 25:00 x",
		"committee 2026-12-05 15:00 dur=1m x",
		"committee 2026-12-05 15:00 at= x",
		"committee 2026-12-05 15:00 remind=soon x",
		"committee 2026-12-05 15:00 " + strings.Repeat("党", data.MaxTitleLen+1),
		"",
		"党员大会 下周五 14:30 at=“会议室 B” 学习交流",
		"assembly next fri 15:00 at='Room B' x",
		"committee 12/11 ０９：００ at=「三楼 会议室」学习",
		"committee 明天 15:00 at=\"会议室 B x",
	} {
		f.Add(s)
	}
	loc := ipZone(f)
	now := ipNow(loc)
	f.Fuzz(func(t *testing.T, args string) {
		in, ierr := ParseMeetingArgs(args, loc, now)
		if ierr != nil {
			if !meetingProblems[ierr.Problem] {
				t.Fatalf("ParseMeetingArgs(%q): unexpected problem %q", args, ierr.Problem)
			}
			return
		}
		if !in.Start.After(now) {
			t.Fatalf("ParseMeetingArgs(%q): start %v is not after now %v", args, in.Start, now)
		}
		if in.Start.Location() != loc {
			t.Fatalf("ParseMeetingArgs(%q): start in %v, not %v", args, in.Start.Location(), loc)
		}
		words := strings.Fields(args)
		day, clock := words[1], words[2]
		if _, _, _, ok := ParseDay(words[1]+" "+words[2], now, loc); ok {
			day, clock = words[1]+" "+words[2], words[3]
		}
		y, m, d, _ := ParseDay(day, now, loc)
		mins, _ := ParseClock(clock)
		if s := in.Start; s.Year() != y || s.Month() != m || s.Day() != d || s.Hour()*60+s.Minute() != mins || s.Second() != 0 || s.Nanosecond() != 0 {
			t.Fatalf("ParseMeetingArgs(%q): start %v is not %s %s", args, s, day, clock)
		}
		if strings.ContainsAny(in.Place, "\"“”「」『』") && !strings.ContainsAny(args, "\"“”「」『』") {
			t.Fatalf("ParseMeetingArgs(%q): place %q has quotes nobody typed", args, in.Place)
		}
		if n := utf8.RuneCountInString(in.Title); in.Title == "" || n > data.MaxTitleLen || in.Title != strings.TrimSpace(in.Title) {
			t.Fatalf("ParseMeetingArgs(%q): bad title %q (%d characters)", args, in.Title, n)
		}
		if in.Kind.Validate() != nil {
			t.Fatalf("ParseMeetingArgs(%q): invalid kind %q", args, in.Kind)
		}
		if in.Duration < 5*time.Minute || in.Duration > 12*time.Hour {
			t.Fatalf("ParseMeetingArgs(%q): duration %v out of range", args, in.Duration)
		}
		if in.Kind == data.KindGroup && in.Group == "" {
			t.Fatalf("ParseMeetingArgs(%q): group meeting without a group", args)
		}
		if utf8.RuneCountInString(in.Place) > data.MaxNameLen {
			t.Fatalf("ParseMeetingArgs(%q): place %q too long", args, in.Place)
		}
		if in.RemindSet {
			if err := data.RemindOffsets(in.Remind).Validate(); err != nil || in.Remind == nil {
				t.Fatalf("ParseMeetingArgs(%q): reminders %v: %v", args, in.Remind, err)
			}
		} else if in.Remind != nil {
			t.Fatalf("ParseMeetingArgs(%q): reminders %v without remind=", args, in.Remind)
		}
	})
}

func TestParseSeriesArgs(t *testing.T) {
	tests := []struct {
		name string
		args string
		want SeriesInput
	}{
		{"readable rule", "支委会 monthly:first-mon 15:00 支委会例会", SeriesInput{
			Kind: data.KindCommittee, Rule: "monthly:first-mon", At: 15 * 60, Duration: DefaultMeetingLength, Title: "支委会例会"}},
		{"quoted cron", `committee "0 15 * * 5" title`, SeriesInput{
			Kind: data.KindCommittee, Rule: "0 15 * * 5", At: -1, Duration: DefaultMeetingLength, Title: "title"}},
		{"chinese quotes", "committee “0 15 * * 5” 支委会例会", SeriesInput{
			Kind: data.KindCommittee, Rule: "0 15 * * 5", At: -1, Duration: DefaultMeetingLength, Title: "支委会例会"}},
		{"padded cron", `committee " 0 15 * * 5 "   学习  讨论 `, SeriesInput{
			Kind: data.KindCommittee, Rule: "0 15 * * 5", At: -1, Duration: DefaultMeetingLength, Title: "学习 讨论"}},
		{"cron then option", `committee "0 15 * * 5" dur=1h 例会`, SeriesInput{
			Kind: data.KindCommittee, Rule: "0 15 * * 5", At: -1, Duration: time.Hour, Title: "例会"}},
		{"descriptor", "lecture @monthly 19:00 党课", SeriesInput{
			Kind: data.KindLecture, Rule: "@monthly", At: 19 * 60, Duration: DefaultMeetingLength, Title: "党课"}},
		{"full-width colon", "主题党日 monthly:last-fri 9：30 主题党日活动", SeriesInput{
			Kind: data.KindThemeDay, Rule: "monthly:last-fri", At: 9*60 + 30, Duration: DefaultMeetingLength, Title: "主题党日活动"}},
		{"no time", "other weekly:mon 例会", SeriesInput{
			Kind: data.KindOther, Rule: "weekly:mon", At: -1, Duration: DefaultMeetingLength, Title: "例会"}},
		{"extra spaces", "  committee   weekly:mon   15:00   例会  ", SeriesInput{
			Kind: data.KindCommittee, Rule: "weekly:mon", At: 15 * 60, Duration: DefaultMeetingLength, Title: "例会"}},
		{"options", "党小组会 weekly:tue 19:00 dur=1h 小组 at=活动室 学习 group=第一党小组 remind=1d,2h", SeriesInput{
			Kind: data.KindGroup, Rule: "weekly:tue", At: 19 * 60, Duration: time.Hour, Place: "活动室", Group: "第一党小组",
			Remind: []time.Duration{24 * time.Hour, 2 * time.Hour}, RemindSet: true, Title: "小组 学习"}},
		{"remind off", "committee weekly:mon 15:00 remind=off a=b 例会", SeriesInput{
			Kind: data.KindCommittee, Rule: "weekly:mon", At: 15 * 60, Duration: DefaultMeetingLength,
			Remind: []time.Duration{}, RemindSet: true, Title: "a=b 例会"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ierr := ParseSeriesArgs(tt.args)
			if ierr != nil {
				t.Fatalf("ParseSeriesArgs(%q): %v", tt.args, ierr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSeriesArgs(%q) =\n %#v\nwant\n %#v", tt.args, got, tt.want)
			}
		})
	}
}

func TestParseSeriesArgsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		args    string
		problem i18n.Key
		value   string
	}{
		{"empty", "", i18n.MsgSeriesUsage, ""},
		{"blank", "   ", i18n.MsgSeriesUsage, ""},
		{"kind only", "committee", i18n.MsgSeriesUsage, ""},
		{"empty quotes", `committee " " 例会`, i18n.MsgSeriesUsage, ""},
		{"unknown kind", "meeting weekly:mon 15:00 例会", i18n.MsgBadKind, "meeting"},
		{"unterminated quote", `committee "0 15 * * 5 例会`, i18n.MsgBadRule, ""},
		{"unterminated chinese quote", "committee “0 15 * * 5 例会", i18n.MsgBadRule, ""},
		{"no title", "committee monthly:first-mon 15:00", i18n.MsgNoTitle, ""},
		{"no title no time", "committee monthly:first-mon", i18n.MsgNoTitle, ""},
		{"cron no title", `committee "0 15 * * 5"`, i18n.MsgNoTitle, ""},
		{"only options", "committee weekly:mon 15:00 dur=1h", i18n.MsgNoTitle, ""},
		{"title too long", "committee weekly:mon 15:00 " + strings.Repeat("党", data.MaxTitleLen+1), i18n.MsgTitleLong, "201"},
		{"group needs group", "group weekly:tue 19:00 小组学习", i18n.MsgGroupNeeded, ""},
		{"group alias needs group", "党小组会 weekly:tue 19:00 小组学习", i18n.MsgGroupNeeded, ""},
		{"bad duration", "committee weekly:mon 15:00 dur=13h 例会", i18n.MsgBadDuration, "dur=13h"},
		{"bad remind", "committee weekly:mon 15:00 remind=soon 例会", i18n.MsgBadRemind, "remind=soon"},
		{"bad place", "committee weekly:mon 15:00 at= 例会", i18n.MsgBadOption, "at="},
		{"check-in code", "committee weekly:mon 15:00 code=on 例会", i18n.MsgSeriesCheckInOption, "code=on"},
		{"check-in place", "committee weekly:mon 15:00 loc=31.2,121.5 例会", i18n.MsgSeriesCheckInOption, "loc=31.2,121.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ierr := ParseSeriesArgs(tt.args)
			if ierr == nil {
				t.Fatalf("ParseSeriesArgs(%q) accepted; want %s", tt.args, tt.problem)
			}
			if ierr.Problem != tt.problem {
				t.Errorf("ParseSeriesArgs(%q) problem = %s (%q); want %s", tt.args, ierr.Problem, ierr.Value, tt.problem)
			}
			if tt.value != "" && ierr.Value != tt.value {
				t.Errorf("ParseSeriesArgs(%q) value = %q; want %q", tt.args, ierr.Value, tt.value)
			}
		})
	}
	if _, ierr := ParseSeriesArgs("committee weekly:mon 15:00 " + strings.Repeat("党", data.MaxTitleLen)); ierr != nil {
		t.Errorf("title of MaxTitleLen characters refused: %v", ierr)
	}
}

// seriesProblems are the problems ParseSeriesArgs may report.
var seriesProblems = map[i18n.Key]bool{
	i18n.MsgSeriesUsage: true, i18n.MsgBadKind: true, i18n.MsgBadRule: true, i18n.MsgOpenQuote: true, i18n.MsgBadDuration: true, i18n.MsgBadRemind: true,
	i18n.MsgBadOption: true, i18n.MsgGroupNeeded: true, i18n.MsgNoTitle: true, i18n.MsgTitleLong: true,
}

func FuzzParseSeriesArgs(f *testing.F) {
	for _, s := range []string{
		"支委会 monthly:first-mon 15:00 支委会例会",
		`committee "0 15 * * 5" title`,
		"committee “0 15 * * 5” 支委会例会",
		`committee "0 15 * * 5 例会`,
		`committee ""0 15 * * 5" x`,
		"committee “”",
		"党小组会 weekly:tue 19:00 dur=1h at=活动室 group=第一党小组 remind=1d,2h 学习",
		"group weekly:tue 19:00 x",
		"committee",
		"",
		"“",
		"committee “",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		in, ierr := ParseSeriesArgs(args)
		if ierr != nil {
			if !seriesProblems[ierr.Problem] {
				t.Fatalf("ParseSeriesArgs(%q): unexpected problem %q", args, ierr.Problem)
			}
			return
		}
		if in.Kind.Validate() != nil {
			t.Fatalf("ParseSeriesArgs(%q): invalid kind %q", args, in.Kind)
		}
		if in.Rule == "" || in.Rule != strings.TrimSpace(in.Rule) {
			t.Fatalf("ParseSeriesArgs(%q): bad rule %q", args, in.Rule)
		}
		if in.At < -1 || in.At >= 24*60 {
			t.Fatalf("ParseSeriesArgs(%q): at %d out of range", args, in.At)
		}
		if n := utf8.RuneCountInString(in.Title); in.Title == "" || n > data.MaxTitleLen || in.Title != strings.TrimSpace(in.Title) {
			t.Fatalf("ParseSeriesArgs(%q): bad title %q (%d characters)", args, in.Title, n)
		}
		if in.Duration < 5*time.Minute || in.Duration > 12*time.Hour {
			t.Fatalf("ParseSeriesArgs(%q): duration %v out of range", args, in.Duration)
		}
		if in.Kind == data.KindGroup && in.Group == "" {
			t.Fatalf("ParseSeriesArgs(%q): group series without a group", args)
		}
		if utf8.RuneCountInString(in.Place) > data.MaxNameLen {
			t.Fatalf("ParseSeriesArgs(%q): place %q too long", args, in.Place)
		}
		if in.RemindSet {
			if err := data.RemindOffsets(in.Remind).Validate(); err != nil {
				t.Fatalf("ParseSeriesArgs(%q): reminders %v: %v", args, in.Remind, err)
			}
		} else if in.Remind != nil {
			t.Fatalf("ParseSeriesArgs(%q): reminders %v without remind=", args, in.Remind)
		}
	})
}

// ipSettings is the starting point of the /settings tests: the defaults
// with a zone, so "unchanged" is not merely "default".
func ipSettings() data.Settings {
	s := data.DefaultSettings()
	s.TZ = "Asia/Shanghai"
	return s
}

func TestParseSettings(t *testing.T) {
	tests := []struct {
		args   string
		change func(*data.Settings)
	}{
		{"", func(s *data.Settings) {}},
		{"followup=12h", func(s *data.Settings) { s.FollowUpAfter = 12 * time.Hour }},
		{"followup=10m", func(s *data.Settings) { s.FollowUpAfter = 10 * time.Minute }},
		{"followup=30d", func(s *data.Settings) { s.FollowUpAfter = 30 * 24 * time.Hour }},
		{"followup=off", func(s *data.Settings) { s.FollowUpAfter = 0 }},
		{"followup=OFF", func(s *data.Settings) { s.FollowUpAfter = 0 }},
		{"followup=0", func(s *data.Settings) { s.FollowUpAfter = 0 }},
		{"FollowUp=1d", func(s *data.Settings) { s.FollowUpAfter = 24 * time.Hour }},
		{"followups=0", func(s *data.Settings) { s.MaxFollowUps = 0 }},
		{"followups=1", func(s *data.Settings) { s.MaxFollowUps = 1 }},
		{"followups=2", func(s *data.Settings) { s.MaxFollowUps = 2 }},
		{"quiet=22:00-07:30", func(s *data.Settings) { s.Quiet = data.QuietHours{Start: 22 * 60, End: 7*60 + 30} }},
		{"quiet=23:00-06:00", func(s *data.Settings) { s.Quiet = data.QuietHours{Start: 23 * 60, End: 6 * 60} }},
		{"quiet=12:00-13:30", func(s *data.Settings) { s.Quiet = data.QuietHours{Start: 12 * 60, End: 13*60 + 30} }},
		{"quiet=23:00–06:00", func(s *data.Settings) { s.Quiet = data.QuietHours{Start: 23 * 60, End: 6 * 60} }}, // en dash
		{"quiet=23：00-6：00", func(s *data.Settings) { s.Quiet = data.QuietHours{Start: 23 * 60, End: 6 * 60} }},  // full-width colons
		{"quiet=off", func(s *data.Settings) { s.Quiet = data.QuietHours{} }},
		{"remind=1d,1h", func(s *data.Settings) { s.Remind = []time.Duration{24 * time.Hour, time.Hour} }},
		{"remind=2h", func(s *data.Settings) { s.Remind = []time.Duration{2 * time.Hour} }},
		{"remind=off", func(s *data.Settings) { s.Remind = []time.Duration{} }},
		{"catchup=12h", func(s *data.Settings) { s.CatchUp = 12 * time.Hour }},
		{"catchup=7d", func(s *data.Settings) { s.CatchUp = 7 * 24 * time.Hour }},
		{"catchup=0m", func(s *data.Settings) { s.CatchUp = 0 }},
		{"tz=Europe/Berlin", func(s *data.Settings) { s.TZ = "Europe/Berlin" }},
		{"tz=UTC", func(s *data.Settings) { s.TZ = "UTC" }},
		{"digest=fri-17:00", func(s *data.Settings) { s.Digest = data.Digest{Weekday: time.Friday, At: 17 * 60} }},
		{"digest=SUN-9:15", func(s *data.Settings) { s.Digest = data.Digest{Weekday: time.Sunday, At: 9*60 + 15} }},
		{"digest=off", func(s *data.Settings) { s.Digest.Off = true }},
		{"perminute=3", func(s *data.Settings) { s.SendsPerMinute = 3 }},
		{"perday=100", func(s *data.Settings) { s.SendsPerDay = 100 }},
		{"PerMinute=60 perday=1000", func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 60, 1000 }},
		{"perminute=1 perday=1", func(s *data.Settings) { s.SendsPerMinute, s.SendsPerDay = 1, 1 }},
		{"followup=12h followups=1 quiet=off remind=1d catchup=1h tz=Europe/Berlin", func(s *data.Settings) {
			s.FollowUpAfter, s.MaxFollowUps, s.Quiet = 12*time.Hour, 1, data.QuietHours{}
			s.Remind, s.CatchUp, s.TZ = []time.Duration{24 * time.Hour}, time.Hour, "Europe/Berlin"
		}},
		{"  followups=1\tfollowups=0 ", func(s *data.Settings) { s.MaxFollowUps = 0 }}, // the last pair wins
	}
	for _, tt := range tests {
		cur := ipSettings()
		want := ipSettings()
		tt.change(&want)
		got, err := ParseSettings(tt.args, cur)
		if err != nil {
			t.Errorf("ParseSettings(%q): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseSettings(%q) =\n %#v\nwant\n %#v", tt.args, got, want)
		}
		if !reflect.DeepEqual(cur, ipSettings()) {
			t.Errorf("ParseSettings(%q) changed its input to %#v", tt.args, cur)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseSettings(%q) accepted invalid settings: %v", tt.args, err)
		}
	}
}

func TestParseSettingsBadInput(t *testing.T) {
	tests := []struct {
		args string
		key  string // checked when not empty
	}{
		{"followup", "followup"},
		{"followup=", "followup"},
		{"=12h", ""},
		{"colour=red", "colour"},
		{"followups=3", "followups"},
		{"followups=-1", "followups"},
		{"followups=two", "followups"},
		{"quiet=22:00-22:00", "quiet"},
		{"quiet=25:00-07:00", "quiet"},
		{"quiet=22:00-24:00", "quiet"},
		{"quiet=22:00", "quiet"},
		{"quiet=22:00-", "quiet"},
		{"quiet=22:00-07:30-08:00", "quiet"},
		{"quiet=on", "quiet"},
		{"followup=5m", ""}, // Validate refuses under 10 minutes
		{"followup=9m59s", ""},
		{"followup=31d", ""},
		{"followup=soon", "followup"},
		{"followup=-1h", "followup"},
		{"remind=soon", "remind"},
		{"remind=31d", "remind"},
		{"remind=1d,,1h", "remind"},
		{"remind=1d,2d,3d,4d,5d,6d", "remind"},
		{"catchup=8d", "catchup"},
		{"catchup=soon", "catchup"},
		{"catchup=999999d", "catchup"},
		{"followup=213504d", "followup"},
		{"tz=Local", "tz"},
		{"tz=Mars/Olympus", "tz"},
		{"tz=../../etc/passwd", "tz"},
		{"tz=/etc/localtime", "tz"},
		{"digest=mon", "digest"},
		{"digest=xyz-08:00", "digest"},
		{"digest=mon-25:00", "digest"},
		{"digest=monday-08:00", "digest"},
		{"followup=12h followups=3", "followups"}, // a good pair before a bad one changes nothing
		{"quiet=off colour=red", "colour"},
		{"followup=12h quiet=22:00-22:00 followups=1", "quiet"},
		{"followup=12h followup=5m", ""},
		{"perminute=0", "perminute"},
		{"perminute=-1", "perminute"},
		{"perminute=five", "perminute"},
		{"perminute=99999", "perminute"},
		{"perday=0", "perday"},
		{"perday=1001", ""}, // Validate: at most 1000
		{"perminute=61", ""},
		{"perminute=10 perday=9", ""},
	}
	for _, tt := range tests {
		cur := ipSettings()
		got, err := ParseSettings(tt.args, cur)
		var se *SettingError
		if !errors.As(err, &se) {
			t.Errorf("ParseSettings(%q) = %v, %v; want a *SettingError", tt.args, got, err)
			continue
		}
		if tt.key != "" && se.Key != tt.key {
			t.Errorf("ParseSettings(%q) error key %q; want %q", tt.args, se.Key, tt.key)
		}
		if se.Error() == "" {
			t.Errorf("ParseSettings(%q): empty error text", tt.args)
		}
		if !reflect.DeepEqual(got, ipSettings()) {
			t.Errorf("ParseSettings(%q) changed the settings to %#v", tt.args, got)
		}
		if !reflect.DeepEqual(cur, ipSettings()) {
			t.Errorf("ParseSettings(%q) changed its input to %#v", tt.args, cur)
		}
	}
}

func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{
		"followup=12h", "followup=off", "followups=2", "quiet=22:00-07:30", "quiet=off", "quiet=22:00–07:30",
		"remind=1d,1h", "catchup=6h", "tz=Europe/Berlin", "digest=mon-08:30", "digest=off",
		"followups=3", "quiet=22:00-22:00", "quiet=25:00-07:00", "followup=5m", "tz=Local", "colour=red", "x", "",
		"followup=12h followups=1 quiet=off remind=off catchup=0m tz=UTC digest=sun-23:59",
		"perminute=5", "perday=30", "perminute=61", "perminute=10 perday=9", "perday=0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		cur := ipSettings()
		got, err := ParseSettings(args, cur)
		if !reflect.DeepEqual(cur, ipSettings()) {
			t.Fatalf("ParseSettings(%q) changed its input", args)
		}
		if err != nil {
			var se *SettingError
			if !errors.As(err, &se) {
				t.Fatalf("ParseSettings(%q): %v is not a *SettingError", args, err)
			}
			if !reflect.DeepEqual(got, cur) {
				t.Fatalf("ParseSettings(%q) refused but changed the settings to %#v", args, got)
			}
			return
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("ParseSettings(%q) accepted invalid settings %#v: %v", args, got, err)
		}
		// Every key sets a value, so applying the same pairs again changes
		// nothing.
		again, err := ParseSettings(args, got)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("ParseSettings(%q) applied twice = %#v, %v; want %#v", args, again, err, got)
		}
	})
}
