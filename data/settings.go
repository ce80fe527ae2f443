package data

import (
	"fmt"
	"time"
)

// Settings are a branch's own choices about timing and follow-ups.
type Settings struct {
	// FollowUpAfter is how long after a notice its non-readers are
	// reminded; 0 turns automatic follow-ups off.
	FollowUpAfter time.Duration `json:"follow_up_after"`
	// MaxFollowUps caps automatic follow-ups per notice (at most
	// MaxFollowUpsLimit): respect beats nagging.
	MaxFollowUps int `json:"max_follow_ups"`
	// Quiet is the daily span in which nothing optional is sent.
	Quiet QuietHours `json:"quiet"`
	// Remind are the default reminder offsets before a meeting; empty
	// means no reminders unless a meeting asks for them.
	Remind []time.Duration `json:"remind"`
	// CatchUp is how late a reminder may still go out after downtime;
	// older ones are reported as missed.
	CatchUp time.Duration `json:"catch_up"`
	// TZ is the branch's IANA zone; empty means branchbot's default.
	TZ string `json:"tz,omitempty"`
	// Digest is when the weekly agenda goes out.
	Digest Digest `json:"digest"`
	// CheckInOpen is how long before the start check-in opens; it closes
	// at the end. LateAfter is how long after the start a check-in counts
	// as late.
	CheckInOpen time.Duration `json:"check_in_open"`
	LateAfter   time.Duration `json:"late_after"`
	// StrictAnonymity keeps no way back to an anonymous author: no answer
	// can reach them, and nothing about them is stored.
	StrictAnonymity bool `json:"strict_anonymity,omitempty"`
	// EvalMinVoters is how many complete ballots an evaluation round needs
	// before per-member results are published; 0 means MinEvalVoters, and
	// a branch may only raise it (EvalThreshold).
	EvalMinVoters int `json:"eval_min_voters,omitempty"`
	// SendsPerMinute and SendsPerDay cap what one member can make the bot
	// send to others (feedback, follow-ups, leave requests); 0 means the
	// default (SendLimits). They stop a flood, not a member with
	// something to say.
	SendsPerMinute int `json:"sends_per_minute,omitempty"`
	SendsPerDay    int `json:"sends_per_day,omitempty"`
	// Cadence is the branch's table of required meetings; nil means
	// DefaultCadence (every branch stored before it existed).
	Cadence CadenceTable `json:"cadence,omitempty"`
	// CadenceLead is how long before the end of its period the
	// secretaries are first warned of a required meeting not scheduled;
	// 0 means DefaultCadenceLead, and CadenceWarnOff stops the warnings.
	CadenceLead    time.Duration `json:"cadence_lead,omitempty"`
	CadenceWarnOff bool          `json:"cadence_warn_off,omitempty"`
}

// Default and largest per-member send limits.
const (
	DefaultSendsPerMinute = 5
	DefaultSendsPerDay    = 30
	MaxSendsPerMinute     = 60
	MaxSendsPerDay        = 1000
)

// SendLimits returns the per-member limits in force, the defaults for
// those left at 0 (every branch stored before the limits existed).
func (s Settings) SendLimits() (perMinute, perDay int) {
	perMinute, perDay = s.SendsPerMinute, s.SendsPerDay
	if perMinute == 0 {
		perMinute = DefaultSendsPerMinute
	}
	if perDay == 0 {
		perDay = DefaultSendsPerDay
	}
	return perMinute, perDay
}

// MinEvalVoters is the fewest complete ballots for which an evaluation's
// per-member results are published: with fewer, each grade is too easily
// traced to its voter. MaxEvalVoters bounds a branch's own threshold.
const (
	MinEvalVoters = 5
	MaxEvalVoters = 1000
)

// EvalThreshold is the branch's threshold for publishing an evaluation's
// per-member results: EvalMinVoters, never below MinEvalVoters.
func (s Settings) EvalThreshold() int { return max(s.EvalMinVoters, MinEvalVoters) }

// Digest is a weekly time: a weekday and minutes after midnight.
type Digest struct {
	Off     bool         `json:"off,omitempty"`
	Weekday time.Weekday `json:"weekday"`
	At      int          `json:"at"`
}

// Validate checks the weekday and the time of day (even when Off: turning
// the digest back on must not bring back a time out of range).
func (d Digest) Validate() error {
	if d.Weekday < time.Sunday || d.Weekday > time.Saturday || d.At < 0 || d.At >= 24*60 {
		return Errorf(EInvalid, "digest time out of range")
	}
	return nil
}

// MaxReminders bounds the reminders of one meeting.
const MaxReminders = 5

// MaxFollowUpsLimit is the most automatic follow-ups a branch may choose.
const MaxFollowUpsLimit = 2

// DefaultSettings are what a new branch starts with.
func DefaultSettings() Settings {
	return Settings{
		FollowUpAfter: 24 * time.Hour,
		MaxFollowUps:  2,
		Quiet:         QuietHours{Start: 22 * 60, End: 7*60 + 30},
		Remind:        []time.Duration{24 * time.Hour, time.Hour},
		CatchUp:       6 * time.Hour,
		Digest:        Digest{Weekday: time.Monday, At: 8*60 + 30},
		CheckInOpen:   30 * time.Minute,
		LateAfter:     10 * time.Minute,
	}
}

// RemindOffsets are how long before a meeting its reminders go out, as a
// branch's default (Settings.Remind) or one meeting's (Meeting.Remind).
type RemindOffsets []time.Duration

// Validate checks there are at most MaxReminders, each up to 30 days ahead.
func (offsets RemindOffsets) Validate() error {
	if len(offsets) > MaxReminders {
		return Errorf(EInvalid, "more than %d reminders", MaxReminders)
	}
	for _, d := range offsets {
		if d <= 0 || d > 30*24*time.Hour {
			return Errorf(EInvalid, "reminder %v out of range (up to 30 days before)", d)
		}
	}
	return nil
}

// Validate checks the settings' ranges.
func (s Settings) Validate() error {
	switch {
	case s.FollowUpAfter < 0 || s.FollowUpAfter > 30*24*time.Hour:
		return Errorf(EInvalid, "follow-up delay %v out of range (0 to 30 days)", s.FollowUpAfter)
	case s.FollowUpAfter > 0 && s.FollowUpAfter < 10*time.Minute:
		return Errorf(EInvalid, "follow-up delay %v is shorter than 10 minutes", s.FollowUpAfter)
	case s.MaxFollowUps < 0 || s.MaxFollowUps > MaxFollowUpsLimit:
		return Errorf(EInvalid, "follow-ups %d out of range (0 to %d)", s.MaxFollowUps, MaxFollowUpsLimit)
	case s.CheckInOpen < 0 || s.CheckInOpen > 24*time.Hour || s.LateAfter < 0 || s.LateAfter > 24*time.Hour:
		return Errorf(EInvalid, "check-in window out of range (up to a day)")
	case s.CatchUp < 0 || s.CatchUp > 7*24*time.Hour:
		return Errorf(EInvalid, "catch-up window %v out of range (0 to 7 days)", s.CatchUp)
	case s.EvalMinVoters != 0 && (s.EvalMinVoters < MinEvalVoters || s.EvalMinVoters > MaxEvalVoters):
		return Errorf(EInvalid, "evaluation threshold %d out of range (%d to %d voters)", s.EvalMinVoters, MinEvalVoters, MaxEvalVoters)
	case s.SendsPerMinute < 0 || s.SendsPerMinute > MaxSendsPerMinute:
		return Errorf(EInvalid, "sends per minute %d out of range (0 for the default, or 1 to %d)", s.SendsPerMinute, MaxSendsPerMinute)
	case s.SendsPerDay < 0 || s.SendsPerDay > MaxSendsPerDay:
		return Errorf(EInvalid, "sends per day %d out of range (0 for the default, or 1 to %d)", s.SendsPerDay, MaxSendsPerDay)
	}
	// A minute's allowance above the day's could never be used.
	if perMinute, perDay := s.SendLimits(); perMinute > perDay {
		return Errorf(EInvalid, "sends per minute %d above sends per day %d", perMinute, perDay)
	}
	if s.TZ != "" {
		// "Local" loads, but it is whatever zone the server runs in: a
		// move to another host would shift every meeting of the branch.
		if _, err := time.LoadLocation(s.TZ); err != nil || s.TZ == "Local" {
			return Errorf(EInvalid, "unknown time zone %q", s.TZ)
		}
	}
	if err := s.validateCadence(); err != nil {
		return err
	}
	if err := s.Digest.Validate(); err != nil {
		return err
	}
	if err := RemindOffsets(s.Remind).Validate(); err != nil {
		return err
	}
	return s.Quiet.Validate()
}

// QuietHours is a daily span of wall-clock minutes [Start, End) in the
// branch's zone; it may wrap past midnight (22:00–07:30). Start == End
// means no quiet hours.
type QuietHours struct {
	Start int `json:"start"` // minutes after midnight
	End   int `json:"end"`
}

// Validate checks both ends are times of day.
func (q QuietHours) Validate() error {
	if q.Start < 0 || q.Start >= 24*60 || q.End < 0 || q.End >= 24*60 {
		return Errorf(EInvalid, "quiet hours %d–%d out of range", q.Start, q.End)
	}
	return nil
}

// Off reports whether there are no quiet hours.
func (q QuietHours) Off() bool { return q.Start == q.End }

// String is the span as 22:00-07:30, or "off".
func (q QuietHours) String() string {
	if q.Off() {
		return "off"
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.Start/60, q.Start%60, q.End/60, q.End%60)
}

// Contains reports whether t falls inside the quiet hours in loc.
func (q QuietHours) Contains(t time.Time, loc *time.Location) bool {
	if q.Off() {
		return false
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	if q.Start < q.End {
		return m >= q.Start && m < q.End
	}
	return m >= q.Start || m < q.End
}

// NextAllowed returns t if it is outside the quiet hours, else the first
// minute after the quiet period that contains it. It walks the wall clock
// of loc minute by minute, so a daylight-saving change inside the quiet
// period (a skipped or repeated hour) is counted as people live it.
func (q QuietHours) NextAllowed(t time.Time, loc *time.Location) time.Time {
	if !q.Contains(t, loc) {
		return t
	}
	// A quiet period is at most a day of minutes, plus a changed hour.
	at := t.Truncate(time.Minute)
	for range 26 * 60 {
		at = at.Add(time.Minute)
		if !q.Contains(at, loc) {
			return at
		}
	}
	return at
}
