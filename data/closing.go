package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// TimerAfter fires when a meeting ends: the secretary's summary and the
// absentees' make-up prompts.
const TimerAfter = "after"

// MakeUp records that an absent member did the make-up study (补学).
type MakeUp struct {
	MeetingID uint64    `json:"meeting_id"`
	UserID    int64     `json:"user_id"`
	At        time.Time `json:"at"`
	Note      string    `json:"note,omitempty"`
}

// Minutes are a meeting's record for the ledger (会议记录). An edit never
// loses the text it replaces: the earlier versions stay in Earlier,
// oldest first, each with who wrote it and when.
type Minutes struct {
	Text    string    `json:"text"`
	By      int64     `json:"by"`
	At      time.Time `json:"at"`
	Earlier []Minutes `json:"earlier,omitempty"`
}

// MaxMinutesLen bounds minutes, in characters.
const MaxMinutesLen = 20000

// Validate checks the minutes' text, as it will be stored: trimmed.
func (min Minutes) Validate() error {
	text := strings.TrimSpace(min.Text)
	switch {
	case text == "" || !utf8.ValidString(text):
		return Errorf(EInvalid, "minutes are empty")
	case utf8.RuneCountInString(text) > MaxMinutesLen:
		return Errorf(EInvalid, "minutes are longer than %d characters", MaxMinutesLen)
	}
	return nil
}

// Closing makes the messages sent when a meeting ends, in each reader's
// language. They run inside the store's transaction: format only.
type Closing struct {
	Now     time.Time
	Summary func(m Meeting, r Roll, lang string) string
	MakeUp  func(m Meeting, lang string) string
}

// ErrNoMakeUpNeeded means the member was not absent from that meeting (or
// it has not ended).
var ErrNoMakeUpNeeded = &Error{Code: EConflict, Message: "no make-up study needed"}
