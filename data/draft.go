package data

import (
	"time"
)

// Draft is a guided flow in progress for one user, kept in the store so
// that it survives a restart.
type Draft struct {
	ID     uint64 `json:"id"` // changes with every new draft, so stale buttons can be told apart
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`  // e.g. "notice"
	Stage  string `json:"stage"` // e.g. "text", "confirm"
	Text   string `json:"text,omitempty"`
	// Fields holds a multi-step flow's answers so far (a meeting's kind,
	// date, time…).
	Fields    map[string]string `json:"fields,omitempty"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// DraftTTL is how long an untouched draft is kept.
const DraftTTL = 24 * time.Hour

// ErrDraftGone means the draft a button belongs to was sent, cancelled or
// replaced.
var ErrDraftGone = &Error{Code: ENotFound, Message: "draft no longer exists"}
