package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/data"
	"branchbot/schedule"
)

// replyAttempts bounds how often an idempotent call (a toast, an edit) is
// tried before it is given up and logged.
const replyAttempts = 5

// deliver sends a handler's reply. A message that cannot go at once (a
// flood wait, a 5xx, a dropped connection) goes through the durable
// outbox instead of being dropped; a toast is retried while Telegram
// still accepts it, an edit until it lands or keeps failing.
func (t *Transport) deliver(r *Request, rep Reply) {
	if rep.Nothing {
		return
	}
	if r.Button() {
		t.answer(r, rep.Toast)
		if rep.Edit && r.MessageID != 0 {
			t.editLater(r.Ctx, r.Chat.ID, r.MessageID, rep.Text, rep.Buttons, r.Anonymous)
			return
		}
	}
	if rep.Text == "" {
		return
	}
	t.sendNow(r.Ctx, r.Chat.ID, rep.Text, rep.Buttons, r.Anonymous)
}

// answer answers a button press; Telegram shows text as a short toast.
// Telegram refuses an answer given more than a few seconds after the
// press, so retries come quickly: the pauses add up to two seconds.
func (t *Transport) answer(r *Request, text string) {
	if r.QueryID == "" {
		return
	}
	var err error
	for attempt := range replyAttempts {
		if attempt > 0 && schedule.Sleep(r.Ctx, t.clock, time.Duration(attempt)*200*time.Millisecond) != nil {
			break
		}
		_, err = t.tg.AnswerCallbackQuery(r.Ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: r.QueryID, Text: ToastText(text)})
		if err == nil || !retryable(err) {
			break
		}
	}
	if err != nil {
		t.log.Warn("answer button press", "err", t.redact(err))
	}
}

// retryable reports whether a failed call may succeed if repeated: a flood
// wait, a 5xx, a timeout or a dropped connection, but not a refusal.
func retryable(err error) bool {
	return !errors.Is(err, tgbot.ErrorForbidden) && !errors.Is(err, tgbot.ErrorBadRequest) &&
		!errors.Is(err, tgbot.ErrorNotFound) && !errors.Is(err, tgbot.ErrorUnauthorized) &&
		!errors.Is(err, context.Canceled)
}

// floodWait returns the retry_after of a 429, and pauses all sending for
// it.
func (t *Transport) floodWait(err error) (time.Duration, bool) {
	var flood *tgbot.TooManyRequestsError
	if !errors.As(err, &flood) {
		return 0, false
	}
	wait := time.Duration(max(flood.RetryAfter, 1)) * time.Second
	t.sender.pause(wait)
	return wait, true
}

// sendNow sends an HTML message as an immediate reply. A long list goes
// out in parts rather than be refused, the keyboard on the last part. What
// cannot go now goes through the outbox; a refusal (blocked, bad request)
// is logged, not returned: the handler's effects are stored and must not
// be undone because a reply could not be delivered.
func (t *Transport) sendNow(ctx context.Context, chatID int64, text string, buttons [][]data.Button, anonymous bool) {
	defer t.sender.hold(chatID)()
	parts := data.SplitHTML(text, data.MaxMessageLen-96)
	for i, part := range parts {
		var kb [][]data.Button
		if i == len(parts)-1 {
			kb = buttons
		}
		if t.clock.Now().Before(t.sender.pausedTill()) {
			t.later(ctx, chatID, parts[i:], buttons, anonymous, "flood wait")
			return
		}
		if t.sender.repliesWaiting(chatID) {
			t.later(ctx, chatID, parts[i:], buttons, anonymous, "earlier replies wait")
			return
		}
		if err := t.sender.waitGlobal(ctx); err != nil {
			t.later(ctx, chatID, parts[i:], buttons, anonymous, "shutting down")
			return
		}
		_, err := t.tg.SendMessage(ctx, sendParams(chatID, part, kb))
		t.cfg.Metrics.directOutcome(err, true)
		if err == nil {
			continue
		}
		t.floodWait(err)
		if retryable(err) {
			t.later(ctx, chatID, parts[i:], buttons, anonymous, t.redact(err).Error())
			return
		}
		t.logSend("send reply", chatID, anonymous, err)
		return
	}
}

// later puts the parts of a reply that could not go at once in the
// outbox, to go as soon as Telegram allows.
func (t *Transport) later(ctx context.Context, chatID int64, parts []string, buttons [][]data.Button, anonymous bool, why string) {
	msgs := make([]data.OutMessage, len(parts))
	for i, p := range parts {
		msgs[i] = data.OutMessage{ChatID: chatID, Text: p, Purpose: data.Purpose{Kind: data.PurposeReply, Anonymous: anonymous, Last: i == len(parts)-1}}
	}
	msgs[len(msgs)-1].Buttons = buttons
	if err := t.store.Enqueue(context.WithoutCancel(ctx), t.clock.Now(), msgs...); err != nil {
		t.logSend("queue a reply that could not go at once", chatID, anonymous, err)
		return
	}
	// Counted once stored; the sender cannot take them before: sendNow
	// holds the chat until it returns.
	t.sender.queuedReplies(chatID, len(msgs))
	if anonymous {
		t.log.Info("reply queued", "why", why)
	} else {
		t.log.Info("reply queued", "chat_id", chatID, "why", why)
	}
}

func (t *Transport) logSend(msg string, chatID int64, anonymous bool, err error) {
	if anonymous {
		t.log.Warn(msg, "err", t.redact(err))
		return
	}
	t.log.Warn(msg, "chat_id", chatID, "err", t.redact(err))
}

func sendParams(chatID int64, text string, buttons [][]data.Button) *tgbot.SendMessageParams {
	return &tgbot.SendMessageParams{
		ChatID: chatID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: noPreview(), ReplyMarkup: keyboard(buttons),
	}
}

func noPreview() *models.LinkPreviewOptions {
	return &models.LinkPreviewOptions{IsDisabled: tgbot.True()}
}

// editLater edits a message now, or keeps trying in the background (an
// edit is idempotent) until it lands, is refused, or keeps failing.
func (t *Transport) editLater(ctx context.Context, chatID int64, messageID int, text string, buttons [][]data.Button, anonymous bool) {
	edit := func(ctx context.Context) error {
		if text == "" {
			return t.EditButtons(ctx, chatID, messageID, buttons)
		}
		return t.Edit(ctx, chatID, messageID, text, buttons)
	}
	err := edit(ctx)
	if err == nil || !retryable(err) {
		if err != nil {
			t.logSend("edit message", chatID, anonymous, err)
		}
		return
	}
	go func() {
		for attempt := 1; ; attempt++ {
			wait := time.Duration(attempt) * time.Second
			if d, ok := t.floodWait(err); ok {
				wait = d
			}
			if attempt >= replyAttempts || schedule.Sleep(t.life, t.clock, wait) != nil {
				t.logSend("edit message: giving up", chatID, anonymous, err)
				return
			}
			ectx, cancel := context.WithTimeout(t.life, 30*time.Second)
			err = edit(ectx)
			cancel()
			if err == nil || !retryable(err) {
				if err != nil {
					t.logSend("edit message", chatID, anonymous, err)
				}
				return
			}
		}
	}()
}

// Send sends an HTML message at once and returns its id, for a message the
// caller edits later (a notice's status, a live code). The caller decides
// what a failure means.
func (t *Transport) Send(ctx context.Context, chatID int64, text string, buttons [][]data.Button) (messageID int, err error) {
	defer t.sender.hold(chatID)()
	if err := t.sender.waitGlobal(ctx); err != nil {
		return 0, err
	}
	sent, err := t.tg.SendMessage(ctx, sendParams(chatID, text, buttons))
	t.cfg.Metrics.directOutcome(err, false)
	if err != nil {
		t.floodWait(err)
		return 0, fmt.Errorf("send message: %w", t.redact(err))
	}
	return sent.ID, nil
}

// Edit replaces an HTML message's text and keyboard, taking the global
// rate limit like every send. The same text again is not a failure.
func (t *Transport) Edit(ctx context.Context, chatID int64, messageID int, text string, buttons [][]data.Button) error {
	if err := t.sender.waitGlobal(ctx); err != nil {
		return err
	}
	_, err := t.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
		ChatID: chatID, MessageID: messageID, Text: text,
		ParseMode: models.ParseModeHTML, ReplyMarkup: keyboard(buttons), LinkPreviewOptions: noPreview(),
	})
	return t.editResult(err)
}

// EditButtons replaces only a message's keyboard.
func (t *Transport) EditButtons(ctx context.Context, chatID int64, messageID int, buttons [][]data.Button) error {
	if err := t.sender.waitGlobal(ctx); err != nil {
		return err
	}
	_, err := t.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
		ChatID: chatID, MessageID: messageID, ReplyMarkup: keyboard(buttons),
	})
	return t.editResult(err)
}

// editResult reads an edit's error. Telegram refuses an edit that changes
// nothing with a 400 whose description is the only sign of it; that is
// success for us, and this is the one place that knows the wording.
func (t *Transport) editResult(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified") {
		return nil
	}
	t.floodWait(err)
	return fmt.Errorf("edit message: %w", t.redact(err))
}

// Hold keeps the outbox from sending to chatID until release is called:
// a handler that queues notes to a chat and then sends that chat a
// message of its own holds it across both, so the notes come after.
func (t *Transport) Hold(chatID int64) (release func()) { return t.sender.hold(chatID) }

// SendDocument uploads a file to a chat with a caption (HTML).
func (t *Transport) SendDocument(ctx context.Context, chatID int64, filename string, body []byte, caption string) error {
	return t.upload(ctx, "document", func() error {
		_, err := t.tg.SendDocument(ctx, &tgbot.SendDocumentParams{
			ChatID:    chatID,
			Document:  &models.InputFileUpload{Filename: filename, Data: bytes.NewReader(body)},
			Caption:   caption,
			ParseMode: models.ParseModeHTML,
		})
		return err
	})
}

// SendPhoto uploads a picture to a chat with a caption (HTML): shown
// inline, where a document would be an icon to tap.
func (t *Transport) SendPhoto(ctx context.Context, chatID int64, filename string, body []byte, caption string) error {
	return t.upload(ctx, "photo", func() error {
		_, err := t.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID:    chatID,
			Photo:     &models.InputFileUpload{Filename: filename, Data: bytes.NewReader(body)},
			Caption:   caption,
			ParseMode: models.ParseModeHTML,
		})
		return err
	})
}

// upload sends a file at the global pace, honouring a flood wait it meets.
func (t *Transport) upload(ctx context.Context, what string, send func() error) error {
	if err := t.sender.waitGlobal(ctx); err != nil {
		return err
	}
	if err := send(); err != nil {
		t.floodWait(err)
		return fmt.Errorf("send %s: %w", what, t.redact(err))
	}
	return nil
}

// Reply delivers a reply to a request before the handler returns its own
// (a tally before the file that goes with it).
func (t *Transport) Reply(r *Request, rep Reply) { t.deliver(r, rep) }

// ToastText turns a text of the catalogue (HTML, as every message is)
// into what a button's answer shows: Telegram reads it as plain text, so
// tags are dropped and entities unescaped, "&lt;code&gt;" becoming
// "<code>". Toasts hold at most 200 characters; a longer text is cut.
func ToastText(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '<' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] >= 'a' && s[i+1] <= 'z') {
			if j := strings.IndexByte(s[i:], '>'); j > 0 && !strings.ContainsRune(s[i+1:i+j], '<') {
				i += j + 1
				continue
			}
		}
		sb.WriteByte(s[i])
		i++
	}
	plain := html.UnescapeString(sb.String())
	if r := []rune(plain); len(r) > maxToast {
		plain = string(r[:maxToast-1]) + "…"
	}
	return plain
}

// maxToast is Telegram's limit on a button answer's text, in characters.
const maxToast = 200
