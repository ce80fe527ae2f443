package telegram

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// entity builds a bot_command entity covering cmd where it first appears in
// text, in UTF-16 units as Telegram sends it.
func entity(text, cmd string) []models.MessageEntity {
	i := strings.Index(text, cmd)
	off := len(utf16.Encode([]rune(text[:i])))
	return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: off, Length: len(utf16.Encode([]rune(cmd)))}}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		entities []models.MessageEntity
		want     Invocation
		ok       bool
	}{
		{"plain", "/help", entity("/help", "/help"), Invocation{Name: "help"}, true},
		{"args", "/neworg 第一党支部", entity("/neworg 第一党支部", "/neworg"), Invocation{Name: "neworg", Args: "第一党支部"}, true},
		{"mention", "/help@branchbot_test_bot", entity("/help@branchbot_test_bot", "/help@branchbot_test_bot"), Invocation{Name: "help", Mention: "branchbot_test_bot"}, true},
		{"mention case", "/Help@BranchBot_Test_Bot x", entity("/Help@BranchBot_Test_Bot x", "/Help@BranchBot_Test_Bot"), Invocation{Name: "help", Args: "x", Mention: "BranchBot_Test_Bot"}, true},
		{"other bot", "/help@otherbot", entity("/help@otherbot", "/help@otherbot"), Invocation{}, false},
		{"after chinese", "大家好 /invite 书记", entity("大家好 /invite 书记", "/invite"), Invocation{Name: "invite", Args: "书记"}, true},
		{"after emoji", "👋🏻 /group add 第一党小组", entity("👋🏻 /group add 第一党小组", "/group"), Invocation{Name: "group", Args: "add 第一党小组"}, true},
		{"no entity fallback", "/start abc", nil, Invocation{Name: "start", Args: "abc"}, true},
		{"no entity newline", "/role\n张三 支委", nil, Invocation{Name: "role", Args: "张三 支委"}, true},
		{"not a command", "hello", nil, Invocation{}, false},
		{"slash only", "/", nil, Invocation{}, false},
		{"bad name", "/你好", nil, Invocation{}, false},
		{"entity out of range", "/x", []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 1, Length: 9}}, Invocation{}, false},
		{"negative offset", "/x", []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: -1, Length: 2}}, Invocation{}, false},
		{"other entities skipped", "@bob /help", append([]models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: 0, Length: 4}}, entity("@bob /help", "/help")...), Invocation{Name: "help"}, true},
		{"too long name", "/" + strings.Repeat("a", 33), nil, Invocation{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseCommand(tt.text, tt.entities, "branchbot_test_bot")
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseCommand(%q) = %+v, %v; want %+v, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("大家好 /help@branchbot_test_bot x", 4, 24)
	f.Add("/start abc", 0, 6)
	f.Add("/", 0, 1)
	f.Fuzz(func(t *testing.T, text string, off, length int) {
		ents := []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: off, Length: length}}
		for _, e := range [][]models.MessageEntity{ents, nil} {
			cmd, ok := ParseCommand(text, e, "branchbot_test_bot")
			if !ok {
				continue
			}
			if !validCommandName(cmd.Name) || cmd.Name != strings.ToLower(cmd.Name) {
				t.Fatalf("accepted bad name %q from %q", cmd.Name, text)
			}
			if cmd.Args != strings.TrimSpace(cmd.Args) {
				t.Fatalf("args not trimmed: %q", cmd.Args)
			}
			// (Telegram's texts are UTF-8; a broken byte reads as U+FFFD.)
			if utf8.ValidString(text) && (!strings.Contains(strings.ToLower(text), "/"+cmd.Name) || !strings.Contains(text, cmd.Args)) {
				t.Fatalf("%+v is not what %q says", cmd, text)
			}
			if cmd.Mention != "" && !strings.EqualFold(cmd.Mention, "branchbot_test_bot") {
				t.Fatalf("accepted a command for another bot: %+v", cmd)
			}
		}
	})
}
