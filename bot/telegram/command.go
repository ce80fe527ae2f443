package telegram

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Invocation is a bot command parsed from a message.
type Invocation struct {
	Name    string // lower case, without the slash or @mention
	Args    string // the text after the command, trimmed
	Mention string // the @botname suffix, if any
}

// ParseCommand finds the first bot_command entity in a message and returns
// the command it names. Telegram counts entity offsets in UTF-16 code units,
// so a command after Chinese text (or emoji) must be cut in those units, not
// bytes. A command addressed to another bot (/help@otherbot) is not ours:
// ok is false. Messages injected without entities fall back to a leading
// "/word".
func ParseCommand(text string, entities []models.MessageEntity, botUsername string) (cmd Invocation, ok bool) {
	var raw, rest string
	found := false
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		if raw, rest, found = entityText(utf16.Encode([]rune(text)), e); !found {
			return Invocation{}, false
		}
		break
	}
	if !found {
		if !strings.HasPrefix(text, "/") {
			return Invocation{}, false
		}
		raw, rest, _ = strings.Cut(text, " ")
		if i := strings.IndexAny(raw, "\n\t"); i >= 0 {
			raw, rest = raw[:i], raw[i:]+" "+rest
		}
	}
	if !strings.HasPrefix(raw, "/") || !utf8.ValidString(raw) {
		return Invocation{}, false
	}
	name, mention, ok := commandName(raw)
	if !ok || mention != "" && !strings.EqualFold(mention, botUsername) {
		return Invocation{}, false
	}
	return Invocation{Name: name, Args: strings.TrimSpace(rest), Mention: mention}, true
}

// entityText cuts an entity out of a message's text in UTF-16 units (u):
// the entity's text and what follows it; ok is false for an entity that
// does not fit the text or is too short to be a command.
func entityText(u []uint16, e models.MessageEntity) (raw, rest string, ok bool) {
	if e.Offset < 0 || e.Length < 2 || e.Offset+e.Length > len(u) {
		return "", "", false
	}
	return string(utf16.Decode(u[e.Offset : e.Offset+e.Length])), string(utf16.Decode(u[e.Offset+e.Length:])), true
}

// commandName reads "/name@mention": the name in lower case and the
// mention; ok is false when the name is not a command's.
func commandName(raw string) (name, mention string, ok bool) {
	name, mention, _ = strings.Cut(strings.TrimPrefix(raw, "/"), "@")
	if !validCommandName(name) {
		return "", "", false
	}
	return strings.ToLower(name), mention, true
}

// validCommandName follows Telegram's rule for command names: 1–32 of
// [A-Za-z0-9_] (Telegram lower-cases them in menus).
func validCommandName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
