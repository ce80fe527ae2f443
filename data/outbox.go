package data

import (
	"time"
)

// Button is an inline keyboard button: a label and its callback data.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// Purpose says why an outbox message exists, so that its delivery can be
// recorded where it matters (a notice's receipt, say).
type Purpose struct {
	Kind      PurposeKind `json:"kind"`
	NoticeID  uint64      `json:"notice_id,omitempty"`
	MeetingID uint64      `json:"meeting_id,omitempty"`
	UserID    int64       `json:"user_id,omitempty"` // the member it is for, if any
	// Last marks the last part of a message split to fit Telegram's
	// limit: its delivery settles the receipt.
	Last bool `json:"last,omitempty"`
	// Anonymous marks a message to an anonymous author (an answer to their
	// feedback): its chat must not be named in logs next to it.
	Anonymous bool `json:"anonymous,omitempty"`
}

// PurposeKind names what an outbox message is for.
type PurposeKind string

// The kinds of outbox message.
const (
	PurposeNotice      PurposeKind = "notice"
	PurposeFollowUp    PurposeKind = "follow_up"
	PurposeGroupPost   PurposeKind = "group_post"
	PurposeReport      PurposeKind = "report"       // a message to a secretary
	PurposeMeeting     PurposeKind = "meeting"      // a meeting reminder or change
	PurposeMeetingPost PurposeKind = "meeting_post" // a group's "meeting starting" post, edited live
	PurposeReply       PurposeKind = "reply"        // an answer or a note to one person that could not go at once
)

// OutMessage is a message waiting in the durable outbox. It is written
// before anything is sent and removed once Telegram has accepted it or it
// has failed for good, so a crash never loses one.
type OutMessage struct {
	ID     uint64 `json:"id"`
	ChatID int64  `json:"chat_id"`
	// Sealed replaces ChatID at rest for a message to an anonymous author
	// (Purpose.Anonymous): the chat is sealed with a key that is wiped
	// once the message is done (see keySlots). The outbox reads it back
	// into ChatID; it is never stored in clear.
	Sealed    []byte     `json:"sealed,omitempty"`
	Text      string     `json:"text"` // HTML
	Buttons   [][]Button `json:"buttons,omitempty"`
	Purpose   Purpose    `json:"purpose"`
	Attempts  int        `json:"attempts,omitempty"`
	NotBefore time.Time  `json:"not_before"` // its place in the queue: not sent before
	// RetryAt is when a failed message may be tried again. It keeps its
	// place (NotBefore) meanwhile, and its chat's later messages wait
	// behind it: parts of a notice, replies, arrive in order.
	RetryAt   time.Time `json:"retry_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	LastError string    `json:"last_error,omitempty"`
}

// Outcome is how a send ended.
type Outcome int

// Send outcomes.
const (
	Delivered   Outcome = iota + 1
	Unreachable         // 403: the user blocked the bot or never started it
	Failed              // 400 or retries exhausted: a permanent failure
)

// reports addresses one report to each of people that to selects, in
// that person's language.
func reports(people []Member, to func(Member) bool, text func(lang string) string) []OutMessage {
	var out []OutMessage
	for _, p := range people {
		if to(p) {
			out = append(out, OutMessage{ChatID: p.UserID, Text: text(p.Lang), Purpose: Purpose{Kind: PurposeReport}})
		}
	}
	return out
}

func isSecretary(p Member) bool { return p.Role == RoleSecretary }

// Completion is what finishing an outbox message changed.
type Completion struct {
	// Report is true when this was a notice's last pending delivery and
	// its delivery report was queued.
	Report bool
}
