package data_test

import (
	"errors"
	"testing"
	"time"

	"branchbot/data"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want data.Period
	}{
		{"2026-Q1", data.Period{Span: data.SpanQuarter, Year: 2026, N: 1}},
		{"2026q4", data.Period{Span: data.SpanQuarter, Year: 2026, N: 4}},
		{" 2026-Q2 ", data.Period{Span: data.SpanQuarter, Year: 2026, N: 2}},
		{"2026-03", data.Period{Span: data.SpanMonth, Year: 2026, N: 3}},
		{"2026-12", data.Period{Span: data.SpanMonth, Year: 2026, N: 12}},
		{"2026", data.Period{Span: data.SpanYear, Year: 2026}},
	} {
		got, err := data.ParsePeriod(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if back, err := data.ParsePeriod(got.String()); err != nil || back != got {
			t.Errorf("%q does not read back: %+v, %v", got.String(), back, err)
		}
	}
	for _, in := range []string{"", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-3", "2026-", "2026-Q",
		"26", "1999", "2101", "２０２６", "2026-Q1x", "202601", "-2026", "+026", "2026-1a", "2026-Q-1", "2026--01"} {
		if p, err := data.ParsePeriod(in); !errors.Is(err, data.ErrPeriodInvalid) {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want ErrPeriodInvalid", in, p, err)
		}
	}
}

func TestPeriodBoundsInZones(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	newYork, _ := time.LoadLocation("America/New_York")
	q1 := data.Period{Span: data.SpanQuarter, Year: 2026, N: 1}
	for _, tc := range []struct {
		loc        *time.Location
		start, end string // in UTC
	}{
		// In Shanghai the quarter starts on the last UTC day of the year
		// before; in New York it ends on an April UTC day, after the
		// change to summer time.
		{shanghai, "2025-12-31T16:00:00Z", "2026-03-31T16:00:00Z"},
		{newYork, "2026-01-01T05:00:00Z", "2026-04-01T04:00:00Z"},
		{time.UTC, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"},
	} {
		if got := q1.Start(tc.loc).UTC().Format(time.RFC3339); got != tc.start {
			t.Errorf("%s start = %s, want %s", tc.loc, got, tc.start)
		}
		if got := q1.End(tc.loc).UTC().Format(time.RFC3339); got != tc.end {
			t.Errorf("%s end = %s, want %s", tc.loc, got, tc.end)
		}
	}
	// The same instant is Q1 in Shanghai and still Q4 in UTC.
	instant := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	if got := data.QuarterOf(instant, shanghai).String(); got != "2026-Q1" {
		t.Errorf("Shanghai quarter = %s", got)
	}
	if got := data.QuarterOf(instant, time.UTC).String(); got != "2025-Q4" {
		t.Errorf("UTC quarter = %s", got)
	}
}

func TestPeriodPartsAndWithin(t *testing.T) {
	parts := func(ps []data.Period) (out []string) {
		for _, p := range ps {
			out = append(out, p.String())
		}
		return out
	}
	q2 := data.Period{Span: data.SpanQuarter, Year: 2026, N: 2}
	year := data.Period{Span: data.SpanYear, Year: 2026}
	march := data.Period{Span: data.SpanMonth, Year: 2026, N: 3}
	for _, tc := range []struct {
		got  []string
		want string
	}{
		{parts(q2.Parts(data.SpanMonth)), "[2026-04 2026-05 2026-06]"},
		{parts(q2.Parts(data.SpanQuarter)), "[2026-Q2]"},
		{parts(year.Parts(data.SpanQuarter)), "[2026-Q1 2026-Q2 2026-Q3 2026-Q4]"},
		{parts(march.Parts(data.SpanQuarter)), "[2026-03]"},
		{[]string{march.Within(data.SpanQuarter).String()}, "[2026-Q1]"},
		{[]string{q2.Within(data.SpanMonth).String()}, "[2026-Q2]"},
		{[]string{q2.Within(data.SpanYear).String()}, "[2026]"},
	} {
		if got := fmtList(tc.got); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
	if n := len(year.Parts(data.SpanMonth)); n != 12 {
		t.Errorf("a year has %d months", n)
	}
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

func TestPeriodCheckBegun(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	// 2026-03-31 17:00 UTC is already April 1st in Shanghai.
	now := time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)
	q2 := data.Period{Span: data.SpanQuarter, Year: 2026, N: 2}
	if err := q2.CheckBegun(now, shanghai); err != nil {
		t.Errorf("Q2 has begun in Shanghai: %v", err)
	}
	if err := q2.CheckBegun(now, time.UTC); !errors.Is(err, data.ErrPeriodFuture) {
		t.Errorf("Q2 has not begun in UTC: %v", err)
	}
	if err := (data.Period{Span: data.SpanYear, Year: 2027}).CheckBegun(now, shanghai); !errors.Is(err, data.ErrPeriodFuture) {
		t.Errorf("2027: %v", err)
	}
}

// FuzzParsePeriod: whatever is typed, the parser either refuses it with
// ErrPeriodInvalid or returns a period that writes back to itself and
// whose bounds are in order.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-Q1", "2026-03", "2026", "2026-Q5", "2026-13", "", "2026q2", "9999-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := data.ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, data.ErrPeriodInvalid) {
				t.Fatalf("ParsePeriod(%q): unexpected error %v", s, err)
			}
			return
		}
		back, err := data.ParsePeriod(p.String())
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q) = %+v writes as %q, which reads as %+v, %v", s, p, p.String(), back, err)
		}
		if !p.Start(time.UTC).Before(p.End(time.UTC)) {
			t.Fatalf("%s: start %v not before end %v", p, p.Start(time.UTC), p.End(time.UTC))
		}
	})
}
