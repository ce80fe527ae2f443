package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RequestLeave records a pending leave request and queues the note to the
// meeting's organiser, in one transaction. A request can be made until the
// meeting starts; asking again while one is pending or approved changes
// nothing (first is false); after a rejection a member may ask again.
//
// draftID, if not zero, is the user's draft that asked for the reason: it
// ends in the same transaction.
func (s *Store) RequestLeave(ctx context.Context, l Leave, draftID uint64, note LeaveNote) (m Meeting, cur Leave, first bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		first = false
		if draftID != 0 {
			if err := endDraft(tx, l.UserID, draftID); err != nil {
				return err
			}
		}
		if m, err = meeting(tx, l.MeetingID); err != nil {
			return err
		}
		// Someone from another branch learns nothing about this meeting,
		// not even that it exists: the same answer as for a missing one,
		// before any rule that would tell them more.
		// (attendee reads the member once: a non-member is a zero Member.)
		p, attends, err := attendee(tx, m, l.UserID)
		switch {
		case err != nil:
			return err
		case p.BranchID != m.BranchID:
			return ErrMeetingUnknown
		}
		if err := l.CheckRequest(m); err != nil {
			return err
		}
		if !attends {
			return ErrNotAttendee
		}
		k := key2(u64(l.MeetingID), i64(l.UserID))
		if tx.Bucket(bucketAttendance).Get(k) != nil {
			return ErrCheckedInLeft
		}
		b := tx.Bucket(bucketLeaves)
		// A request that still excuses (pending or approved) stands.
		if ok, err := get(b, k, &cur); err != nil || (ok && cur.Excuses()) {
			return err
		}
		first = true
		l.Status = LeavePending
		cur = l
		if err := put(b, k, l); err != nil {
			return err
		}
		organiser, err := member(tx, m.CreatedBy)
		if err != nil || organiser.BranchID != m.BranchID || organiser.UserID == l.UserID {
			// The organiser asking for leave goes to a secretary.
			organiser, err = firstSecretary(tx, m.BranchID, l.UserID)
			if err != nil {
				return err
			}
		}
		text, buttons := note(m, l, organiser.Lang)
		return s.enqueue(tx, l.At, []OutMessage{{ChatID: organiser.UserID, Text: text, Buttons: buttons, Purpose: Purpose{Kind: PurposeReport}}})
	})
	if err != nil {
		return Meeting{}, Leave{}, false, fmt.Errorf("request leave from meeting %d: %w", l.MeetingID, err)
	}
	return m, cur, first, nil
}

func isAttendee(tx *bolt.Tx, m Meeting, userID int64) (bool, error) {
	_, ok, err := attendee(tx, m, userID)
	return ok, err
}

// firstSecretary finds a secretary of the branch other than but (if
// possible; a branch with one secretary falls back to them).
func firstSecretary(tx *bolt.Tx, branchID uint64, but int64) (Member, error) {
	people, err := branchMembers(tx, branchID)
	if err != nil {
		return Member{}, err
	}
	var fallback *Member
	for i, p := range people {
		switch {
		case p.Role != RoleSecretary:
		case p.UserID != but:
			return p, nil
		default:
			fallback = &people[i]
		}
	}
	if fallback != nil {
		return *fallback, nil
	}
	return Member{}, ErrLastSecretary
}

// DecideLeave approves or rejects a pending request and queues the answer
// to the member, in one transaction.
func (s *Store) DecideLeave(ctx context.Context, meetingID uint64, userID int64, approve bool, by int64, now time.Time, answer func(m Meeting, l Leave, lang string) string) (Leave, error) {
	var l Leave
	err := s.update(ctx, func(tx *bolt.Tx) error {
		m, err := meeting(tx, meetingID)
		if err != nil {
			return err
		}
		if m.Status != Scheduled {
			// Nothing to excuse from: approving would tell the member
			// they are excused, and later ask them for make-up study.
			return ErrMeetingCancelled
		}
		b := tx.Bucket(bucketLeaves)
		k := key2(u64(meetingID), i64(userID))
		ok, err := get(b, k, &l)
		switch {
		case err != nil:
			return err
		case !ok:
			return ErrLeaveUnknown
		}
		if err := l.CheckDecision(by); err != nil {
			return err
		}
		l.Status, l.DecidedBy, l.DecidedAt = LeaveRejected, by, now
		if approve {
			l.Status = LeaveApproved
		}
		if err := put(b, k, l); err != nil {
			return err
		}
		p, err := member(tx, userID)
		if err != nil {
			return nil // left the branch; nobody to tell
		}
		return s.enqueue(tx, now, []OutMessage{{ChatID: userID, Text: answer(m, l, p.Lang), Purpose: Purpose{Kind: PurposeMeeting, UserID: userID}}})
	})
	if err != nil {
		// A request decided already comes back as it stands, so that the
		// refusal can say how it was decided.
		return l, fmt.Errorf("decide leave of %d from meeting %d: %w", userID, meetingID, err)
	}
	return l, nil
}

// Standing is where one member stands for one meeting: checked in, and
// their leave request if any.
type Standing struct {
	CheckedIn bool
	Leave     Leave
	HasLeave  bool
}

// StandingOf returns where member userID stands for a meeting, so that a
// button can answer at the press instead of after a typed reason.
func (s *Store) StandingOf(meetingID uint64, userID int64) (Standing, error) {
	st, err := read(s, func(tx *bolt.Tx) (Standing, error) {
		var st Standing
		k := key2(u64(meetingID), i64(userID))
		st.CheckedIn = tx.Bucket(bucketAttendance).Get(k) != nil
		var err error
		st.HasLeave, err = get(tx.Bucket(bucketLeaves), k, &st.Leave)
		return st, err
	})
	if err != nil {
		return Standing{}, fmt.Errorf("standing of %d at meeting %d: %w", userID, meetingID, err)
	}
	return st, nil
}
