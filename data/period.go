package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodSpan is how long a period is.
type PeriodSpan int

// The spans a ledger period may have.
const (
	SpanMonth PeriodSpan = iota + 1
	SpanQuarter
	SpanYear
)

// Period is a calendar month, quarter or year, reckoned in a branch's own
// zone: a quarter of a branch in Shanghai starts eight hours before the
// same quarter in London, and a meeting belongs to the quarter its branch
// lived it in.
type Period struct {
	Span PeriodSpan
	Year int
	// N is the month (1–12) or the quarter (1–4); 0 for a year.
	N int
}

// Period bounds: the years the bot's dates may name.
const (
	MinPeriodYear = 2000
	MaxPeriodYear = 2100
)

// ErrPeriodInvalid means a period is malformed or impossible (2026-Q5,
// 2026-13).
var ErrPeriodInvalid = &Error{Code: EInvalid, Message: "period is not YYYY-Qn, YYYY-MM or YYYY"}

// ErrPeriodFuture means a period has not begun: there is nothing to check
// in it yet.
var ErrPeriodFuture = &Error{Code: EInvalid, Message: "period lies in the future"}

// ParsePeriod reads "2026-Q1" (also "2026q1"), "2026-03" or "2026". It
// knows nothing of a branch's zone: Start and End place the period in one.
func ParsePeriod(s string) (Period, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := fmt.Errorf("period %q: %w", s, ErrPeriodInvalid)
	year, rest := s, ""
	if len(s) > 4 {
		year, rest = s[:4], strings.TrimPrefix(s[4:], "-")
	}
	y, ok := digits(year, 4)
	if !ok || y < MinPeriodYear || y > MaxPeriodYear {
		return Period{}, bad
	}
	switch {
	case len(s) == 4:
		return Period{Span: SpanYear, Year: y}, nil
	case strings.HasPrefix(rest, "Q"):
		q, ok := digits(rest[1:], 1)
		if !ok || q < 1 || q > 4 {
			return Period{}, bad
		}
		return Period{Span: SpanQuarter, Year: y, N: q}, nil
	case s[4] == '-':
		m, ok := digits(rest, 2)
		if !ok || m < 1 || m > 12 {
			return Period{}, bad
		}
		return Period{Span: SpanMonth, Year: y, N: m}, nil
	}
	return Period{}, bad
}

// digits reads exactly n ASCII digits: no sign, no space, no shorter or
// longer number ("2026-3" is not March: it would read as a typo of
// something else too easily).
func digits(s string, n int) (int, bool) {
	if len(s) != n {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// QuarterOf is the quarter t falls in, in loc.
func QuarterOf(t time.Time, loc *time.Location) Period {
	lt := t.In(loc)
	return Period{Span: SpanQuarter, Year: lt.Year(), N: (int(lt.Month())-1)/3 + 1}
}

// Start is the first instant of the period in loc.
func (p Period) Start(loc *time.Location) time.Time {
	switch p.Span {
	case SpanMonth:
		return time.Date(p.Year, time.Month(p.N), 1, 0, 0, 0, 0, loc)
	case SpanQuarter:
		return time.Date(p.Year, time.Month(3*(p.N-1)+1), 1, 0, 0, 0, 0, loc)
	}
	return time.Date(p.Year, time.January, 1, 0, 0, 0, 0, loc)
}

// End is the first instant after the period in loc.
func (p Period) End(loc *time.Location) time.Time {
	s := p.Start(loc)
	switch p.Span {
	case SpanMonth:
		return s.AddDate(0, 1, 0)
	case SpanQuarter:
		return s.AddDate(0, 3, 0)
	}
	return s.AddDate(1, 0, 0)
}

// Parts splits the period into the periods of span inside it: a quarter
// into its three months, a year into four quarters. A period no longer
// than span is its own only part.
func (p Period) Parts(span PeriodSpan) []Period {
	if span >= p.Span {
		return []Period{p}
	}
	var out []Period
	first, n := 1, 12
	if p.Span == SpanQuarter {
		first, n = 3*(p.N-1)+1, 3
	}
	for m := first; m < first+n; m++ {
		part := Period{Span: SpanMonth, Year: p.Year, N: m}
		if span == SpanQuarter {
			if (m-1)%3 != 0 {
				continue
			}
			part = Period{Span: SpanQuarter, Year: p.Year, N: (m-1)/3 + 1}
		}
		out = append(out, part)
	}
	return out
}

// Within is the period of span that holds p: a month's quarter, say. A
// span no longer than p's gives p itself.
func (p Period) Within(span PeriodSpan) Period {
	if span <= p.Span {
		return p
	}
	month := p.N
	if p.Span == SpanQuarter {
		month = 3*(p.N-1) + 1
	}
	if span == SpanQuarter {
		return Period{Span: SpanQuarter, Year: p.Year, N: (month-1)/3 + 1}
	}
	return Period{Span: SpanYear, Year: p.Year}
}

// CheckBegun returns ErrPeriodFuture if the period starts after now in
// loc: a ledger of a time to come is empty by definition, and saying so
// beats a page of ✗.
func (p Period) CheckBegun(now time.Time, loc *time.Location) error {
	if p.Start(loc).After(now) {
		return fmt.Errorf("period %s: %w", p, ErrPeriodFuture)
	}
	return nil
}

// String writes the period the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Span {
	case SpanMonth:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case SpanQuarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}
