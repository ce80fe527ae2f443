package tgtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

type queuedUpdate struct {
	id  int64
	raw json.RawMessage
}

// poller is the getUpdates call currently waiting.
type poller struct {
	terminated chan struct{} // closed when a newer getUpdates takes over
	waiting    bool          // found nothing and is waiting for an update
}

// defaultExcluded are the update kinds Telegram leaves out unless a bot
// asks for them in allowed_updates.
var defaultExcluded = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

// Inject queues a raw update and returns its update_id (upd.ID is
// ignored). Messages inside it with a zero message_id get the chat's next
// one, a zero date becomes now, and messages in known chats are stored so
// the bot can reply to them. Like Telegram, an update whose kind the bot
// has not asked for in allowed_updates is dropped; it then counts as
// confirmed at once.
func (s *Server) Inject(upd models.Update) int64 {
	// Work on copies: the caller's messages are left as they are.
	for _, p := range []**models.Message{&upd.Message, &upd.EditedMessage, &upd.ChannelPost,
		&upd.EditedChannelPost, &upd.BusinessMessage, &upd.EditedBusinessMessage} {
		if *p != nil {
			m := **p
			*p = &m
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []*models.Message{upd.Message, upd.ChannelPost, upd.BusinessMessage} {
		if m == nil {
			continue
		}
		cs := s.chats[m.Chat.ID]
		if m.ID == 0 && cs != nil {
			m.ID = int(cs.nextID + 1)
		}
		if m.Date == 0 {
			m.Date = int(time.Now().Unix())
		}
		if cs != nil && int64(m.ID) > cs.nextID {
			stored := &Message{Kind: "text", Text: m.Text, Plain: m.Text, Caption: m.Caption, Date: time.Unix(int64(m.Date), 0), Entities: m.Entities}
			if m.Text == "" {
				stored.Kind, stored.Plain = "other", m.Caption
			}
			if m.From != nil {
				stored.From = m.From.ID
			}
			if m.ReplyToMessage != nil {
				stored.ReplyTo = int64(m.ReplyToMessage.ID)
			}
			cs.nextID = int64(m.ID) - 1
			cs.add(stored)
		}
	}
	for _, m := range []*models.Message{upd.EditedMessage, upd.EditedChannelPost, upd.EditedBusinessMessage} {
		if m != nil && m.Date == 0 {
			m.Date = int(time.Now().Unix())
		}
	}
	return s.enqueueLocked(&upd, "")
}

// enqueueLocked assigns the next update_id to upd and queues it, or drops
// it if allowed_updates leave out kind ("message", "callback_query", ...).
// An empty kind is read from the encoded update.
func (s *Server) enqueueLocked(upd *models.Update, kind string) int64 {
	id := s.nextUpdate
	s.nextUpdate++
	upd.ID = id
	raw, err := json.Marshal(upd)
	if err != nil {
		panic(fmt.Sprintf("tgtest: encode update: %v", err))
	}
	if kind == "" {
		kind = updateKind(raw)
	}
	if !s.allowedLocked(kind) {
		s.dropped[id] = true
	} else {
		s.queue = append(s.queue, queuedUpdate{id: id, raw: raw})
		if s.poller != nil {
			s.poller.waiting = false // it is about to take the update
		}
	}
	s.broadcastLocked()
	return id
}

// InjectRaw queues raw, verbatim, as one element of the result array of
// getUpdates and returns the update_id its place in the sequence takes,
// so that the tests can check how a bot copes with an update it cannot
// read: one whose update_id is missing, is a string or repeats an earlier
// one, or whose body has a field of the wrong type. Nothing in raw is
// looked at or changed (only whitespace between tokens goes, as the answer
// is compact JSON like Telegram's), so nothing is stored either.
//
// The server treats the element as the update with the returned id: it is
// delivered until the bot confirms an offset above that id, which a bot
// that skips it does by confirming any update after it; queue a normal
// update after it (see HoldUpdates to have them arrive in one batch) or
// the element is delivered again and again, as Telegram would. WaitConfirmed
// works with the returned id. Unlike Inject it is never dropped because of
// allowed_updates: the test wants the bot to see it.
//
// raw must be valid JSON, since it is embedded in the answer; otherwise
// InjectRaw panics.
func (s *Server) InjectRaw(raw json.RawMessage) int64 {
	return s.injectRaw(func(int64) json.RawMessage { return raw })
}

// InjectRawFunc is InjectRaw for a raw update that needs its own update_id,
// e.g. a well-numbered update whose message is malformed: build gets the id
// and returns the JSON to deliver. build is called once, with the server's
// lock held, and must not call the Server.
func (s *Server) InjectRawFunc(build func(id int64) json.RawMessage) int64 {
	return s.injectRaw(build)
}

func (s *Server) injectRaw(build func(id int64) json.RawMessage) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdate
	raw := build(id)
	if !json.Valid(raw) {
		panic(fmt.Sprintf("tgtest: raw update %.60q is not valid JSON", raw))
	}
	s.nextUpdate++
	s.queue = append(s.queue, queuedUpdate{id: id, raw: bytes.Clone(raw)})
	if s.poller != nil {
		s.poller.waiting = false
	}
	s.broadcastLocked()
	return id
}

// HoldUpdates stops getUpdates and webhook calls from delivering anything
// until release is called, so that updates queued meanwhile (by Inject, InjectRaw, SendText,
// ...) reach a bot that is already polling in one batch rather than
// however its polls happen to fall. A long poll keeps waiting meanwhile
// (WaitPolling reports it as waiting) and one with timeout 0 returns an
// empty array. Holds nest; release may be called more than once.
func (s *Server) HoldUpdates() (release func()) {
	s.mu.Lock()
	s.held++
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.held--
			s.broadcastLocked()
		})
	}
}

func (s *Server) allowedLocked(kind string) bool {
	if s.allowed == nil {
		return !defaultExcluded[kind]
	}
	return s.allowed[kind]
}

// updateKind is the name of the one optional field an encoded update has.
func updateKind(raw []byte) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	for k := range fields {
		if k != "update_id" {
			return k
		}
	}
	return ""
}

// WaitConfirmed blocks until the bot has confirmed update id, i.e. called
// getUpdates with an offset above it or answered its webhook call with a
// 2xx (or the update was dropped because of allowed_updates). For a bot that confirms an update only after handling
// it, this is the point where its handling is complete. It returns ctx's
// error or ErrClosed if those come first.
func (s *Server) WaitConfirmed(ctx context.Context, id int64) error {
	return s.waitFor(ctx, func() bool { return id <= s.confirmed || s.dropped[id] })
}

// Dropped reports whether update id was never queued because the bot's
// allowed_updates leave out its kind.
func (s *Server) Dropped(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped[id]
}

// WaitPolling blocks until a getUpdates long poll is waiting with nothing
// to deliver: for a bot that handles what it got before polling again, the
// bot is idle. It returns ctx's error or ErrClosed if those come first.
func (s *Server) WaitPolling(ctx context.Context) error {
	return s.waitFor(ctx, func() bool { return s.poller != nil && s.poller.waiting })
}

// Pending returns the number of queued updates not yet confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

func (s *Server) getUpdates(c *call) (any, *apiError) {
	offset, limit, timeout := c.int("offset"), c.int("limit"), c.int("timeout")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	var allowed map[string]bool
	if raw, ok := c.params["allowed_updates"]; ok {
		var aerr *apiError
		if allowed, aerr = allowedUpdates(raw); aerr != nil {
			return nil, aerr
		}
	}

	p := &poller{terminated: make(chan struct{})}
	s.mu.Lock()
	if s.webhook != "" {
		s.mu.Unlock()
		return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if s.poller != nil {
		close(s.poller.terminated)
	}
	s.poller = p
	if _, ok := c.params["allowed_updates"]; ok {
		s.allowed = allowed
	}
	s.confirmLocked(offset)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.poller == p {
			s.poller = nil
		}
		s.mu.Unlock()
	}()

	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		expired = t.C
	}
	for {
		s.mu.Lock()
		var out []json.RawMessage
		for _, q := range s.queue {
			if int64(len(out)) == limit || s.held > 0 {
				break
			}
			if q.id >= offset {
				out = append(out, q.raw)
			}
		}
		ch, closed := s.changed, s.closed
		done := len(out) > 0 || timeout <= 0 || closed
		if !done && !p.waiting && s.poller == p {
			p.waiting = true
			s.broadcastLocked()
			ch = s.changed
		}
		s.mu.Unlock()
		if done {
			return rawArray(out), nil
		}
		select {
		case <-p.terminated:
			return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		case <-c.ctx.Done():
			return rawArray(nil), nil
		case <-expired:
			return rawArray(nil), nil
		case <-ch:
		}
	}
}

// allowedUpdates parses an allowed_updates parameter: nil for an empty
// list, which means Telegram's default.
func allowedUpdates(raw string) (map[string]bool, *apiError) {
	var kinds []string
	if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
		return nil, violation("can't parse allowed updates").detail("allowed_updates %q is not a JSON array of strings", raw)
	}
	if len(kinds) == 0 {
		return nil, nil
	}
	allowed := map[string]bool{}
	for _, k := range kinds {
		allowed[k] = true
	}
	return allowed, nil
}

// confirmLocked forgets the updates an offset confirms.
func (s *Server) confirmLocked(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
		s.confirmed = max(s.confirmed, min(offset, s.nextUpdate)-1)
	case offset < 0:
		keep := int(-offset)
		if keep < len(s.queue) {
			s.confirmed = max(s.confirmed, s.queue[len(s.queue)-keep-1].id)
			s.queue = s.queue[len(s.queue)-keep:]
		}
	default:
		return
	}
	s.broadcastLocked()
}

// rawArray is a JSON array of already encoded values.
type rawArray []json.RawMessage

func (a rawArray) MarshalJSON() ([]byte, error) {
	if len(a) == 0 {
		return []byte("[]"), nil
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, v := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(v)
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// botCommandEntities finds bot commands the way Telegram does: a '/' not
// preceded by a word character, '/', '<' or '>', then letters, digits and
// underscores, optionally "@" and a 3 to 32 character username, and not
// followed by a word character, '/', '<' or '>'. Offsets and lengths are in
// UTF-16 code units.
func botCommandEntities(text string) []models.MessageEntity {
	var out []models.MessageEntity
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }
	isName := func(b byte) bool {
		return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '/' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if isWord(prev) || prev == '/' || prev == '<' || prev == '>' {
				continue
			}
		}
		j := i + 1
		for j < len(text) && isName(text[j]) {
			j++
		}
		if j == i+1 || j-i-1 > 64 {
			continue
		}
		end, k := j, j
		if k < len(text) && text[k] == '@' {
			m := k + 1
			for m < len(text) && isName(text[m]) {
				m++
			}
			if n := m - k - 1; n >= 3 && n <= 32 {
				end, k = m, m
			} else {
				k++
			}
		}
		if k < len(text) {
			next, _ := utf8.DecodeRuneInString(text[k:])
			if isWord(next) || next == '/' || next == '<' || next == '>' {
				i = j - 1
				continue
			}
		}
		out = append(out, models.MessageEntity{
			Type:   models.MessageEntityTypeBotCommand,
			Offset: utf16Len(text[:i]),
			Length: utf16Len(text[i:end]),
		})
		i = end - 1
	}
	return out
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
