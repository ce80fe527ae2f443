package telegram

import (
	"context"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// Chat is the chat an update came from.
type Chat struct {
	ID      int64
	Private bool   // a one-to-one chat with the sender
	Title   string // a group's title; empty for private chats
}

// Location is a location shared in a message.
type Location struct {
	Latitude, Longitude float64
	// LivePeriod is how long a live location is updated, in seconds; 0 for
	// a pin dropped once.
	LivePeriod int
	// Forwarded: the message was forwarded, so the location is someone
	// else's, or old.
	Forwarded bool
}

// AttachmentKind is what sort of file a message carries.
type AttachmentKind string

// Kinds of attachment.
const (
	AttachmentPhoto    AttachmentKind = "photo"
	AttachmentDocument AttachmentKind = "document"
)

// Attachment is a photo or document sent in a message. Only the file's
// ids travel: the bytes stay with Telegram until someone fetches them.
type Attachment struct {
	Kind AttachmentKind
	// FileID fetches the file; FileUniqueID is the same for every copy of
	// one file, so it tells a file sent twice.
	FileID, FileUniqueID string
	FileName             string // a document's name; empty for a photo
	Caption              string
	// ReplyTo is the message this one answers, nil when it answers none.
	ReplyTo *Replied
}

// Replied is the message an attachment was sent in reply to.
type Replied struct {
	MessageID int
	// FromBot: the message is this bot's own.
	FromBot bool
	// Commands are the bot commands written in the message, as sent (for
	// "/minutes 12" the Name "minutes" and Args "12"); Buttons the callback
	// data of its inline keyboard. Together they say what it was about.
	Commands []Invocation
	Buttons  []string
}

// Request is everything a handler needs about one incoming message or
// button press. Features see this, never the Bot API's types.
type Request struct {
	Ctx  context.Context
	Chat Chat
	// Person is the sender as the store knows people; Person.UserID is 0
	// when an update has no sender.
	Person data.Person
	Lang   i18n.Lang
	// Member is the sender's membership, nil for someone who has not joined
	// a branch; Identify fills it in.
	Member *data.Member
	// Owner: the sender is one of the configured owners.
	Owner bool

	// MessageID is the message sent, or the message a pressed button is
	// on; 0 when Telegram no longer shows that message (it is old).
	MessageID int
	Text      string     // the message's text
	Cmd       Invocation // the command, for a command
	Location  *Location  // a shared location, for a location message
	// Attachment is the photo or document sent, for such a message.
	Attachment *Attachment

	// QueryID is set for a button press: the toast answers it.
	QueryID string

	// Anonymous: the sender may be an anonymous author (feedback); no log
	// line names the chat or the user.
	Anonymous bool
}

// Button reports whether the request is a button press.
func (r *Request) Button() bool { return r.QueryID != "" }

// Reply is a handler's answer: a message to the chat, or (for a button) a
// toast and maybe an edit of the message the button was on.
type Reply struct {
	Text    string          // HTML
	Buttons [][]data.Button // an inline keyboard under Text
	// Edit replaces the pressed message instead of sending a new one; with
	// no Text only its keyboard is replaced.
	Edit    bool
	Toast   string // the answer to a button press, shown briefly
	Nothing bool   // send nothing: the handler spoke for itself
}

// Say is a reply of one message.
func Say(text string) Reply { return Reply{Text: text} }

// newChat converts the Bot API's chat.
func newChat(c models.Chat) Chat {
	return Chat{ID: c.ID, Private: c.Type == models.ChatTypePrivate, Title: c.Title}
}

// displayName is how a user is named to others: first and last name, or
// the username when both are empty.
func displayName(u *models.User) string {
	name := u.FirstName
	if u.LastName != "" {
		name += " " + u.LastName
	}
	if name == "" {
		name = u.Username
	}
	return name
}

// keyboard converts button rows to the Bot API's inline keyboard; nil for
// none, so that no empty reply_markup is sent.
func keyboard(rows [][]data.Button) models.ReplyMarkup {
	if len(rows) == 0 {
		return nil
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, len(rows))}
	for i, row := range rows {
		for _, b := range row {
			kb.InlineKeyboard[i] = append(kb.InlineKeyboard[i], models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data})
		}
	}
	return kb
}
