package tgtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// User is a scripted Telegram user. Its fields never change.
type User struct {
	ID           int64
	FirstName    string
	Username     string // may be empty, as for many real users
	LanguageCode string

	srv  *Server
	chat *Chat
}

// PrivateChat returns the user's private chat with the bot; its id is the
// user's id.
func (u *User) PrivateChat() *Chat { return u.chat }

// Blocked reports whether the user has blocked the bot.
func (u *User) Blocked() bool {
	u.srv.mu.Lock()
	defer u.srv.mu.Unlock()
	return u.srv.blocked[u.ID]
}

// Started reports whether the user has started the bot (see
// SetLanguage changes the language code u's client reports in the
// updates it sends from now on, as a user switching Telegram's language.
func (s *Server) SetLanguage(u *User, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.LanguageCode = code
}

// NewUserNotStarted).
func (u *User) Started() bool {
	u.srv.mu.Lock()
	defer u.srv.mu.Unlock()
	return !u.srv.notStarted[u.ID]
}

// Model returns the user as the Bot API describes it.
func (u *User) Model() models.User {
	return models.User{ID: u.ID, FirstName: u.FirstName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// Chat is a chat the server knows: a user's private chat, a group or a
// supergroup. Its fields never change.
type Chat struct {
	ID        int64
	Type      models.ChatType
	Title     string // groups
	Username  string
	FirstName string // private chats
}

// Model returns the chat as the Bot API describes it.
func (c *Chat) Model() models.Chat {
	return models.Chat{ID: c.ID, Type: c.Type, Title: c.Title, Username: c.Username, FirstName: c.FirstName}
}

// Message is a message in a chat as the server stores it. Values returned
// by the Server are snapshots: they do not change when the bot edits the
// message later.
type Message struct {
	ID     int64
	ChatID int64
	// From is the sender's user id; BotID for the bot's own messages.
	From int64
	Date time.Time
	// Kind is "text" for sendMessage and otherwise the kind of the send
	// method, e.g. "document" for sendDocument, "photo" for sendPhoto.
	Kind string
	// Text is the message text exactly as sent, markup included.
	Text string
	// Caption is the media caption exactly as sent, markup included.
	Caption string
	// ParseMode is the parse_mode the text or caption was sent with.
	ParseMode string
	// Plain is the text (or caption) as users see it, with the markup of
	// ParseMode parsed away.
	Plain string
	// Keyboard is the inline keyboard attached to the message, if any.
	Keyboard [][]Button
	// ReplyMarkup is the reply_markup as last set (any keyboard kind),
	// compacted JSON; empty if none.
	ReplyMarkup json.RawMessage
	// ReplyTo is the id of the message this one replies to, or 0.
	ReplyTo int64
	// File is the file sent with a media message, if any.
	File *File
	// Entities are the message's entities (for user messages built by
	// SendText: the bot commands).
	Entities []models.MessageEntity
	// Edits counts successful edits of the message.
	Edits int
	// EditDate is the time of the last edit; zero if never edited.
	EditDate time.Time
	// Deleted is set once the bot deleted the message.
	Deleted bool
}

// Button is one inline keyboard button.
type Button struct {
	Text string
	Data string // callback_data
	URL  string
}

// Buttons returns the message's inline keyboard buttons, row by row.
func (m *Message) Buttons() []Button {
	var out []Button
	for _, row := range m.Keyboard {
		out = append(out, row...)
	}
	return out
}

// Button returns the first inline button whose text is text.
func (m *Message) Button(text string) (Button, bool) {
	for _, b := range m.Buttons() {
		if b.Text == text {
			return b, true
		}
	}
	return Button{}, false
}

func (m *Message) clone() *Message {
	c := *m
	if m.Keyboard != nil {
		c.Keyboard = make([][]Button, len(m.Keyboard))
		for i, row := range m.Keyboard {
			c.Keyboard[i] = slices.Clone(row)
		}
	}
	c.Entities = slices.Clone(m.Entities)
	return &c
}

// File is a file the server stores: uploaded by the bot, sent by a user, or
// given to the bot by URL (then Data is empty).
type File struct {
	FileID       string
	FileUniqueID string
	Name         string
	MimeType     string
	Data         []byte
	path         string
}

// CallbackAnswer is the bot's answerCallbackQuery for one query.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
}

// Callback identifies a button press made with Press.
type Callback struct {
	UpdateID int64
	QueryID  string
	Data     string
}

// EventKind says what an Event is about.
type EventKind string

// Event kinds.
const (
	// EventSent: the bot sent a message (text or media); Message is set.
	EventSent EventKind = "sent"
	// EventEdited: the bot edited a message's text, caption or keyboard;
	// Message is the new state.
	EventEdited EventKind = "edited"
	// EventDeleted: the bot deleted a message; Message is its last state.
	EventDeleted EventKind = "deleted"
	// EventAnswered: the bot answered a callback query; Answer is set, and
	// Message is the message whose button was pressed.
	EventAnswered EventKind = "answered"
	// EventViolation: a request broke the Bot API rules; Violation is set.
	EventViolation EventKind = "violation"
)

// Event is something the bot did, reported to the WithObserver callback.
type Event struct {
	Kind      EventKind
	Chat      *Chat
	Message   *Message
	Answer    *CallbackAnswer
	Violation string
}

type chatState struct {
	chat    *Chat
	nextID  int64
	msgs    []*Message
	byID    map[int64]*Message
	fromBot int // messages in msgs sent by the bot
}

func (cs *chatState) add(m *Message) {
	cs.nextID++
	m.ID = cs.nextID
	m.ChatID = cs.chat.ID
	cs.msgs = append(cs.msgs, m)
	cs.byID[m.ID] = m
	if m.From == BotID {
		cs.fromBot++
	}
}

type queryState struct {
	chatID, msgID int64
	answered      bool
	answer        CallbackAnswer
}

// NewUser adds a user. Ids are sequential from 100001; the username is the
// lowercased name with everything but a-z, 0-9 and _ dropped (so it is
// empty for a Chinese name). lang is the user's language_code.
func (s *Server) NewUser(name, lang string) *User {
	var un strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			un.WriteRune(r)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUser
	s.nextUser++
	u := &User{ID: id, FirstName: name, Username: un.String(), LanguageCode: lang, srv: s}
	u.chat = &Chat{ID: id, Type: models.ChatTypePrivate, FirstName: name, Username: u.Username}
	s.users[id] = u
	s.addChatLocked(u.chat)
	return u
}

// NewGroup adds a basic group (type "group", negative id).
func (s *Server) NewGroup(title string) *Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextGroup++
	c := &Chat{ID: -4000000000 - s.nextGroup, Type: models.ChatTypeGroup, Title: title}
	s.addChatLocked(c)
	return c
}

// NewSupergroup adds a supergroup (type "supergroup", id -100...).
func (s *Server) NewSupergroup(title string) *Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextSuper++
	c := &Chat{ID: -1002000000000 - s.nextSuper, Type: models.ChatTypeSupergroup, Title: title}
	s.addChatLocked(c)
	return c
}

// NewUserNotStarted adds a user like NewUser who has never started the
// bot: until SetStarted (or until the user writes to the bot with
// SendText, SendDocument or Reply in the private chat), sends to the
// user's private chat fail with 403 "Forbidden: bot can't initiate
// conversation with a user". Such a user can still be a group member.
func (s *Server) NewUserNotStarted(name, lang string) *User {
	u := s.NewUser(name, lang)
	s.SetNeverStarted(u)
	return u
}

// SetNeverStarted makes u a user who has never started the bot (see
// NewUserNotStarted).
func (s *Server) SetNeverStarted(u *User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notStarted[u.ID] = true
}

// SetStarted records that u pressed Start: the bot may now message u. It
// queues no update; to deliver the "/start" too, call
// SendText(u, u.PrivateChat(), "/start"), which also marks u as started.
func (s *Server) SetStarted(u *User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.notStarted, u.ID)
}

func (s *Server) addChatLocked(c *Chat) {
	cs := &chatState{chat: c, byID: map[int64]*Message{}}
	s.chats[c.ID] = cs
	if c.Type != models.ChatTypePrivate && c.Username != "" {
		s.byUsername[strings.ToLower(c.Username)] = cs
	}
}

// Block makes u block the bot: sends to u's private chat fail with 403.
func (s *Server) Block(u *User) { s.setBlocked(u, true) }

// Unblock undoes Block.
func (s *Server) Unblock(u *User) { s.setBlocked(u, false) }

func (s *Server) setBlocked(u *User, b bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[u.ID] = b
}

// SetMemberStatus sets the status of user userID (a User's ID, or BotID)
// in chat, as getChatMember and getChatAdministrators report it: creator,
// administrator, member (the default), restricted, left or kicked.
func (s *Server) SetMemberStatus(chat *Chat, userID int64, status models.ChatMemberType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setMemberLocked(chat.ID, userID, string(status))
}

func (s *Server) setMemberLocked(chatID, userID int64, status string) {
	m := s.members[chatID]
	if m == nil {
		m = map[int64]string{}
		s.members[chatID] = m
	}
	m[userID] = status
}

// Messages returns the messages the bot sent to chatID, oldest first, in
// their current state (deleted ones included, with Deleted set). Its cost
// is proportional to the chat's messages, whatever the number of chats.
func (s *Server) Messages(chatID int64) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	out := make([]*Message, 0, cs.fromBot)
	for _, m := range cs.msgs {
		if m.From == BotID {
			out = append(out, m.clone())
		}
	}
	return out
}

// DeliveredCount returns the number of messages the bot has sent to
// chatID (deleted ones included): len(Messages(chatID)) without the
// copies. A call that failed, was refused or was dropped delivered
// nothing, so a client that retries until success delivers each message
// exactly once.
func (s *Server) DeliveredCount(chatID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		return cs.fromBot
	}
	return 0
}

// LastMessage returns the last message the bot sent to chatID, or nil.
func (s *Server) LastMessage(chatID int64) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	for i := len(cs.msgs) - 1; i >= 0; i-- {
		if cs.msgs[i].From == BotID {
			return cs.msgs[i].clone()
		}
	}
	return nil
}

// Message returns the current state of message id in chatID (sent by
// anyone), or nil.
func (s *Server) Message(chatID, id int64) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		if m := cs.byID[id]; m != nil {
			return m.clone()
		}
	}
	return nil
}

// CallbackAnswer returns the bot's answer to the callback query queryID;
// ok is false while it is unanswered.
func (s *Server) CallbackAnswer(queryID string) (answer CallbackAnswer, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queries[queryID]
	if q == nil || !q.answered {
		return CallbackAnswer{}, false
	}
	return q.answer, true
}

// Commands returns the command menu set with setMyCommands for a scope and
// language code ("" for all languages). scope is "default",
// "all_private_chats", "all_group_chats", "all_chat_administrators",
// "chat:<chat_id>", "chat_administrators:<chat_id>" or
// "chat_member:<chat_id>:<user_id>".
func (s *Server) Commands(scope, lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[commandKey{scope: scope, lang: lang}])
}

type commandKey struct{ scope, lang string }

// userMessageLocked stores a message from a user and returns its model.
func (s *Server) userMessageLocked(from *User, cs *chatState, m *Message) models.Message {
	m.From = from.ID
	m.Date = time.Now()
	cs.add(m)
	if cs.chat.Type != models.ChatTypePrivate {
		if _, ok := s.members[cs.chat.ID][from.ID]; !ok {
			s.setMemberLocked(cs.chat.ID, from.ID, string(models.ChatMemberTypeMember))
		}
	}
	return s.modelLocked(m, true)
}

// chatOrPanic returns the state of chat id, which must have been created
// by this server.
func (s *Server) chatOrPanic(id int64) *chatState {
	cs := s.chats[id]
	if cs == nil {
		panic(fmt.Sprintf("tgtest: chat %d was not created by this server", id))
	}
	return cs
}

// textMessage is a text message from a user, with its bot commands marked.
func textMessage(text string) *Message {
	return &Message{Kind: "text", Text: text, Plain: text, Entities: botCommandEntities(text)}
}

// SendText makes from send text to chat and queues the message update. Bot
// commands (/cmd or /cmd@botname at the start of the text or after a
// non-word character) get bot_command entities with UTF-16 offsets, as
// Telegram sets them. It returns the update_id.
func (s *Server) SendText(from *User, chat *Chat, text string) int64 {
	return s.sendUserMessage(from, chat.ID, textMessage(text), 0)
}

// Reply makes from send text as a reply to message to (in to's chat) and
// queues the update. It returns the update_id.
func (s *Server) Reply(from *User, to *Message, text string) int64 {
	return s.sendUserMessage(from, to.ChatID, textMessage(text), to.ID)
}

// SendDocument makes from send a file to chat and queues the update; the
// bot can fetch the file with getFile. It returns the update_id.
func (s *Server) SendDocument(from *User, chat *Chat, name string, data []byte, caption string) int64 {
	s.mu.Lock()
	f := s.newFileLocked(name, "", data, "documents")
	s.mu.Unlock()
	return s.sendUserMessage(from, chat.ID, &Message{Kind: "document", Caption: caption, Plain: caption, File: f}, 0)
}

// sendUserMessage stores m from a user in chat chatID (replying to message
// replyTo if not 0) and queues the message update.
func (s *Server) sendUserMessage(from *User, chatID int64, m *Message, replyTo int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatOrPanic(chatID)
	if chatID == from.ID {
		delete(s.notStarted, from.ID) // writing to the bot starts it
	}
	m.ReplyTo = replyTo
	mm := s.userMessageLocked(from, cs, m)
	return s.enqueueLocked(&models.Update{Message: &mm}, "message")
}

// Press makes from press the inline button with callback data data on msg
// (a message the bot sent) and queues the callback_query update. The update
// carries the message's current state, or an inaccessible message if the
// bot deleted it. Read the bot's answer with CallbackAnswer(cb.QueryID).
func (s *Server) Press(from *User, msg *Message, data string) Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := msg
	if cs := s.chats[msg.ChatID]; cs != nil && cs.byID[msg.ID] != nil {
		cur = cs.byID[msg.ID]
	}
	s.nextQuery++
	qid := fmt.Sprintf("%d", 4200000000000000000+s.nextQuery)
	s.queries[qid] = &queryState{chatID: msg.ChatID, msgID: msg.ID}
	cq := &models.CallbackQuery{
		ID:           qid,
		From:         from.Model(),
		ChatInstance: fmt.Sprintf("%d", uint64(msg.ChatID)^0x5deece66d),
		Data:         data,
	}
	if cur.Deleted {
		cq.Message = models.MaybeInaccessibleMessage{
			Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
			InaccessibleMessage: &models.InaccessibleMessage{Chat: s.chatModelLocked(msg.ChatID), MessageID: int(msg.ID)},
		}
	} else {
		mm := s.modelLocked(cur, true)
		cq.Message = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &mm}
	}
	id := s.enqueueLocked(&models.Update{CallbackQuery: cq}, "callback_query")
	return Callback{UpdateID: id, QueryID: qid, Data: data}
}

// PressButton presses the inline button labelled text on msg's current
// state. It fails if there is no such button or it carries no callback
// data.
func (s *Server) PressButton(from *User, msg *Message, text string) (Callback, error) {
	cur := s.Message(msg.ChatID, msg.ID)
	if cur == nil {
		cur = msg
	}
	b, ok := cur.Button(text)
	if !ok {
		return Callback{}, fmt.Errorf("tgtest: message %d in chat %d has no button %q", msg.ID, msg.ChatID, text)
	}
	if b.Data == "" {
		return Callback{}, fmt.Errorf("tgtest: button %q has no callback data", text)
	}
	return s.Press(from, cur, b.Data), nil
}

func (s *Server) chatModelLocked(id int64) models.Chat {
	if cs := s.chats[id]; cs != nil {
		return cs.chat.Model()
	}
	return models.Chat{ID: id}
}

// modelLocked builds the Bot API form of a stored message. withReply
// includes the replied-to message (one level, as Telegram does).
func (s *Server) modelLocked(m *Message, withReply bool) models.Message {
	mm := models.Message{
		ID:       int(m.ID),
		Date:     int(m.Date.Unix()),
		Chat:     s.chatModelLocked(m.ChatID),
		Entities: slices.Clone(m.Entities),
	}
	if m.From == BotID {
		b := s.Bot()
		mm.From = &b
	} else if u := s.users[m.From]; u != nil {
		um := u.Model()
		mm.From = &um
	}
	if !m.EditDate.IsZero() {
		mm.EditDate = int(m.EditDate.Unix())
	}
	if m.Kind == "text" {
		mm.Text = m.Plain
	} else {
		mm.Caption = m.Plain
	}
	if f := m.File; f != nil {
		switch m.Kind {
		case "photo":
			mm.Photo = []models.PhotoSize{{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Width: 1, Height: 1, FileSize: len(f.Data)}}
		default:
			mm.Document = &models.Document{FileID: f.FileID, FileUniqueID: f.FileUniqueID, FileName: f.Name, MimeType: f.MimeType, FileSize: int64(len(f.Data))}
		}
	}
	if len(m.ReplyMarkup) > 0 {
		var kb models.InlineKeyboardMarkup
		if json.Unmarshal(m.ReplyMarkup, &kb) == nil && kb.InlineKeyboard != nil {
			mm.ReplyMarkup = &kb
		}
	}
	if withReply && m.ReplyTo != 0 {
		if r := s.chats[m.ChatID].byID[m.ReplyTo]; r != nil {
			rm := s.modelLocked(r, false)
			mm.ReplyToMessage = &rm
		}
	}
	return mm
}
