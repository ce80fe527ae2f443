package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Notice is a message a secretary sends to every member, who acknowledges
// it with a button. Telegram gives bots no read receipts: the button press
// is the receipt.
type Notice struct {
	ID        uint64    `json:"id"`
	BranchID  uint64    `json:"branch_id"`
	Text      string    `json:"text"` // as the secretary wrote it (plain text)
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Lang      string    `json:"lang,omitempty"` // the sender's language, for their reports
	// Draft is the preview the notice was sent from, so that the
	// preview's buttons, pressed again, can say it went out as this notice.
	Draft uint64 `json:"draft,omitempty"`

	// Counters kept in step with the receipts, so status needs no scan.
	Recipients  int `json:"recipients"`
	Pending     int `json:"pending"`
	Delivered   int `json:"delivered"`
	Unreachable int `json:"unreachable"`
	Failed      int `json:"failed"`
	Acked       int `json:"acked"`

	// The secretary's live status message, edited as receipts come in.
	StatusChatID    int64 `json:"status_chat_id,omitempty"`
	StatusMessageID int   `json:"status_message_id,omitempty"`

	FollowUps    int       `json:"follow_ups"`              // automatic follow-ups sent
	LastRemindAt time.Time `json:"last_remind_at,omitzero"` // the last follow-up, automatic or by hand
	Reported     bool      `json:"reported,omitempty"`      // the delivery report went out
}

// MaxNoticeLen bounds a notice's text, in characters. Telegram splits at
// 4,096; branchbot splits longer notices into parts, up to this much.
const MaxNoticeLen = 20000

// Validate checks the notice's text, as it will be stored: trimmed.
func (n Notice) Validate() error {
	text := strings.TrimSpace(n.Text)
	switch {
	case text == "":
		return Errorf(EInvalid, "notice is empty")
	case !utf8.ValidString(text):
		return Errorf(EInvalid, "notice is not valid UTF-8")
	case utf8.RuneCountInString(text) > MaxNoticeLen:
		return Errorf(EInvalid, "notice is longer than %d characters", MaxNoticeLen)
	}
	return nil
}

// DeliveryState is where one member's copy of a notice stands.
type DeliveryState string

// Delivery states.
const (
	StatePending     DeliveryState = "pending"
	StateDelivered   DeliveryState = "delivered"
	StateUnreachable DeliveryState = "unreachable"
	StateFailed      DeliveryState = "failed"
)

// Receipt is one member's copy of a notice.
type Receipt struct {
	NoticeID    uint64        `json:"notice_id"`
	UserID      int64         `json:"user_id"`
	Name        string        `json:"name"`
	Lang        string        `json:"lang,omitempty"`
	State       DeliveryState `json:"state"`
	DeliveredAt time.Time     `json:"delivered_at,omitzero"`
	AckAt       time.Time     `json:"ack_at,omitzero"`
	MessageID   int           `json:"message_id,omitempty"`
	Reason      string        `json:"reason,omitempty"`
	Reminders   int           `json:"reminders,omitempty"`
}

// NoticeMessages is how a notice looks on the wire, made by the bot once
// the notice has its id (buttons carry it).
type NoticeMessages struct {
	Parts   []string   // HTML parts, each within Telegram's limit
	Buttons [][]Button // on the last part
}

// NewNotice is what CreateNotice needs.
type NewNotice struct {
	BranchID uint64
	Text     string
	By       int64
	Lang     string
	// Draft, if set, is the id of the sender's draft this notice comes
	// from: it ends in the same transaction, and a draft already gone
	// (sent by a double press, say) fails with ErrDraftGone.
	Draft      uint64
	Now        time.Time
	FollowUpAt time.Time // zero: no automatic follow-up
	// Render makes the messages once the notice has its id, in the
	// recipient's language ("" for group chats).
	Render func(n Notice, lang string) NoticeMessages
}

// perLang returns render remembering what it made for each language, so
// that a broadcast renders once per language, not once per recipient.
func perLang[T any](render func(lang string) T) func(lang string) T {
	made := map[string]T{}
	return func(lang string) T {
		v, ok := made[lang]
		if !ok {
			v = render(lang)
			made[lang] = v
		}
		return v
	}
}

// noticeRender is render of n (as it is now, not as it changes later) once
// per language.
func noticeRender(n Notice, render func(Notice, string) NoticeMessages) func(lang string) NoticeMessages {
	return perLang(func(lang string) NoticeMessages { return render(n, lang) })
}

// copies turns rendered messages into outbox messages for one chat; the
// buttons go on the last part, whose delivery settles a receipt.
func copies(chatID int64, r NoticeMessages, p Purpose) []OutMessage {
	out := make([]OutMessage, 0, len(r.Parts))
	for i, part := range r.Parts {
		m := OutMessage{ChatID: chatID, Text: part, Purpose: p}
		if i == len(r.Parts)-1 {
			m.Buttons, m.Purpose.Last = r.Buttons, true
		}
		out = append(out, m)
	}
	return out
}

// TimerFollowUp is the timer kind of a notice's automatic follow-up.
const TimerFollowUp = "follow_up"

// ErrNoticeUnknown means there is no such notice.
var ErrNoticeUnknown = &Error{Code: ENotFound, Message: "notice not found"}

// ErrNotRecipient means the notice was not sent to this user.
var ErrNotRecipient = &Error{Code: EForbidden, Message: "notice was not sent to this user"}

// ErrTooSoon means a reminder was asked for before the minimum interval.
// SendFollowUp returns it inside a *TooSoonError, which says when the
// next reminder is allowed.
var ErrTooSoon = &Error{Code: EConflict, Message: "too soon since the last reminder"}

// TooSoonError is a refused reminder with the earliest time the next one
// is allowed: the caller cannot work it out itself, because a refused
// call returns no notice.
type TooSoonError struct {
	Next time.Time
}

// Error says when the next reminder is allowed, for logs.
func (e *TooSoonError) Error() string {
	return ErrTooSoon.Error() + " (next at " + e.Next.Format(time.RFC3339) + ")"
}

// Unwrap makes errors.Is(err, ErrTooSoon) and ErrorCode see the sentinel.
func (e *TooSoonError) Unwrap() error { return ErrTooSoon }

// FollowUp is a round of reminders to a notice's non-readers.
type FollowUp struct {
	NoticeID uint64
	Now      time.Time
	// Manual: pressed by the secretary, allowed once per MinGap. Otherwise
	// automatic: counts toward the branch's cap and consumes the timer.
	Manual bool
	MinGap time.Duration
	// Next is when the next automatic follow-up fires; zero for none.
	Next time.Time
	// Render makes the reminder, in the recipient's language.
	Render func(n Notice, lang string) NoticeMessages
	// Resend, if set, makes the notice itself for members it could not
	// reach before (they may have pressed Start since): they get it again
	// and are pending once more.
	Resend func(n Notice, lang string) NoticeMessages
}
