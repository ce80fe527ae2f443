package data

import (
	"fmt"
	"time"
)

// FiringAction says what becomes of a meeting reminder that has fallen due.
type FiringAction int

// The firing actions.
const (
	// FiringOnTime: send it as planned.
	FiringOnTime FiringAction = iota
	// FiringLate: send it with a note of how late it is (the bot was down).
	FiringLate
	// FiringMissed: do not send it; record it for the summary to the
	// branch's secretaries, since it is too late to be of use.
	FiringMissed
	// FiringMoved: it was caught up inside quiet hours; send it when they
	// end.
	FiringMoved
)

// String names the action for logs.
func (a FiringAction) String() string {
	switch a {
	case FiringOnTime:
		return "on time"
	case FiringLate:
		return "late"
	case FiringMissed:
		return "missed"
	case FiringMoved:
		return "moved"
	}
	return fmt.Sprintf("FiringAction(%d)", int(a))
}

// Firing is the decision for one due meeting reminder.
type Firing struct {
	Action FiringAction
	// Late is how long after its planned instant the reminder was handled:
	// zero for FiringOnTime (a delay under a minute is the engine's
	// ordinary slack, not lateness), at least a minute for FiringLate and
	// FiringMoved, and the full delay for FiringMissed. It is elapsed time,
	// not rounded; whoever shows it rounds it.
	Late time.Duration
	// At is when the reminder goes out: now for FiringOnTime and
	// FiringLate, the end of the quiet hours for FiringMoved, the zero time
	// for FiringMissed.
	At time.Time
}

// lateGrace is the smallest lateness worth a note, and the smallest
// catch-up window: the engine fires a little after the planned instant
// even when nothing was down, and that must not read as late, nor as
// missed for a branch that turned catching up off.
const lateGrace = time.Minute

// DecideFiring decides what to do with a meeting reminder planned for due
// and handled at now, for a meeting starting at meetingStart, in a branch
// that catches up on reminders at most catchUp late. quietEnd is the first
// instant at or after now outside the branch's quiet hours: now itself
// outside them, or the zero time for a branch without any.
//
// In order:
//   - the meeting has begun (meetingStart at or before now), or the
//     reminder is more than max(catchUp, a minute) late: FiringMissed,
//     since a reminder after the meeting is useless and a very late one
//     confuses, but it is recorded rather than silently dropped;
//   - late by at least a minute, and quietEnd is after now and before the
//     meeting starts: FiringMoved to quietEnd, as planning would have
//     placed it;
//   - late by at least a minute: FiringLate;
//   - otherwise FiringOnTime.
//
// An on-time reminder is never moved: planning already kept it out of
// quiet hours unless the meeting starts before they end. All durations are
// elapsed time, so a daylight-saving change between due and now counts as
// the hour it really was.
func DecideFiring(due, now, meetingStart time.Time, catchUp time.Duration, quietEnd time.Time) Firing {
	late := now.Sub(due)
	if late > max(catchUp, lateGrace) || !meetingStart.After(now) {
		return Firing{Action: FiringMissed, Late: late}
	}
	if late < lateGrace {
		return Firing{Action: FiringOnTime, At: now}
	}
	if quietEnd.After(now) && quietEnd.Before(meetingStart) {
		return Firing{Action: FiringMoved, Late: late, At: quietEnd}
	}
	return Firing{Action: FiringLate, Late: late, At: now}
}
