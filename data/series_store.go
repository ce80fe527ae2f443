package data

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CreateSeries stores a series and sets its planning timer at planAt, in
// one transaction, so a crash right after cannot leave a series that never
// plans. With replace set, that series (the branch's previous themed day,
// say) stops in the same transaction and its meetings still to come are
// cancelled without notice: the new series takes their place.
func (s *Store) CreateSeries(ctx context.Context, sr Series, planAt time.Time, replace uint64) (Series, error) {
	// Only here: a series stored by an older build is planned and stopped
	// as it is, never refused.
	if err := sr.Validate(); err != nil {
		return Series{}, fmt.Errorf("create series: %w", err)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeries)
		if replace != 0 {
			if err := stopSeries(tx, replace, sr.BranchID, planAt); err != nil {
				return err
			}
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		sr.ID, sr.Active = id, true
		if err := put(b, u64(id), sr); err != nil {
			return err
		}
		return setTimer(tx, TimerSeries, id, planAt)
	})
	if err != nil {
		return Series{}, fmt.Errorf("create series: %w", err)
	}
	return sr, nil
}

// stopSeries ends a series and cancels its meetings that start after now.
func stopSeries(tx *bolt.Tx, id, branchID uint64, now time.Time) error {
	b := tx.Bucket(bucketSeries)
	var old Series
	if ok, err := get(b, u64(id), &old); err != nil || !ok || old.BranchID != branchID {
		return err
	}
	old.Active = false
	if err := put(b, u64(id), old); err != nil {
		return err
	}
	if err := deleteTimer(tx, TimerSeries, id); err != nil {
		return err
	}
	var future []Meeting
	c := tx.Bucket(bucketBranchMeetings).Cursor()
	prefix := calendarPrefix(branchID)
	for k, _ := c.Seek(calendarFrom(branchID, now)); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		mid, err := calendarMeeting(k)
		if err != nil {
			return err
		}
		m, err := meeting(tx, mid)
		if err != nil {
			return err
		}
		if m.SeriesID == id && m.Status == Scheduled {
			future = append(future, m)
		}
	}
	for _, m := range future {
		m.Status = Cancelled
		if err := putMeeting(tx, m); err != nil {
			return err
		}
		if err := dropMeetingTimers(tx, m.ID); err != nil {
			return err
		}
		if err := dropReminders(tx, m.ID); err != nil {
			return err
		}
	}
	return nil
}

// Series returns the series with id.
func (s *Store) Series(id uint64) (Series, error) {
	var sr Series
	err := s.db.View(func(tx *bolt.Tx) error {
		ok, err := get(tx.Bucket(bucketSeries), u64(id), &sr)
		if err == nil && !ok {
			err = ErrSeriesUnknown
		}
		return err
	})
	if err != nil {
		return Series{}, fmt.Errorf("get series %d: %w", id, err)
	}
	return sr, nil
}

// SeriesOf lists a branch's series, active or not, oldest first.
func (s *Store) SeriesOf(branchID uint64) ([]Series, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Series, error) {
		return scanWhere(tx.Bucket(bucketSeries), func(sr Series) bool { return sr.BranchID == branchID })
	})
	if err != nil {
		return nil, fmt.Errorf("list series of branch %d: %w", branchID, err)
	}
	return out, nil
}

// PlanSeries creates a series' meetings up to until and sets when to plan
// again, in one transaction. A stopped series plans nothing.
func (s *Store) PlanSeries(ctx context.Context, id uint64, until time.Time, plans []MeetingPlan, next time.Time) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bucketSeries)
		var sr Series
		ok, err := get(b, u64(id), &sr)
		if err != nil {
			return err
		}
		if !ok || !sr.Active {
			return deleteTimer(tx, TimerSeries, id)
		}
		for _, p := range plans {
			if !p.Meeting.Start.After(sr.PlannedUntil) {
				continue // planned before: never twice
			}
			p.Meeting.SeriesID = id
			if _, err := createMeeting(tx, p.Meeting, p.Reminders); err != nil {
				return err
			}
			n++
		}
		if until.After(sr.PlannedUntil) {
			sr.PlannedUntil = until
		}
		if err := put(b, u64(id), sr); err != nil {
			return err
		}
		return setTimer(tx, TimerSeries, id, next)
	})
	if err != nil {
		return 0, fmt.Errorf("plan series %d: %w", id, err)
	}
	return n, nil
}

// StopSeries ends a series: it plans no more meetings. Meetings already
// planned stay; the caller lists them so they can be cancelled one by one.
func (s *Store) StopSeries(ctx context.Context, id, branchID uint64) (Series, error) {
	var sr Series
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeries)
		ok, err := get(b, u64(id), &sr)
		if err != nil {
			return err
		}
		if !ok || sr.BranchID != branchID {
			return ErrSeriesUnknown
		}
		sr.Active = false
		if err := put(b, u64(id), sr); err != nil {
			return err
		}
		return deleteTimer(tx, TimerSeries, id)
	})
	if err != nil {
		return Series{}, fmt.Errorf("stop series %d: %w", id, err)
	}
	return sr, nil
}
