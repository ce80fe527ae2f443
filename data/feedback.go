package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Feedback is a member's message to the branch's secretaries (意见建议).
// An anonymous item carries no trace of its author: who wrote it is kept,
// only to relay answers, in a separate bucket that nothing lists or
// exports; under strict anonymity it is not kept at all.
type Feedback struct {
	ID        uint64    `json:"id"`
	BranchID  uint64    `json:"branch_id"`
	Category  string    `json:"category"`
	Text      string    `json:"text"`
	Anonymous bool      `json:"anonymous"`
	Author    string    `json:"author,omitempty"`    // display name, named items only
	AuthorID  int64     `json:"author_id,omitempty"` // named items only
	Relay     bool      `json:"relay"`               // the author can be answered
	Open      bool      `json:"open"`
	CreatedAt time.Time `json:"created_at"`
	Thread    []Post    `json:"thread,omitempty"`
}

// Post is one message in a feedback thread.
type Post struct {
	FromAuthor bool      `json:"from_author"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// MaxFeedbackLen bounds feedback texts, in characters.
const MaxFeedbackLen = 4000

// Feedback errors.
var (
	ErrFeedbackUnknown = &Error{Code: ENotFound, Message: "feedback not found"}
	ErrFeedbackClosed  = &Error{Code: EConflict, Message: "feedback is closed"}
	ErrNotAuthor       = &Error{Code: EForbidden, Message: "not the author"}
)

// Validate checks the item's text, as it will be stored: trimmed.
func (f Feedback) Validate() error { return validateFeedbackText(f.Text) }

// Validate checks the post's text (a secretary's answer or the author's
// follow-up), as it will be stored: trimmed.
func (p Post) Validate() error { return validateFeedbackText(p.Text) }

// validateFeedbackText is the one rule for items and posts: both are read
// in the same thread.
func validateFeedbackText(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || !utf8.ValidString(s):
		return Errorf(EInvalid, "text is empty")
	case utf8.RuneCountInString(s) > MaxFeedbackLen:
		return Errorf(EInvalid, "text is longer than %d characters", MaxFeedbackLen)
	}
	return nil
}

// FeedbackNote makes the secretaries' message about an item in their
// language; it receives the item exactly as stored (no author when
// anonymous).
type FeedbackNote func(f Feedback, lang string) string
