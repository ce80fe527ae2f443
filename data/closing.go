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

// Minutes are a meeting's record for the ledger (会议记录). An inspection
// checks who hosted and recorded it, its agenda and its decisions, so
// those are fields of their own; Text is the free record. Attendance is
// not here: it comes from the check-in records. An edit never loses the
// version it replaces: the earlier versions stay in Earlier, oldest
// first, each with who wrote it and when.
type Minutes struct {
	Text      string    `json:"text"`
	Host      string    `json:"host,omitempty"`     // 主持人
	Recorder  string    `json:"recorder,omitempty"` // 记录人
	Agenda    []string  `json:"agenda,omitempty"`   // 议题, in order
	Decisions []string  `json:"decisions,omitempty"`
	By        int64     `json:"by"`
	At        time.Time `json:"at"`
	Earlier   []Minutes `json:"earlier,omitempty"`
}

// MaxMinutesItems bounds the agenda items and the decisions, each.
const MaxMinutesItems = 50

// Empty reports whether the minutes say nothing at all.
func (min Minutes) Empty() bool {
	return strings.TrimSpace(min.Text) == "" && strings.TrimSpace(min.Host) == "" &&
		strings.TrimSpace(min.Recorder) == "" && len(min.Agenda) == 0 && len(min.Decisions) == 0
}

// trimmed is the minutes as they are stored: every field trimmed, empty
// items dropped, no earlier versions.
func (min Minutes) trimmed() Minutes {
	items := func(in []string) []string {
		var out []string
		for _, s := range in {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return Minutes{
		Text: strings.TrimSpace(min.Text), Host: strings.TrimSpace(min.Host), Recorder: strings.TrimSpace(min.Recorder),
		Agenda: items(min.Agenda), Decisions: items(min.Decisions), By: min.By, At: min.At,
	}
}

// MaxMinutesLen bounds minutes, in characters.
const MaxMinutesLen = 20000

// Validate checks the minutes as they will be stored (trimmed): not
// empty, valid UTF-8, at most MaxMinutesLen characters in all and at
// most MaxMinutesItems agenda items and decisions each.
func (min Minutes) Validate() error {
	min = min.trimmed()
	if min.Empty() {
		return Errorf(EInvalid, "minutes are empty")
	}
	if len(min.Agenda) > MaxMinutesItems || len(min.Decisions) > MaxMinutesItems {
		return Errorf(EInvalid, "minutes have more than %d agenda items or decisions", MaxMinutesItems)
	}
	all := append([]string{min.Text, min.Host, min.Recorder}, min.Agenda...)
	n := 0
	for _, s := range append(all, min.Decisions...) {
		if !utf8.ValidString(s) {
			return Errorf(EInvalid, "minutes are not valid UTF-8")
		}
		n += utf8.RuneCountInString(s)
	}
	if n > MaxMinutesLen {
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

// MinutesEdit is a change to a meeting's minutes. A field that is set
// replaces that field (an empty value clears it; Agenda and Decisions
// are replaced as whole lists); a field left nil keeps what the minutes
// said, so a secretary can add the decisions without retyping the rest.
type MinutesEdit struct {
	Text, Host, Recorder *string
	Agenda, Decisions    *[]string
}

// Empty reports whether the edit changes nothing.
func (e MinutesEdit) Empty() bool {
	return e.Text == nil && e.Host == nil && e.Recorder == nil && e.Agenda == nil && e.Decisions == nil
}

// Apply is prev with the edit made, by and at the given author and time,
// without prev's earlier versions.
func (e MinutesEdit) Apply(prev Minutes, by int64, at time.Time) Minutes {
	next := prev
	next.Earlier = nil
	next.By, next.At = by, at
	if e.Text != nil {
		next.Text = *e.Text
	}
	if e.Host != nil {
		next.Host = *e.Host
	}
	if e.Recorder != nil {
		next.Recorder = *e.Recorder
	}
	if e.Agenda != nil {
		next.Agenda = append([]string(nil), *e.Agenda...)
	}
	if e.Decisions != nil {
		next.Decisions = append([]string(nil), *e.Decisions...)
	}
	return next.trimmed()
}
