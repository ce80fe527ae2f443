package schedule

import (
	"testing"
	"time"

	"branchbot/data"
)

func TestPlanReminders(t *testing.T) {
	quiet := data.QuietHours{Start: 22 * 60, End: 7*60 + 30}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, shanghai)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, shanghai) }
	tests := []struct {
		name    string
		start   time.Time
		offsets []time.Duration
		want    []time.Time
	}{
		{"plain", day(10, 15, 0), []time.Duration{24 * time.Hour, time.Hour}, []time.Time{day(9, 15, 0), day(10, 14, 0)}},
		{"quiet moves to 07:30", day(10, 9, 0), []time.Duration{10 * time.Hour}, []time.Time{day(10, 7, 30)}},
		{"meeting before quiet ends keeps time", day(10, 7, 0), []time.Duration{time.Hour}, []time.Time{day(10, 6, 0)}},
		{"merged at quiet end", day(10, 8, 0), []time.Duration{2 * time.Hour, time.Hour, 30 * time.Minute}, []time.Time{day(10, 7, 30)}},
		{"past dropped", day(1, 13, 0), []time.Duration{24 * time.Hour, 2 * time.Hour, 30 * time.Minute}, []time.Time{day(1, 12, 30)}},
		{"none", day(10, 9, 0), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanReminders(tt.start, tt.offsets, quiet, shanghai, now)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].At.Equal(tt.want[i]) {
					t.Errorf("reminder %d at %v, want %v", i, got[i].At, tt.want[i])
				}
			}
		})
	}
}

// "A day before" is the same wall-clock time the day before, even when
// the clocks change in between (that day has 23 hours).
func TestPlanRemindersDaysOnTheWallClock(t *testing.T) {
	start := time.Date(2027, 3, 28, 9, 0, 0, 0, berlin) // spring forward at 02:00 that morning
	got := PlanReminders(start, []time.Duration{24 * time.Hour, 26 * time.Hour}, data.QuietHours{}, berlin, time.Date(2027, 3, 1, 0, 0, 0, 0, berlin))
	want := []string{"2027-03-27 07:00 +0100", "2027-03-27 09:00 +0100"}
	if len(got) != 2 {
		t.Fatalf("got %v", got)
	}
	for i, p := range got {
		if s := p.At.In(berlin).Format("2006-01-02 15:04 -0700"); s != want[i] {
			t.Errorf("reminder %d at %s, want %s", i, s, want[i])
		}
	}
}
