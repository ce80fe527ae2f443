package data

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingKind is one of the meetings a branch holds (see domain.md).
type MeetingKind string

// The kinds of meeting: the fixed cadence of 三会一课, the monthly themed
// day, and anything else.
const (
	KindAssembly  MeetingKind = "assembly"  // 支部党员大会
	KindCommittee MeetingKind = "committee" // 支委会
	KindGroup     MeetingKind = "group"     // 党小组会
	KindLecture   MeetingKind = "lecture"   // 党课
	KindThemeDay  MeetingKind = "themeday"  // 主题党日
	KindOther     MeetingKind = "other"     // 其他
)

// Validate checks that k is a known kind.
func (k MeetingKind) Validate() error {
	switch k {
	case KindAssembly, KindCommittee, KindGroup, KindLecture, KindThemeDay, KindOther:
		return nil
	}
	return Errorf(EInvalid, "unknown kind %q", k)
}

// MeetingStatus is whether a meeting will happen.
type MeetingStatus string

// Meeting statuses.
const (
	Scheduled MeetingStatus = "scheduled"
	Cancelled MeetingStatus = "cancelled"
)

// MaxTitleLen bounds a meeting title, in characters.
const MaxTitleLen = 200

// Meeting is one concrete meeting. Meetings of a series are concrete too,
// so each can be moved or cancelled alone.
type Meeting struct {
	ID        uint64          `json:"id"`
	BranchID  uint64          `json:"branch_id"`
	Kind      MeetingKind     `json:"kind"`
	Title     string          `json:"title"`
	Start     time.Time       `json:"start"`
	Duration  time.Duration   `json:"duration"`
	Place     string          `json:"place,omitempty"`
	GroupID   uint64          `json:"group_id,omitempty"`
	Remind    []time.Duration `json:"remind"` // offsets before Start
	SeriesID  uint64          `json:"series_id,omitempty"`
	Status    MeetingStatus   `json:"status"`
	CreatedBy int64           `json:"created_by"`
	CreatedAt time.Time       `json:"created_at"`
	Minutes   *Minutes        `json:"minutes,omitempty"`
	// Code, if set, is the 4-digit check-in code shown in the room. With
	// Rotate, it is instead the secret from which a code that changes every
	// CodePeriod is derived, so a code sent out of the room goes stale.
	Code   string `json:"code,omitempty"`
	Rotate bool   `json:"rotate,omitempty"`
	// Where, if set, accepts a member's shared location within its radius
	// as a check-in.
	Where *Place `json:"where,omitempty"`
	// CancelledBy and CancelledAt record the last cancel, so that a view
	// can say who called it off and when.
	CancelledBy int64     `json:"cancelled_by,omitempty"`
	CancelledAt time.Time `json:"cancelled_at,omitzero"`
}

// Started reports whether the meeting has begun at now: from then on its
// check-ins and leaves belong to the time it was held, so it is neither
// moved, edited, cancelled nor restored.
func (m Meeting) Started(now time.Time) bool { return !now.Before(m.Start) }

// End is when the meeting is over.
func (m Meeting) End() time.Time { return m.Start.Add(m.Duration) }

// Overlaps reports whether the two meetings share some time.
func (m Meeting) Overlaps(o Meeting) bool {
	return m.Start.Before(o.End()) && o.Start.Before(m.End())
}

// ManagedBy reports whether member p may cancel, restore or edit the
// meeting: its organiser, or a secretary of its branch. Other committee
// members may plan their own meetings but not call off someone else's.
func (m Meeting) ManagedBy(p Member) bool {
	return p.BranchID == m.BranchID && (p.UserID == m.CreatedBy || p.Role.AtLeast(RoleSecretary))
}

// Place is a point and a radius in metres.
type Place struct {
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Radius float64 `json:"radius"`
}

// Contains reports whether (lat, lon) lies within the place's radius
// (great-circle distance on a spherical Earth: metres matter here, not
// geodesy).
func (p Place) Contains(lat, lon float64) bool {
	const earth = 6371000.0
	rad := math.Pi / 180
	dLat, dLon := (lat-p.Lat)*rad, (lon-p.Lon)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2*earth*math.Asin(math.Min(1, math.Sqrt(a))) <= p.Radius
}

// Validate checks what a user could get wrong.
func (m Meeting) Validate() error {
	if err := m.Kind.Validate(); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(m.Title) == "":
		return Errorf(EInvalid, "title is empty")
	case utf8.RuneCountInString(m.Title) > MaxTitleLen:
		return Errorf(EInvalid, "title is longer than %d characters", MaxTitleLen)
	case m.Kind == KindGroup && m.GroupID == 0:
		return Errorf(EInvalid, "a group meeting needs a group")
	case m.Duration < 0 || m.Duration > 24*time.Hour:
		return Errorf(EInvalid, "duration %v out of range", m.Duration)
	}
	return nil
}

// Reminder is one planned reminder of a meeting.
type Reminder struct {
	ID        uint64        `json:"id"`
	MeetingID uint64        `json:"meeting_id"`
	Offset    time.Duration `json:"offset"`
	At        time.Time     `json:"at"` // when it fires (after quiet-hours adjustment)
}

// PlannedReminder is a reminder time worked out by the scheduler.
type PlannedReminder struct {
	Offset time.Duration
	At     time.Time
}

// TimerReminder is the timer kind of a meeting reminder; TimerMissed sends a
// branch's summary of reminders missed during downtime; TimerSeries plans
// a series' next meetings.
const (
	TimerReminder = "reminder"
	TimerMissed   = "missed"
	TimerSeries   = "series"
	TimerStart    = "start" // check-in opens: the groups' "meeting starting" post
)

// ErrMeetingUnknown means there is no such meeting.
var ErrMeetingUnknown = &Error{Code: ENotFound, Message: "meeting not found"}

// ErrMeetingStarted means a meeting that has begun cannot be moved: its
// check-ins and posts belong to the time it was held.
var ErrMeetingStarted = &Error{Code: EConflict, Message: "meeting has started"}

// ErrMeetingCancelled means the meeting was cancelled already.
var ErrMeetingCancelled = &Error{Code: EConflict, Message: "meeting is cancelled"}

// ErrMeetingNotCancelled means a restore found the meeting on already.
var ErrMeetingNotCancelled = &Error{Code: EConflict, Message: "meeting is not cancelled"}

// MeetingChange describes what moving or cancelling a meeting tells its
// attendees: Render makes the message in each attendee's language.
type MeetingChange struct {
	Now    time.Time
	By     int64 // who made the change: they know already
	Render func(m Meeting, lang string) string
}

// MeetingEdit is a change of a meeting's title, place, length or group;
// the zero value of a field leaves it as it is.
type MeetingEdit struct {
	Title    string
	Place    string
	Duration time.Duration
	GroupID  uint64
}

// Apply returns m with the edit made, validated.
func (e MeetingEdit) Apply(m Meeting) (Meeting, error) {
	if e.Title != "" {
		m.Title = strings.TrimSpace(e.Title)
	}
	if e.Place != "" {
		m.Place = e.Place
	}
	if e.Duration != 0 {
		m.Duration = e.Duration
	}
	if e.GroupID != 0 {
		if m.Kind != KindGroup {
			return m, ErrGroupNotGroupMeeting
		}
		m.GroupID = e.GroupID
	}
	return m, m.Validate()
}

// ErrGroupNotGroupMeeting means a group was given to a meeting that is not
// a group meeting: its attendees do not depend on a group.
var ErrGroupNotGroupMeeting = &Error{Code: EInvalid, Message: "only a group meeting has a group"}

// NewMeeting is what ScheduleMeeting needs.
type NewMeeting struct {
	Meeting Meeting
	Plan    []PlannedReminder
	// DraftID, if not zero, is the creator's guided-flow draft: it ends in
	// the same transaction, so a double press cannot make the meeting twice.
	DraftID uint64
	// Announce, if set, makes the announcement attendees get (all but the
	// creator) in their language. It runs inside the transaction: it must
	// only format.
	Announce func(m Meeting, lang string) NoticeMessages
}

// VisibleTo reports whether member p may see the meeting in lists. The
// committee and secretaries plan every meeting of their branch; others see
// the meetings they are expected at, not a committee's agenda or another
// group's.
func (m Meeting) VisibleTo(p Member) bool {
	if p.BranchID != m.BranchID {
		return false
	}
	return p.Role.AtLeast(RoleCommittee) || attends(m, p)
}

// attends reports whether a meeting is for member p.
func attends(m Meeting, p Member) bool {
	switch {
	case p.BranchID != m.BranchID:
		return false
	case !p.JoinedAt.IsZero() && p.JoinedAt.After(m.Start):
		return false // joined after it began: not expected at it
	case m.Kind == KindGroup:
		return p.GroupID == m.GroupID
	case m.Kind == KindCommittee:
		return p.Role.AtLeast(RoleCommittee)
	}
	return true
}

// ReminderFire is how the bot wants one due reminder handled.
type ReminderFire struct {
	ReminderID uint64
	Now        time.Time
	// Render makes the reminder in an attendee's language; late is how
	// much later than planned it goes out (0 when on time). It runs inside
	// the store's transaction: it must only format.
	Render func(br Branch, m Meeting, r Reminder, lang string, late time.Duration) NoticeMessages
	// Quiet, if set, returns when the branch's quiet hours containing now
	// end (now itself outside them). It runs inside the store's
	// transaction for every due reminder: it must only compute.
	Quiet func(br Branch, now time.Time) time.Time
}

// MissedReminder records a reminder that could not go out in time.
type MissedReminder struct {
	MeetingID uint64    `json:"meeting_id"`
	Title     string    `json:"title"`
	Start     time.Time `json:"start"`
	At        time.Time `json:"at"`
}

// MeetingPost is a group's live "meeting starting" message.
type MeetingPost struct {
	ChatID    int64
	MessageID int
}
