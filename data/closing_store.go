package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CloseMeeting sends the summary to the branch's secretaries and the
// make-up prompt to members absent without leave, and consumes the
// meeting's closing timer, in one transaction.
func (s *Store) CloseMeeting(ctx context.Context, meetingID uint64, c Closing) (absent int, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		if err := deleteTimer(tx, TimerAfter, meetingID); err != nil {
			return err
		}
		m, err := meeting(tx, meetingID)
		if err != nil || m.Status != Scheduled {
			return nil
		}
		r, err := rollCall(tx, m)
		if err != nil {
			return err
		}
		absent = len(r.Absent)
		members, err := branchMembers(tx, m.BranchID)
		if err != nil {
			return err
		}
		organisers := func(p Member) bool { return isSecretary(p) || p.UserID == m.CreatedBy }
		out := reports(members, organisers, func(lang string) string { return c.Summary(m, r, lang) })
		for _, p := range r.Absent {
			out = append(out, OutMessage{ChatID: p.UserID, Text: c.MakeUp(m, p.Lang), Purpose: Purpose{Kind: PurposeMeeting, UserID: p.UserID}})
		}
		return s.enqueue(tx, c.Now, out)
	})
	if err != nil {
		return 0, fmt.Errorf("close meeting %d: %w", meetingID, err)
	}
	return absent, nil
}

// RecordMakeUp records a member's make-up study of a meeting they missed
// (absent, or excused on leave). first is false if it was recorded before.
func (s *Store) RecordMakeUp(ctx context.Context, mu MakeUp) (first bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		m, err := meeting(tx, mu.MeetingID)
		if err != nil {
			return err
		}
		if m.Status != Scheduled || mu.At.Before(m.Start.Add(m.Duration)) {
			return ErrNoMakeUpNeeded
		}
		k := key2(u64(mu.MeetingID), i64(mu.UserID))
		if tx.Bucket(bucketAttendance).Get(k) != nil {
			return ErrNoMakeUpNeeded
		}
		if ok, err := isAttendee(tx, m, mu.UserID); err != nil || !ok {
			if err == nil {
				err = ErrNoMakeUpNeeded
			}
			return err
		}
		b := tx.Bucket(bucketMakeUps)
		if b.Get(k) != nil {
			return nil
		}
		first = true
		return put(b, k, mu)
	})
	if err != nil {
		return false, fmt.Errorf("record make-up of meeting %d: %w", mu.MeetingID, err)
	}
	return first, nil
}

// EditMinutes makes an edit to a meeting's minutes (see MinutesEdit) in
// one transaction, so that two secretaries editing at once both keep
// their changes. The version it replaces joins Earlier; saved is the
// minutes as stored, replaced the version before, nil if there was none.
func (s *Store) EditMinutes(ctx context.Context, meetingID, branchID uint64, e MinutesEdit, by int64, at time.Time) (saved Minutes, replaced *Minutes, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		m, err := branchMeeting(tx, meetingID, branchID)
		if err != nil {
			return err
		}
		var prev Minutes
		if m.Minutes != nil {
			prev = *m.Minutes
		}
		saved = e.Apply(prev, by, at)
		if err := saved.Validate(); err != nil {
			return err
		}
		replaced = m.Minutes
		if m.Minutes != nil {
			old := *m.Minutes
			old.Earlier = nil
			saved.Earlier = append(append([]Minutes(nil), m.Minutes.Earlier...), old)
		}
		m.Minutes = &saved
		return putMeeting(tx, m)
	})
	if err != nil {
		return Minutes{}, nil, fmt.Errorf("set minutes of meeting %d: %w", meetingID, err)
	}
	return saved, replaced, nil
}
