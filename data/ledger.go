package data

import (
	"time"
)

// Ledger is a branch's record of one period (台账): the meetings held and
// who came, the cadence kept, the notices read, the surveys answered and
// the feedback heard. The report and the evidence pack are drawn from it;
// it holds nothing that names the author of anonymous feedback or the
// answers of an anonymous survey.
type Ledger struct {
	Branch Branch
	Period Period
	From   time.Time // the period's first instant in the branch's zone
	To     time.Time // the instant after its last
	Now    time.Time // when it was drawn up: a meeting after it is not held yet
	// Members are today's members, highest role first, then by name: the
	// rows of the attendance matrix.
	Members    []Member
	Groups     []Group
	Meetings   []LedgerMeeting // held in the period (ended by Now, not cancelled), by start
	Compliance []SlotResult    // required meetings of the period, from the branch's creation on
	Notices    []Notice        // sent in the period, oldest first
	Surveys    []LedgerSurvey  // whose deadline falls in the period
	Feedback   FeedbackCounts  // received in the period
}

// LedgerMeeting is one held meeting with its roll and its evidence.
type LedgerMeeting struct {
	Meeting  Meeting
	Roll     Roll
	Evidence []Evidence
}

// LedgerSurvey is a survey with how many were asked and how many finished
// answering; never who.
type LedgerSurvey struct {
	Survey   Survey
	Invited  int
	Answered int
}

// FeedbackCounts counts feedback without showing any of it: anonymous
// items stay anonymous by being only a number here.
type FeedbackCounts struct {
	Total     int
	Anonymous int
	Open      int // not yet closed by a secretary
	Answered  int // with at least one reply from the branch
}

// Mark is what one member's cell of the attendance matrix says about one
// meeting.
type Mark int

// The marks, from the roll. A member may be both absent and have made up
// the study; Cell reports that with MadeUp.
const (
	MarkNotExpected  Mark = iota // not an attendee (joined later, another group)
	MarkPresent                  // checked in on time
	MarkLate                     // checked in late (迟到)
	MarkProxy                    // checked in by an organiser, no correction (代签)
	MarkRetro                    // recorded by an organiser afterwards, with a reason (补签)
	MarkLeave                    // excused by an approved leave (请假)
	MarkLeavePending             // asked for leave, not yet decided
	MarkAbsent                   // neither present nor excused (缺席)
)

// Cell is one member's standing at one meeting.
type Cell struct {
	Mark   Mark
	Reason string // the leave's reason, or why an organiser recorded the check-in
	MadeUp bool   // make-up study done (补学)
}

// Cell reads the roll for one member. The roll is small (one meeting), so
// a scan is cheaper than maps for the report's sizes.
func (lm LedgerMeeting) Cell(userID int64) Cell {
	var c Cell
	for _, mu := range lm.Roll.MadeUp {
		if mu.UserID == userID {
			c.MadeUp = true
		}
	}
	for _, a := range lm.Roll.Present {
		if a.UserID != userID {
			continue
		}
		c.Reason = a.Reason
		switch {
		case a.Correction():
			c.Mark = MarkRetro
		case a.By != 0:
			c.Mark = MarkProxy
		case a.Late:
			c.Mark = MarkLate
		default:
			c.Mark = MarkPresent
		}
		return c
	}
	for _, l := range lm.Roll.Leave {
		if l.UserID != userID || !l.Excuses() {
			continue
		}
		c.Reason = l.Reason
		c.Mark = MarkLeave
		if !l.Approved() {
			c.Mark = MarkLeavePending
		}
		return c
	}
	for _, m := range lm.Roll.Absent {
		if m.UserID == userID {
			c.Mark = MarkAbsent
			return c
		}
	}
	return c
}

// Tally counts a meeting's roll as the report's columns do (and, in
// AttendanceTally, one member's meetings as /me does).
type Tally struct {
	Expected int // 应到
	Present  int // 实到, late and recorded ones included
	Late     int // 迟到
	Leave    int // 请假 that excuses (approved or pending)
	Absent   int // 缺席
	MadeUp   int // 补学 done
}

// Tally counts the meeting's roll.
func (lm LedgerMeeting) Tally() Tally { return lm.Roll.Tally() }

// Tally counts a roll: every view of a meeting's attendance (the summary
// at its end, the minutes, the report) counts the same way.
func (r Roll) Tally() Tally {
	t := Tally{Expected: len(r.Expected), Present: len(r.Present), Absent: len(r.Absent), MadeUp: len(r.MadeUp)}
	for _, a := range r.Present {
		if a.Late {
			t.Late++
		}
	}
	for _, l := range r.Leave {
		if l.Excuses() {
			t.Leave++
		}
	}
	return t
}

// Rate is present over expected, 0 when nobody was expected.
func (t Tally) Rate() float64 {
	if t.Expected == 0 {
		return 0
	}
	return float64(t.Present) / float64(t.Expected)
}

// Attendance sums the tallies of every held meeting: the period's
// attendance rate is its Rate.
func (l Ledger) Attendance() Tally {
	var sum Tally
	for _, lm := range l.Meetings {
		sum.Add(lm.Tally())
	}
	return sum
}

// Add counts o's meetings (or members) in t too.
func (t *Tally) Add(o Tally) {
	t.Expected += o.Expected
	t.Present += o.Present
	t.Late += o.Late
	t.Leave += o.Leave
	t.Absent += o.Absent
	t.MadeUp += o.MadeUp
}

// Kept counts the required meetings of the period: held, missed, and
// still to come (due or planned).
func (l Ledger) Kept() (held, missed, open int) {
	for _, r := range l.Compliance {
		switch r.State {
		case SlotHeld:
			held++
		case SlotMissed:
			missed++
		default:
			open++
		}
	}
	return held, missed, open
}

// Evidence counts the files attached to the period's meetings.
func (l Ledger) Evidence() int {
	n := 0
	for _, lm := range l.Meetings {
		n += len(lm.Evidence)
	}
	return n
}
