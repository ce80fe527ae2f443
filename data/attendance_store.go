package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// codeTries counts a member's wrong codes for one meeting.
type codeTries struct {
	Wrong       int       `json:"wrong"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// CheckIn records that a member is at a meeting. The first check-in counts;
// First is false for any later one, which returns the recorded one and
// changes nothing. Outside the window, for a cancelled meeting, or for a
// member the meeting is not for, nothing is recorded; the result still
// carries the window's opening and the branch when the meeting was found.
//
// A meeting with a code takes a check-in only with that code: a wrong one
// counts, and after MaxCodeTries the member is locked out for CodeLockout
// (the wrong tries are recorded even though the check-in is refused).
func (s *Store) CheckIn(ctx context.Context, meetingID, branchID uint64, userID int64, code string, now time.Time) (CheckInResult, error) {
	var (
		res     CheckInResult
		refused error
	)
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		res, refused = CheckInResult{}, nil
		// A refusal commits like a success (recording the update as
		// handled): an error would make Batch roll back and rerun every
		// other check-in sharing the commit.
		m, br, err := scheduledMeeting(tx, meetingID, branchID)
		if errors.Is(err, ErrMeetingUnknown) || errors.Is(err, ErrMeetingCancelled) {
			refused = err
			return nil
		}
		if err != nil {
			return err
		}
		open, late, closes := CheckInWindow(m, br.Settings)
		res.Opens, res.Branch = open, br
		who, ok, err := attendee(tx, m, userID)
		if err != nil {
			return err
		}
		if !ok {
			refused = ErrNotAttendee
			return nil
		}
		b := tx.Bucket(bucketAttendance)
		k := key2(u64(meetingID), i64(userID))
		if ok, err := get(b, k, &res.Attendance); err != nil || ok {
			return err
		}
		switch {
		case now.Before(open):
			refused = ErrCheckInNotOpen
			return nil
		case now.After(closes):
			refused = ErrCheckInClosed
			return nil
		}
		if m.Code != "" {
			if refused = checkCode(tx, k, code != "" && CodeAccepted(m, code, now), code == "", now); refused != nil {
				return nil // keep the count of wrong tries; refuse below
			}
		}
		res.First = true
		res.Attendance = Attendance{MeetingID: meetingID, UserID: userID, Name: who.Name, At: now, Late: now.After(late)}
		return put(b, k, res.Attendance)
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return res, fmt.Errorf("check in to meeting %d: %w", meetingID, err)
	}
	return res, nil
}

// checkCode counts a check-in attempt against a meeting's code: a locked
// out member is refused, a missing code asked for, a wrong one counted.
func checkCode(tx *bolt.Tx, k []byte, accepted, missing bool, now time.Time) error {
	b := tx.Bucket(bucketCodeTries)
	var t codeTries
	if _, err := get(b, k, &t); err != nil {
		return err
	}
	switch {
	case now.Before(t.LockedUntil):
		return ErrCodeLocked
	case missing:
		return ErrCodeNeeded
	case accepted:
		return b.Delete(k)
	}
	t.Wrong++
	if t.Wrong >= MaxCodeTries {
		t = codeTries{LockedUntil: now.Add(CodeLockout)}
	}
	if err := put(b, k, t); err != nil {
		return err
	}
	if !t.LockedUntil.IsZero() {
		return ErrCodeLocked
	}
	return ErrCodeWrong
}

// RollCall gathers a meeting's attendance.
func (s *Store) RollCall(meetingID uint64) (Roll, error) {
	var r Roll
	err := s.db.View(func(tx *bolt.Tx) error {
		m, err := meeting(tx, meetingID)
		if err != nil {
			return err
		}
		r, err = rollCall(tx, m)
		return err
	})
	if err != nil {
		return Roll{}, fmt.Errorf("roll call of meeting %d: %w", meetingID, err)
	}
	return r, nil
}

func rollCall(tx *bolt.Tx, m Meeting) (Roll, error) {
	all, err := branchMembers(tx, m.BranchID)
	if err != nil {
		return Roll{}, err
	}
	return rollCallAmong(tx, m, all)
}

// rollCallAmong is rollCall with the branch's members already read, so a
// period's many meetings read them once.
func rollCallAmong(tx *bolt.Tx, m Meeting, all []Member) (Roll, error) {
	r := Roll{Expected: attendeesAmong(m, all)}
	var err error
	if r.Present, err = scanPrefix[Attendance](tx.Bucket(bucketAttendance), u64(m.ID)); err != nil {
		return r, err
	}
	if r.Leave, err = scanPrefix[Leave](tx.Bucket(bucketLeaves), u64(m.ID)); err != nil {
		return r, err
	}
	if r.MadeUp, err = scanPrefix[MakeUp](tx.Bucket(bucketMakeUps), u64(m.ID)); err != nil {
		return r, err
	}
	// Only the expected count: someone who has left the branch (or the
	// group) since is neither present nor on leave here.
	expected := map[int64]bool{}
	for _, p := range r.Expected {
		expected[p.UserID] = true
	}
	accounted := map[int64]bool{}
	present := r.Present[:0]
	for _, a := range r.Present {
		if expected[a.UserID] {
			present = append(present, a)
			accounted[a.UserID] = true
		}
	}
	r.Present = present
	leave := r.Leave[:0]
	for _, l := range r.Leave {
		// Someone who asked for leave and came anyway is present; a
		// pending request is listed as such, not as absent; a rejected
		// one excuses nothing.
		if !expected[l.UserID] || accounted[l.UserID] {
			continue
		}
		leave = append(leave, l)
		if l.Excuses() {
			accounted[l.UserID] = true
		}
	}
	r.Leave = leave
	for _, p := range r.Expected {
		if !accounted[p.UserID] {
			r.Absent = append(r.Absent, p)
		}
	}
	return r, nil
}

// CheckInFor records a check-in on a member's behalf: during the meeting
// it is 代签 (proxy), afterwards 补签 (a correction); either way the
// record names who made it and why, and every view shows that. A member
// who already checked in keeps their own record.
func (s *Store) CheckInFor(ctx context.Context, meetingID, branchID uint64, userID, by int64, reason string, now time.Time) (Attendance, error) {
	var a Attendance
	err := s.update(ctx, func(tx *bolt.Tx) error {
		m, br, err := scheduledMeeting(tx, meetingID, branchID)
		if err != nil {
			return err
		}
		open, late, _ := CheckInWindow(m, br.Settings)
		if now.Before(open) {
			return ErrCheckInNotOpen
		}
		who, ok, err := attendee(tx, m, userID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotAttendee
		}
		b := tx.Bucket(bucketAttendance)
		k := key2(u64(meetingID), i64(userID))
		if b.Get(k) != nil {
			return ErrAlreadyCheckedIn
		}
		at := now
		if end := m.Start.Add(m.Duration); at.After(end) {
			at = m.Start // a correction records presence, not the time it was made
		}
		a = Attendance{MeetingID: meetingID, UserID: userID, Name: who.Name, At: at, Late: at.After(late), By: by, Reason: reason}
		return put(b, k, a)
	})
	if err != nil {
		return Attendance{}, fmt.Errorf("check in %d to meeting %d: %w", userID, meetingID, err)
	}
	return a, nil
}

// scheduledMeeting loads a scheduled meeting of the branch and the
// branch, for actions on it.
func scheduledMeeting(tx *bolt.Tx, meetingID, branchID uint64) (Meeting, Branch, error) {
	var br Branch
	m, err := branchMeeting(tx, meetingID, branchID)
	if err != nil {
		return m, br, err
	}
	_, err = get(tx.Bucket(bucketBranches), u64(m.BranchID), &br)
	return m, br, err
}

// branchMeeting loads a meeting of the branch that is not cancelled:
// another branch's meeting is unknown here, a cancelled one takes no
// check-ins, minutes or evidence.
func branchMeeting(tx *bolt.Tx, meetingID, branchID uint64) (Meeting, error) {
	m, err := meeting(tx, meetingID)
	switch {
	case err != nil:
		return m, err
	case m.BranchID != branchID:
		return m, ErrMeetingUnknown
	case m.Status != Scheduled:
		return m, ErrMeetingCancelled
	}
	return m, nil
}

// MemberAttendance tallies one member's attendance at the branch's
// meetings starting in [from, now), by kind, as TallyAttendance counts it.
// It reads every roll in one transaction, so a check-in or a leave decided
// meanwhile cannot make one meeting count twice or not at all.
func (s *Store) MemberAttendance(branchID uint64, userID int64, from, now time.Time) ([]AttendanceTally, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]AttendanceTally, error) {
		list, err := meetingsBetween(tx, branchID, from, now)
		if err != nil {
			return nil, err
		}
		all, err := branchMembers(tx, branchID)
		if err != nil {
			return nil, err
		}
		rolls := make([]MeetingRoll, 0, len(list))
		for _, m := range list {
			if m.End().After(now) {
				continue // not over: no need to read its roll
			}
			r, err := rollCallAmong(tx, m, all)
			if err != nil {
				return nil, err
			}
			rolls = append(rolls, MeetingRoll{Meeting: m, Roll: r})
		}
		return TallyAttendance(userID, now, rolls), nil
	})
	if err != nil {
		return nil, fmt.Errorf("attendance of %d in branch %d: %w", userID, branchID, err)
	}
	return out, nil
}
