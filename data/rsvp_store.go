package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RSVP records that a member will attend (参加). first is false if they
// had said so already.
func (s *Store) RSVP(ctx context.Context, meetingID, branchID uint64, userID int64, now time.Time) (first bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		m, _, err := scheduledMeeting(tx, meetingID, branchID)
		if err != nil {
			return err
		}
		if !now.Before(m.Start) {
			return ErrLeaveTooLate
		}
		if ok, err := isAttendee(tx, m, userID); err != nil || !ok {
			if err == nil {
				err = ErrNotAttendee
			}
			return err
		}
		b := tx.Bucket(bucketRSVP)
		k := key2(u64(meetingID), i64(userID))
		if b.Get(k) != nil {
			return nil
		}
		first = true
		return put(b, k, now)
	})
	if err != nil {
		return false, fmt.Errorf("rsvp to meeting %d: %w", meetingID, err)
	}
	return first, nil
}

// CheckQuorum consumes the quorum timer and, when fewer than half of the
// expected members have said they will attend, queues a warning to the
// branch's secretaries, in one transaction. It returns the counts.
func (s *Store) CheckQuorum(ctx context.Context, meetingID uint64, now time.Time, warn func(m Meeting, confirmed, expected int, lang string) string) (confirmed, expected int, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		if err := deleteTimer(tx, TimerQuorum, meetingID); err != nil {
			return err
		}
		m, err := meeting(tx, meetingID)
		if err != nil || m.Status != Scheduled || !now.Before(m.Start) {
			return nil
		}
		people, err := attendees(tx, m)
		if err != nil {
			return err
		}
		expected, confirmed = len(people), 0
		b := tx.Bucket(bucketRSVP)
		for _, p := range people {
			if b.Get(key2(u64(meetingID), i64(p.UserID))) != nil {
				confirmed++
			}
		}
		if confirmed*2 > expected {
			return nil
		}
		out := reports(people, isSecretary, func(lang string) string { return warn(m, confirmed, expected, lang) })
		return s.enqueue(tx, now, out)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("quorum of meeting %d: %w", meetingID, err)
	}
	return confirmed, expected, nil
}
