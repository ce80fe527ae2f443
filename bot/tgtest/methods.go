package tgtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-telegram/bot/models"
)

// run answers a call that passed the checks.
func (s *Server) run(c *call) (any, *apiError) {
	switch c.name {
	case "getMe":
		return s.Bot(), nil
	case "getUpdates":
		return s.getUpdates(c)
	case "setWebhook", "deleteWebhook":
		return s.setWebhook(c)
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return map[string]any{"url": s.webhook, "has_custom_certificate": false, "pending_update_count": len(s.queue)}, nil
	case "sendMessage":
		return s.send(c, "text")
	case "editMessageText", "editMessageCaption", "editMessageReplyMarkup":
		return s.edit(c)
	case "deleteMessage":
		return s.deleteMessage(c)
	case "deleteMessages":
		return s.deleteMessages(c)
	case "answerCallbackQuery":
		return s.answerCallbackQuery(c)
	case "setMyCommands", "deleteMyCommands", "getMyCommands":
		return s.myCommands(c)
	case "getChat":
		return s.getChat(c)
	case "getChatMember":
		return s.getChatMember(c)
	case "getChatAdministrators":
		return s.getChatAdministrators(c)
	case "getChatMemberCount":
		return s.getChatMemberCount(c)
	case "getFile":
		return s.getFile(c)
	}
	return s.fallback(c)
}

// fallback answers a method the server does not model with a well-formed
// result of the type the description says it returns: methods returning a
// Message and taking a chat_id store a message like sendMessage does; the
// rest get true, 0, "", [] or an empty object.
func (s *Server) fallback(c *call) (any, *apiError) {
	ret := c.method.Returns
	switch {
	case len(ret) == 0:
		return true, nil
	case slices.Equal(ret, []string{"Message"}) && c.method.Field("chat_id") != nil:
		return s.send(c, mediaKind(c.name))
	case slices.Contains(ret, "Boolean"):
		return true, nil
	case ret[0] == "Integer":
		return 0, nil
	case ret[0] == "String":
		return "", nil
	case strings.HasPrefix(ret[0], "Array of "):
		return rawArray(nil), nil
	case ret[0] == "MenuButton":
		return map[string]any{"type": "default"}, nil
	}
	return map[string]any{}, nil
}

// mediaKind turns a send method's name into a message kind:
// sendVideoNote -> "video_note".
func mediaKind(method string) string {
	name := strings.TrimPrefix(method, "send")
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (c *call) event(kind EventKind, chat *Chat, m *Message) {
	c.events = append(c.events, Event{Kind: kind, Chat: chat, Message: m.clone()})
}

func (s *Server) setWebhook(c *call) (any, *apiError) {
	var allowed map[string]bool
	_, setAllowed := c.params["allowed_updates"]
	if setAllowed && c.name == "setWebhook" {
		var aerr *apiError
		if allowed, aerr = allowedUpdates(c.str("allowed_updates")); aerr != nil {
			return nil, aerr
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.name == "setWebhook" {
		s.webhook, s.hookSecret = c.str("url"), c.str("secret_token")
		if setAllowed {
			s.allowed = allowed
		}
		if s.poller != nil && s.webhook != "" {
			close(s.poller.terminated)
			s.poller = nil
		}
	} else {
		s.webhook, s.hookSecret = "", ""
	}
	if c.bool("drop_pending_updates") && len(s.queue) > 0 {
		s.confirmLocked(s.queue[len(s.queue)-1].id + 1)
	}
	if s.webhook != "" {
		s.startDeliveryLocked()
	}
	s.broadcastLocked() // delivery looks at the webhook again
	return true, nil
}

// chatLocked resolves the chat_id parameter.
func (s *Server) chatLocked(c *call) (*chatState, *apiError) {
	v := strings.TrimSpace(c.str("chat_id"))
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if cs := s.chats[id]; cs != nil {
			return cs, nil
		}
		return nil, badRequest("chat not found")
	}
	if name, ok := strings.CutPrefix(v, "@"); ok {
		if cs := s.byUsername[strings.ToLower(name)]; cs != nil {
			return cs, nil
		}
	}
	return nil, badRequest("chat not found")
}

// sendTargetLocked resolves chat_id for a call that posts to the chat.
func (s *Server) sendTargetLocked(c *call) (*chatState, *apiError) {
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if cs.chat.Type == models.ChatTypePrivate && s.blocked[cs.chat.ID] {
		return nil, &apiError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	}
	if cs.chat.Type == models.ChatTypePrivate && s.notStarted[cs.chat.ID] {
		return nil, &apiError{Code: http.StatusForbidden, Description: "Forbidden: bot can't initiate conversation with a user"}
	}
	return cs, nil
}

// replyToLocked resolves reply_parameters to a message id in cs.
func (s *Server) replyToLocked(c *call, cs *chatState) (int64, *apiError) {
	raw := c.str("reply_parameters")
	if raw == "" {
		return 0, nil
	}
	var rp struct {
		MessageID                int64           `json:"message_id"`
		ChatID                   json.RawMessage `json:"chat_id"`
		AllowSendingWithoutReply bool            `json:"allow_sending_without_reply"`
	}
	if err := json.Unmarshal([]byte(raw), &rp); err != nil {
		return 0, violation("can't parse reply parameters JSON object")
	}
	if len(rp.ChatID) > 0 && strings.Trim(string(rp.ChatID), `"`) != strconv.FormatInt(cs.chat.ID, 10) {
		return 0, nil // a reply in another chat; not modelled
	}
	if m := cs.byID[rp.MessageID]; m != nil && !m.Deleted {
		return m.ID, nil
	}
	if rp.AllowSendingWithoutReply {
		return 0, nil
	}
	return 0, badRequest("message to be replied not found")
}

// markup parses a reply_markup parameter into its compacted JSON and, for
// an inline keyboard, its buttons. An absent or empty keyboard gives nil.
func markup(raw string) (json.RawMessage, [][]Button) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var buf bytes.Buffer
	if json.Compact(&buf, []byte(raw)) != nil {
		return nil, nil
	}
	var kb models.InlineKeyboardMarkup
	if json.Unmarshal(buf.Bytes(), &kb) != nil || kb.InlineKeyboard == nil {
		return buf.Bytes(), nil
	}
	if len(kb.InlineKeyboard) == 0 {
		return nil, nil
	}
	rows := make([][]Button, 0, len(kb.InlineKeyboard))
	for _, row := range kb.InlineKeyboard {
		r := make([]Button, 0, len(row))
		for _, b := range row {
			r = append(r, Button{Text: b.Text, Data: b.CallbackData, URL: b.URL})
		}
		rows = append(rows, r)
	}
	return buf.Bytes(), rows
}

// canonical returns a form of a JSON value in which equal values are equal
// strings.
func canonical(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// send stores a message the bot sends with sendMessage (kind "text") or
// another send method, and returns it.
func (s *Server) send(c *call, kind string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.sendTargetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	replyTo, aerr := s.replyToLocked(c, cs)
	if aerr != nil {
		return nil, aerr
	}
	m := &Message{From: BotID, Date: time.Now(), Kind: kind, ParseMode: c.str("parse_mode"), Plain: c.plain, ReplyTo: replyTo}
	m.ReplyMarkup, m.Keyboard = markup(c.str("reply_markup"))
	if kind == "text" {
		m.Text = c.str("text")
		if raw := c.str("entities"); raw != "" {
			_ = json.Unmarshal([]byte(raw), &m.Entities)
		}
	} else {
		m.Caption = c.str("caption")
		for _, f := range c.method.Fields {
			if f.Required && f.Accepts("InputFile") {
				if m.File, aerr = s.resolveFileLocked(c, f.Name, kind); aerr != nil {
					return nil, aerr
				}
				break
			}
		}
	}
	cs.add(m)
	c.event(EventSent, cs.chat, m)
	return s.modelLocked(m, true), nil
}

// resolveFileLocked finds the file a media parameter names: an upload, an
// attach:// reference to one, an HTTP URL or a known file_id.
func (s *Server) resolveFileLocked(c *call, field, kind string) (*File, *apiError) {
	dir := kind + "s"
	up := c.files[field]
	v := c.str(field)
	if name, ok := strings.CutPrefix(v, "attach://"); ok {
		up = c.files[name]
	}
	switch {
	case up != nil:
		return s.newFileLocked(up.filename, up.contentType, up.data, dir), nil
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		return s.newFileLocked(path.Base(v), "", nil, dir), nil
	case s.files[v] != nil:
		return s.files[v], nil
	}
	return nil, badRequest("wrong file identifier/HTTP URL specified")
}

func (s *Server) newFileLocked(name, contentType string, data []byte, dir string) *File {
	s.nextFile++
	ext := path.Ext(name)
	mt := mime.TypeByExtension(ext)
	if mt == "" {
		mt = contentType
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	f := &File{
		FileID:       fmt.Sprintf("BQACAgIAAxkBAAI%08dAAE", s.nextFile),
		FileUniqueID: fmt.Sprintf("AgAD%08d", s.nextFile),
		Name:         name,
		MimeType:     mt,
		Data:         data,
		path:         fmt.Sprintf("%s/file_%d%s", dir, s.nextFile, ext),
	}
	s.files[f.FileID] = f
	s.byPath[f.path] = f
	return f
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) edit(c *call) (any, *apiError) {
	if !c.present("chat_id") && c.present("inline_message_id") {
		return true, nil // inline messages are not modelled
	}
	if !c.present("chat_id") || !c.present("message_id") {
		return nil, violation("message identifier is not specified").detail("chat_id and message_id (or inline_message_id) are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.sendTargetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	m := cs.byID[c.int("message_id")]
	if m == nil || m.Deleted {
		return nil, badRequest("message to edit not found")
	}
	if m.From != BotID {
		return nil, badRequest("message can't be edited")
	}
	next := *m
	switch c.name {
	case "editMessageText":
		if m.Kind != "text" {
			return nil, badRequest("there is no text in the message to edit")
		}
		next.Text, next.ParseMode, next.Plain = c.str("text"), c.str("parse_mode"), c.plain
	case "editMessageCaption":
		if m.Kind == "text" {
			return nil, badRequest("there is no caption in the message to edit")
		}
		next.Caption, next.ParseMode, next.Plain = c.str("caption"), c.str("parse_mode"), c.plain
	}
	next.ReplyMarkup, next.Keyboard = markup(c.str("reply_markup"))
	if next.Text == m.Text && next.Caption == m.Caption && next.ParseMode == m.ParseMode &&
		canonical(next.ReplyMarkup) == canonical(m.ReplyMarkup) {
		return nil, badRequest(notModified)
	}
	next.Edits++
	next.EditDate = time.Now()
	*m = next
	c.event(EventEdited, cs.chat, m)
	return s.modelLocked(m, true), nil
}

func (s *Server) deleteMessage(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	m := cs.byID[c.int("message_id")]
	if m == nil || m.Deleted {
		return nil, badRequest("message to delete not found")
	}
	m.Deleted = true
	c.event(EventDeleted, cs.chat, m)
	return true, nil
}

func (s *Server) deleteMessages(c *call) (any, *apiError) {
	var ids []int64
	if err := json.Unmarshal([]byte(c.str("message_ids")), &ids); err != nil {
		return nil, violation("can't parse message identifiers").detail("message_ids is not an array of integers")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	for _, id := range ids {
		if m := cs.byID[id]; m != nil && !m.Deleted {
			m.Deleted = true
			c.event(EventDeleted, cs.chat, m)
		}
	}
	return true, nil
}

func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.str("callback_query_id")
	q := s.queries[id]
	if q == nil || q.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.answered = true
	q.answer = CallbackAnswer{QueryID: id, Text: c.str("text"), ShowAlert: c.bool("show_alert"), URL: c.str("url"), CacheTime: int(c.int("cache_time"))}
	answer := q.answer
	ev := Event{Kind: EventAnswered, Answer: &answer}
	if cs := s.chats[q.chatID]; cs != nil {
		ev.Chat = cs.chat
		if m := cs.byID[q.msgID]; m != nil {
			ev.Message = m.clone()
		}
	}
	c.events = append(c.events, ev)
	return true, nil
}

// myCommands serves setMyCommands, deleteMyCommands and getMyCommands with
// the scope and commands checkValues parsed.
func (s *Server) myCommands(c *call) (any, *apiError) {
	key := commandKey{scope: c.scope, lang: c.str("language_code")}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.name {
	case "setMyCommands":
		if len(c.commands) == 0 {
			delete(s.commands, key)
		} else {
			s.commands[key] = c.commands
		}
		return true, nil
	case "deleteMyCommands":
		delete(s.commands, key)
		return true, nil
	}
	cmds := s.commands[key]
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return slices.Clone(cmds), nil
}

func (s *Server) getChat(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	ch := cs.chat
	out := map[string]any{"id": ch.ID, "type": ch.Type, "accent_color_id": 0, "max_reaction_count": 11}
	if ch.Title != "" {
		out["title"] = ch.Title
	}
	if ch.Username != "" {
		out["username"] = ch.Username
	}
	if ch.FirstName != "" {
		out["first_name"] = ch.FirstName
	}
	return out, nil
}

// memberLocked describes a user's membership of a chat as a ChatMember.
func (s *Server) memberLocked(chat *Chat, userID int64, status string) (map[string]any, *apiError) {
	var user models.User
	if userID == BotID {
		user = s.Bot()
	} else if u := s.users[userID]; u != nil {
		user = u.Model()
	} else {
		return nil, badRequest("user not found")
	}
	out := map[string]any{"status": status, "user": user}
	switch models.ChatMemberType(status) {
	case models.ChatMemberTypeOwner:
		out["is_anonymous"] = false
	case models.ChatMemberTypeAdministrator:
		for _, k := range []string{"can_manage_chat", "can_delete_messages", "can_restrict_members", "can_invite_users", "can_pin_messages", "can_manage_video_chats", "can_change_info"} {
			out[k] = true
		}
		for _, k := range []string{"can_be_edited", "is_anonymous", "can_promote_members", "can_post_stories", "can_edit_stories", "can_delete_stories"} {
			out[k] = false
		}
	case models.ChatMemberTypeRestricted:
		out["is_member"] = true
		out["until_date"] = 0
	case models.ChatMemberTypeBanned:
		out["until_date"] = 0
	}
	return out, nil
}

func (s *Server) getChatMember(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	uid := c.int("user_id")
	status := s.members[cs.chat.ID][uid]
	if status == "" {
		status = string(models.ChatMemberTypeMember)
	}
	return s.memberLocked(cs.chat, uid, status)
}

func (s *Server) getChatAdministrators(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	var ids []int64
	for id, st := range s.members[cs.chat.ID] {
		if st == string(models.ChatMemberTypeOwner) || st == string(models.ChatMemberTypeAdministrator) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := []any{}
	for _, id := range ids {
		if m, aerr := s.memberLocked(cs.chat, id, s.members[cs.chat.ID][id]); aerr == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *Server) getChatMemberCount(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if cs.chat.Type == models.ChatTypePrivate {
		return 2, nil
	}
	n := 0
	for id, st := range s.members[cs.chat.ID] {
		if id != BotID && st != string(models.ChatMemberTypeLeft) && st != string(models.ChatMemberTypeBanned) {
			n++
		}
	}
	return n + 1, nil
}

// getFile answers as the Bot API does. Telegram words a refused file_id
// two ways: "invalid file_id" for an id it cannot read as one of this
// bot's (here: any id the server never issued) and "wrong file_id or the
// file is temporarily unavailable" for a well-formed id whose file it
// cannot fetch now, a file deleted or expired, or a fetch that failed and
// may work later (here: a file ForgetFile dropped). A file over the
// download limit gets "file is too big" and no file_path.
func (s *Server) getFile(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.str("file_id")
	f := s.files[id]
	switch {
	case f == nil && s.forgotten[id]:
		return nil, badRequest("wrong file_id or the file is temporarily unavailable")
	case f == nil:
		return nil, badRequest("invalid file_id")
	case len(f.Data) > s.cfg.downloadLimit:
		return nil, badRequest("file is too big")
	}
	return map[string]any{"file_id": f.FileID, "file_unique_id": f.FileUniqueID, "file_size": len(f.Data), "file_path": f.path}, nil
}

// serveFile serves /file/bot<token>/<file_path> downloads.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/file/bot")
	token, p, _ := strings.Cut(rest, "/")
	if s.cfg.token != "" && token != s.cfg.token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	var data []byte
	f, found := s.byPath[p]
	if found {
		data = f.Data
	}
	s.mu.Unlock()
	if !found {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}
