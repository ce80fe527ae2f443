package schedule

import (
	"errors"
	"testing"
	"time"
)

var (
	shanghai = mustLoad("Asia/Shanghai")
	berlin   = mustLoad("Europe/Berlin")
)

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func occurrences(t *testing.T, r Rule, from time.Time, n int) []time.Time {
	t.Helper()
	var out []time.Time
	at := from
	for range n {
		at = r.Next(at)
		if at.IsZero() {
			t.Fatalf("rule %s ran out after %v", r, out)
		}
		out = append(out, at)
	}
	return out
}

// The first Friday of each month for 24 months, checked against the
// calendar.
func TestFirstFridayFor24Months(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, shanghai)
	r, err := ParseRule("monthly:first-fri", 9*60, shanghai, now)
	if err != nil {
		t.Fatal(err)
	}
	got := occurrences(t, r, now, 24)
	want := []string{
		"2026-12-04", "2027-01-01", "2027-02-05", "2027-03-05", "2027-04-02", "2027-05-07",
		"2027-06-04", "2027-07-02", "2027-08-06", "2027-09-03", "2027-10-01", "2027-11-05",
		"2027-12-03", "2028-01-07", "2028-02-04", "2028-03-03", "2028-04-07", "2028-05-05",
		"2028-06-02", "2028-07-07", "2028-08-04", "2028-09-01", "2028-10-06", "2028-11-03",
	}
	for i, at := range got {
		if d := at.Format("2006-01-02"); d != want[i] || at.Weekday() != time.Friday || at.Hour() != 9 || at.Minute() != 0 || at.Location() != shanghai {
			t.Errorf("occurrence %d = %v, want %s 09:00 Friday", i+1, at, want[i])
		}
	}
}

func TestReadableRules(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, shanghai) // a Wednesday
	tests := []struct {
		rule string
		at   int
		want []string
	}{
		{"monthly:1", 9 * 60, []string{"2026-12-01 09:00", "2027-01-01 09:00", "2027-02-01 09:00"}},
		{"monthly:last", 17 * 60, []string{"2026-11-30 17:00", "2026-12-31 17:00", "2027-01-31 17:00", "2027-02-28 17:00"}},
		{"monthly:last-fri", 15 * 60, []string{"2026-11-27 15:00", "2026-12-25 15:00", "2027-01-29 15:00"}},
		{"monthly:second-tue", 9*60 + 30, []string{"2026-12-08 09:30", "2027-01-12 09:30"}},
		{"weekly:mon", 8 * 60, []string{"2026-11-30 08:00", "2026-12-07 08:00"}},
		{"weekly:mon,thu", 8 * 60, []string{"2026-11-26 08:00", "2026-11-30 08:00", "2026-12-03 08:00"}},
		{"weekly:周三", 14 * 60, []string{"2026-11-25 14:00", "2026-12-02 14:00"}}, // later today
		{"weekly:wed", 13 * 60, []string{"2026-11-25 13:00", "2026-12-02 13:00"}},
		{"quarterly:first-mon", 9 * 60, []string{"2027-01-04 09:00", "2027-04-05 09:00", "2027-07-05 09:00", "2027-10-04 09:00"}},
		{"quarterly:15", 9 * 60, []string{"2027-01-15 09:00", "2027-04-15 09:00"}},
		{"Monthly:First-Fri", 9 * 60, []string{"2026-12-04 09:00"}},
		{"0 9 * * 1-5", 0, []string{"2026-11-26 09:00", "2026-11-27 09:00", "2026-11-30 09:00"}},
		{"0 9 1 * ?", 0, []string{"2026-12-01 09:00"}},
		{"@monthly", 0, []string{"2026-12-01 00:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r, err := ParseRule(tt.rule, tt.at, shanghai, now)
			if err != nil {
				t.Fatal(err)
			}
			for i, at := range occurrences(t, r, now, len(tt.want)) {
				if got := at.Format("2006-01-02 15:04"); got != tt.want[i] {
					t.Errorf("occurrence %d = %s, want %s", i+1, got, tt.want[i])
				}
			}
		})
	}
}

func TestBadRules(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, shanghai)
	tests := map[string]string{
		"":                      "fields",
		"fortnightly":           "syntax",
		"@hourly":               "often",
		"* * * * *":             "often",
		"0 9,15 * * *":          "often",
		"0 9 1-7 * 1":           "dowdom",
		"monthly:":              "syntax",
		"monthly:0":             "day",
		"monthly:31":            "day",
		"monthly:fifth-fri":     "syntax",
		"monthly:first-funday":  "syntax",
		"weekly:someday":        "syntax",
		"weekly:":               "syntax",
		"0 9 * * 1 2026 x":      "fields",
		"0 0 9 * * 1 2026":      "fields",
		"0 9 30 2 *":            "never",
		"61 9 * * *":            "syntax",
		"CRON_TZ=Asia/Shanghai": "syntax",
		"TZ=UTC 0 9 * * 1":      "syntax",
		"@every 1h":             "syntax",
		"@fortnightly":          "syntax",
		"* * * *":               "fields",
	}
	for rule, reason := range tests {
		_, err := ParseRule(rule, 9*60, shanghai, now)
		var re *RuleError
		if !errors.As(err, &re) || re.Reason != reason {
			t.Errorf("ParseRule(%q) = %v, want reason %q", rule, err, reason)
		}
	}
}

// Across daylight-saving changes a rule keeps its wall-clock time: nothing
// skipped on the spring-forward day, nothing doubled on the fall-back day.
func TestRulesAcrossDST(t *testing.T) {
	tests := []struct {
		name string
		rule string
		at   int
		from time.Time
		want []string
	}{
		// Europe/Berlin springs forward 2026-03-29 02:00 → 03:00.
		{"spring gap", "0 2 * * *", 0, time.Date(2026, 3, 27, 12, 0, 0, 0, berlin),
			[]string{"2026-03-28 02:00 +0100", "2026-03-29 03:00 +0200", "2026-03-30 02:00 +0200"}},
		{"spring readable", "weekly:sun", 2*60 + 30, time.Date(2026, 3, 22, 12, 0, 0, 0, berlin),
			[]string{"2026-03-29 03:30 +0200", "2026-04-05 02:30 +0200"}},
		{"spring 9am", "weekly:mon", 9 * 60, time.Date(2026, 3, 25, 12, 0, 0, 0, berlin),
			[]string{"2026-03-30 09:00 +0200", "2026-04-06 09:00 +0200"}},
		// It falls back 2026-10-25 03:00 → 02:00: 02:30 happens twice.
		{"fall repeat", "30 2 * * *", 0, time.Date(2026, 10, 24, 12, 0, 0, 0, berlin),
			[]string{"2026-10-25 02:30 +0200", "2026-10-26 02:30 +0100", "2026-10-27 02:30 +0100"}},
		{"fall readable", "monthly:last-sun", 2*60 + 30, time.Date(2026, 10, 1, 0, 0, 0, 0, berlin),
			[]string{"2026-10-25 02:30 +0200", "2026-11-29 02:30 +0100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRule(tt.rule, tt.at, berlin, tt.from)
			if err != nil {
				t.Fatal(err)
			}
			for i, at := range occurrences(t, r, tt.from, len(tt.want)) {
				if got := at.Format("2006-01-02 15:04 -0700"); got != tt.want[i] {
					t.Errorf("occurrence %d = %s, want %s", i+1, got, tt.want[i])
				}
			}
		})
	}
	// From inside the repeated hour, the second 02:30 does not fire again.
	r, _ := ParseRule("30 2 * * *", 0, berlin, time.Date(2026, 10, 24, 0, 0, 0, 0, berlin))
	first := time.Date(2026, 10, 25, 2, 30, 0, 0, berlin) // +0200
	if next := r.Next(first); next.Format("2006-01-02 15:04 -0700") != "2026-10-26 02:30 +0100" {
		t.Errorf("after the first 02:30 came %v", next)
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"monthly:first-fri", "weekly:mon,thu", "0 9 * * 1", "@monthly", "quarterly:last-sun", "CRON_TZ=", "0 0 9 * * 1 2026"} {
		f.Add(s, 540)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, shanghai)
	f.Fuzz(func(t *testing.T, text string, at int) {
		r, err := ParseRule(text, at, berlin, now)
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("ParseRule(%q) error %v is not a RuleError", text, err)
			}
			return
		}
		prev := now
		for range 3 {
			n := r.Next(prev)
			if n.IsZero() {
				return
			}
			if !n.After(prev) {
				t.Fatalf("%q: Next(%v) = %v, not after", text, prev, n)
			}
			prev = n
		}
	})
}
