package telegram

import (
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// attachment is the photo or document msg carries, nil for none. Of a
// photo's sizes the largest is kept: it is the one worth filing.
func (rt *Router) attachment(msg *models.Message) *Attachment {
	var a *Attachment
	switch {
	case len(msg.Photo) > 0:
		best := msg.Photo[0]
		for _, p := range msg.Photo[1:] {
			if p.Width*p.Height > best.Width*best.Height {
				best = p
			}
		}
		a = &Attachment{Kind: AttachmentPhoto, FileID: best.FileID, FileUniqueID: best.FileUniqueID}
	case msg.Document != nil:
		d := msg.Document
		a = &Attachment{Kind: AttachmentDocument, FileID: d.FileID, FileUniqueID: d.FileUniqueID, FileName: d.FileName}
	default:
		return nil
	}
	a.Caption = msg.Caption
	if re := msg.ReplyToMessage; re != nil {
		rt.t.meMu.RLock()
		me := rt.t.me.ID
		rt.t.meMu.RUnlock()
		a.ReplyTo = &Replied{
			MessageID: re.ID,
			FromBot:   re.From != nil && re.From.IsBot && (me == 0 || re.From.ID == me),
			Commands:  commandsIn(re.Text+re.Caption, append(re.Entities, re.CaptionEntities...)),
		}
		if re.ReplyMarkup != nil {
			for _, row := range re.ReplyMarkup.InlineKeyboard {
				for _, b := range row {
					if b.CallbackData != "" {
						a.ReplyTo.Buttons = append(a.ReplyTo.Buttons, b.CallbackData)
					}
				}
			}
		}
	}
	return a
}

// commandsIn lists the bot commands written in a message, each with the
// word after it as Args. Telegram marks them with bot_command entities
// (offsets in UTF-16 units); a message without entities is scanned for
// words starting with a slash.
func commandsIn(text string, entities []models.MessageEntity) []Invocation {
	var out []Invocation
	add := func(cmd, rest string) {
		name, mention, ok := commandName(cmd)
		if !ok {
			return
		}
		arg, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
		arg, _, _ = strings.Cut(arg, "\n")
		out = append(out, Invocation{Name: name, Args: strings.TrimRight(arg, "，,。.；;）)"), Mention: mention})
	}
	u := utf16.Encode([]rune(text))
	marked := false
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		marked = true
		if raw, rest, ok := entityText(u, e); ok {
			add(raw, rest)
		}
	}
	if marked {
		return out
	}
	// Without entities: a slash that starts a word, or follows Chinese
	// punctuation, starts a command.
	for i := 0; i < len(text); i++ {
		if text[i] != '/' || (i > 0 && isCommandByte(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && (isCommandByte(text[j]) || text[j] == '@') {
			j++
		}
		add(text[i:j], text[j:])
		i = j - 1
	}
	return out
}

// isCommandByte: b may be part of a command's name.
func isCommandByte(b byte) bool {
	return b == '_' || b == '/' || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9')
}
