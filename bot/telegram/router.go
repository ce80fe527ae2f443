package telegram

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// HandlerFunc handles a request and returns the reply to send. An error is
// turned into the user's words once, by the router (see Router.Errors).
type HandlerFunc func(r *Request) (Reply, error)

// Where says in which chats a command makes sense.
type Where int

// The chats a command may be used in.
const (
	Anywhere Where = iota
	PrivateOnly
	GroupOnly
)

// Command is one entry of the command list: who may use it, where, and its
// handler. The menus and /help are built from the same list.
type Command struct {
	Name string
	// Need is the least role; "" means anyone, even a stranger, and
	// data.RoleOwner the configured owners.
	Need  data.Role
	Where Where
	Menu  bool
	// Anonymous marks a command whose author may be anonymous (feedback):
	// its failures are logged without the chat.
	Anonymous bool
	Handle    HandlerFunc
}

// ButtonSpec says who may press one kind of button.
type ButtonSpec struct {
	// Action is the kind's word on the wire: callback data is
	// "<action>:<argument>", at most 64 bytes.
	Action string
	// Need is the least role, as for commands. A member-only button says
	// data.RoleMember.
	Need data.Role
	// Old: the press still works when Telegram no longer shows the message
	// the button is on (it only records something; it edits nothing).
	Old bool
	// Anonymous: the presser may be an anonymous author.
	Anonymous bool
}

// ButtonKind is one kind of inline button: its spec, and its builder and
// parser side by side, so that what a button carries is written once.
type ButtonKind[A any] struct {
	ButtonSpec
	Encode func(A) string
	// Decode refuses anything the builder would not have made: a client
	// can send any callback data.
	Decode func(string) (A, error)
}

// Button builds a button of this kind carrying a.
func (k *ButtonKind[A]) Button(text string, a A) data.Button {
	return data.Button{Text: text, Data: k.Action + ":" + k.Encode(a)}
}

// Parse decodes the argument of callback data made by Button.
func (k *ButtonKind[A]) Parse(arg string) (A, error) { return k.Decode(arg) }

// Match reads whole callback data ("<action>:<argument>") as this kind's,
// for a feature that must recognise a button it did not receive a press
// of (a file sent in reply to a message with buttons).
func (k *ButtonKind[A]) Match(data string) (A, bool) {
	action, arg, ok := strings.Cut(data, ":")
	if !ok || action != k.Action {
		var zero A
		return zero, false
	}
	a, err := k.Decode(arg)
	return a, err == nil
}

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// button is a registered kind, its argument decoded by run.
type button struct {
	ButtonSpec
	run func(r *Request, arg string) (Reply, error)
}

// HandleButton registers a button kind and its handler. The handler sees
// only arguments that decoded; others get the stale-button toast.
func HandleButton[A any](rt *Router, k *ButtonKind[A], h func(r *Request, a A) (Reply, error)) {
	if _, dup := rt.buttons[k.Action]; dup || k.Action == "" || strings.Contains(k.Action, ":") {
		panic(fmt.Sprintf("telegram: button action %q registered twice or malformed", k.Action))
	}
	rt.buttons[k.Action] = &button{ButtonSpec: k.ButtonSpec, run: func(r *Request, arg string) (Reply, error) {
		a, err := k.Decode(arg)
		if err != nil {
			return Reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		return h(r, a)
	}}
}

// ButtonActions lists the registered button kinds' actions, sorted, so a
// test can check that every kind is covered.
func (rt *Router) ButtonActions() []string {
	return slices.Sorted(maps.Keys(rt.buttons))
}

// ParseCallback splits callback data into its action and argument,
// refusing what no registered kind could have made: oversize data, broken
// UTF-8, no action, an unknown action.
func (rt *Router) ParseCallback(s string) (action, arg string, err error) {
	if len(s) > maxCallbackData || !utf8.ValidString(s) {
		return "", "", fmt.Errorf("callback data %q: malformed", s)
	}
	action, arg, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", fmt.Errorf("callback data %q: no action", s)
	}
	if _, ok := rt.buttons[action]; !ok {
		return "", "", fmt.Errorf("callback data %q: unknown action", s)
	}
	return action, arg, nil
}

// Router turns updates into requests and dispatches them: commands by
// name, buttons by action, plain text to the guided flows, shared
// locations. It checks roles and chats, recovers from panics, and turns
// errors into the user's language, all in one place.
type Router struct {
	t        *Transport
	commands []*Command
	byName   map[string]*Command
	buttons  map[string]*button

	// Identify fills in the request's Member; nil leaves it nil.
	Identify func(r *Request) error
	// Text handles plain text in a private chat (the next step of a guided
	// flow); ok false means it was not for a flow, and the sender gets a
	// hint.
	Text func(r *Request) (rep Reply, ok bool, err error)
	// Location handles a location shared in a private chat.
	Location HandlerFunc
	// Attachment handles a photo or document sent in a private chat, or
	// sent in a group in reply to one of the bot's messages (with privacy
	// mode on, the only files of a group the bot sees).
	Attachment HandlerFunc
	// Errors names the text for an error a user can act on (a store
	// sentinel), as a key of the catalogue; unknown errors are logged and
	// the user is told something went wrong.
	Errors func(err error) (i18n.Key, bool)
}

// Command registers a command. Commands appear in menus and /help in the
// order they are registered.
func (rt *Router) Command(c Command) {
	if _, dup := rt.byName[c.Name]; dup || !validCommandName(c.Name) || c.Handle == nil {
		panic(fmt.Sprintf("telegram: command %q registered twice or malformed", c.Name))
	}
	cc := c
	rt.commands = append(rt.commands, &cc)
	rt.byName[c.Name] = &cc
}

// Commands lists the registered commands in order.
func (rt *Router) Commands() []Command {
	out := make([]Command, len(rt.commands))
	for i, c := range rt.commands {
		out[i] = *c
	}
	return out
}

// Allowed checks a command's role and chat rules for a request, returning
// the refusal to show when the sender may not use it.
func (rt *Router) Allowed(name string, r *Request) (refusal string, ok bool) {
	c, found := rt.byName[name]
	if !found {
		return r.Lang.T(i18n.MsgUnknownCommand, name), false
	}
	switch {
	case c.Where == PrivateOnly && !r.Chat.Private:
		return r.Lang.T(i18n.MsgPrivateOnly, c.Name), false
	case c.Where == GroupOnly && r.Chat.Private:
		return r.Lang.T(i18n.MsgGroupOnly, c.Name), false
	}
	return rt.allowedRole(c.Need, c.Name, r)
}

// allowedRole checks that the sender has at least role need.
func (rt *Router) allowedRole(need data.Role, name string, r *Request) (string, bool) {
	switch {
	case need == "":
		return "", true
	case need == data.RoleOwner:
		if r.Owner {
			return "", true
		}
		return r.Lang.T(i18n.MsgRefusedOwner, name), false
	case r.Member == nil:
		return r.Lang.T(i18n.MsgNotMember), false
	case !r.Member.Role.AtLeast(need):
		return r.Lang.T(i18n.MsgRefusedRole, r.Lang.RoleName(need), name), false
	}
	return "", true
}

// outcomeKey carries a dispatch's outcome from wherever an error is
// handled (fail, the panic recovery) back to dispatch.
type outcomeKey struct{}

type outcome struct{ damaged error }

// dispatch handles one update. It never panics. It returns an error
// wrapping data.ErrDamaged when handling met a damaged store: then the
// update is not done, nobody was answered, and it must stay in the inbox.
func (rt *Router) dispatch(ctx context.Context, u *models.Update) (damaged error) {
	out := &outcome{}
	ctx = context.WithValue(ctx, outcomeKey{}, out)
	rt.t.cfg.Metrics.update(u)
	defer func() {
		if p := recover(); p != nil {
			if err, ok := p.(error); ok && errors.Is(err, data.ErrDamaged) {
				rt.t.cfg.Metrics.handlerError("damaged")
				damaged = err
				return
			}
			rt.t.cfg.Metrics.handlerError("panic")
			rt.t.log.Error("handler panic", "update_id", u.ID, "panic", p, "stack", string(debug.Stack()))
			rt.apologise(ctx, u)
			return
		}
		if out.damaged != nil {
			rt.t.cfg.Metrics.handlerError("damaged")
		}
		damaged = out.damaged
	}()
	switch {
	case u.Message != nil && u.Message.MigrateToChatID != 0:
		if err := rt.t.store.MigrateChat(ctx, u.Message.Chat.ID, u.Message.MigrateToChatID); err != nil {
			if errors.Is(err, data.ErrDamaged) {
				return err
			}
			rt.t.log.Error("migrate chat", "err", err)
		}
	case addedToGroup(u):
		l := rt.t.langOf(u.MyChatMember.From.LanguageCode)
		rt.t.sendNow(ctx, u.MyChatMember.Chat.ID, l.T(i18n.MsgAddedToGroup), nil, false)
	case u.CallbackQuery != nil:
		rt.onButton(ctx, u.CallbackQuery)
	case u.Message == nil || u.Message.From == nil:
		rt.t.log.Debug("ignored update", "update_id", u.ID)
	default:
		rt.onMessage(ctx, u.Message)
	}
	return nil // the deferred function reports what fail recorded
}

// onMessage handles a command, a location or plain text.
func (rt *Router) onMessage(ctx context.Context, msg *models.Message) {
	if msg.Text != "" {
		if cmd, ok := ParseCommand(msg.Text, msg.Entities, rt.t.username()); ok {
			rt.onCommand(ctx, cmd, msg)
			return
		}
	}
	if a := rt.attachment(msg); a != nil && rt.Attachment != nil {
		if msg.Chat.Type != models.ChatTypePrivate && (a.ReplyTo == nil || !a.ReplyTo.FromBot) {
			return // a group's own photos are not for us
		}
		r, ok := rt.request(ctx, msg, msg.From, "")
		if !ok {
			return
		}
		r.Attachment = a
		rt.run(r, rt.Attachment)
		return
	}
	if msg.Chat.Type != models.ChatTypePrivate {
		return // with privacy mode off, a group's chatter is not for us
	}
	switch {
	case msg.Location != nil && rt.Location != nil:
		r, ok := rt.request(ctx, msg, msg.From, "")
		if !ok {
			return
		}
		loc := msg.Location
		r.Location = &Location{Latitude: loc.Latitude, Longitude: loc.Longitude, LivePeriod: loc.LivePeriod, Forwarded: msg.ForwardOrigin != nil}
		rt.run(r, rt.Location)
	case msg.Text != "" && rt.Text != nil:
		// Plain text may be the next step of an anonymous flow, which is
		// known only once the flow is found: until then, and if finding it
		// fails, no log line names the chat.
		r := rt.newRequest(ctx, msg, msg.From, "")
		r.Anonymous = true
		if !rt.identify(r) {
			return
		}
		rep, handled, err := rt.Text(r)
		if err == nil && !handled {
			rep = Say(r.Lang.T(i18n.MsgPlainText))
		}
		rt.finish(r, rep, err)
	}
}

func (rt *Router) onCommand(ctx context.Context, cmd Invocation, msg *models.Message) {
	c, known := rt.byName[cmd.Name]
	if !known {
		// In a group a command may be another bot's: answer only when
		// addressed by name.
		if msg.Chat.Type != models.ChatTypePrivate && cmd.Mention == "" {
			return
		}
		l := rt.t.langOf(msg.From.LanguageCode)
		rt.t.sendNow(ctx, msg.Chat.ID, l.T(i18n.MsgUnknownCommand, EscapeHTML(cmd.Name)), nil, false)
		return
	}
	r := rt.newRequest(ctx, msg, msg.From, "")
	r.Cmd, r.Anonymous = cmd, c.Anonymous
	if !rt.identify(r) {
		return
	}
	if refusal, ok := rt.Allowed(c.Name, r); !ok {
		rt.t.deliver(r, Say(refusal))
		return
	}
	rt.run(r, c.Handle)
}

// onButton handles an inline keyboard press. The press is checked like a
// command: a forwarded or stale keyboard must not grant anything.
func (rt *Router) onButton(ctx context.Context, q *models.CallbackQuery) {
	action, arg, perr := rt.ParseCallback(q.Data)
	var b *button
	if perr == nil {
		b = rt.buttons[action]
	}
	r := rt.newRequest(ctx, q.Message.Message, &q.From, q.ID)
	r.Anonymous = b != nil && b.Anonymous
	if !rt.identify(r) {
		return
	}
	if b == nil {
		rt.t.answer(r, r.Lang.T(i18n.MsgButtonStale))
		return
	}
	if q.Message.Message == nil {
		// Telegram no longer shows us the message (it is old). Actions
		// that only record something still work; those that edit it don't.
		if !b.Old {
			rt.t.answer(r, r.Lang.T(i18n.MsgButtonStale))
			return
		}
		r.Chat = Chat{ID: q.From.ID, Private: true}
	}
	if refusal, ok := rt.allowedRole(b.Need, action, r); !ok {
		rt.t.answer(r, refusal)
		return
	}
	rt.run(r, func(r *Request) (Reply, error) { return b.run(r, arg) })
}

// request builds and identifies a request; false means identifying failed
// and the user was told.
func (rt *Router) request(ctx context.Context, msg *models.Message, from *models.User, queryID string) (*Request, bool) {
	r := rt.newRequest(ctx, msg, from, queryID)
	return r, rt.identify(r)
}

func (rt *Router) newRequest(ctx context.Context, msg *models.Message, from *models.User, queryID string) *Request {
	r := &Request{Ctx: ctx, Lang: rt.t.cfg.DefaultLang, QueryID: queryID}
	if msg != nil {
		r.Chat = newChat(msg.Chat)
		r.MessageID = msg.ID
		if queryID == "" {
			r.Text = msg.Text
		}
	}
	if from != nil {
		r.Lang = rt.t.langOf(from.LanguageCode)
		r.Person = data.Person{UserID: from.ID, Name: displayName(from), Username: from.Username, Lang: string(r.Lang)}
		r.Owner = rt.t.owners[from.ID]
	}
	return r
}

func (rt *Router) identify(r *Request) bool {
	if rt.Identify == nil || r.Person.UserID == 0 {
		return true
	}
	if err := rt.Identify(r); err != nil {
		rt.fail(r, err)
		return false
	}
	return true
}

// run calls a handler and delivers what it returns.
func (rt *Router) run(r *Request, h HandlerFunc) {
	rep, err := h(r)
	rt.finish(r, rep, err)
}

// finish delivers a reply, or turns an error into the user's words.
func (rt *Router) finish(r *Request, rep Reply, err error) {
	if err != nil {
		rt.fail(r, err)
		return
	}
	rt.t.deliver(r, rep)
}

// fail tells the user about an error: in their words when it is one they
// can act on, otherwise "something went wrong" and a log line.
func (rt *Router) fail(r *Request, err error) {
	if errors.Is(err, data.ErrDamaged) {
		// Not the user's fault and not to be answered: the update stays
		// in the inbox for a start on a restored store, and an answer now
		// could only be queued in the damaged file.
		if out, ok := r.Ctx.Value(outcomeKey{}).(*outcome); ok {
			out.damaged = err
			return
		}
	}
	key, ok := rt.userError(err)
	if !ok {
		rt.t.cfg.Metrics.handlerError("internal")
		attrs := []any{"command", r.Cmd.Name, "err", rt.t.redact(err)}
		if !r.Anonymous {
			attrs = append(attrs, "chat_id", r.Chat.ID)
		}
		rt.t.log.Error("handle update", attrs...)
		key = i18n.MsgInternal
	}
	text := r.Lang.T(key)
	if r.Button() {
		rt.t.answer(r, text)
		return
	}
	rt.t.deliver(r, Say(text))
}

func (rt *Router) userError(err error) (i18n.Key, bool) {
	if rt.Errors == nil {
		return "", false
	}
	return rt.Errors(err)
}

// apologise tells the user of an update whose handler panicked that
// something went wrong, so a button does not spin and a command does not
// meet silence.
func (rt *Router) apologise(ctx context.Context, u *models.Update) {
	switch {
	case u.CallbackQuery != nil:
		l := rt.t.langOf(u.CallbackQuery.From.LanguageCode)
		rt.t.answer(&Request{Ctx: ctx, QueryID: u.CallbackQuery.ID}, l.T(i18n.MsgInternal))
	case u.Message != nil && u.Message.From != nil && u.Message.Chat.Type == models.ChatTypePrivate:
		l := rt.t.langOf(u.Message.From.LanguageCode)
		rt.t.sendNow(ctx, u.Message.Chat.ID, l.T(i18n.MsgInternal), nil, false)
	}
}

// addedToGroup: the update says the bot was just added to a group.
func addedToGroup(u *models.Update) bool {
	m := u.MyChatMember
	if m == nil || m.Chat.Type == models.ChatTypePrivate || m.Chat.Type == models.ChatTypeChannel {
		return false
	}
	was := m.OldChatMember.Type
	now := m.NewChatMember.Type
	return (was == models.ChatMemberTypeLeft || was == models.ChatMemberTypeBanned) &&
		(now == models.ChatMemberTypeMember || now == models.ChatMemberTypeAdministrator)
}
