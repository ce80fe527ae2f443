package data

import (
	"time"
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

// MeetingPlan is a meeting to create with its reminders.
type MeetingPlan struct {
	Meeting   Meeting
	Reminders []PlannedReminder
}

// ErrSeriesUnknown means there is no such series (in this branch).
var ErrSeriesUnknown = &Error{Code: ENotFound, Message: "series not found"}
