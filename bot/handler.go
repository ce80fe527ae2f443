package bot

import (
	"context"
	"errors"
	"html"
	"runtime/debug"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// where says in which chats a command makes sense.
type where int

const (
	anywhere where = iota
	privateOnly
	groupOnly
)

// command is one entry of the command list: who may use it, where, and
// the handler. Every command is registered from this one list, and the
// menus and /help are built from it too.
type command struct {
	name   string
	min    data.Role // "" = anyone, even a stranger; RoleOwner = configured owners
	where  where
	inMenu bool
	handle func(r *request) (reply, error)
	// anon marks a command whose author may be anonymous (feedback): its
	// failures are logged without the chat.
	anon bool
}

// request is everything a handler needs about one incoming message or
// button press.
type request struct {
	ctx    context.Context
	msg    *models.Message // the message sent, or the message a button was on
	query  *models.CallbackQuery
	cmd    Command
	chat   models.Chat
	person data.Person
	lang   i18n.Lang
	member *data.Member // nil for someone who has not joined a branch
	// anonymous: the sender may be an anonymous author (a feedback
	// command, button or typed step); no log line names the chat.
	anonymous bool
}

func (r *request) private() bool { return r.chat.Type == models.ChatTypePrivate }

// reply is a handler's answer: a message to the chat, or (for a button) an
// edit of the message the button was on plus a short toast.
type reply struct {
	text    string // HTML
	markup  models.ReplyMarkup
	edit    bool   // replace the pressed message instead of sending a new one
	toast   string // answerCallbackQuery text
	nothing bool   // send nothing (the handler spoke for itself)
}

func say(text string) reply { return reply{text: text} }

// esc escapes user-provided text for HTML parse mode.
func esc(s string) string { return html.EscapeString(s) }

// recoverPanics keeps one bad update from killing the process: the panic is
// logged with its stack and the update counts as handled (it would only
// panic again).
func (b *Bot) recoverPanics(next tgbot.HandlerFunc) tgbot.HandlerFunc {
	return func(ctx context.Context, tg *tgbot.Bot, u *models.Update) {
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panic", "update_id", u.ID, "panic", p, "stack", string(debug.Stack()))
				b.apologise(ctx, u)
			}
		}()
		next(ctx, tg, u)
	}
}

// apologise tells the user of an update whose handler panicked that
// something went wrong, so a button does not spin and a command does not
// meet silence.
func (b *Bot) apologise(ctx context.Context, u *models.Update) {
	switch {
	case u.CallbackQuery != nil:
		l := b.langOf(u.CallbackQuery.From.LanguageCode)
		b.answer(&request{ctx: ctx, query: u.CallbackQuery}, l.T(i18n.MsgInternal))
	case u.Message != nil && u.Message.From != nil && u.Message.Chat.Type == models.ChatTypePrivate:
		l := b.langOf(u.Message.From.LanguageCode)
		b.sendText(ctx, u.Message.Chat.ID, l.T(i18n.MsgInternal), nil)
	}
}

// ignore is the default handler: edits, stickers, photos, channel posts and
// other updates branchbot has nothing to say about.
func (b *Bot) ignore(_ context.Context, _ *tgbot.Bot, u *models.Update) {
	b.log.Debug("ignored update", "update_id", u.ID)
}

// newRequest gathers the sender, their language and membership.
func (b *Bot) newRequest(ctx context.Context, msg *models.Message, from *models.User) (*request, error) {
	r := &request{ctx: ctx, msg: msg, lang: b.cfg.DefaultLang}
	if msg != nil {
		r.chat = msg.Chat
	}
	if from == nil {
		return r, nil
	}
	r.lang = b.langOf(from.LanguageCode)
	r.person = data.Person{UserID: from.ID, Name: displayName(from), Username: from.Username, Lang: string(r.lang)}
	m, err := b.store.TouchMember(data.Unmarked(ctx), r.person)
	switch {
	case errors.Is(err, data.ErrNotMember):
	case err != nil:
		return r, err
	default:
		r.member = &m
	}
	return r, nil
}

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

// allowed checks a command's role and chat rules, returning the refusal to
// send when the sender may not use it.
func (b *Bot) allowed(c *command, r *request) (string, bool) {
	switch {
	case c.where == privateOnly && !r.private():
		return r.lang.T(i18n.MsgPrivateOnly, c.name), false
	case c.where == groupOnly && r.private():
		return r.lang.T(i18n.MsgGroupOnly, c.name), false
	case c.min == "":
		return "", true
	case c.min == data.RoleOwner:
		if b.owners[r.person.UserID] {
			return "", true
		}
		return r.lang.T(i18n.MsgRefusedOwner), false
	case r.member == nil:
		return r.lang.T(i18n.MsgNotMember), false
	case !r.member.Role.AtLeast(c.min):
		return r.lang.T(i18n.MsgRefusedRole, r.lang.RoleName(c.min), c.name), false
	}
	return "", true
}

// runCommand is the one adapter every command goes through: it builds the
// request, checks permissions, runs the handler and turns its result or
// error into a reply in the user's language.
func (b *Bot) runCommand(ctx context.Context, c *command, cmd Command, msg *models.Message) {
	r, err := b.newRequest(ctx, msg, msg.From)
	r.cmd, r.anonymous = cmd, c.anon
	if err != nil {
		b.fail(r, err)
		return
	}
	if refusal, ok := b.allowed(c, r); !ok {
		b.send(r, say(refusal))
		return
	}
	rep, err := c.handle(r)
	if err != nil {
		b.fail(r, err)
		return
	}
	b.send(r, rep)
}

// fail logs an internal error and tells the user something went wrong.
func (b *Bot) fail(r *request, err error) {
	if r.anonymous {
		b.log.Error("handle update", "command", r.cmd.Name, "err", b.redact(err))
	} else {
		b.log.Error("handle update", "chat_id", r.chat.ID, "command", r.cmd.Name, "err", b.redact(err))
	}
	if r.query != nil {
		b.answer(r, r.lang.T(i18n.MsgInternal))
		return
	}
	b.send(r, say(r.lang.T(i18n.MsgInternal)))
}

// send delivers a reply to the request's chat.
func (b *Bot) send(r *request, rep reply) {
	if rep.nothing {
		return
	}
	if r.query != nil {
		b.answer(r, rep.toast)
		if rep.edit && r.msg != nil {
			if err := b.editText(r.ctx, r.chat.ID, r.msg.ID, rep.text, rep.markup); err != nil {
				b.log.Warn("edit message", "chat_id", r.chat.ID, "err", b.redact(err))
			}
			return
		}
	}
	if rep.text == "" {
		return
	}
	b.sendText(r.ctx, r.chat.ID, rep.text, rep.markup)
}

// sendText sends an HTML message, logging (not returning) a failure: the
// handler's effects are already stored and must not be undone because a
// reply could not be delivered.
func (b *Bot) sendText(ctx context.Context, chatID int64, text string, markup models.ReplyMarkup) {
	// A long list (members, meetings) goes out in parts rather than be
	// refused; the keyboard rides on the last part.
	parts := data.SplitText(text, data.MaxMessageLen-96)
	for i, part := range parts {
		if err := b.sender.waitGlobal(ctx); err != nil {
			return
		}
		params := &tgbot.SendMessageParams{ChatID: chatID, Text: part, ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview()}
		if i == len(parts)-1 {
			params.ReplyMarkup = markup
		}
		if _, err := b.tg.SendMessage(ctx, params); err != nil {
			b.log.Warn("send message", "chat_id", chatID, "err", b.redact(err))
			return
		}
	}
}

// editText replaces an HTML message's text (and keyboard), taking the
// global rate limit like every send. Telegram's "message is not modified"
// (the same text again) is not a failure; other errors are returned for
// the caller to log with its context.
func (b *Bot) editText(ctx context.Context, chatID int64, messageID int, text string, markup models.ReplyMarkup) error {
	if err := b.sender.waitGlobal(ctx); err != nil {
		return err
	}
	_, err := b.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
		ChatID: chatID, MessageID: messageID, Text: text,
		ParseMode: models.ParseModeHTML, ReplyMarkup: markup, LinkPreviewOptions: noPreview(),
	})
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		return nil
	}
	return err
}

func noPreview() *models.LinkPreviewOptions {
	return &models.LinkPreviewOptions{IsDisabled: tgbot.True()}
}

// answer answers a button press; Telegram shows text as a short toast.
func (b *Bot) answer(r *request, text string) {
	if r.query == nil {
		return
	}
	_, err := b.tg.AnswerCallbackQuery(r.ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: r.query.ID, Text: text})
	if err != nil {
		b.log.Warn("answer callback", "err", b.redact(err))
	}
}
