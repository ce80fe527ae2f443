package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"branchbot/data"
)

// Command is a bot command parsed from a message.
type Command struct {
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
func ParseCommand(text string, entities []models.MessageEntity, botUsername string) (cmd Command, ok bool) {
	var raw, rest string
	found := false
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		u := utf16.Encode([]rune(text))
		if e.Offset < 0 || e.Length < 2 || e.Offset+e.Length > len(u) {
			return Command{}, false
		}
		raw = string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
		rest = string(utf16.Decode(u[e.Offset+e.Length:]))
		found = true
		break
	}
	if !found {
		if !strings.HasPrefix(text, "/") {
			return Command{}, false
		}
		raw, rest, _ = strings.Cut(text, " ")
		if i := strings.IndexAny(raw, "\n\t"); i >= 0 {
			raw, rest = raw[:i], raw[i:]+" "+rest
		}
	}
	if !strings.HasPrefix(raw, "/") || !utf8.ValidString(raw) {
		return Command{}, false
	}
	name, mention, _ := strings.Cut(raw[1:], "@")
	if !validCommandName(name) {
		return Command{}, false
	}
	if mention != "" && !strings.EqualFold(mention, botUsername) {
		return Command{}, false
	}
	return Command{Name: strings.ToLower(name), Args: strings.TrimSpace(rest), Mention: mention}, true
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

// roleAliases maps every word a user may type for a role, in either
// language, to the role.
var roleAliases = map[string]data.Role{
	"secretary": data.RoleSecretary, "书记": data.RoleSecretary, "支部书记": data.RoleSecretary,
	"committee": data.RoleCommittee, "支委": data.RoleCommittee, "委员": data.RoleCommittee, "支委委员": data.RoleCommittee,
	"leader": data.RoleLeader, "组长": data.RoleLeader, "小组长": data.RoleLeader, "党小组长": data.RoleLeader,
	"member": data.RoleMember, "党员": data.RoleMember, "成员": data.RoleMember,
}

// ParseRole reads a role name in English or Chinese.
func ParseRole(s string) (data.Role, bool) {
	r, ok := roleAliases[strings.ToLower(strings.TrimSpace(s))]
	return r, ok
}

// Callback data is "<action>:<argument>", at most 64 bytes as Telegram
// requires. Actions are short fixed words so the argument keeps the room.
const (
	cbInvite = "inv" // argument: the role of the invite to create
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// Callback is a parsed button press.
type Callback struct {
	Action string
	Arg    string
}

// String encodes the callback for a button.
func (c Callback) String() string { return c.Action + ":" + c.Arg }

// ParseCallback decodes callback data made by Callback.String. It rejects
// anything a client could forge that we would not have made: unknown
// actions, oversize data, broken UTF-8.
func ParseCallback(s string) (Callback, error) {
	if len(s) > maxCallbackData || !utf8.ValidString(s) {
		return Callback{}, fmt.Errorf("callback data %q: malformed", s)
	}
	action, arg, ok := strings.Cut(s, ":")
	if !ok {
		return Callback{}, fmt.Errorf("callback data %q: no action", s)
	}
	switch action {
	case cbInvite:
		if _, ok := ParseRole(arg); !ok {
			return Callback{}, fmt.Errorf("callback data %q: unknown role", s)
		}
	default:
		return Callback{}, fmt.Errorf("callback data %q: unknown action", s)
	}
	return Callback{Action: action, Arg: arg}, nil
}

// MemberQuery resolves how a secretary names a member in a command: an
// @username, "#N" for the N-th line of /members (members must be in that
// order), a numeric Telegram id, or the display name as /members shows it
// (names may contain spaces, so the longest name that prefixes the
// arguments wins). It returns the member and the remaining arguments.
func MemberQuery(args string, members []data.Member) (m data.Member, rest string, matches []data.Member) {
	args = strings.TrimSpace(args)
	first, tail, _ := strings.Cut(args, " ")
	tail = strings.TrimSpace(tail)
	if u, ok := strings.CutPrefix(first, "@"); ok && u != "" {
		for _, m := range members {
			if strings.EqualFold(m.Username, u) {
				return m, tail, []data.Member{m}
			}
		}
		return data.Member{}, tail, nil
	}
	if n, ok := strings.CutPrefix(first, "#"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(members) {
			return members[i-1], tail, []data.Member{members[i-1]}
		}
		return data.Member{}, tail, nil
	}
	if id, err := strconv.ParseInt(first, 10, 64); err == nil {
		for _, m := range members {
			if m.UserID == id {
				return m, tail, []data.Member{m}
			}
		}
	}
	best := -1
	for _, m := range members {
		n := m.Name
		if n == "" || len(args) < len(n) || !strings.EqualFold(args[:len(n)], n) {
			continue
		}
		if len(args) > len(n) && args[len(n)] != ' ' {
			continue
		}
		switch {
		case len(n) > best:
			best, matches = len(n), []data.Member{m}
		case len(n) == best:
			matches = append(matches, m)
		}
	}
	if len(matches) != 1 {
		return data.Member{}, "", matches
	}
	return matches[0], strings.TrimSpace(args[best:]), matches
}
