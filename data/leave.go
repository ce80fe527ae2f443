package data

import (
	"time"
)

// LeaveStatus is where a leave request stands.
type LeaveStatus string

// Leave statuses.
const (
	LeavePending  LeaveStatus = "pending"
	LeaveApproved LeaveStatus = "approved"
	LeaveRejected LeaveStatus = "rejected"
)

// Leave is a member's request to be excused from a meeting (请假).
type Leave struct {
	MeetingID uint64      `json:"meeting_id"`
	UserID    int64       `json:"user_id"`
	Name      string      `json:"name"`
	At        time.Time   `json:"at"`
	Reason    string      `json:"reason,omitempty"`
	Status    LeaveStatus `json:"status,omitempty"` // empty in old records: approved
	DecidedBy int64       `json:"decided_by,omitempty"`
	DecidedAt time.Time   `json:"decided_at,omitzero"`
}

// Approved reports whether the leave was approved (or predates approval).
func (l Leave) Approved() bool { return l.Status == LeaveApproved || l.Status == "" }

// Excuses reports whether the leave excuses an absence: approved or still
// waiting for a decision, not rejected.
func (l Leave) Excuses() bool { return l.Status != LeaveRejected }

// CheckRequest applies the rules for asking leave from m at l.At: only
// from a scheduled meeting, and only before it starts (afterwards it is an
// absence, for the make-up study).
func (l Leave) CheckRequest(m Meeting) error {
	switch {
	case m.Status != Scheduled:
		return ErrMeetingCancelled
	case !l.At.Before(m.Start):
		return ErrLeaveTooLate
	}
	return nil
}

// CheckDecision applies the rules for deciding the request: it is decided
// once, and never by the member who asked.
func (l Leave) CheckDecision(by int64) error {
	switch {
	case l.Status != LeavePending:
		return ErrLeaveDecided
	case by == l.UserID:
		return ErrOwnLeave
	}
	return nil
}

// Leave errors.
var (
	ErrNotAttendee   = &Error{Code: EForbidden, Message: "member does not attend this meeting"}
	ErrLeaveTooLate  = &Error{Code: EConflict, Message: "the meeting has started"}
	ErrLeaveUnknown  = &Error{Code: ENotFound, Message: "no such leave request"}
	ErrLeaveDecided  = &Error{Code: EConflict, Message: "leave request already decided"}
	ErrCheckedInLeft = &Error{Code: EConflict, Message: "member already checked in"}
	ErrOwnLeave      = &Error{Code: EForbidden, Message: "nobody decides their own leave"}
)

// LeaveNote makes the organiser's message about a request, in their
// language: text and approve/reject buttons.
type LeaveNote func(m Meeting, l Leave, lang string) (string, [][]Button)
