package data

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Series is a recurring meeting: a rule, a time of day and a template. It
// plans concrete meetings some weeks ahead, each of which can then be moved
// or cancelled alone.
type Series struct {
	ID           uint64          `json:"id"`
	BranchID     uint64          `json:"branch_id"`
	Kind         MeetingKind     `json:"kind"`
	Rule         string          `json:"rule"`
	At           int             `json:"at"` // minutes after midnight, for readable rules
	Title        string          `json:"title"`
	Duration     time.Duration   `json:"duration"`
	Place        string          `json:"place,omitempty"`
	GroupID      uint64          `json:"group_id,omitempty"`
	Remind       []time.Duration `json:"remind"`
	Holiday      string          `json:"holiday,omitempty"` // keep, skip or move (schedule.HolidayPolicy)
	Active       bool            `json:"active"`
	PlannedUntil time.Time       `json:"planned_until"`
	CreatedBy    int64           `json:"created_by"`
	CreatedAt    time.Time       `json:"created_at"`
}

// MaxRuleLen bounds a series' rule text, in characters.
const MaxRuleLen = 200

// The holiday policies a series may have; they are schedule.HolidayPolicy's
// values, spelled here because data cannot import schedule. Empty means the
// rule's default.
var holidayPolicies = []string{"", "keep", "skip", "move"}

// Validate checks what a user could get wrong: the template its meetings
// are made from (kind, title, duration, group), the rule, the time of day,
// the reminders and the holiday policy. Whether the rule parses is
// schedule's business; here it only has to be there.
func (sr Series) Validate() error {
	template := Meeting{Kind: sr.Kind, Title: sr.Title, Duration: sr.Duration, GroupID: sr.GroupID}
	if err := template.Validate(); err != nil {
		return err
	}
	rule := strings.TrimSpace(sr.Rule)
	switch {
	case rule == "":
		return Errorf(EInvalid, "series rule is empty")
	case utf8.RuneCountInString(rule) > MaxRuleLen:
		return Errorf(EInvalid, "series rule is longer than %d characters", MaxRuleLen)
	case sr.At < 0 || sr.At >= 24*60:
		return Errorf(EInvalid, "series time of day %d out of range (0 to %d minutes)", sr.At, 24*60-1)
	case !slices.Contains(holidayPolicies, sr.Holiday):
		return Errorf(EInvalid, "unknown holiday policy %q", sr.Holiday)
	}
	return RemindOffsets(sr.Remind).Validate()
}

// MeetingPlan is a meeting to create with its reminders.
type MeetingPlan struct {
	Meeting   Meeting
	Reminders []PlannedReminder
}

// ErrSeriesUnknown means there is no such series (in this branch).
var ErrSeriesUnknown = &Error{Code: ENotFound, Message: "series not found"}
