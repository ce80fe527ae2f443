package schedule

import (
	"testing"
	"time"
)

func TestCalendarOfficialAndBranch(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	c := Calendar{Branch: map[string]Override{
		"2026-12-18": {Off: true, Name: "支部活动日"},
		"2026-10-01": {Off: false, Name: "值班"},
	}}
	tests := []struct {
		date string
		want DayKind
	}{
		{"2026-10-02 09:00", Holiday}, // National Day, official
		{"2026-10-10 09:00", Workday}, // Saturday swapped to a working day (调休)
		{"2026-10-01 09:00", Workday}, // the branch overrides the official holiday
		{"2026-12-18 09:00", Holiday}, // the branch's own holiday
		{"2026-12-19 09:00", Weekend}, // an ordinary Saturday
		{"2026-12-21 09:00", Workday}, // an ordinary Monday
		{"2027-01-01 09:00", Holiday}, // New Year's Day
	}
	for _, tt := range tests {
		if got, _ := c.Kind(day(tt.date)); got != tt.want {
			t.Errorf("Kind(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
	if k, _ := (Calendar{NoOfficial: true}).Kind(day("2026-10-02 09:00")); k != Workday {
		t.Errorf("without the official table 2026-10-02 is %v", k)
	}

	at := day("2026-10-02 15:00")
	if _, ok := c.Adjust(at, SkipHoliday); ok {
		t.Error("skip kept a holiday occurrence")
	}
	if got, ok := c.Adjust(at, KeepOnHoliday); !ok || !got.Equal(at) {
		t.Errorf("keep = %v", got)
	}
	// Moved: the first working day after the National Day break, same time.
	got, ok := c.Adjust(at, MoveToWorkday)
	if k, _ := c.Kind(got); !ok || k != Workday || got.Hour() != 15 || !got.After(at) {
		t.Errorf("move = %v (%v)", got, k)
	}
	if DefaultPolicy("monthly:first-fri") != SkipHoliday || DefaultPolicy("weekly:mon") != SkipHoliday || DefaultPolicy("quarterly:1") != KeepOnHoliday {
		t.Error("default policies")
	}
}
