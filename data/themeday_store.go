package data

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TimerThemeMonth fires at the start of a month that has its own theme,
// to give the month's themed day that theme once the series has planned
// it. Its ref is ThemeMonthRef.
const TimerThemeMonth = "theme_month"

// bucketThemes holds the themed day's theme of each month set ahead:
// branch id | "2006-01" → theme. It is created on first use, so stores
// from before it need no migration.
var bucketThemes = []byte("theme_day_themes")

// ThemeMonthRef packs a branch and a month into a timer ref.
func ThemeMonthRef(branchID uint64, year int, month time.Month) uint64 {
	return branchID*1_000_000 + uint64(year)*100 + uint64(month)
}

// SplitThemeMonthRef undoes ThemeMonthRef.
func SplitThemeMonthRef(ref uint64) (branchID uint64, year int, month time.Month) {
	return ref / 1_000_000, int(ref % 1_000_000 / 100), time.Month(ref % 100)
}

// MonthTheme is the theme a branch set for one month's themed day.
type MonthTheme struct {
	Month string // "2006-01"
	Theme string
}

// SetMonthTheme keeps theme as the themed day's theme for the month that
// starts at from (and ends before to), gives it to that month's themed
// days already planned, and sets the timer that gives it to those
// planned later. It returns how many meetings took the theme now.
func (s *Store) SetMonthTheme(ctx context.Context, branchID uint64, from, to time.Time, theme string) (int, error) {
	theme = strings.TrimSpace(theme)
	if err := validateName(theme); err != nil {
		return 0, err
	}
	month := from.Format("2006-01")
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketThemes).Put(key2(u64(branchID), []byte(month)), []byte(theme)); err != nil {
			return err
		}
		var err error
		if n, err = retitleThemeDays(tx, branchID, from, to, theme); err != nil {
			return err
		}
		return setTimer(tx, TimerThemeMonth, ThemeMonthRef(branchID, from.Year(), from.Month()), from)
	})
	if err != nil {
		return 0, fmt.Errorf("set theme of %s: %w", month, err)
	}
	return n, nil
}

// ApplyMonthTheme gives the month's theme to its themed days planned
// since it was set, and consumes the month's timer.
func (s *Store) ApplyMonthTheme(ctx context.Context, branchID uint64, from, to time.Time) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := deleteTimer(tx, TimerThemeMonth, ThemeMonthRef(branchID, from.Year(), from.Month())); err != nil {
			return err
		}
		theme := tx.Bucket(bucketThemes).Get(key2(u64(branchID), []byte(from.Format("2006-01"))))
		if theme == nil {
			return nil
		}
		_, err := retitleThemeDays(tx, branchID, from, to, string(theme))
		return err
	})
	if err != nil {
		return fmt.Errorf("apply theme of %s: %w", from.Format("2006-01"), err)
	}
	return nil
}

// MonthThemes lists the themes a branch set, by month.
func (s *Store) MonthThemes(branchID uint64) ([]MonthTheme, error) {
	return read(s, func(tx *bolt.Tx) ([]MonthTheme, error) {
		var out []MonthTheme
		prefix := u64(branchID)
		c := tx.Bucket(bucketThemes).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out = append(out, MonthTheme{Month: string(k[8:]), Theme: string(v)})
		}
		return out, nil
	})
}

// retitleThemeDays gives theme to the branch's scheduled themed days that
// start in [from, to).
func retitleThemeDays(tx *bolt.Tx, branchID uint64, from, to time.Time, theme string) (int, error) {
	due, err := branchMeetings(tx, branchID, from, to, func(m Meeting) bool { return m.Kind == KindThemeDay && m.Status == Scheduled })
	if err != nil {
		return 0, err
	}
	// Written after the walk: a cursor is not safe across changes.
	for _, m := range due {
		m.Title = theme
		if err := putMeeting(tx, m); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}
