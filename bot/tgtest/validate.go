package tgtest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest/botapi"
)

// Limits the Bot API enforces.
const (
	maxTextLen        = 4096
	maxCaptionLen     = 1024
	maxCallbackData   = 64
	maxCallbackText   = 200
	maxCommands       = 100
	maxCommandDescLen = 256
)

var (
	commandName  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	secretToken  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	chatUsername = regexp.MustCompile(`^@[A-Za-z0-9_]{1,32}$`)
)

// scopeTypes are the BotCommandScope types and the ids each needs.
var scopeTypes = map[string][]string{
	"default":                 nil,
	"all_private_chats":       nil,
	"all_group_chats":         nil,
	"all_chat_administrators": nil,
	"chat":                    {"chat_id"},
	"chat_administrators":     {"chat_id"},
	"chat_member":             {"chat_id", "user_id"},
}

// inlineButtonActions are the InlineKeyboardButton fields of which exactly
// one must be set.
var inlineButtonActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// check validates a call against the method's description and the value
// rules of the real API. Every failure is a violation.
func (s *Server) check(c *call) *apiError {
	m := c.method
	names := make([]string, 0, len(c.params)+len(c.files))
	for k := range c.params {
		names = append(names, k)
	}
	for k := range c.files {
		if _, dup := c.params[k]; !dup {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if m.Field(name) != nil {
			continue
		}
		if _, isFile := c.files[name]; isFile && c.attached(name) {
			continue
		}
		return violation("unknown field %s for %s", name, m.Name)
	}
	for _, f := range m.Fields {
		if !f.Required || c.present(f.Name) {
			continue
		}
		if f.Name == "text" && m.Name == "sendMessage" {
			return violation("message text is empty").detail("no text parameter")
		}
		return violation("%s is required", f.Name)
	}
	for _, name := range names {
		if aerr := c.checkType(m.Field(name)); aerr != nil {
			return aerr
		}
	}
	return s.checkValues(c)
}

// present reports whether a parameter was given with a non-empty value.
func (c *call) present(name string) bool {
	if _, ok := c.files[name]; ok {
		return true
	}
	return c.params[name] != ""
}

// attached reports whether some parameter refers to the uploaded file part
// name as "attach://name".
func (c *call) attached(name string) bool {
	for _, v := range c.params {
		if strings.Contains(v, "attach://"+name) {
			return true
		}
	}
	return false
}

// checkType checks one parameter against the types its field accepts.
func (c *call) checkType(f *botapi.Field) *apiError {
	if f == nil {
		return nil
	}
	if up, isFile := c.files[f.Name]; isFile {
		if _, also := c.params[f.Name]; !also {
			if !f.Accepts("InputFile") {
				return violation("can't parse %s", f.Name).detail("file %q uploaded for a parameter of type %s", up.filename, strings.Join(f.Types, " or "))
			}
			return nil
		}
	}
	v := c.params[f.Name]
	if f.Name == "chat_id" || f.Name == "from_chat_id" {
		if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return nil
		}
		if f.Accepts("String") && chatUsername.MatchString(v) {
			return nil
		}
		return violation("chat not found").detail("%s %q is neither an integer nor an @username", f.Name, v)
	}
	for _, t := range f.Types {
		if valueHasType(c, v, t) {
			return nil
		}
	}
	return violation("can't parse %s", f.Name).detail("%q is not %s", clip(v), strings.Join(f.Types, " or "))
}

func valueHasType(c *call, v, t string) bool {
	v = strings.TrimSpace(v)
	switch t {
	case "String":
		return true
	case "Integer":
		_, err := strconv.ParseInt(v, 10, 64)
		return err == nil
	case "Float":
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case "Boolean":
		_, ok := parseBool(v)
		return ok
	case "InputFile":
		name, ok := strings.CutPrefix(v, "attach://")
		_, uploaded := c.files[name]
		return ok && uploaded
	}
	if strings.HasPrefix(t, "Array of ") {
		return strings.HasPrefix(v, "[") && json.Valid([]byte(v))
	}
	return strings.HasPrefix(v, "{") && json.Valid([]byte(v))
}

func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// checkValues applies the value rules of the real API that bots most often
// break.
func (s *Server) checkValues(c *call) *apiError {
	m := c.method
	switch m.Name {
	case "sendMessage", "editMessageText":
		if !c.present("text") {
			if m.Name == "editMessageText" && !c.present("rich_message") {
				return violation("message text is empty").detail("neither text nor rich_message given")
			}
			break
		}
		plain, err := parseText(c.str("text"), c.str("parse_mode"))
		if err != nil {
			return violation("%s", err)
		}
		plain = strings.TrimSpace(plain)
		if plain == "" {
			return violation("message text is empty")
		}
		if n := utf16Len(plain); n > maxTextLen {
			return violation("message is too long").detail("%d UTF-16 units, at most %d", n, maxTextLen)
		}
		c.plain = plain
	case "answerCallbackQuery":
		if n := utf8.RuneCountInString(c.str("text")); n > maxCallbackText {
			return violation("MESSAGE_TOO_LONG").detail("callback answer text has %d characters, at most %d", n, maxCallbackText)
		}
	case "setWebhook":
		if aerr := checkWebhook(c.str("url"), c.params); aerr != nil {
			return aerr
		}
	case "setMyCommands":
		cmds, aerr := checkCommands(c.str("commands"))
		if aerr != nil {
			return aerr
		}
		c.commands = cmds
	}
	if m.Field("caption") != nil && c.present("caption") {
		plain, err := parseText(c.str("caption"), c.str("parse_mode"))
		if err != nil {
			return violation("%s", err)
		}
		plain = strings.TrimSpace(plain)
		if n := utf16Len(plain); n > maxCaptionLen {
			return violation("message caption is too long").detail("%d UTF-16 units, at most %d", n, maxCaptionLen)
		}
		c.plain = plain
	}
	if f := m.Field("reply_markup"); f != nil && f.Accepts("InlineKeyboardMarkup") && c.present("reply_markup") {
		if aerr := checkReplyMarkup(c.str("reply_markup")); aerr != nil {
			return aerr
		}
	}
	if m.Field("scope") != nil {
		key, aerr := scopeKey(c.str("scope"))
		if aerr != nil {
			return aerr
		}
		c.scope = key
	}
	return nil
}

// checkWebhook checks setWebhook's url and secret_token. Telegram calls
// only https URLs; http is let through for a loopback host, the only kind
// this server calls.
func checkWebhook(target string, params map[string]string) *apiError {
	if target != "" {
		u, err := url.Parse(target)
		switch {
		case err != nil || u.Host == "":
			return violation("bad webhook: Failed to resolve host").detail("url %q is not an absolute URL", target)
		case u.Scheme == "https", u.Scheme == "http" && isLoopbackURL(target):
		default:
			return violation("bad webhook: An HTTPS URL must be provided for webhook").detail("url %q", target)
		}
	}
	if secret, ok := params["secret_token"]; ok && !secretToken.MatchString(secret) {
		return violation("secret token contains unallowed characters").detail("secret_token must be 1 to 256 of A-Z, a-z, 0-9, _ and -; got %d bytes", len(secret))
	}
	return nil
}

func checkReplyMarkup(raw string) *apiError {
	var markup map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &markup); err != nil {
		return violation("can't parse reply keyboard markup JSON object")
	}
	kbRaw, ok := markup["inline_keyboard"]
	if !ok {
		return nil
	}
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(kbRaw, &rows); err != nil {
		return violation("can't parse inline keyboard").detail("inline_keyboard must be an array of arrays of buttons")
	}
	for r, row := range rows {
		for b, btn := range row {
			var text string
			if json.Unmarshal(btn["text"], &text) != nil || text == "" {
				return violation("can't parse inline keyboard button: Text must be non-empty").detail("row %d, button %d", r, b)
			}
			var data string
			if raw, ok := btn["callback_data"]; ok {
				if json.Unmarshal(raw, &data) != nil {
					return violation("can't parse inline keyboard button: Field \"callback_data\" must be of type String").detail("button %q", text)
				}
				if len(data) > maxCallbackData {
					return violation("BUTTON_DATA_INVALID").detail("button %q: callback_data is %d bytes, at most %d", text, len(data), maxCallbackData)
				}
			}
			actions := 0
			for _, a := range inlineButtonActions {
				v, ok := btn[a]
				if !ok || string(v) == "null" || string(v) == `""` || string(v) == "false" {
					continue
				}
				if a == "copy_text" {
					var ct struct{ Text string }
					if json.Unmarshal(v, &ct) != nil || ct.Text == "" {
						continue
					}
				}
				actions++
			}
			if actions == 0 {
				return violation("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard").detail("button %q", text)
			}
		}
	}
	return nil
}

// checkCommands parses and checks the commands of setMyCommands.
func checkCommands(raw string) ([]models.BotCommand, *apiError) {
	var cmds []models.BotCommand
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, violation("can't parse commands JSON object")
	}
	if len(cmds) > maxCommands {
		return nil, violation("BOT_COMMANDS_TOO_MUCH").detail("%d commands, at most %d", len(cmds), maxCommands)
	}
	for _, cmd := range cmds {
		if !commandName.MatchString(cmd.Command) {
			return nil, violation("BOT_COMMAND_INVALID").detail("command %q must match %s", cmd.Command, commandName)
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(cmd.Description)); n == 0 || n > maxCommandDescLen {
			return nil, violation("BOT_COMMAND_DESCRIPTION_INVALID").detail("command %q: description has %d characters, want 1 to %d", cmd.Command, n, maxCommandDescLen)
		}
	}
	return cmds, nil
}

// scopeKey normalises a BotCommandScope JSON object to the form Commands
// takes: its type, then ":chat_id" and ":user_id" where the type has them.
func scopeKey(raw string) (string, *apiError) {
	if raw == "" {
		return "default", nil
	}
	var scope map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &scope); err != nil {
		return "", violation("can't parse BotCommandScope JSON object")
	}
	var typ string
	if json.Unmarshal(scope["type"], &typ) != nil {
		return "", violation("can't parse BotCommandScope JSON object").detail("no type")
	}
	ids, ok := scopeTypes[typ]
	if !ok {
		return "", violation("unsupported BotCommandScope type").detail("type %q", typ)
	}
	key := typ
	for _, id := range ids {
		v, ok := scope[id]
		if !ok {
			return "", violation("can't parse BotCommandScope JSON object").detail("%s scope without %s", typ, id)
		}
		var str string
		if json.Unmarshal(v, &str) == nil {
			if _, err := strconv.ParseInt(str, 10, 64); err != nil && !chatUsername.MatchString(str) {
				return "", violation("chat not found").detail("scope %s %q", id, str)
			}
			key += ":" + str
			continue
		}
		var n json.Number
		if json.Unmarshal(v, &n) != nil {
			return "", violation("can't parse BotCommandScope JSON object").detail("%s is not an integer", id)
		}
		key += ":" + n.String()
	}
	return key, nil
}
